"""The OCR stage's language and error model: a lexicon, a bigram table and OCR confusions.

Tables (built by scripts/build_ocr_data.py, except the hand-curated confusions):
  data/ocr_lexicon.tsv      word, frequency per billion, v (real word) / w (wordfreq only), raw count
  data/ocr_bigrams.tsv.gz   symspellpy's bigram counts (MIT)
  data/ocr_confusions.tsv   what OCR shows, what was printed, cost (-ln relative likelihood)

Scores are natural logs. The language model is a bigram model with stupid backoff; the error
model adds the costs of the confusions (or of plain edits) that turn a candidate into the token.
"""
from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
LEXICON = "ocr_lexicon.tsv"
BIGRAMS = "ocr_bigrams.tsv.gz"
CONFUSIONS = "ocr_confusions.tsv"

BACKOFF = 0.4  # stupid backoff: a bigram the table lacks costs ln(0.4) on top of the unigram
UNKNOWN_FREQ = 2e-8  # probability of a word the lexicon does not know (names, rare terms)
WEAK_FACTOR = 0.3  # a wordfreq-only word ("tbe", "ofthe") counts for less than its frequency
ANY_EDIT = 7.0  # cost of a substitution, insertion or deletion the confusion table does not list
ANY_EDIT_MIN_LEN = 5  # shorter unknown words get only listed confusions (too many neighbours)
MAX_OPS = 2  # at most this many confusions in one word
LOG_CACHE_MAX = 500_000  # words whose unigram logs are remembered (the memory is dropped beyond that)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Confusion:
    seen: str
    meant: str
    cost: float


