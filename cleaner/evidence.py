"""Document-level spin evidence: is this text spun at all?

The spinner replaces *every* occurrence of a word, so in a spun article the canonical word of a
group ("said") all but vanishes while its stand-in ("stated") crowds in. For each rule that fired,
we compare what the document holds with what English of that length would hold (word frequencies
from ``lexicon``): a stand-in far commoner than expected next to a missing canonical word is strong
evidence; a canonical word that is present says the stand-in is probably genuine. Rules marked
``tier=safe`` are fingerprints: phrases ordinary English does not produce.

The per-rule log-likelihood ratios are capped (real text is bursty: a legal text says
"additional" thirty times) and summed into one score.
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import frequency
from .suggestion import Applicability

FINGERPRINT_WEIGHT = 2.5
RULE_CAP = 2.0
PRESENT_PENALTY = 1.5
BIAS = -20.0
# How far the document's evidence moves an ambiguous rule (log-odds): z/8, within these limits.
# The upper limit only matters in documents far past the spun line (z > 20). Raised from 2.5 to
# 4.0 on 2026-11-27: on 297,000 words of real articles spun with our list read backwards
# (benchmarks/bench_respin.py --dir) it put back 256 more stand-ins for 7 more damaged genuine
# words; seed recall 0.909 -> 0.924, safe-tier precision unchanged (0.991); clean documents
# (boost below 0) are untouched.
# Scale lowered from 8 to 6 on 2026-11-27 (evening), at 4,969 rules: a spun 157-word sports report
# with nine distinct stand-ins (log-odds -1.5) had its review fixes stop at 0.89, just short of safe.
# Seed cut into 100-word pieces: recall 0.882 -> 0.919 (60 words 0.636 -> 0.763); the clean texts
# of bench_short.py cut into 40- to 1,500-word pieces: still 0 words changed at every size; respin
# damage unchanged (82 on 61,190 words); a corpus in one file: 1 of 188,247 clean words changed, as
# before (after the both -> either rule stopped reading a quotation mark as a sentence end), 0 when
# each article is cleaned alone.
BOOST_SCALE = 6.0
BOOST_MIN, BOOST_MAX = -2.0, 4.0
# A short text holds few stand-ins, so its log-odds stay low even when every sentence is spun: a
# 100-word paragraph of the seed scores about 6, where clean English of that length never passed
# -11.9 (19,044 chunks of books, news and licences). So the boost starts BOOST_OFFSET earlier for
# texts of up to SHORT_WORDS words, and the shift fades out by LONG_WORDS, where long clean texts
# come closer to 0 (-3.4 at 1,500 words). Measured on 2026-11-27 with every text cut into 40- to
# 1,500-word chunks (2.1 million words: the books and news of bench_clean_prose.py, the licences,
# /usr/share/doc and pydoc): no ambiguous fix in any clean chunk; seed recall in 100-word chunks
# 0.64 -> 0.88, in 60-word chunks 0.26 -> 0.64; texts of 800 words or more are unchanged.
BOOST_OFFSET = -10.0
# Another stand-in of the same canonical form outnumbers a rule's own (SpinEvidence.outnumbered)
# when it occurs at least RIVAL_MIN times and RIVAL_RATIO times as often.
RIVAL_MIN, RIVAL_RATIO = 2, 2
SHORT_WORDS, LONG_WORDS = 100, 800


@dataclass
class SpinEvidence:
    score: float  # probability-like, 0 (clean) .. 1 (spun)
    words: int
    fingerprints: int  # distinct fingerprint phrases found
    log_odds: float
    canonical_counts: dict[str, int] = field(default_factory=dict)
    rule_evidence: dict[str, float] = field(default_factory=dict)
    spun_counts: dict[str, int] = field(default_factory=dict)  # occurrences of each rule's spun form
    # For a spun form, the occurrences of the commonest other stand-in of the same canonical form,
    # when that one is commoner (see ``outnumbered``).
    rivals: dict[str, int] = field(default_factory=dict)

    def canonical_share(self, spun: str, canon: str) -> float:
        """How present the canonical form is next to the stand-in, against English: 0 when absent,
        1 (or more, capped) when it is as common beside the stand-in as English would make it.

        The spinner replaces every occurrence, but a both-directions spin also turns a few genuine
        stand-ins into canonical words, and a canonical word can survive inside other phrases; so
        one "said" among twenty "stated" is evidence for the spin, not against it."""
        n_c = self.canonical_counts.get(canon, 0)
        n_s = self.spun_counts.get(spun, 0)
        if not n_c or not n_s:
            return 1.0 if n_c else 0.0
        f_c = frequency(canon)
        if f_c <= 0:
            return 1.0
        expected = f_c / (f_c + max(frequency(spun), 1e-9))
        return min(1.0, n_c / (n_c + n_s) / expected)

    def outnumbered(self, spun: str) -> bool:
        """Whether another stand-in of the same canonical form crowds this one out.

        The spinner gives a word one stand-in throughout an article, so when "stated" stands in
        for "said" twelve times, the one "acknowledged" beside it is the writer's own word, not a
        second stand-in for "said"."""
        rival = self.rivals.get(spun, 0)
        return rival >= RIVAL_MIN and rival >= RIVAL_RATIO * self.spun_counts.get(spun, 0)

    @property
    def boost(self) -> float:
        """Log-odds added to an ambiguous rule's confidence in this document."""
        return max(BOOST_MIN, min(BOOST_MAX, (self.log_odds - boost_offset(self.words)) / BOOST_SCALE))

    def to_dict(self) -> dict:
        top = sorted(self.rule_evidence.items(), key=lambda kv: -abs(kv[1]))[:10]
        return {
            "spin_score": round(self.score, 4),
            "words": self.words,
            "fingerprints": self.fingerprints,
            "log_odds": round(self.log_odds, 3),
            "evidence": {k: round(v, 3) for k, v in top},
        }


