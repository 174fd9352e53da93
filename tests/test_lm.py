"""The shipped bigram model must prefer canonical English over a spinner's stand-ins in context."""
import gzip
import time

import pytest

from cleaner import lm

# (left context, canonical, spun, right context) -- from real spun news
DECISIONS = [
    (["his", "message", "to", "leaders"], "in the region", "within the area", ["was"]),
    (["eighth", "visit", "to", "the"], "Middle East", "Center East", ["since"]),
    (["according", "to", "the"], "health ministry", "well being ministry", ["."]),
    (["was", "killed"], "last month", "final month", ["."]),
    (["the", "Middle", "East"], "since the start", "because the begin", ["of"]),
    (["the"], "war", "warfare", ["in"]),
    (["Mr", "Blinken"], "said", "stated", ["his"]),
]


@pytest.mark.parametrize("left,canonical,spun,right", DECISIONS, ids=[d[1] for d in DECISIONS])
def test_compare_prefers_the_canonical_phrase(left, canonical, spun, right):
    good, bad = lm.compare(left, [canonical, spun], right)
    assert good > bad
    assert lm.best(left, [spun, canonical], right) == canonical


def test_compare_is_order_independent_and_one_score_per_candidate():
    cands = ["in the region", "within the area", "inside the space"]
    forward = lm.compare(["leaders"], cands, ["was"])
    backward = lm.compare(["leaders"], cands[::-1], ["was"])
    assert len(forward) == 3 and forward == backward[::-1]


def test_context_changes_the_decision():
    # "the" before a noun slot, "to" before a verb slot
    assert lm.best(["the"], ["build", "building"], ["was"]) == "building"
    assert lm.best(["to"], ["build", "building"], ["a"]) == "build"


def test_longer_candidates_pay_for_their_extra_words():
    one, two = lm.compare(["the"], ["health", "well being"], ["ministry"])
    assert one > two


def test_logprob_backs_off_and_handles_unknown_words():
    seen = lm.logprob("in", "the")
    assert -1.0 < seen < 0
    assert lm.logprob("zzqxv", "the") == pytest.approx(lm.model().unigram("the"))
    assert lm.logprob("the", "zzqxv") == lm.OOV_LOGPROB
    assert lm.logprob("the", "war", "in") == pytest.approx(lm.logprob("the", "war") + lm.logprob("war", "in"))


def test_score_prefers_fluent_text():
    assert lm.score("the health ministry said".split()) > lm.score("the said ministry health".split())
    assert lm.score([]) == 0.0


def test_apostrophes_and_case_are_normalised():
    assert lm.compare(["I"], ["don’t"], ["know"]) == lm.compare(["i"], ["DON'T"], ["know"])


def test_table_is_well_formed_and_loads_fast():
    raw = gzip.decompress((lm.DATA / "bigrams.bin.gz").read_bytes())
    t = time.perf_counter()
    m = lm.BigramModel(raw)
    assert time.perf_counter() - t < 1.0  # ~0.05 s alone; generous for a shared machine
    assert m.vocabulary_size == 65535 and m.bigram_count > 500_000
    offs = m._offsets
    assert offs[0] == 0 and offs[-1] == m.bigram_count
    assert all(offs[i] <= offs[i + 1] for i in range(0, len(offs) - 1, 97))
    assert (lm.DATA / "bigrams.bin.gz").stat().st_size < 5_000_000


def test_bad_table_is_reported():
    with pytest.raises(ValueError, match="rebuild"):
        lm.BigramModel(b"not a table")


def test_trigram_table_is_well_formed():
    raw = gzip.decompress((lm.DATA / "trigrams.bin.gz").read_bytes())
    t = lm.TrigramTable(raw, lm.model())
    assert t.trigram_count > 500_000
    ctx, offs = t._ctx, t._offsets
    assert offs[0] == 0 and offs[-1] == t.trigram_count
    assert all(ctx[i] < ctx[i + 1] and offs[i] <= offs[i + 1] for i in range(0, len(ctx) - 1, 97))
    assert all(t._bi[i] < t._bi[i + 1] for i in range(0, len(t._bi) - 1, 97))
    # within a history the predicted words are sorted, so bisect finds them
    k = len(ctx) // 2
    words = t._word[offs[k]:offs[k + 1]]
    assert list(words) == sorted(words)
    assert (lm.DATA / "trigrams.bin.gz").stat().st_size < 8_000_000
    with pytest.raises(ValueError, match="rebuild"):
        lm.TrigramTable(b"not a table", lm.model())