class Model:
    """Loaded once per process (see :func:`model`)."""

    def __init__(self) -> None:
        self.freq: dict[str, float] = {}
        self.valid: set[str] = set()
        self.count: dict[str, int] = {}
        with (DATA / LEXICON).open(encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                w, f, flag, g = line.rstrip("\n").split("\t")
                self.freq[w] = int(f) / 1e9
                if flag == "v":
                    self.valid.add(w)
                if g != "0":
                    self.count[w] = int(g)
        self.confusions = _load_confusions()
        self.by_first: dict[str, list[Confusion]] = {}
        for c in self.confusions:
            self.by_first.setdefault(c.seen[0], []).append(c)
        # the same lists as plain (seen, meant, lower-case meant, cost, len(seen)) tuples for the search
        self._by_first_t: dict[str, tuple[tuple[str, str, str, float, int], ...]] = {
            ch: tuple((c.seen, c.meant, c.meant.lower(), c.cost, len(c.seen)) for c in cs)
            for ch, cs in self.by_first.items()}
        self._bigrams: dict[str, int] | None = None
        self._prefixes: set[str] | None = None
        self._suffixes: set[str] | None = None
        self._next_letters: dict[str, str] = {}  # see edit_candidates
        # ln of the unigram probability (and of BACKOFF times it), filled in as words are scored
        self._log_unigram: dict[str, float] = {}
        self._log_backoff: dict[str, float] = {}
        self.realword = self._realword_map()
        self.confusion_candidates = lru_cache(maxsize=50_000)(self.confusion_candidates)
        self.edit_candidates = lru_cache(maxsize=50_000)(self.edit_candidates)

    # ------------------------------------------------------------------ language model

    @property
    def bigrams(self) -> dict[str, int]:
        """Loaded on first use: clean text rarely needs it."""
        if self._bigrams is None:
            table: dict[str, int] = {}
            with gzip.open(DATA / BIGRAMS, "rt", encoding="utf-8") as fh:
                next(fh)
                for line in fh:
                    k, _, c = line.rpartition("\t")
                    table[k] = int(c)
            self._bigrams = table
        return self._bigrams

    def unigram(self, w: str) -> float:
        f = self.freq.get(w)
        if f is None:
            return UNKNOWN_FREQ
        return f if w in self.valid else max(f * WEAK_FACTOR, UNKNOWN_FREQ)

    def logp(self, w: str, prev: str | None) -> float:
        """ln P(w | prev); ``prev`` None at a sentence or clause boundary.

        The unigram terms are remembered per word (the same expressions, so the same floats)."""
        if prev is not None:
            c = (self._bigrams if self._bigrams is not None else self.bigrams).get(prev + " " + w)
            if c:
                return math.log(c / self.count[prev])
            lp = self._log_backoff.get(w)
            if lp is None:
                if len(self._log_backoff) >= LOG_CACHE_MAX:
                    self._log_backoff.clear()
                lp = self._log_backoff[w] = math.log(BACKOFF * self.unigram(w))
            return lp
        lp = self._log_unigram.get(w)
        if lp is None:
            if len(self._log_unigram) >= LOG_CACHE_MAX:
                self._log_unigram.clear()
            lp = self._log_unigram[w] = math.log(self.unigram(w))
        return lp

    def clear_caches(self) -> None:
        """Forget what was remembered per word (candidates, unigram logs, letters after a head)."""
        self.confusion_candidates.cache_clear()
        self.edit_candidates.cache_clear()
        self._log_unigram.clear()
        self._log_backoff.clear()
        self._next_letters.clear()

    def chain(self, words: list[str], prev: str | None, nxt: str | None) -> float:
        """ln P of ``words`` between ``prev`` and ``nxt``, the same scale for every candidate."""
        logp = self.logp
        total = 0.0
        p = prev
        for w in words:
            total += logp(w, p)
            p = w
        if nxt is not None:
            total += logp(nxt, p)
        return total

    # ------------------------------------------------------------------ error model

    def confusion_candidates(self, token: str) -> dict[str, float]:
        """Real words reachable from ``token`` by listed confusions -> lowest cost.

        One confusion first; two (applied left to right, so each pair is tried once) only when one
        finds nothing: that keeps noisy pages fast. ``token`` is a word as the OCR stage sees it
        (long s and ligatures expanded), so lower-casing keeps every character's offset.
        """
        out: dict[str, float] = {}
        level = [(token, 0.0, 0)]
        if token.lower() != token:
            level.append((token.lower(), 0.0, 0))
        prefixes = self.prefixes
        valid = self.valid
        by_first = self._by_first_t
        for step in range(MAX_OPS):
            last = step == MAX_OPS - 1  # what this level makes is not searched further
            nxt: list[tuple[str, float, int]] = []
            for s, cost, start in level:
                low = s.lower()  # one character for one: offsets into s hold in low
                for i in range(start, len(s)):
                    head = low[:i]
                    if i > start and head not in prefixes:
                        break  # every variant from here on keeps this head, which no word starts with
                    for seen, meant, meant_low, ccost, n_seen in by_first.get(s[i], ()):
                        # later confusions only change what follows the new letters: a head no word
                        # starts with is a dead end
                        if (n_seen == 1 or s.startswith(seen, i)) and head + meant_low in prefixes:
                            v = s[:i] + meant + s[i + n_seen:]
                            vc = cost + ccost
                            if not last:
                                nxt.append((v, vc, i + len(meant)))
                            key = v.lower()
                            if key in valid and vc < out.get(key, math.inf):
                                out[key] = vc
            if out:
                break
            level = nxt
        return out

    @property
    def prefixes(self) -> set[str]:
        """Every prefix of every real word (built on first use): prunes confusion search."""
        if self._prefixes is None:
            out: set[str] = set()
            add = out.add
            for w in self.valid:
                for i in range(len(w), 0, -1):
                    p = w[:i]
                    if p in out:
                        break  # the set holds every prefix of what it holds: the shorter ones are in
                    add(p)
            self._prefixes = out
        return self._prefixes

    @property
    def suffixes(self) -> set[str]:
        """Every suffix of every real word (built on first use)."""
        if self._suffixes is None:
            out: set[str] = set()
            add = out.add
            for w in self.valid:
                for i in range(len(w)):
                    t = w[i:]
                    if t in out:
                        break  # the set holds every suffix of what it holds: the shorter ones are in
                    add(t)
            self._suffixes = out
        return self._suffixes

    def edit_candidates(self, key: str) -> dict[str, float]:
        """Real words one unlisted edit away from the lower-case ``key`` (long words only).

        A four-letter key gets only a dropped letter back ("tems" -> "terms"): any other edit of
        so short a word has too many real neighbours.

        Every edit at offset i (a letter deleted, replaced or inserted there, or swapped with the
        next) keeps key[:i], so the search stops at the first head no word starts with; and the
        tail it keeps after the new letter must end some word."""
        n = len(key)
        if n < ANY_EDIT_MIN_LEN - 1:
            return {}
        inserts_only = n < ANY_EDIT_MIN_LEN
        valid, prefixes, suffixes = self.valid, self.prefixes, self.suffixes
        next_letters = self._next_letters  # head -> the letters of LETTERS that extend it, remembered
        found: set[str] = set()
        add = found.add
        for i in range(n + 1):
            a = key[:i]
            if i and a not in prefixes:
                break  # no word starts with this head, nor with any longer one
            b = key[i:]
            rest = b[1:]
            insert = not b or b in suffixes  # a letter inserted before b
            after_one = bool(b) and (not rest or rest in suffixes)  # b[0] deleted or replaced
            if not inserts_only and b:
                if after_one and a + rest in valid:
                    add(a + rest)
                if rest:
                    swapped = a + b[1] + b[0] + b[2:]
                    if swapped in valid:
                        add(swapped)
            replace = not inserts_only and after_one
            if not insert and not replace:
                continue
            letters = next_letters.get(a)
            if letters is None:  # a new letter only where the head a + letter starts some word
                letters = next_letters[a] = "".join([ch for ch in LETTERS if a + ch in prefixes])
            for ch in letters:
                head = a + ch
                if insert and head + b in valid:
                    add(head + b)
                if replace and head + rest in valid:
                    add(head + rest)
        found.discard(key)
        return dict.fromkeys(found, ANY_EDIT)

    def _realword_map(self) -> dict[str, dict[str, float]]:
        """Rare words that one confusion makes out of a very common one ("tho" from "the").

        Only these real words are ever questioned, and only the common word is proposed.
        """
        out: dict[str, dict[str, float]] = {}
        common = sorted((w for w in self.valid if self.freq.get(w, 0) >= 2e-4), key=lambda w: -self.freq[w])
        for c in common:
            for conf in self.confusions:
                if not conf.meant.islower() or not conf.seen.isalpha():
                    continue
                start = c.find(conf.meant)
                while start >= 0:
                    v = c[:start] + conf.seen + c[start + len(conf.meant):]
                    fv = self.freq.get(v)
                    if fv is not None and fv * REALWORD_RATIO < self.freq[c] and v.isalpha() and v.islower():
                        prev = out.setdefault(v, {}).get(c, math.inf)
                        out[v][c] = min(prev, conf.cost)
                    start = c.find(conf.meant, start + 1)
        return out


REALWORD_RATIO = 50  # a real word is questioned only when the word it may stand for is this much commoner


def _load_confusions() -> list[Confusion]:
    out = []
    with (DATA / CONFUSIONS).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                raise ValueError(f"{CONFUSIONS}:{n}: expected 'seen<TAB>meant<TAB>cost'")
            out.append(Confusion(parts[0], parts[1], float(parts[2])))
    return out


@lru_cache(maxsize=1)
def model() -> Model:
    return Model()
