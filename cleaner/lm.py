"""Context statistics: a compact back-off bigram model of English.

The table (``data/bigrams.bin.gz``) is derived by ``scripts/build_lexicon.py bigrams`` from the generic
US English language model of CMU PocketSphinx (BSD licence): 65,535 words with their log10
probabilities and back-off weights, and the ~1.2 million bigrams among them that say more than the
back-off estimate does. Probabilities are Katz back-off: log P(b | a) is the stored bigram when there
is one, otherwise backoff(a) + log P(b).

The question the engine asks is :func:`compare`: which of several candidate phrases fits best between
these neighbours? Scores are log10 probabilities of the whole stretch (left neighbour → candidate →
right neighbour), so candidates of different lengths are comparable: each extra word costs.

:func:`trigrams` adds a second table (``data/trigrams.bin.gz``, ``scripts/build_lexicon.py
trigrams``, read from the same model's binary trie): the trigrams, two-word histories and pruned
bigrams that involve a word the wordlists name as a stand-in or its replacement. The contextual
stage (``cleaner/contextual.py``) scores its candidates with it; a trigram it lacks backs off to
the bigrams.
"""
from __future__ import annotations

import array
import gzip
import struct
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import regex

DATA = Path(__file__).parent / "data"
MAGIC = b"CLEANERLM1\n"
TRI_MAGIC = b"CLEANERLM3\n"
START, END = "<s>", "</s>"
OOV_LOGPROB = -7.5  # below every word in the table (the rarest is about -7.2)
_SENTENCE_END = {".", "!", "?", ";", ":"}
_WORD = regex.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


class _Cursor:
    """Reads a table's header fields and arrays in order."""

    def __init__(self, blob: bytes, pos: int) -> None:
        self.blob, self.pos = blob, pos

    def unpack(self, fmt: str) -> tuple:
        out = struct.unpack_from(fmt, self.blob, self.pos)
        self.pos += struct.calcsize(fmt)
        return out

    def raw(self, n: int) -> bytes:
        self.pos += n
        return self.blob[self.pos - n: self.pos]

    def take(self, code: str, n: int) -> array.array:
        a = array.array(code)
        a.frombytes(self.raw(a.itemsize * n))
        return a


class BigramModel:
    """The loaded table; use the module functions, which share one lazily loaded instance."""

    def __init__(self, blob: bytes) -> None:
        if not blob.startswith(MAGIC):
            raise ValueError("not a cleaner bigram table (bad magic); rebuild with scripts/build_lexicon.py")
        read = _Cursor(blob, len(MAGIC))
        nvocab, nbigrams, nwords, self._bi_min, levels = read.unpack("<IIIff")
        self.ids = {w: i for i, w in enumerate(read.raw(nwords).decode("utf-8").split("\n"))}
        take = read.take
        self._uni = take("h", nvocab)
        self._bo = take("h", nvocab)
        self._offsets = take("I", nvocab + 1)
        self._second = take("H", nbigrams)
        self._probs = take("B", nbigrams)
        self._step = -self._bi_min / levels
        self.vocabulary_size, self.bigram_count = nvocab, nbigrams

    def unigram(self, word: str) -> float:
        i = self.ids.get(word)
        return OOV_LOGPROB if i is None else self._uni[i] / 1000

    def logprob(self, prev: str, word: str) -> float:
        """log10 P(word | prev), Katz back-off to the unigram."""
        b = self.ids.get(word)
        a = self.ids.get(prev)
        if b is None:
            return OOV_LOGPROB
        if a is None:
            return self._uni[b] / 1000
        lo, hi = self._offsets[a], self._offsets[a + 1]
        k = bisect_left(self._second, b, lo, hi)
        if k < hi and self._second[k] == b:
            return self._bi_min + self._probs[k] * self._step
        return (self._bo[a] + self._uni[b]) / 1000

    def has_bigram(self, prev: str, word: str) -> bool:
        a, b = self.ids.get(prev), self.ids.get(word)
        if a is None or b is None:
            return False
        lo, hi = self._offsets[a], self._offsets[a + 1]
        k = bisect_left(self._second, b, lo, hi)
        return k < hi and self._second[k] == b


