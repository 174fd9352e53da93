"""Regular inflection of rules: a rule written for a lemma also matches its inflected forms.

``assist => support pos=verb`` also gives assists/assisted/assisting => supports/supported/supporting.
For a phrase the first word is its head ("make an attempt" -> "made an attempt" => "tried").
Forms come from lemminflect's tables, so irregular verbs ("build" -> "built") come out right. Those
the bundled lists need are looked up in advance (``data/inflections.tsv``, by
scripts/build_inflections.py), so a run loads lemminflect only for a user's own ``pos=`` rules.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).parent / "data" / "inflections.tsv"

TAGS = {"verb": ("VBD", "VBG", "VBZ", "VBN"), "noun": ("NNS",), "adj": ("JJR", "JJS")}
_UPOS = {"verb": "VERB", "noun": "NOUN", "adj": "ADJ"}
# The participle follows these words; elsewhere a -ed form is read as past tense.
PARTICIPLE_CUES = frozenset("have has had having 've 's been be being is are was were get gets got gotten".split())


@lru_cache(maxsize=1)
def _table() -> dict[tuple[str, str], str | None]:
    out: dict[tuple[str, str], str | None] = {}
    with TABLE.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                word, tag, form = line.rstrip("\n").split("\t")
                out[(word, tag)] = form or None
    return out


def lemminflect_form(word: str, tag: str) -> str | None:
    """lemminflect's first form of a lower-case ``word`` for a Penn ``tag``, or None."""
    import lemminflect  # imported lazily: slow to load, and the bundled lists do not need it

    forms = lemminflect.getInflection(word, tag, inflect_oov=True)
    return forms[0] if forms else None


@lru_cache(maxsize=None)
def _inflect_word(word: str, tag: str, pos: str) -> str | None:
    low = word.lower()
    table = _table()
    form = table[(low, tag)] if (low, tag) in table else lemminflect_form(low, tag)
    if form is None:
        return None
    return form[0].upper() + form[1:] if word[:1].isupper() else form


def _inflect_head(phrase: str, tag: str, pos: str) -> str | None:
    head, sep, rest = phrase.partition(" ")
    form = _inflect_word(head, tag, pos)
    if form is None:
        return None
    return form + sep + rest


def inflections(spun: str, replacement: str, pos: str) -> dict[str, list[tuple[str, str]]]:
    """Map each inflected spun form to [(tag, inflected replacement), ...].

    A form can carry two readings (past tense and participle share "turned" but not "became").
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for tag in TAGS[pos]:
        s = _inflect_head(spun, tag, pos)
        r = _inflect_head(replacement, tag, pos)
        if s is None or r is None or s.lower() == spun.lower():
            continue
        readings = out.setdefault(s, [])
        if (tag, r) not in readings and all(rr != r for _, rr in readings) or not readings:
            readings.append((tag, r))
    return out
