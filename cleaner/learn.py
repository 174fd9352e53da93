"""Learn a spinner's substitutions from a corpus it spun: which common words vanished, and which
of their thesaurus synonyms crowd in instead?

A dictionary spinner replaces every occurrence of a group's head word, so across many of its
articles the head ("buy") is far rarer than English of that size holds, and the stand-in it chose
("purchase") far commoner. One article is too short to see this for any but the commonest words;
a corpus of a site's articles is not. For each word that is over-represented, the inverse thesaurus
(:mod:`cleaner.thesaurus`) lists the frequent words that have it as a synonym; a pair is proposed
when the stand-in's excess and the candidate's deficit are both significant (Poisson deviance
against word frequencies, :mod:`cleaner.lexicon`). Proposals are written as a wordlist of
review-tier rules, with the counts behind each one in a comment, for a person to read before use.

Pure functions here; ``cleaner learn`` reads the files.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from .evidence import PARAGRAPH_BREAK
from .lexicon import frequency

TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
MIN_COUNT = 5  # a stand-in seen fewer times than this is not judged
MIN_EXPECTED = 8.0  # a head word English would use fewer times than this in the corpus says nothing by its absence
MAX_SHARE = 0.35  # the head word appears at most this share of its expected count
MIN_EXCESS = 4.0  # the stand-in appears at least this many times its expected count
MIN_DEVIANCE = 20.0  # both the excess and the deficit must be at least this significant
MAX_CANDIDATES = 12
# Where the stand-in occurs the head word must be missing too (the spinner replaced every
# occurrence there): its count in those documents is at most this share of what English of their
# length holds, which must be at least MIN_LOCAL_EXPECTED. Topic words that merely crowd in (a jazz
# page's "jazz" and "love") fail this: on 297,000 words of clean news it removes all 16 pairs.
MAX_LOCAL_SHARE = 0.1
MIN_LOCAL_EXPECTED = 3.0
PIECE_WORDS = 300  # a file is read as documents of about this many words (cut at blank lines)


@dataclass(frozen=True)
class Proposal:
    spun: str
    canonical: str
    spun_count: int
    spun_expected: float
    canonical_count: int
    canonical_expected: float
    score: float

    def line(self) -> str:
        return (f"{self.spun} => {self.canonical}  tier=review conf=0.6  "
                f"note=learned:_{self.spun}_{self.spun_count}x_(English_{self.spun_expected:.1f}x),"
                f"_{self.canonical}_{self.canonical_count}x_(English_{self.canonical_expected:.1f}x)")


def words_of(text: str) -> list[str]:
    return TOKEN.findall(text.lower().replace("’", "'"))


def pieces(text: str, size: int = PIECE_WORDS) -> Iterator[list[str]]:
    """The words of ``text`` in documents of at least ``size`` words, cut at blank lines."""
    cur: list[str] = []
    for para in PARAGRAPH_BREAK.split(text):
        cur += words_of(para)
        if len(cur) >= size:
            yield cur
            cur = []
    if cur:
        yield cur


def count(docs: Iterable[list[str]]) -> tuple[Counter, int]:
    """Word counts over ``docs`` (lists of lower-case words) and the number of words."""
    counts: Counter = Counter()
    for doc in docs:
        counts.update(doc)
    return counts, sum(counts.values())


def deviance(observed: int, expected: float) -> float:
    """Poisson deviance of ``observed`` against ``expected`` (0 when they agree)."""
    if expected <= 0:
        return 0.0
    if observed == 0:
        return 2.0 * expected
    return 2.0 * (observed * math.log(observed / expected) - (observed - expected))


def propose(counts: Counter, words: int, known: set[str] = frozenset()) -> list[Proposal]:
    """Substitutions the counts point to, strongest first; ``known`` spun forms are skipped."""
    from .thesaurus import sources

    out: dict[str, Proposal] = {}
    for w, o_w in counts.items():
        if o_w < MIN_COUNT or w in known or len(w) < 3:
            continue
        e_w = max(frequency(w), 1e-9) * words
        if o_w < MIN_EXCESS * e_w:
            continue
        excess = deviance(o_w, e_w)
        if excess < MIN_DEVIANCE:
            continue
        for c in sources(w)[:MAX_CANDIDATES]:
            if " " in c or c == w:
                continue
            e_c = frequency(c) * words
            if e_c < MIN_EXPECTED:
                break  # most frequent first: the rest are rarer still
            o_c = counts.get(c, 0)
            if o_c > MAX_SHARE * e_c:
                continue
            deficit = deviance(o_c, e_c)
            score = min(excess, deficit)
            if score < MIN_DEVIANCE:
                continue
            best = out.get(w)
            if best is None or score > best.score:
                out[w] = Proposal(w, c, o_w, e_w, o_c, e_c, score)
    return sorted(out.values(), key=lambda p: -p.score)


def exclusive(docs: Iterable[list[str]], proposals: list[Proposal]) -> list[Proposal]:
    """The proposals whose head word is missing from the documents that hold the stand-in (a second
    pass over the same documents)."""
    by_spun = {p.spun: p for p in proposals}
    words_with: Counter = Counter()  # words in the documents that hold each stand-in
    head_with: Counter = Counter()  # occurrences of its head word there
    for doc in docs:
        present = by_spun.keys() & set(doc)
        if not present:
            continue
        c = Counter(doc)
        for w in present:
            words_with[w] += len(doc)
            head_with[w] += c.get(by_spun[w].canonical, 0)
    out = []
    for p in proposals:
        expected = frequency(p.canonical) * words_with[p.spun]
        if expected >= MIN_LOCAL_EXPECTED and head_with[p.spun] <= MAX_LOCAL_SHARE * expected:
            out.append(p)
    return out


def learn(texts: Iterable[str] | None = None, reread=None, known: set[str] = frozenset()) -> list[Proposal]:
    """Proposals from a corpus. ``reread()`` returns a fresh iterator over the texts (the corpus
    is read twice, so memory does not grow with it)."""
    counts, total = count(doc for text in reread() for doc in pieces(text))
    first = propose(counts, total, known)
    return exclusive((doc for text in reread() for doc in pieces(text)), first)
