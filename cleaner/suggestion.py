"""The one value type every front end shares: a proposed fix of a span of text."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Applicability(str, enum.Enum):
    """How sure we are, as an instruction to the front ends.

    safe: applied by ``cleaner fix``; review: shown for review and applied with
    ``--unsafe``; display: reported only, never applied automatically.
    """

    SAFE = "safe"
    REVIEW = "review"
    DISPLAY = "display"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:  # so f-strings print "safe", not "Applicability.SAFE"
        return self.value


_RANK = {Applicability.SAFE: 2, Applicability.REVIEW: 1, Applicability.DISPLAY: 0}


def tier_for(confidence: float) -> Applicability:
    """Map a calibrated confidence to an applicability tier."""
    if confidence >= SAFE_THRESHOLD:
        return Applicability.SAFE
    if confidence >= REVIEW_THRESHOLD:
        return Applicability.REVIEW
    return Applicability.DISPLAY


SAFE_THRESHOLD = 0.90
REVIEW_THRESHOLD = 0.60


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed replacement of ``text[start:end]`` (character offsets into the decoded text)."""

    start: int
    end: int
    original: str
    replacement: str
    confidence: float
    applicability: Applicability
    rule: str
    origin: str = ""
    message: str = ""
    alternatives: tuple[str, ...] = field(default=())

    def with_replacement(self, replacement: str) -> "Suggestion":
        return replace(self, replacement=replacement)

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "original": self.original,
            "replacement": self.replacement,
            "alternatives": list(self.alternatives),
            "confidence": round(self.confidence, 4),
            "applicability": self.applicability.value,
            "rule": self.rule,
            "origin": self.origin,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Suggestion":
        return cls(
            start=d["start"],
            end=d["end"],
            original=d["original"],
            replacement=d["replacement"],
            confidence=d["confidence"],
            applicability=Applicability(d["applicability"]),
            rule=d["rule"],
            origin=d.get("origin", ""),
            message=d.get("message", ""),
            alternatives=tuple(d.get("alternatives", ())),
        )


def _fast_init():
    """An ``__init__`` for the frozen ``Suggestion`` that stores each field through its slot
    descriptor, bound once. The one dataclasses generates calls ``object.__setattr__`` by name per
    field (a frozen class cannot assign); the engine builds one suggestion per match, some 30,000
    per MB of spun text, and this halves what each costs. Assignment after construction still
    raises ``FrozenInstanceError``."""
    d = Suggestion.__dict__
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = (d[n].__set__ for n in (
        "start", "end", "original", "replacement", "confidence", "applicability", "rule", "origin",
        "message", "alternatives"))

    def __init__(self, start: int, end: int, original: str, replacement: str, confidence: float,
                 applicability: Applicability, rule: str, origin: str = "", message: str = "",
                 alternatives: tuple[str, ...] = ()) -> None:
        s0(self, start)
        s1(self, end)
        s2(self, original)
        s3(self, replacement)
        s4(self, confidence)
        s5(self, applicability)
        s6(self, rule)
        s7(self, origin)
        s8(self, message)
        s9(self, alternatives)

    __init__.__qualname__ = "Suggestion.__init__"
    return __init__


Suggestion.__init__ = _fast_init()
