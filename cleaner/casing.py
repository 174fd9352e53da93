"""Carry the capitalisation of the text over to a replacement."""
from __future__ import annotations


def transfer_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original``.

    ALL CAPS stays all caps; Title Case Words stay title case; a capital first letter stays; a
    replacement that carries its own capitals (proper nouns: "Middle East") keeps them.
    """
    letters = [c for c in original if c.isalpha()]
    if not letters:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = original.split()
    parts = replacement.split(" ")
    if len(words) > 1 and words[0][:1].isupper() and any(w[:1].isupper() for w in words[1:]) and (
            words[-1][:1].isupper()
            or all(w[:1].isupper() or w in _SMALL for w in words if w[:1].isalpha())
            or len(words) != len(parts) and any(w[:1].isupper() for w in words[1:-1])):
        # Title Case ("Chief of Workers" -> "Chief of Staff"): small words inside stay small. A
        # name whose first word the spinner replaced by a lower-case phrase still counts when it
        # ends in a capital ("Legal professional Basic" -> "Attorney General"), or one whose last
        # word the spinner replaced so ("European Central Financial institution" -> "Central Bank").
        # Word for word, a lower-case last word stays lower case ("The Israeli navy" at the start
        # of a sentence -> "The Israeli military").
        cap = _cap_parts if any("-" in w and w.split("-")[1][:1].isupper() for w in words) else _cap
        return " ".join(w if i and w in _SMALL else cap(w) for i, w in enumerate(parts))
    if len(words) == len(parts) > 1 and any(w[:1].isupper() for w in words[1:]):
        # a capital inside, word for word ("the Structure" -> "the Constitution")
        return " ".join(_cap(r) if w[:1].isupper() else r for w, r in zip(words, parts))
    if original[:1].isupper():
        return _cap(replacement)
    return replacement


# Words that title case leaves in lower case inside a name ("Department of State").
_SMALL = frozenset("a an and as at but by for from in into nor of on or per the to via with".split())


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:] if word else word


def _cap_parts(word: str) -> str:
    """Each hyphenated part capitalised, as a headline that writes "A-Level" does."""
    return "-".join(_cap(p) for p in word.split("-"))
