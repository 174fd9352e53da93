"""Near-miss forms of known spun phrases: hyphenated, OCR-mangled or misspelt words.

Only tokens that look damaged are examined (a hyphen inside a word, a digit among letters), so
clean text costs one regex scan. A damaged token is repaired to the closest word that occurs in a
spun phrase (rapidfuzz, edit distance at most 1 after the hyphen is dropped and digits read as the
letters OCR confuses them with), and the phrase matcher then runs on the repaired line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

_DAMAGED = re.compile(r"(?<![\w'’-])(?=[\w-]*[^\W\d_])[^\W_]+(?:[-\u00ad][^\W_]+)*(?:[-\u00ad][^\W_]+)(?![\w-])"
                      r"|(?<![\w'’-])(?=\w*[^\W\d_])(?=\w*[015|])[^\W_]*[015][^\W_]*(?![\w-])")
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

    def repairs(self, text: str) -> list[Repair]:
        out = []
        for m in _DAMAGED.finditer(text):
            tok = m.group()
            plain = tok.replace("-", "").replace("\u00ad", "").translate(_OCR_DIGITS)
            low = plain.lower()
            if low in self.vocabulary:
                out.append(Repair(m.start(), m.end(), tok, _same_case(tok, low), 0))
                continue
            if len(low) < 5 or not low.isalpha():
                continue
            hit = process.extractOne(low, self._choices, scorer=Levenshtein.distance, score_cutoff=1)
            if hit is not None:
                out.append(Repair(m.start(), m.end(), tok, _same_case(tok, hit[0]), int(hit[1])))
        return out


def _same_case(model: str, word: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