def boost_offset(words: int) -> float:
    """The log-odds at which a text of ``words`` words starts to lift ambiguous rules."""
    fade = min(1.0, max(0.0, (words - SHORT_WORDS) / (LONG_WORDS - SHORT_WORDS)))
    return BOOST_OFFSET * (1.0 - fade)


def count_words(text: str) -> int:
    return len(text.split())


def count_canonical(hits: list[tuple[int, str]], wanted: set[str],
                    skip: list[tuple[int, int]] = ()) -> dict[str, int]:
    """How often each wanted phrase occurs, from the matcher's canonical hits (start, phrase).

    Occurrences inside ``skip`` spans (sorted; text that is itself a suspected stand-in) do not
    count, so the counts do not change when those spans are fixed.
    """
    starts = [a for a, _ in skip]
    found: Counter = Counter()
    for st, key in hits:
        if key not in wanted:
            continue
        i = bisect.bisect_right(starts, st) - 1
        if i >= 0 and skip[i][0] <= st < skip[i][1]:
            continue
        found[key] += 1
    return {p: found.get(p, 0) for p in wanted}


def assess(matches: list[tuple[str, str, Applicability]], canonical_hits: list[tuple[int, str]], words: int,
           spans: list[tuple[int, int]] = ()) -> SpinEvidence:
    """Score a document from its matches: (spun key, canonical key, base tier) per occurrence, and
    the canonical phrases it holds (start, phrase), as ``PhraseMatcher.find`` reports them."""
    spun_counts = Counter(m[0] for m in matches)
    canon_of = {m[0]: m[1] for m in matches}
    tier_of = {m[0]: m[2] for m in matches}
    wanted = {canon_of[k] for k in canon_of if tier_of[k] is not Applicability.SAFE}
    counts: dict[str, int] = {}
    # Counting canonical words can only lower the evidence and the rules' confidence, so a document
    # that reads as clean even without them is spared the count.
    upper = BIAS + sum(_upper_gain(spun, canon_of[spun], n, words, tier_of[spun]) for spun, n in spun_counts.items())
    if wanted and upper > BOOST_MIN * BOOST_SCALE + boost_offset(words):
        counts = count_canonical(canonical_hits, wanted, sorted(spans))
    rule_ev: dict[str, float] = {}
    fingerprints = 0
    for spun, n in spun_counts.items():
        canon = canon_of[spun]
        if tier_of[spun] is Applicability.SAFE:
            fingerprints += 1
            rule_ev[spun] = FINGERPRINT_WEIGHT
            continue
        rule_ev[spun] = rule_log_odds(spun, canon, n, counts.get(canon, 0), words)
    z = BIAS + sum(rule_ev.values())
    return SpinEvidence(
        score=1 / (1 + math.exp(-max(-30.0, min(30.0, z)))),
        words=words,
        fingerprints=fingerprints,
        log_odds=z,
        canonical_counts=counts,
        rule_evidence=rule_ev,
        spun_counts=dict(spun_counts),
        rivals=_rivals(spun_counts, canon_of),
    )


def _rivals(spun_counts: Counter, canon_of: dict[str, str]) -> dict[str, int]:
    """For each spun form, the count of the commonest other spun form of the same canonical form,
    where that count is higher than its own."""
    by_canon: dict[str, list[tuple[int, str]]] = {}
    for spun, n in spun_counts.items():
        by_canon.setdefault(canon_of[spun], []).append((n, spun))
    out = {}
    for group in by_canon.values():
        if len(group) < 2:
            continue
        group.sort(reverse=True)
        top_n = group[0][0]
        for n, spun in group[1:]:
            if top_n > n:
                out[spun] = top_n
    return out


