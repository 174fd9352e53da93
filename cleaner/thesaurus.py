"""Inverse thesaurus: which frequent words could a spinner have replaced with this one?

A spinner swaps a word for one of its thesaurus synonyms ("war" -> "warfare", "reach" -> "attain").
Given the stand-in, :func:`sources` lists the frequent words that have it as a synonym, in the stand-in's
inflection ("adjustments" -> "changes", "attained" -> "reached"). The table (``data/thesaurus.tsv``) is
derived from Princeton WordNet 3.0 by ``scripts/build_lexicon.py thesaurus``; inflection is lemminflect's.
Candidates are only proposals: the caller decides with context statistics (:mod:`cleaner.lm`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .lexicon import frequency

DATA = Path(__file__).parent / "data"
_POS = {"n": "n", "noun": "n", "v": "v", "verb": "v", "a": "a", "adj": "a", "r": "r", "adv": "r"}
_UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}
_FROM_UPOS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r", "PROPN": "n"}
_BASE_TAGS = {"VB", "VBP", "NN", "JJ", "RB"}


@lru_cache(maxsize=1)
def table() -> dict[tuple[str, str], tuple[str, ...]]:
    """(stand-in lemma, pos) -> candidate canonical lemmas, most frequent first."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    with (DATA / "thesaurus.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, pos, cands = line.rstrip("\n").split("\t")
            out[(word, pos)] = tuple(cands.split("|"))
    return out


def _readings(word: str, pos: str | None) -> list[tuple[str, str, str | None]]:
    """(lemma, pos, Penn tag or None for the base form) readings of ``word``."""
    import lemminflect

    out: list[tuple[str, str, str | None]] = []
    for p in ("n", "v", "a", "r"):
        if (pos is None or pos == p) and (word, p) in table():
            out.append((word, p, None))
    for upos, lemmas in lemminflect.getAllLemmas(word).items():
        p = _FROM_UPOS.get(upos)
        if p is None or (pos is not None and p != pos):
            continue
        for lemma in lemmas:
            if lemma == word:
                continue
            for tag, forms in lemminflect.getAllInflections(lemma, upos).items():
                if word in forms and tag not in _BASE_TAGS:
                    if (lemma, p, tag) not in out:
                        out.append((lemma, p, tag))
    return out


@lru_cache(maxsize=20_000)
def _inflect(phrase: str, tag: str) -> str | None:
    """Inflect a phrase's head: the first word of a verb phrase ("find out"), the last of a noun's."""
    import lemminflect

    words = phrase.split(" ")
    k = len(words) - 1 if tag.startswith("NN") else 0
    forms = lemminflect.getInflection(words[k], tag, inflect_oov=False)
    if not forms:
        return None
    words[k] = forms[0]
    return " ".join(words)


def sources(word: str, pos: str | None = None) -> list[str]:
    """Frequent words or phrases that list ``word`` as a synonym, most frequent first.

    ``pos`` restricts the part of speech (``n``/``v``/``a``/``r`` or ``noun``/``verb``/``adj``/``adv``).
    Inflected stand-ins give inflected candidates ("attained" -> ["reached", ...]); a capitalised
    stand-in gives capitalised candidates.
    """
    if pos is not None:
        if pos not in _POS:
            raise ValueError(f"unknown part of speech {pos!r}: use n, v, a or r")
        pos = _POS[pos]
    w = word.strip().lower().replace("’", "'")
    if not w:
        return []
    found: dict[str, float] = {}
    for lemma, p, tag in _readings(w, pos):
        for cand in table().get((lemma, p), ()):
            form = cand if tag is None else _inflect(cand, tag)
            if form and form != w and form not in found:
                found[form] = frequency(form)
    ordered = sorted(found, key=lambda c: -found[c])
    if word[:1].isupper():
        ordered = [c[0].upper() + c[1:] for c in ordered]
    return ordered
