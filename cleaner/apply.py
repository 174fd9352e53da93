"""Splice accepted suggestions into a text; every byte outside them is kept."""
from __future__ import annotations

from operator import attrgetter
from typing import Iterable

from .suggestion import Applicability, Suggestion


SPAN = attrgetter("start", "end")  # sort key: suggestions in text order


def select(suggestions: Iterable[Suggestion], unsafe: bool = False) -> list[Suggestion]:
    """The suggestions ``fix`` applies: safe ones, and review ones too when ``unsafe``."""
    # identity tests: an enum member's rank (or hash) is a Python-level call, and this runs per fix
    if unsafe:
        return [s for s in suggestions if s.applicability is not Applicability.DISPLAY]
    return [s for s in suggestions if s.applicability is Applicability.SAFE]


def apply_suggestions(text: str, suggestions: Iterable[Suggestion]) -> str:
    """Replace each suggestion's span with its replacement.

    Suggestions must not overlap (the engine resolves overlaps before it returns them); one that
    overlaps an earlier one, or whose ``original`` no longer matches the text, is skipped.
    """
    out: list[str] = []
    pos = 0
    for s in sorted(suggestions, key=SPAN):
        if s.start < pos or text[s.start:s.end] != s.original:
            continue
        out.append(text[pos:s.start])
        out.append(s.replacement)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
