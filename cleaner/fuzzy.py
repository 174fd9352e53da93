"""Near-miss forms of known spun phrases: hyphenated, OCR-mangled or misspelt words.

Only tokens that look damaged are examined (a hyphen inside a word, a digit among letters), so
clean text costs two regex scans. A hyphenated token is repaired only to a word that occurs in a
spun phrase exactly; a token with digits among its letters has them read as the letters OCR
confuses them with, then may be one more edit (rapidfuzz) from such a word. The phrase matcher
then runs on the repaired line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Where damage may be: a letter next to a hyphen, soft hyphen or OCR digit; the whole token is
# then taken around each such character (str.find scans at C speed, far faster than a regex here).
_HINT_CHARS = "-\u00ad015|"
_TOKEN = re.compile(r"[\w\u00ad|-]+")
_OCR_DIGITS = str.maketrans({"0": "o", "1": "l", "5": "s", "|": "l"})


@dataclass(frozen=True)
class Repair:
    start: int
    end: int
    original: str
    repaired: str
    distance: int  # edits beyond dropping hyphens and reading digits as letters


class TokenRepairer:
    def __init__(self, vocabulary: set[str]):
        self.vocabulary = vocabulary
        self._choices = sorted(w for w in vocabulary if len(w) >= 5 and w.isalpha())

    def repairs(self, text: str, lowered: str | None = None) -> list[Repair]:
        if lowered is None or len(lowered) != len(text):
            lowered = text.lower()
        out = []
        vocab = self.vocabulary
        pos = 0
        for at in _hints(lowered):
            if at < pos:
                continue
            start = at
            while start > 0 and (lowered[start - 1].isalnum() or lowered[start - 1] in "-\u00ad|_"):
                start -= 1
            m = _TOKEN.match(lowered, start)
            if m is None:
                continue
            pos = m.end()
            if start > 0 and lowered[start - 1] in "'’" or pos < len(lowered) and lowered[pos] in "'’":
                continue
            # hyphens before or after the word are dashes, not damage: they stay out of the repair
            word = m.group()
            low = word.strip("-\u00ad")
            a = start + word.index(low) if low else start
            b = a + len(low)
            tok = text[a:b]
            if "-" in low or "\u00ad" in low:
                # hyphenated compounds are common in clean text: only an exact known word counts
                joined = low.replace("-", "").replace("\u00ad", "")
                if joined.isalpha() and joined in vocab:
                    out.append(Repair(a, b, tok, _same_case(tok, joined), 0))
                continue
            if not any(c.isalpha() for c in low) or low.isalpha():
                continue  # no letters, or nothing but letters: a word beside a dash is not damaged
            # digits among letters are OCR damage: read them as letters, then allow one more edit
            read = low.translate(_OCR_DIGITS)
            if read in vocab:
                out.append(Repair(a, b, tok, _same_case(tok, read), 0))
            elif len(read) >= 5 and read.isalpha():
                hit = process.extractOne(read, self._choices, scorer=Levenshtein.distance, score_cutoff=1)
                if hit is not None:
                    out.append(Repair(a, b, tok, _same_case(tok, hit[0]), int(hit[1])))
        return out


def _hints(lowered: str) -> list[int]:
    """Positions of hyphens and OCR digits that touch a letter, in order."""
    out = []
    n = len(lowered)
    for ch in _HINT_CHARS:
        i = lowered.find(ch)
        while i >= 0:
            if (i and lowered[i - 1].isalpha()) or (i + 1 < n and lowered[i + 1].isalpha()):
                out.append(i)
            i = lowered.find(ch, i + 1)
    out.sort()
    return out


def _same_case(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
