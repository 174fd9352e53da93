"""Known stand-ins in contexts no rule names, decided by the bigram model, in spun documents only.

A rule such as "actual victory => real victory" or "uncooked => raw  before=materials" says that
the spinner puts "actual" for "real" and "uncooked" for "raw"; its context only says where the
rule's author was sure. In a document that already reads as spun, the same stand-in elsewhere
("the most lively volcanoes", "a free scorching lunch") is likely the same substitution, and the
bigram model (``cleaner.lm``) can tell where the canonical word reads far better than the stand-in
between the same neighbours. Each candidate comes from the wordlists' own pairs
(``articles.word_map``: one-word rules, and phrase rules that change one word), never from a
general thesaurus: the thesaurus proposes too many words for the model to choose among
(docs/generalise.md), the rules' pairs are few and are the spinner's.

What keeps it from touching clean words:

- only in a stretch whose document evidence is strong (``MIN_BOOST``);
- only a lower-case word no other suggestion covers, not part of a hyphenated or apostrophe
  compound;
- not when the canonical word occurs in the document: the spinner replaces every occurrence, so
  a canonical word that is there is not what the stand-in replaced;
- only when the model prefers the canonical word by ``MIN_MARGIN`` (log10) or more.

Measured on 24 spun news articles written by helper agents (14,700 words), at a margin of 2:
188 right, 20 a stand-in put back as another word than the writer's, 3 genuine words changed;
on the seed and our own spun articles, 7 right and none wrong. The confidence rises with the
margin and the document evidence; most proposals land in the review tier.
"""
from __future__ import annotations

import bisect
import math
import re
from .casing import transfer_case
from .lm import END as lm_end
from .lm import START as lm_start
from .lm import _SENTENCE_END as lm_sentence_end
from .lm import normalise as lm_normal
from .suggestion import Suggestion, tier_for

MIN_BOOST = 1.0  # the stretch's document evidence (SpinEvidence.boost) needed at all
MIN_MARGIN = 2.0  # log10: the canonical word's chain between the neighbours against the stand-in's
SURE_MARGIN = 3.0  # ... from which, in a document far past the spun line, a proposal is applied
SLOPE = 1.5  # confidence: sigmoid(SLOPE * (margin - SURE_MARGIN) + BOOST_WEIGHT * boost + BIAS)
BOOST_WEIGHT = 0.4
BIAS = 0.3
MAX_CANDIDATES = 4
RULE = "context:bigram"
ORIGIN = "cleaner/contextual.py"

_WORD = re.compile(r"[a-z]+")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_JOINERS = "-'’"


def suggest(text: str, taken: list[tuple[int, int]], stretches: list[tuple[int, int, float]],
            word_map: dict[str, tuple[str, ...]]) -> list[Suggestion]:
    """Proposals for known stand-ins outside ``taken`` (sorted spans of other suggestions), within
    ``stretches``: (start, end, document evidence boost) of the parts of the text that read as
    spun (those below ``MIN_BOOST`` are skipped). A canonical word counts as present when it occurs
    in the same stretch."""
    from . import lm

    model = lm.model()
    out: list[Suggestion] = []
    n = len(text)
    starts = [a for a, _ in taken]
    scored: dict[tuple, tuple[float, int]] = {}  # (left word, stand-in, right word, options) -> _best
    for lo, hi, boost in stretches:
        if boost < MIN_BOOST:
            continue
        words = set(_WORD.findall(text[lo:hi].lower()))
        # the stand-ins the rules know that occur here (in lower case; a capital is a name or a
        # sentence start), each with its candidates the stretch lacks
        for word in sorted(words & word_map.keys()):
            options = [c for c in word_map[word][:MAX_CANDIDATES] if not any(x in words for x in c.split())]
            if not options:
                continue
            size = len(word)
            s = text.find(word, lo, hi)
            while s >= 0:
                e = s + size
                at, s = s, text.find(word, e, hi)
                if at and (text[at - 1] in _JOINERS or text[at - 1].isalnum()) or e < n and (
                        text[e] in _JOINERS or text[e].isalnum()):
                    continue  # inside a longer token: "internationally-recognised", "O'Neill", "mainly"
                k = bisect.bisect_right(starts, at) - 1
                if k >= 0 and taken[k][1] > at or k + 1 < len(taken) and taken[k + 1][0] < e:
                    continue  # another suggestion covers it
                left, right = _left_word(text, at), _right_word(text, e)
                key = (left, word, right, tuple(options))
                got = scored.get(key)
                if got is None:
                    got = scored[key] = _best(model, left, word, options, right)
                margin, best = got
                if margin < MIN_MARGIN:
                    continue
                z = SLOPE * (margin - SURE_MARGIN) + BOOST_WEIGHT * boost + BIAS
                conf = 1 / (1 + math.exp(-z))
                rep = transfer_case(word, options[best])
                rest = tuple(transfer_case(word, o) for o in options if o != options[best])
                out.append(Suggestion(
                    at, e, word, rep, conf, tier_for(conf), RULE, ORIGIN,
                    f"“{word}” stands in for “{rep}” elsewhere in the wordlists, and reads far worse here "
                    f"(the bigram model favours “{rep}” by {margin:.1f} log10)", rest[:3]))
    return sorted(out, key=lambda x: x.start)


def _left_word(text: str, at: int) -> str:
    """The word before ``at`` as ``lm.compare`` reads it: lower case, or the sentence start when
    punctuation comes first."""
    k = at - 1
    while k >= 0 and text[k] in " \t\r\n":
        k -= 1
    if k < 0 or not text[k].isalnum():
        return lm_start
    j = k
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_" or text[j - 1] in "'’" and j > 1 and text[j - 2].isalnum()):
        j -= 1
    return lm_normal(text[j:k + 1])


def _right_word(text: str, at: int) -> str | None:
    """The token after ``at`` as ``lm.compare`` reads it: a word, the sentence end, or None."""
    m = _TOKEN.match(text, at + len(text[at:at + 8]) - len(text[at:at + 8].lstrip()))
    if m is None:
        return None
    tok = m.group()
    if tok in lm_sentence_end:
        return lm_end
    return lm_normal(tok) if tok[0].isalnum() else None


def _best(model, left: str, word: str, options: list[str], right: str | None) -> tuple[float, int]:
    """(margin, index) of the option the bigram model likes best between ``left`` and ``right``
    (``lm.compare`` for one-word candidates), against ``word``."""
    def chain(w: str) -> float:
        return model.logprob(left, w) + (model.logprob(w, right) if right is not None else 0.0)

    base = chain(lm_normal(word))
    scores = [chain(lm_normal(o)) for o in options]
    best = max(range(len(scores)), key=scores.__getitem__)
    return scores[best] - base, best
