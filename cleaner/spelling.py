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
