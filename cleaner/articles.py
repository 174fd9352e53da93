"""A/an before the wrong sound: the spinner swaps the word after an article and leaves the article.

"an attempt" comes out as "an try", "a permanent" as "a everlasting", "a real" as "a actual". The
writer's article was chosen for the writer's word, so a mismatch says the word after it is a
stand-in, and the first letter of the word it replaced: a consonant sound after "a", a vowel after
"an". In clean English the mismatch is rare once the words whose spelling hides their sound are set
aside ("an hour", "a one-off", "a unique", "a European"): 11 in 1.8 million words of books and
news, typos such as "a ordinary" and "a automatic" (``mismatches`` below). It is used two ways
(``Cleaner.analyse``):

- a suggestion on the word whose replacement restores the agreement ("an try" -> "an attempt") is
  much likelier right, so its confidence rises (``ARTICLE_BONUS``); where the chosen replacement
  does not restore it but an alternative does, the alternative is put first;
- a word no rule matched here, or whose rule's conditions failed, gets the replacement the
  wordlists give it elsewhere, in a phrase rule or a conditional one ("actual victory" -> "real
  victory" reads "actual" as "real"), when that replacement restores the agreement.

``word_map`` (those pairs of stand-in and word) is also where ``cleaner.contextual`` takes its
candidates from.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from .spelling import variants as spelling_variants

# "a" + a vowel letter, "an" + a consonant letter, after a space or a line break (or at the start
# of the text; a tab or a quotation mark before the article is not looked at): a literal first
# character keeps the search at memchr speed (0.04 s per 10 MB, against 0.25 s with a look-behind
# for word boundaries). The word after is checked by _WORD: lower case only (a capital is a name or
# an acronym: "a US official", "an MP"), and not part of a compound ("a one-off").
_HEAD = re.compile(r" [Aa](?: [aeio]|n [b-df-gj-np-tv-z])")
_HEAD_LINE = re.compile(r"\n[Aa](?: [aeio]|n [b-df-gj-np-tv-z])")  # the same at a line's start
_WORD = re.compile(r"[a-z]+(?![\w'’-])")
# a vowel letter read as a consonant ("a one", "a once-in-a-lifetime", "a euro"), and the letters
# "u" and "h", which go either way (left out of _HEAD altogether)
_CONSONANT_SOUND = ("one", "once", "eu", "ewe")
# words the pattern catches that are not what an article modifies: an article typed twice, or a
# word dropped ("a and", "a of")
_FUNCTION = frozenset("and or of is are as at if in it its on our so the to was were".split())

ARTICLE_BONUS = 3.0  # log-odds added to a suggestion whose replacement restores the agreement
BASE_CONFIDENCE = 0.8  # a word no rule matched here, before the document's evidence
RULE = "article-mismatch"
ORIGIN = "cleaner/articles.py"


def mismatches(text: str) -> Iterator[tuple[str, int, int]]:
    """(article, start, end) of each lower-case word that follows an article of the wrong sound."""
    heads = [m.start() + 1 for m in _HEAD.finditer(text)]
    if "\n" in text:
        heads = sorted(heads + [m.start() + 1 for m in _HEAD_LINE.finditer(text)])
    if _HEAD.match(" " + text[:4]):
        heads.insert(0, 0)
    for a in heads:
        article = "an" if text[a + 1] == "n" else "a"
        start = a + len(article) + 1
        m = _WORD.match(text, start)
        if m is None or m.end() - start < 2:
            continue
        word = m.group()
        if word in _FUNCTION or article == "a" and word.startswith(_CONSONANT_SOUND):
            continue
        yield article, start, m.end()


def agrees(article: str, word: str) -> bool:
    """Whether ``word`` (a replacement) reads right after ``article`` ("a" or "an"), judged by its
    first letter as ``mismatches`` judges: h, u and words like "one" go with either."""
    w = word.lower()
    first = w[:1]
    if not first.isalpha() or first in "hu" or w.startswith(_CONSONANT_SOUND):
        return True
    vowel = first in "aeio"
    return vowel if article == "an" else not vowel


# A phrase rule that changes two words ("warfare cupboard" -> "war cabinet") gives each pair
# (warfare -> war, cupboard -> cabinet) only when another rule gives it too: a tortured phrase
# ("irregular woodland" -> "random forest") or an idiom does not pair its words one for one, and
# two rules that agree rarely both err. Measured on 92 helper-spun articles (2026-11-28): the
# contextual stage applied 24 more stand-ins right and one fewer wrong (one rule was enough: 39
# more right, 4 more wrong; three changed words: no better).
MAX_CHANGED = 2
MIN_RULES = 2
_FUNCTION_WORDS = frozenset("""a an the of in on at to by for from with as and or but nor if so than that this these those
is are was were be been being has have had do does did will would can could may might must shall should
it its he she they we you i his her their our your my not no up out over off into onto about""".split())


def word_map(pairs: Iterable[tuple]) -> dict[str, tuple[str, ...]]:
    """For each single spun word, the words the rules replace it with, most rules first.

    ``pairs``: (spun key, replacements[, rule]) of every matchable form. A one-word key gives its
    one-word replacements; a phrase whose replacement has as many words and differs in one of them
    gives that word ("actual victory" -> "real victory": actual -> real). One that differs in two
    content words, neither of which appears on the other side nor is a spelling of the other,
    gives both pairs, where MIN_RULES distinct rules (``rule``, when given) agree on a pair or a
    one-word change gives it too."""
    counts: dict[str, dict[str, int]] = {}
    multi: dict[tuple[str, str], set] = {}
    for item in pairs:
        key, reps = item[0], item[1]
        rule = item[2] if len(item) > 2 else None
        words = key.split(" ")
        for rep in reps[:1] if len(words) > 1 else reps:
            out = rep.lower().split(" ")
            if len(words) == 1:
                if len(out) != 1:
                    continue
                spun, canon = words[0], out[0]
            elif len(out) == len(words):
                diff = [(a, b) for a, b in zip(words, out) if a != b]
                if len(diff) != 1:
                    if rule is not None and len(diff) <= MAX_CHANGED and all(
                            a.isalpha() and b.isalpha() and a not in _FUNCTION_WORDS and b not in _FUNCTION_WORDS
                            and a not in out and b not in words and b not in spelling_variants(a) for a, b in diff):
                        for a, b in diff:
                            multi.setdefault((a, b), set()).add(id(rule))
                    continue
                spun, canon = diff[0]
            else:
                continue
            if spun != canon and canon.isalpha() and spun.isalpha():
                c = counts.setdefault(spun, {})
                c[canon] = c.get(canon, 0) + 1
    for (a, b), rules in multi.items():
        if len(rules) >= MIN_RULES or b in counts.get(a, ()):
            c = counts.setdefault(a, {})
            c[b] = c.get(b, 0) + len(rules)
    return {w: tuple(sorted(c, key=lambda k: (-c[k], k))) for w, c in counts.items()}