class TrigramTable:
    """Trigrams over the bigram table's vocabulary (``data/trigrams.bin.gz``, built by
    ``scripts/build_lexicon.py trigrams``): for each two-word history, its back-off weight and the
    words whose probability after it differs from the back-off estimate. Only histories and trigrams
    with a word the wordlists name are kept; the rest back off to the bigram table."""

    def __init__(self, blob: bytes, bigrams: BigramModel) -> None:
        if not blob.startswith(TRI_MAGIC):
            raise ValueError("not a cleaner trigram table (bad magic); rebuild with scripts/build_lexicon.py")
        read = _Cursor(blob, len(TRI_MAGIC))
        nbi, nctx, ntri, self._tri_min, levels = read.unpack("<IIIff")
        take = read.take
        self._bi = take("I", nbi)
        self._bi_probs = take("B", nbi)
        self._ctx = take("I", nctx)
        self._ctx_bo = take("h", nctx)
        self._offsets = take("I", nctx + 1)
        self._word = take("H", ntri)
        self._probs = take("B", ntri)
        self._step = -self._tri_min / levels
        self.bigrams = bigrams
        self.trigram_count = ntri

    def bigram(self, prev: str, word: str) -> float:
        """log10 P(word | prev): the bigram table, with the bigrams of wordlist words it left out."""
        ids = self.bigrams.ids
        a, b = ids.get(prev), ids.get(word)
        if a is not None and b is not None:
            key = a << 16 | b
            k = bisect_left(self._bi, key)
            if k < len(self._bi) and self._bi[k] == key:
                return self._tri_min + self._bi_probs[k] * self._step
        return self.bigrams.logprob(prev, word)

    def logprob(self, prev2: str, prev: str, word: str) -> float:
        """log10 P(word | prev2 prev), Katz back-off to :meth:`bigram`."""
        ids = self.bigrams.ids
        a, b, c = ids.get(prev2), ids.get(prev), ids.get(word)
        if a is None or b is None or c is None:
            return self.bigram(prev, word)
        key = a << 16 | b
        ctx = self._ctx
        k = bisect_left(ctx, key)
        if k == len(ctx) or ctx[k] != key:
            return self.bigram(prev, word)
        lo, hi = self._offsets[k], self._offsets[k + 1]
        j = bisect_left(self._word, c, lo, hi)
        if j < hi and self._word[j] == c:
            return self._tri_min + self._probs[j] * self._step
        return self._ctx_bo[k] / 1000 + self.bigram(prev, word)


@lru_cache(maxsize=1)
def trigrams() -> TrigramTable:
    """The shipped trigram table, loaded on first use."""
    return TrigramTable(gzip.decompress((DATA / "trigrams.bin.gz").read_bytes()), model())


@lru_cache(maxsize=1)
def model() -> BigramModel:
    """The shipped table, loaded on first use (about 0.1 s)."""
    return BigramModel(gzip.decompress((DATA / "bigrams.bin.gz").read_bytes()))


def normalise(word: str) -> str:
    return word.lower().replace("’", "'").replace("`", "'")


def tokens(text: str) -> list[str]:
    """Split a phrase the way the table is keyed: lower-case words, straight apostrophes."""
    return [normalise(t) for t in _WORD.findall(text)]


def _words(seq: Iterable[str]) -> list[str]:
    out: list[str] = []
    for item in seq:
        out.extend(tokens(item))
    return out


def logprob(prev: str | None, word: str, next: str | None = None) -> float:
    """log10 P(word | prev) (+ log10 P(next | word) when ``next`` is given). ``None`` = sentence edge."""
    m = model()
    w = normalise(word)
    lp = m.logprob(normalise(prev) if prev else START, w)
    if next is not None:
        lp += m.logprob(w, normalise(next))
    return lp


def score(words: Sequence[str]) -> float:
    """log10 probability of a token sequence (bigram chain; the first word scored as a unigram)."""
    ws = _words(words)
    if not ws:
        return 0.0
    m = model()
    total = m.unigram(ws[0]) if ws[0] != START else 0.0
    for a, b in zip(ws, ws[1:]):
        total += m.logprob(a, b)
    return total


def _left_anchor(left: Sequence[str]) -> str:
    ws = _words(left)
    if not ws or ws[-1] in _SENTENCE_END:
        return START
    return ws[-1] if ws[-1][0].isalnum() or ws[-1] == "'" else START


def _right_anchor(right: Sequence[str]) -> str | None:
    ws = _words(right)
    if not ws:
        return None
    if ws[0] in _SENTENCE_END:
        return END
    return ws[0] if ws[0][0].isalnum() else None


def compare(left_context: Sequence[str], candidates: Sequence[str], right_context: Sequence[str]) -> list[float]:
    """A comparable log10 probability for each candidate phrase between the given neighbours.

    ``left_context`` and ``right_context`` are words (or short strings) before and after the slot;
    only the nearest word on each side is used (a bigram model). Each candidate is scored as the chain
    left → candidate words → right, so "in the region" vs "within the area" or "health" vs
    "well being" are compared on equal terms. Punctuation next to the slot counts as a sentence edge.
    """
    m = model()
    a = _left_anchor(left_context)
    z = _right_anchor(right_context)
    out = []
    for cand in candidates:
        ws = tokens(cand)
        total, prev = 0.0, a
        for w in ws:
            total += m.logprob(prev, w)
            prev = w
        if z is not None:
            total += m.logprob(prev, z)
        out.append(total)
    return out


def best(left_context: Sequence[str], candidates: Sequence[str], right_context: Sequence[str]) -> str:
    """The candidate :func:`compare` scores highest (the first on a tie)."""
    scores = compare(left_context, candidates, right_context)
    return candidates[max(range(len(candidates)), key=lambda i: (scores[i], -i))]
