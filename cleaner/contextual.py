"""Known stand-ins in contexts no rule names, decided by a trigram model, in spun documents only.

A rule such as "actual victory => real victory" or "uncooked => raw  before=materials" says that
the spinner puts "actual" for "real" and "uncooked" for "raw"; its context only says where the
rule's author was sure. In a document that already reads as spun, the same stand-in elsewhere
("the most lively volcanoes", "a free scorching lunch") is likely the same substitution, and the
trigram model (``cleaner.lm.trigrams``, two words on each side) can tell where the canonical word
reads far better than the stand-in between the same neighbours. Each candidate comes from the wordlists' own pairs
(``articles.word_map``: one-word rules, phrase rules that change one word, and the word pairs of
phrase rules that change two where another rule agrees), never from a
general thesaurus: the thesaurus proposes too many words for the model to choose among
(docs/generalise.md), the rules' pairs are few and are the spinner's.

What keeps it from touching clean words:

- only in a stretch whose document evidence is strong (``MIN_BOOST``);
- only a lower-case word, or a capitalised one that opens a sentence, that no other suggestion
  covers and that is not part of a hyphenated or apostrophe compound;
- not when the canonical word occurs in the stretch: the spinner replaces every occurrence, so
  a canonical word that is there is not what the stand-in replaced;
- only when the model prefers the canonical word by ``MIN_MARGIN`` (log10) or more;
- not where a rule for the word says it is genuine: its "not-near" condition holds ("officers"
  near "police" or "jail"; ``Cleaner.vetoes``).

Measured on 24 spun news articles written by helper agents (14,700 words; some rules had been
written from their leftovers, which flatters this), at a margin of 2:
188 right, 20 a stand-in put back as another word than the writer's, 3 genuine words changed;
on the seed and our own spun articles, 7 right and none wrong. The confidence rises with the
margin and the document evidence: a proposal is applied by default from a margin of about 2.95 in
a document far past the spun line, and offered for review below that. On the 220 press articles
spun with our list read backwards (benchmarks/bench_respin.py) it put back 836 stand-ins and
changed 59 genuine words. Those figures are the bigram model's; the trigram model that replaced it
(2026-11-28, evening) applies 36 right, 1 other and no genuine word by default on the dev set of
helper articles, where the bigram model applied 23, 0 and 2 (benchmarks/label_contextual.py).

Cost: nothing on clean text. In spun stretches, one automaton pass finds the stand-ins (``Finder``;
those commoner than ``MAX_FREQUENCY`` are left out), and each occurrence not already covered costs
four neighbour reads and, once per distinct context, a few trigram look-ups: about 0.3 s per 10 MB
of the mixed benchmark corpus with the bigram model, about 8 % of the whole run more with the trigram
model.
"""
from __future__ import annotations

import bisect
import math
import re
from typing import Sequence

from . import lm
from .casing import transfer_case
from .context import Context
from .lexicon import frequency
from .lm import END as lm_end
from .lm import START as lm_start
from .lm import _SENTENCE_END as lm_sentence_end
from .lm import normalise as lm_normal
from .matcher import wordish
from .spelling import variants as spelling_variants
from .suggestion import Suggestion, tier_for

MIN_BOOST = 1.0  # the stretch's document evidence (SpinEvidence.boost) needed at all
MIN_MARGIN = 2.0  # log10: the canonical word's chain between the neighbours against the stand-in's
# where the confidence turns: at full evidence (boost 4) a proposal is applied from a margin of ~2.95.
# Lowered from 3.0 on 2026-11-29 (eighth session). The proposals between the two lines are right
# about as often as the safe tier already is: on 20 helper articles written that session and never
# read, 0.7 points more error reduction and no more wrong edits; on the respin benchmark 201 more
# right for 30 more genuine words changed and 10 more wrong; sets 14b/14c +0.2/+0.5 points for 8
# more wrong edits each. At 2.5 the last step cost more than it gave (14b +0.5 points for 30 more
# wrong edits). Clean documents are not touched: the stage runs only where the evidence says spun.
SURE_MARGIN = 2.75
SLOPE = 1.5  # confidence: sigmoid(SLOPE * (margin - SURE_MARGIN) + BOOST_WEIGHT * boost + BIAS)
BOOST_WEIGHT = 0.4
BIAS = 0.3
MAX_CANDIDATES = 4
CHOICE_MARGIN = 1.0  # log10: how much better another of a rule's options must read than its first
# A stand-in commoner than this ("on", "have", "each", "work") is not looked at: none of them came
# out ahead by the margin on the test articles, and they are most of the occurrences to check
# (the commonest word put back there was "half", at 2.6e-4).
MAX_FREQUENCY = 3e-4
RULE = "context:ngram"
ORIGIN = "cleaner/contextual.py"

