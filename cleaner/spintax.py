"""Spinner leftovers: ``{word}`` from a one-member synonym group, ``{a|b|c}`` unspun spintax.

A dictionary spinner writes each replaced phrase from a synonym group; a group with one member
leaves the braces in the text ("{that a} deal"), and a template that was never spun keeps its
alternatives ("{big|large|huge}"), the first of which is the original. Braces around plain words
are rare in prose but common in code, LaTeX and templates, so only word-only contents qualify, and
the document evidence decides how sure the fix is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# word characters, spaces, apostrophes and hyphens only; at most five words; not after a
# backslash command or inside a word (LaTeX \emph{x}, format{x})
_SPINTAX = re.compile(r"(?<![\w\\$%{])\{([^\W\d_][\w'’ -]{0,60}(?:\|[\w'’ -]{1,60}){0,8})\}(?![\w}])")

RULE = "spinner:braces"
ORIGIN = "cleaner/spintax.py"


@dataclass(frozen=True)
class Leftover:
    start: int
    end: int
    options: tuple[str, ...]


def find(text: str) -> list[Leftover]:
    if "{" not in text:
        return []
    out = []
    for m in _SPINTAX.finditer(text):
        options = tuple(o.strip() for o in m.group(1).split("|"))
        if any(not o or len(o.split()) > 5 for o in options):
            continue
        out.append(Leftover(m.start(), m.end(), options))
    return out
