"""British and American spellings of the same word, so a rule written once matches both."""
from __future__ import annotations

import re
from functools import lru_cache

from .casing import transfer_case
from .lexicon import unigrams

# Each pair of spellings once: (stem, American, British, ending), so "center"/"centre" is
# ^(cent|...) + er/re + (s?)$. The last two fields narrow the stem and the ending where the pair is
# used to write a replacement in a document's spelling (``respell``; None: as for matching): the
# doubled l also pairs different words ("filed"/"filled"), and "meter", "liter" and "license" keep
# their spelling in British English in some senses.
_PAIRS = [
    (r"^(cent|theat|met|fib|lit|calib|sab|somb|lust|spect)", "er", "re", r"(s?)$",
     r"^(cent|theat|fib|calib|sab|somb|lust|spect)", None),
    (r"([^aeiou][aeiou]?[bdhlmnrv])", "or", "our", r"(s?|ed|ing)$", None, None),
    ("", "iz", "is", r"(e|es|ed|ing|ation|ations)$", None, None),
    ("", "yz", "ys", r"(e|es|ed|ing)$", None, None),
    (r"(def|off|lic|pret)", "ense", "ence", r"(s?)$", r"(def|off|pret)", None),
    (r"([aeiou]l)", "", "l", r"(ed|ing|er|ers)$", r"([bcdfghkmnpqrstvwxz][aeiou]?el)", r"(ed|ing)$"),
    (r"(cata|dia|ana|mono|pro|epi)", "log", "logue", r"(s?)$", None, None),
]


def _rule(stem: str, old: str, new: str, ending: str) -> tuple[str, str]:
    """(pattern, replacement) turning stem + old + ending into stem + new + ending."""
    return (stem + old + ending, (r"\1" + new + r"\2") if stem else new + r"\1")


# (pattern, replacement) in both directions; a variant is kept only if it is a known word.
_RULES = ([_rule(stem, us, uk, end) for stem, us, uk, end, _, _ in _PAIRS]
          + [_rule(stem, uk, us, end) for stem, us, uk, end, _, _ in _PAIRS])


_COMPILED = [(re.compile(p), r) for p, r in _RULES]
_ANY = re.compile("|".join(f"(?:{p})" for p, _ in _RULES))  # one search rules out most words


@lru_cache(maxsize=None)
def variants(word: str) -> frozenset[str]:
    """Other spellings of ``word`` (lower case) that are themselves English words."""
    if not _ANY.search(word):
        return frozenset()
    known = unigrams()
    out = set()
    for pattern, rep in _COMPILED:
        v = pattern.sub(rep, word)
        if v != word and v in known:
            out.add(v)
    return frozenset(out)


# Which spelling a document uses, so that a replacement is written the way the text around it is
# ("centre-left" in a British article, not "center-left"): the pairs as narrowed above.
_TO_BRITISH = [(re.compile(p), r) for p, r in
               (_rule(rs or stem, us, uk, re_ or end) for stem, us, uk, end, rs, re_ in _PAIRS)]
_TO_AMERICAN = [(re.compile(p), r) for p, r in
                (_rule(rs or stem, uk, us, re_ or end) for stem, us, uk, end, rs, re_ in _PAIRS)]
BRITISH, AMERICAN = "british", "american"
_WORD = re.compile(r"[a-z]+")
_LETTERS = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=None)
def _other(word: str, table: int) -> str | None:
    """``word`` (lower case) in the other spelling (table 0: to British, 1: to American), if that
    is an English word and differs."""
    known = unigrams()
    for pattern, rep in (_TO_BRITISH, _TO_AMERICAN)[table]:
        v = pattern.sub(rep, word)
        if v != word and v in known:
            return v
    return None


def spelling_of(text: str) -> str | None:
    """BRITISH or AMERICAN when the distinct words of ``text`` that have a spelling of the other
    kind lean one way (more of one kind than of the other); else None. A spun text may hold the
    stand-ins of a spinner that writes the other spelling ("minimize" in a British article), so a
    plain majority decides rather than a three-to-one lean."""
    uk = us = 0
    for w in set(_WORD.findall(text.lower())):
        if not _ANY.search(w):
            continue
        if _other(w, 1):
            uk += 1
        elif _other(w, 0):
            us += 1
    if uk > us:
        return BRITISH
    if us > uk:
        return AMERICAN
    return None


# American English writes "percent" as one word, British English mostly "per cent".
_PER_CENT = re.compile(r"\b([Pp])er cent\b")
_PERCENT = re.compile(r"\b([Pp])ercent\b")
_EITHER = re.compile(r"\b[Pp]er ?cent\b")


def respell(phrase: str, spelling: str, original: str = "") -> str:
    """``phrase`` with each word in ``spelling`` (BRITISH or AMERICAN), case kept; a "per cent"
    or "percent" the ``original`` text already had is left as the writer wrote it."""
    table = 0 if spelling == BRITISH else 1
    if not _EITHER.search(original):
        if spelling == AMERICAN:
            phrase = _PER_CENT.sub(r"\1ercent", phrase)
        else:
            phrase = _PERCENT.sub(r"\1er cent", phrase)

    def one(m: re.Match) -> str:
        w = m.group()
        v = _other(w.lower(), table)
        return w if v is None else transfer_case(w, v)

    return _LETTERS.sub(one, phrase)


@lru_cache(maxsize=4096)
def respellable(phrase: str) -> bool:
    """Whether some word of ``phrase`` has a spelling of the other kind."""
    if _EITHER.search(phrase):
        return True
    return any(_ANY.search(w) and (_other(w, 0) or _other(w, 1)) for w in _WORD.findall(phrase.lower()))
