"""The words around a match, and the rule conditions tested on them."""
from __future__ import annotations

import re
from .wordlist import Condition

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,:]\d+)*|[^\w\s]")
_SENTENCE_END = frozenset(".!?:;“”\"‘'([")
_POSSESSIVES = frozenset("my your his her its our their whose".split())
_REACH = 160  # characters looked at on each side; enough for the largest window


class Context:
    """The tokens around ``text[start:end]`` on its line, within ``_REACH`` characters.

    Built for "near" conditions, and tokenised lazily. Most conditions ask only for the word just
    before or after a match, which ``previous_token`` / ``next_token`` find by a character scan."""

    __slots__ = ("text", "start", "end", "lo", "hi", "_before", "_after")

    def __init__(self, text: str, start: int, end: int, lo: int, hi: int):
        self.text, self.start, self.end, self.lo, self.hi = text, start, end, lo, hi
        self._before: list[str] | None = None
        self._after: list[str] | None = None

    @classmethod
    def around(cls, text: str, start: int, end: int) -> "Context":
        lo = text.rfind("\n", max(0, start - _REACH), start) + 1 if start else 0
        lo = max(lo, start - _REACH)
        hi = text.find("\n", end, end + _REACH)
        hi = hi if hi >= 0 else min(len(text), end + _REACH)
        return cls(text, start, end, lo, hi)

    @property
    def before(self) -> list[str]:  # nearest last
        if self._before is None:
            self._before = _TOKEN.findall(self.text, self.lo, self.start)
        return self._before

    @property
    def after(self) -> list[str]:  # nearest first
        if self._after is None:
            self._after = _TOKEN.findall(self.text, self.end, self.hi)
        return self._after

    def near(self, cond: Condition, window: int) -> bool:
        """Is any of the ``window`` words on either side one of the condition's words?"""
        words, classes = cond.words, cond.classes
        return any(word_in(w, words, classes) for w in self.before[-window:] + self.after[:window])


def previous_token(text: str, start: int) -> str | None:
    """The token before ``start`` on its line, within ``_REACH`` characters (the last of
    ``Context.around(text, start, ...).before``), found by a character scan."""
    lo = text.rfind("\n", max(0, start - _REACH), start) + 1 if start else 0
    return _scan_back(text, start, max(lo, start - _REACH))


def next_token(text: str, end: int) -> str | None:
    """The token after ``end`` on its line, within ``_REACH`` characters (the first of
    ``Context.around(text, ..., end).after``), found by a character scan."""
    hi = text.find("\n", end, end + _REACH)
    return _scan_forward(text, end, hi if hi >= 0 else min(len(text), end + _REACH))


_APOSTROPHES = "'’"


def _skipped(ch: str) -> bool:
    return ch.isspace() or ch == "_"  # no token holds white space or an underscore


def _scan_back(text: str, start: int, lo: int) -> str | None:
    """The last token ``_TOKEN`` finds in ``text[lo:start]``, or None, read backwards from ``start``.

    ``[^\\W_]`` is exactly ``str.isalnum`` and ``\\s`` ``str.isspace``, so a few character tests
    give the regex's answer without tokenising the window."""
    i = start
    while i > lo and _skipped(text[i - 1]):
        i -= 1
    if i == lo:
        return None
    ch = text[i - 1]
    if not ch.isalnum():
        return ch
    j = i - 1
    while j > lo:
        c = text[j - 1]
        if c.isalnum():
            j -= 1
        elif c in _APOSTROPHES and j - 2 >= lo and text[j - 2].isalnum():
            j -= 1
        else:
            break
    return text[j:i]


def _scan_forward(text: str, end: int, hi: int) -> str | None:
    """The first token ``_TOKEN`` finds in ``text[end:hi]``, or None: :func:`_scan_back`, forwards."""
    i = end
    while i < hi and _skipped(text[i]):
        i += 1
    if i == hi:
        return None
    ch = text[i]
    if not ch.isalnum():
        return ch
    j = i + 1
    while j < hi:
        c = text[j]
        if c.isalnum():
            j += 1
        elif c in _APOSTROPHES and j + 1 < hi and text[j + 1].isalnum():
            j += 2
        else:
            break
    return text[i:j]


def word_in(token: str | None, words: frozenset[str], classes: frozenset[str],
            at_start: bool = False, at_end: bool = False) -> bool:
    """Is ``token`` one of ``words``, or of one of the word ``classes`` among them (the "@..."
    entries of ``words``: a condition's ``classes``)?"""
    if token is None:
        return ("@start" in words and at_start) or ("@end" in words and at_end)
    t = token.casefold()
    if "’" in t:
        t = t.replace("’", "'")
    if t in words:
        return True
    if not classes:
        return False
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
