"""cleaner: repair English text damaged by article spinners, OCR and bad decoding."""
from __future__ import annotations

import os
from functools import lru_cache

from .apply import apply_suggestions, select
from .engine import Analysis, Cleaner
from .suggestion import Applicability, Suggestion

__all__ = ["Analysis", "Applicability", "Cleaner", "Result", "Suggestion", "apply_suggestions", "clean_text", "default_cleaner",
           "load_cleaner", "select"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The engine built from the bundled wordlists (built once per process)."""
    return Cleaner.from_wordlists()


def load_cleaner(config: str | os.PathLike | None = None, **options) -> Cleaner:
    """The engine a pipeline builds once: ``[tool.cleaner]`` of ``config`` (a pyproject.toml; default:
    the nearest one) with ``options`` (``fuzzy``, ``ocr``) on top. Picklable: send it to workers."""
    from pathlib import Path

    from .config import load

    cfg = load(Path(config)) if config is not None else load()
    options.setdefault("fuzzy", cfg.fuzzy)
    return Cleaner.from_wordlists(cfg.wordlists, bundled=cfg.default_wordlists, exclude=cfg.ignore, **options)


class Result(str):
    """The cleaned text (it *is* a ``str``) with what was done to it.

    ``fixes`` are the suggestions applied (a fix can make a neighbour's context complete, and the
    follow-up fixes that settling then makes are in the text, not in this list), ``suggestions``
    everything the engine found (all tiers),
    ``spin_score`` how spun the text looked (0 clean .. 1 spun).
    """

    fixes: list[Suggestion]
    suggestions: list[Suggestion]
    spin_score: float

    def __new__(cls, text: str, fixes: list[Suggestion] = (), suggestions: list[Suggestion] = (), spin_score: float = 0.0):
        self = super().__new__(cls, text)
        self.fixes = list(fixes)
        self.suggestions = list(suggestions)
        self.spin_score = spin_score
        return self

    @property
    def text(self) -> str:
        return str.__str__(self)

    @property
    def changed(self) -> bool:
        return bool(self.fixes)

    def __reduce__(self):
        return (Result, (self.text, self.fixes, self.suggestions, self.spin_score))

    def __repr__(self) -> str:
        return f"Result({self.text!r}, fixes={len(self.fixes)}, spin_score={self.spin_score:.3f})"


def clean_text(text: str, unsafe: bool = False, cleaner: Cleaner | None = None) -> Result:
    """Return ``text`` with the safe fixes applied (and review-tier ones too when ``unsafe``).

    The result is a ``str`` (so ``clean_text(t) == "..."`` works) that also carries ``fixes``,
    ``suggestions`` and ``spin_score``; pass a ``cleaner`` built once (``load_cleaner()``) in a loop.
    """
    engine = cleaner or default_cleaner()
    analysis = engine.analyse(text)
    chosen = select(analysis.suggestions, unsafe)
    fixed = engine.settle(analysis, unsafe) if chosen else text
    return Result(fixed, chosen if fixed != text else [], analysis.suggestions, analysis.spin.score)