def _upper_gain(spun: str, canon: str, n: int, words: int, tier: Applicability) -> float:
    return FINGERPRINT_WEIGHT if tier is Applicability.SAFE else rule_log_odds(spun, canon, n, 0, words)


@lru_cache(maxsize=65536)
def _ratio(spun: str, canon: str) -> tuple[float, float] | None:
    """(ln(1 + f(canon) / f(spun)), f(canon)), or None when frequencies say nothing."""
    if any(ch.isdigit() for ch in spun):
        return None  # numerals: no frequency to compare with
    f_c = frequency(canon)
    if f_c <= 0:
        return None
    return math.log1p(f_c / max(frequency(spun), 1e-9)), f_c


def rule_log_odds(spun: str, canon: str, n_spun: int, n_canon: int, words: int) -> float:
    """Evidence (log-odds, capped) that ``spun`` stands in for ``canon`` throughout the document."""
    ratio = _ratio(spun, canon)
    if ratio is None:
        return 0.0
    base, f_c = ratio
    gain = base * (1 + math.log(n_spun))
    if n_canon:
        gain -= PRESENT_PENALTY * min(n_canon, 3) + f_c * words
    return max(-RULE_CAP, min(RULE_CAP, gain))


# --------------------------------------------------------------------------- several documents

# A text longer than this may be several documents (a corpus file of articles, one chunk of a big
# file): the evidence of a spun article must not lift the ambiguous rules of a clean one beside it.
SEGMENT_WORDS = 3000
# Segmentation: the text is cut into paragraphs, each scored by the stand-ins in it (a fingerprint
# FINGERPRINT_WEIGHT, an ambiguous stand-in what one occurrence of it is worth in rule_log_odds)
# less PER_CHAR for each character; a two-state path (clean / spun) through the paragraphs pays
# SWITCH_COST at each change of state. Each stretch is then weighed as a document of its own.
PER_CHAR = 0.01  # ~0.06 per word
SWITCH_COST = 12.0
UNIT_CHARS = 2000  # a paragraph longer than this is cut at its line ends
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")  # a blank line (also read by cleaner.learn)


def units(text: str) -> list[int]:
    """Start offsets of the text's paragraphs (blank-line separated; long ones cut at line ends)."""
    starts = [0]
    for m in PARAGRAPH_BREAK.finditer(text):
        starts.append(m.end())
    out = []
    for i, a in enumerate(starts):
        b = starts[i + 1] if i + 1 < len(starts) else len(text)
        out.append(a)
        while b - a > UNIT_CHARS:
            cut = text.find("\n", a + UNIT_CHARS // 2, b)
            if cut < 0 or cut + 1 >= b:
                break
            a = cut + 1
            out.append(a)
    return out


def occurrence_weight(spun: str, canon: str, tier: Applicability) -> float:
    """What one occurrence of a stand-in says about its paragraph being spun."""
    if tier is Applicability.SAFE:
        return FINGERPRINT_WEIGHT
    return max(0.0, rule_log_odds(spun, canon, 1, 0, 1))


def stretches(text: str, positions: list[int], weights: list[float]) -> list[tuple[int, int]]:
    """Cut ``text`` into stretches that read as one kind (spun or clean) throughout.

    ``positions`` (sorted) are where the stand-ins start and ``weights`` what each is worth. Returns
    (start, end) spans covering the text, in order; one span when the text reads as one kind."""
    starts = units(text)
    n = len(starts)
    if n < 2:
        return [(0, len(text))]
    score = [0.0] * n
    k = 0
    for p, w in zip(positions, weights):
        while k + 1 < n and starts[k + 1] <= p:
            k += 1
        score[k] += w
    # two-state Viterbi: state 0 clean (emits 0), state 1 spun (emits the paragraph's net score)
    clean, spun = 0.0, -SWITCH_COST
    back: list[tuple[int, int]] = []  # per unit: (previous state if now clean, if now spun)
    for i in range(n):
        end = starts[i + 1] if i + 1 < n else len(text)
        e = score[i] - PER_CHAR * (end - starts[i])
        from_c = (clean, 0) if clean >= spun - SWITCH_COST else (spun - SWITCH_COST, 1)
        to_s = (spun, 1) if spun >= clean - SWITCH_COST else (clean - SWITCH_COST, 0)
        back.append((from_c[1], to_s[1]))
        clean, spun = from_c[0], to_s[0] + e
    state = 0 if clean >= spun else 1
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = state
        state = back[i][state]
    out: list[tuple[int, int]] = []
    a = 0
    for i in range(1, n):
        if path[i] != path[i - 1]:
            out.append((a, starts[i]))
            a = starts[i]
    out.append((a, len(text)))
    return out
