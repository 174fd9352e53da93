"""Splice accepted suggestions into a text; every byte outside them is kept."""
from __future__ import annotations

from typing import Iterable

from .suggestion import Applicability, Suggestion


def select(suggestions: Iterable[Suggestion], unsafe: bool = False) -> list[Suggestion]:
    """The suggestions ``fix`` applies: safe ones, and review ones too when ``unsafe``."""
    floor = Applicability.REVIEW if unsafe else Applicability.SAFE
    return [s for s in suggestions if s.applicability.rank >= floor.rank]


def apply_suggestions(text: str, suggestions: Iterable[Suggestion]) -> str:
    """Replace each suggestion's span with its replacement.

    Suggestions must not overlap (the engine resolves overlaps before it returns them); one that
    overlaps an earlier one, or whose ``original`` no longer matches the text, is skipped.
    """
    out: list[str] = []
    pos = 0
    for s in sorted(suggestions, key=lambda s: (s.start, s.end)):
        if s.start < pos or text[s.start:s.end] != s.original:
            continue
        out.append(text[pos:s.start])
        out.append(s.replacement)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
