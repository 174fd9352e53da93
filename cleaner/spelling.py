"""British and American spellings of the same word, so a rule written once matches both."""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import unigrams

# (pattern, replacement) in both directions; a variant is kept only if it is a known word.
_AMERICAN_BRITISH = [
    (r"^(cent|theat|met|fib|lit|calib|sab|somb|lust|spect)er(s?)$", r"\1re\2"),
    (r"([^aeiou][aeiou]?[bdhlmnrv])or(s?|ed|ing)$", r"\1our\2"),
    (r"iz(e|es|ed|ing|ation|ations)$", r"is\1"),
    (r"yz(e|es|ed|ing)$", r"ys\1"),
    (r"(def|off|lic|pret)ense(s?)$", r"\1ence\2"),
    (r"([aeiou]l)(ed|ing|er|ers)$", r"\1l\2"),
    (r"(cata|dia|ana|mono|pro|epi)log(s?)$", r"\1logue\2"),
]
_RULES = _AMERICAN_BRITISH + [
    (r"^(cent|theat|met|fib|lit|calib|sab|somb|lust|spect)re(s?)$", r"\1er\2"),
    (r"([^aeiou][aeiou]?[bdhlmnrv])our(s?|ed|ing)$", r"\1or\2"),
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"(def|off|lic|pret)ence(s?)$", r"\1ense\2"),
    (r"([aeiou]l)l(ed|ing|er|ers)$", r"\1\2"),
    (r"(cata|dia|ana|mono|pro|epi)logue(s?)$", r"\1log\2"),
]


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
# ("centre-left" in a British article, not "center-left"). Only the unambiguous patterns: the
# doubled l is left out because it pairs different words ("filed"/"filled"), and "license" is a
# verb in British English too.
_TO_BRITISH = [(re.compile(p), r) for p, r in [
    (r"^(cent|theat|fib|calib|sab|somb|lust|spect)er(s?)$", r"\1re\2"),
    (r"([^aeiou][aeiou]?[bdhlmnrv])or(s?|ed|ing)$", r"\1our\2"),
    (r"iz(e|es|ed|ing|ation|ations)$", r"is\1"),
    (r"yz(e|es|ed|ing)$", r"ys\1"),
    (r"(def|off|pret)ense(s?)$", r"\1ence\2"),
    (r"([bcdfghkmnpqrstvwxz][aeiou]?el)(ed|ing)$", r"\1l\2"),
    (r"(cata|dia|ana|mono|pro|epi)log(s?)$", r"\1logue\2"),
]]
_TO_AMERICAN = [(re.compile(p), r) for p, r in [
    (r"^(cent|theat|fib|calib|sab|somb|lust|spect)re(s?)$", r"\1er\2"),
    (r"([^aeiou][aeiou]?[bdhlmnrv])our(s?|ed|ing)$", r"\1or\2"),
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"(def|off|pret)ence(s?)$", r"\1ense\2"),
    (r"([bcdfghkmnpqrstvwxz][aeiou]?el)l(ed|ing)$", r"\1\2"),
    (r"(cata|dia|ana|mono|pro|epi)logue(s?)$", r"\1log\2"),
]]
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
    kind lean one way (none of the other kind, or three times as many); else None."""
    uk = us = 0
    for w in set(_WORD.findall(text.lower())):
        if not _ANY.search(w):
            continue
        if _other(w, 1):
            uk += 1
        elif _other(w, 0):
            us += 1
    if uk and (not us or uk >= 3 * us):
        return BRITISH
    if us and (not uk or us >= 3 * uk):
        return AMERICAN
    return None


def respell(phrase: str, spelling: str) -> str:
    """``phrase`` with each word in ``spelling`` (BRITISH or AMERICAN), case kept."""
    table = 0 if spelling == BRITISH else 1

    def one(m: re.Match) -> str:
        w = m.group()
        v = _other(w.lower(), table)
        if v is None:
            return w
        if w.isupper():
            return v.upper()
        return v[0].upper() + v[1:] if w[0].isupper() else v

    return _LETTERS.sub(one, phrase)


@lru_cache(maxsize=4096)
def respellable(phrase: str) -> bool:
    """Whether some word of ``phrase`` has a spelling of the other kind."""
    return any(_ANY.search(w) and (_other(w, 0) or _other(w, 1)) for w in _WORD.findall(phrase.lower()))
