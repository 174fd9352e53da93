"""The inverse thesaurus proposes the word a spinner replaced, in the stand-in's inflection."""
import pytest

from cleaner import lexicon, thesaurus

CASES = [
    ("warfare", "war"),
    ("adjustments", "changes"),
    ("attain", "reach"),
    ("attained", "reached"),
    ("folks", "people"),
    ("assist", "help"),
    ("assist", "support"),
    ("assist", "aid"),
    ("stated", "said"),
    ("utilizing", "using"),
    ("kids", "children"),
    ("battles", "conflicts"),
]


@pytest.mark.parametrize("standin,canonical", CASES, ids=[f"{a}->{b}" for a, b in CASES])
def test_sources_propose_the_replaced_word(standin, canonical):
    assert canonical in thesaurus.sources(standin)


def test_candidates_are_ordered_by_frequency():
    cands = thesaurus.sources("assist")
    freqs = [lexicon.frequency(c) for c in cands]
    assert freqs == sorted(freqs, reverse=True)
    assert cands.index("help") < cands.index("aid")


def test_part_of_speech_restricts_and_capitals_are_kept():
    verbs = thesaurus.sources("assist", pos="verb")
    nouns = thesaurus.sources("assist", pos="n")
    assert "facilitate" in verbs and "facilitate" not in nouns
    assert "assistance" in nouns and "assistance" not in verbs
    assert thesaurus.sources("Warfare")[0] == "War"
    with pytest.raises(ValueError):
        thesaurus.sources("assist", pos="x")


def test_noun_phrases_inflect_their_last_word():
    assert "police officers" in thesaurus.sources("officers")


def test_unknown_and_empty_words_have_no_sources():
    assert thesaurus.sources("zzqxv") == []
    assert thesaurus.sources("") == []
    assert "warfare" not in thesaurus.sources("warfare")


def test_table_is_well_formed():
    frequent = set(list(lexicon.unigrams())[:20_000])
    entries = thesaurus.table()
    assert len(entries) > 30_000
    keys = list(entries)
    for (word, pos), cands in list(entries.items())[::50]:
        assert pos in "nvar" and cands and word not in cands
        assert all(w in frequent for c in cands for w in c.split())
        assert len(set(cands)) == len(cands)
    assert keys == sorted(keys)
