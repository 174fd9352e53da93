"""The words around a match, and the rule conditions tested on them."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .wordlist import Condition

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?:;“”\"‘'([")
_POSSESSIVES = frozenset("my your his her its our their whose".split())
_REACH = 160  # characters looked at on each side; enough for the largest window


@dataclass(frozen=True)
class Context:
    before: list[str]  # nearest last
    after: list[str]  # nearest first

    @classmethod
    def around(cls, text: str, start: int, end: int) -> "Context":
        lo = text.rfind("\n", max(0, start - _REACH), start) + 1 if start else 0
        lo = max(lo, start - _REACH)
        hi = text.find("\n", end, end + _REACH)
        hi = hi if hi >= 0 else min(len(text), end + _REACH)
        return cls(_TOKEN.findall(text, lo, start), _TOKEN.findall(text, end, hi))

    def previous(self) -> str | None:
        return self.before[-1] if self.before else None

    def next(self) -> str | None:
        return self.after[0] if self.after else None

    def holds(self, cond: Condition, window: int) -> bool:
        kind = cond.kind
        if kind in ("after", "not-after"):
            hit = _word_in(self.previous(), cond.words, at_start=True)
        elif kind in ("before", "not-before"):
            hit = _word_in(self.next(), cond.words, at_end=True)
        else:  # near / not-near: any word within the window, either side
            near = self.before[-window:] + self.after[:window]
            hit = any(_word_in(w, cond.words) for w in near)
        return hit if not kind.startswith("not-") else not hit


def _word_in(token: str | None, words: frozenset[str], at_start: bool = False, at_end: bool = False) -> bool:
    if token is None:
        return ("@start" in words and at_start) or ("@end" in words and at_end)
    t = token.casefold().replace("’", "'")
    if t in words:
        return True
    if "@comma" in words and t == ",":
        return True
    if "@punct" in words and not t[0].isalnum():
        return True
    if "@number" in words and t[0].isdigit():
        return True
    if "@capital" in words and token[:1].isupper():
        return True
    if "@lower" in words and token[:1].islower():
        return True
    if "@possessive" in words and (t in _POSSESSIVES or t.endswith("'s") or t.endswith("s'")):
        return True
    if "@start" in words and at_start and t in _SENTENCE_END:
        return True
    if "@end" in words and at_end and t in _SENTENCE_END:
        return True
    return False