_WORD = re.compile(r"[a-z]+")
# a capitalised word at a sentence's start: after ., ! or ? and a space, or after a blank line
_OPENING = re.compile(r"(?:[.!?][\"'”’)]? +|\n[ \t]*\n[ \t]*)[\"“‘(]?([A-Z][a-z]+)(?![\w'’-])")
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


class Finder:
    """Where the stand-ins of a word map occur as whole words: in lower case, by one pass of an
    Aho-Corasick automaton (ahocorasick_rs) over the text as the phrase matcher reads it; with a
    capital, only where it opens a sentence (a capital elsewhere is most often a name)."""

    def __init__(self, word_map: dict[str, tuple[str, ...]], vetoes: dict[str, tuple] | None = None,
                 heads: dict[str, frozenset[str]] | None = None):
        import ahocorasick_rs

        self.word_map = word_map
        self.vetoes = vetoes or {}  # stand-in -> ((not-near condition, window), ...) of its rules
        self.heads = heads or {}  # stand-in -> first words of longer stand-ins ending in it
        # a stand-in commoner than MAX_FREQUENCY is never looked at, so it is not looked for
        self.words = sorted(w for w in word_map if frequency(w) <= MAX_FREQUENCY and wordish(w) == w)
        self.known = frozenset(self.words)
        self.ac = ahocorasick_rs.AhoCorasick([f" {w} " for w in self.words],
                                             matchkind=ahocorasick_rs.MatchKind.Standard,
                                             implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def hits(self, text: str, lo: int, hi: int) -> list[tuple[int, str]]:
        """(start, stand-in) of each occurrence in text[lo:hi], in order."""
        sub = " " + wordish(text[lo:hi]) + " "
        words = self.words
        # pattern i starts at the space before the word: sub[s] is text[lo + s - 1]
        # (a capital letter reads as a space: "Main" holds " ain", so the letter before is checked)
        out = [(lo + s, words[i]) for i, s, _ in self.ac.find_matches_as_indexes(sub, overlapping=True)
               if not (lo + s and text[lo + s - 1].isalpha())]
        # and a capitalised word that opens a sentence ("Talking to reporters, ..."), in lower case
        known = self.known
        for m in _OPENING.finditer(text, lo, hi):
            w = m.group(1).lower()
            if w in known:
                out.append((m.start(1), w))
        return sorted(out)


def suggest(text: str, taken: list[tuple[int, int]], stretches: list[tuple[int, int, float]],
            finder: Finder, fixed: Sequence[Suggestion] = ()) -> list[Suggestion]:
    """Proposals for known stand-ins outside ``taken`` (sorted spans of other suggestions), within
    ``stretches``: (start, end, document evidence boost) of the parts of the text that read as
    spun (those below ``MIN_BOOST`` are skipped). A canonical word counts as present when it occurs
    in the same stretch. A neighbour that one of the ``fixed`` suggestions (those that will be
    applied) replaces is read as its replacement: "well being programs" is weighed as "health
    programs"."""
    tri = lm.trigrams()
    word_map = finder.word_map
    out: list[Suggestion] = []
    starts = [a for a, _ in taken]
    scored: dict[tuple, tuple[float, int]] = {}  # (two words each side, stand-in, options) -> _best
    ends = {x.end: x.replacement for x in fixed}
    begins = {x.start: x.replacement for x in fixed}
    for lo, hi, boost in stretches:
        if boost < MIN_BOOST:
            continue
        hits = finder.hits(text, lo, hi)
        if not hits:
            continue
        words = set(_WORD.findall(text[lo:hi].lower()))
        allowed: dict[str, list[str] | None] = {}  # per stand-in: its candidates the stretch lacks
        for at, word in hits:
            options = allowed.get(word, False)
            if options is False:
                options = allowed[word] = [c for c in _agreeing(word, word_map[word][:MAX_CANDIDATES])
                                           if not any(x in words for x in c.split())] or None
            if options is None:
                continue
            e = at + len(word)
            k = bisect.bisect_right(starts, at) - 1
            if k >= 0 and taken[k][1] > at or k + 1 < len(taken) and taken[k + 1][0] < e:
                continue  # another suggestion covers it
            vetoes = finder.vetoes.get(word)
            if vetoes and _vetoed(text, at, e, vetoes):
                continue  # a rule for this word says it is genuine here ("officers" near "police")
            left = _fixed_left(text, at, lo, ends)
            if left is None:
                left, left2 = _left_words(text, at)
                if left in finder.heads.get(word, ()):
                    continue  # the tail of a longer stand-in ("site visitors"): its rule decides
            else:
                left, left2 = left[-1], (left[-2] if len(left) > 1 else None)
            right = _fixed_right(text, e, hi, begins)
            if right is None:
                right, right2 = _right_words(text, e)
            else:
                right, right2 = right[0], (right[1] if len(right) > 1 else None)
            key = (left2, left, word, right, right2, tuple(options))
            got = scored.get(key)
            if got is None:
                got = scored[key] = _best(tri, (left2, left), word, options, (right, right2))
            margin, best = got
            if margin < MIN_MARGIN:
                continue
            z = SLOPE * (margin - SURE_MARGIN) + BOOST_WEIGHT * boost + BIAS
            conf = 1 / (1 + math.exp(-z))
            seen = text[at:e]
            rep = transfer_case(seen, options[best])
            rest = tuple(transfer_case(seen, o) for o in options if o != options[best])
            out.append(Suggestion(
                at, e, seen, rep, conf, tier_for(conf), RULE, ORIGIN,
                f"“{seen}” stands in for “{rep}” elsewhere in the wordlists, and reads far worse here "
                f"(the trigram model favours “{rep}” by {margin:.1f} log10)", rest[:3]))
    return sorted(out, key=lambda x: x.start)


def _vetoed(text: str, start: int, end: int, vetoes: tuple) -> bool:
    """Whether one of a stand-in's "not-near" rule conditions ("not-near=police") holds at
    text[start:end]."""
    ctx = Context.around(text, start, end)
    return any(ctx.near(cond, window) for cond, window in vetoes)


def _agreeing(word: str, options: Sequence[str]) -> list[str]:
    """Options without the bare form of one that ends in -s when the stand-in does: "exhibits"
    stands for "shows" here, though a phrase rule ("figures exhibits" -> "figures show") pairs it
    with "show" too."""
    if not word.endswith("s") or word.endswith("ss"):
        return list(options)
    have = set(options)
    return [c for c in options if c + "s" not in have and c + "es" not in have]


def _fixed_left(text: str, at: int, lo: int, ends: dict[int, str]) -> list[str] | None:
    """The words of the replacement of a fix that ends just before ``at`` (spaces between)."""
    j = at
    while j > lo and text[j - 1] == " ":
        j -= 1
    rep = ends.get(j) if j < at else None
    # words as _left_word reads them: "Podgorica-based" ends in "based"
    return [lm_normal(w) for w in _WORDS.findall(rep)] if rep and rep[-1].isalpha() else None


def _fixed_right(text: str, e: int, hi: int, begins: dict[int, str]) -> list[str] | None:
    """The words of the replacement of a fix that starts just after ``e`` (spaces between)."""
    j = e
    while j < hi and text[j] == " ":
        j += 1
    rep = begins.get(j) if j > e else None
    return [lm_normal(w) for w in _WORDS.findall(rep)] if rep and rep[0].isalpha() else None


def _left_words(text: str, at: int) -> tuple[str, str | None]:
    """The word before ``at`` and the one before it, as :func:`_left_word` reads them (the second is
    None after a sentence start)."""
    first, start = _left_span(text, at)
    return first, (None if first == lm_start else _left_span(text, start)[0])


def _right_words(text: str, at: int) -> tuple[str | None, str | None]:
    """The token after ``at`` and the one after it, as :func:`_right_word` reads them (the second is
    None after the sentence end or anything that is not a word)."""
    first, end = _right_span(text, at)
    if first is None or first == lm_end:
        return first, None
    return first, _right_span(text, end)[0]


def _left_word(text: str, at: int) -> str:
    """The word before ``at`` as ``lm.compare`` reads it: lower case, or the sentence start when
    punctuation comes first."""
    return _left_span(text, at)[0]


def _right_word(text: str, at: int) -> str | None:
    """The token after ``at`` as ``lm.compare`` reads it: a word, the sentence end, or None."""
    return _right_span(text, at)[0]


def _left_span(text: str, at: int) -> tuple[str, int]:
    """(word, its start) before ``at``, or (sentence start, ``at``) when punctuation comes first."""
    k = at - 1
    while k >= 0 and text[k] in " \t\r\n":
        k -= 1
    if k < 0 or not text[k].isalnum():
        return lm_start, at
    j = k
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_" or text[j - 1] in "'’" and j > 1 and text[j - 2].isalnum()):
        j -= 1
    return lm_normal(text[j:k + 1]), j


def _right_span(text: str, at: int) -> tuple[str | None, int]:
    """(token, its end) after ``at``: a word, the sentence end, or None for other punctuation."""
    m = _TOKEN.match(text, at + len(text[at:at + 8]) - len(text[at:at + 8].lstrip()))
    if m is None:
        return None, at
    tok = m.group()
    if tok in lm_sentence_end:
        return lm_end, m.end()
    return (lm_normal(tok) if tok[0].isalnum() else None), m.end()


def prefer(text: str, start: int, end: int, word: str, options: Sequence[str]) -> tuple[float, int]:
    """(margin, index) of the option the trigram model reads best in place of text[start:end],
    between the two words on each side, against ``word`` there (see :func:`_best`)."""
    return _best(lm.trigrams(), _left_words(text, start)[::-1], word, list(options), _right_words(text, end))


def choose(text: str, start: int, end: int, options: Sequence[str]) -> int:
    """Which of a rule's ``options`` for text[start:end] the trigram model reads best between the two
    words on each side: its index when it beats the first (the wordlists' own order) by at least
    ``CHOICE_MARGIN`` log10, else 0. "assist the team" -> "help", "financial assist" -> "aid"."""
    if len(options) < 2:
        return 0
    margin, best = prefer(text, start, end, options[0], options[1:])
    return best + 1 if margin >= CHOICE_MARGIN else 0


def _best(tri: lm.TrigramTable, left: tuple[str | None, str], word: str, options: list[str],
          right: tuple[str | None, str | None]) -> tuple[float, int]:
    """(margin, index) of the option the trigram model likes best between the two words on each
    side, against ``word``: each is scored as the chain left words → candidate words → right words."""
    def chain(ws: list[str]) -> float:
        seq = [*left, *ws, *right]
        total = 0.0
        for i in range(2, len(seq)):
            w, h1, h2 = seq[i], seq[i - 1], seq[i - 2]
            if w is None:
                break
            if h2 is None or h1 == lm_start:
                total += tri.bigram(h1, w)
            else:
                total += tri.logprob(h2, h1, w)
            if w == lm_end:
                break
        return total

    # a rule's first option may be a phrase; a word in the other spelling ("authorised") is weighed
    # as its best-known form, since the model's counts hold mostly one spelling
    forms = (word, *sorted(spelling_variants(word.lower()))) if " " not in word else (word,)
    base = max(chain([lm_normal(x) for x in f.split()]) for f in forms)
    scores = [chain([lm_normal(x) for x in o.split()]) for o in options]
    best = max(range(len(scores)), key=scores.__getitem__)
    return scores[best] - base, best
