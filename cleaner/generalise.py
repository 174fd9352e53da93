"""Repairs no wordlist names: an inverse thesaurus proposes, context statistics and the document decide.

In a document that already reads as spun, every word is a suspect: the spinner swapped common
words for context-free synonyms. For a word W, the inverse thesaurus (``cleaner.thesaurus``, from
WordNet) lists the frequent words that have W as a synonym: the words the spinner may have
replaced. Each candidate C is weighed on three kinds of evidence:

- the document: the spinner replaces *every* occurrence, so a C that occurs elsewhere in the
  document is not what W stands for;
- context statistics (``cleaner.lm``): how much likelier "... C ..." is than "... W ..." given the
  words around it ("the Center East" < "the Middle East", "within the area" < "in the region");
- frequency: a stand-in is usually rarer than the word it replaced.

Only the few positions a thesaurus entry fires on are scored, and only in spun documents, so clean
text costs nothing.

Measured (docs/generalise.md, "What did not work"): on the seed and the hand-made dev pair, 12 of
2,072 thesaurus candidates are the original word, and the bigram model's context scores do not
separate them from the rest at any threshold. So the stage is off by default (``--generalise``
turns it on) and its proposals are capped at the display tier: reported, never applied.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

from .casing import transfer_case
from .evidence import SpinEvidence
from .lexicon import frequency
from .suggestion import Suggestion, tier_for

RULE = "generalise:thesaurus"
ORIGIN = "cleaner/data/thesaurus.tsv"
MIN_BOOST = 1.0  # document evidence needed before any word is a suspect
MAX_CANDIDATES = 8
# confidence = sigmoid(SLOPE * (margin - MARGIN0) + DOC_WEIGHT * boost + freq term); margin in log10
SLOPE = 2.2
MARGIN0 = 1.2
DOC_WEIGHT = 0.5
FREQ_WEIGHT = 0.35
MAX_CONFIDENCE = 0.59  # display tier: a proposal for a person to judge, never applied

_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_START = frozenset('.!?"“‘(:;')


def suggest(text: str, spin: SpinEvidence, taken: Iterable[tuple[int, int]]) -> list[Suggestion]:
    """Suggestions for words no rule matched, in a document that reads as spun (else none)."""
    if spin.boost < MIN_BOOST:
        return []
    from . import lm, thesaurus

    tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    lower = [t[2].lower().replace("’", "'") for t in tokens]
    doc = Counter(lower)
    spans = sorted(taken)
    out: list[Suggestion] = []
    j = 0
    for i, (s, e, word) in enumerate(tokens):
        while j < len(spans) and spans[j][1] <= s:
            j += 1
        if j < len(spans) and spans[j][0] < e:
            continue  # a wordlist rule already covers it
        w = lower[i]
        if len(w) < 3 or (word[0].isupper() and not _starts_sentence(text, s)):
            continue  # short function words and proper nouns stay
        cands = [c for c in thesaurus.sources(w) if c != w and not any(doc.get(x, 0) for x in c.split())]
        if not cands:
            continue
        cands = cands[:MAX_CANDIDATES]
        left = lower[max(0, i - 2):i]
        right = lower[i + 1:i + 3]
        scores = lm.compare(left, [w] + cands, right)
        best = max(range(1, len(scores)), key=lambda k: scores[k])
        margin = scores[best] - scores[0]
        if margin <= 0:
            continue
        cand = cands[best - 1]
        fw, fc = frequency(w), frequency(cand)
        freq_term = FREQ_WEIGHT * (math.log10(fc / fw) if fw > 0 and fc > 0 else 0.0)
        z = SLOPE * (margin - MARGIN0) + DOC_WEIGHT * spin.boost + freq_term
        confidence = min(MAX_CONFIDENCE, 1 / (1 + math.exp(-z)))
        others = sorted(range(1, len(scores)), key=lambda k: -scores[k])
        alts = tuple(transfer_case(word, cands[k - 1]) for k in others if k != best)[:3]
        rep = transfer_case(word, cand)
        out.append(Suggestion(
            start=s, end=e, original=word, replacement=rep, confidence=confidence,
            applicability=tier_for(confidence), rule=RULE, origin=ORIGIN,
            message=f"“{word}” may be a spun synonym of “{rep}” (context favours it by {margin:.1f} log10)",
            alternatives=alts,
        ))
    return out


def _starts_sentence(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in _SENTENCE_START or text[k] == "\n"
