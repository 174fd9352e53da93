"""The pipeline: normalise -> detect -> weigh the document -> decide. Pure: text in, suggestions out."""
from __future__ import annotations

import bisect
import math
import os
import re
import sys
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple, Sequence

import regex

try:  # the standard library's regular-expression parser, read by needles()
    import re._parser as _sre_parse
    import re._constants as _sre
except ImportError:  # Python < 3.11
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

from . import articles, cache, contextual, normalise, spintax
from .apply import SPAN, apply_suggestions, select
from .casing import transfer_case
from .context import Context, word_in, next_token, previous_token
from .evidence import SEGMENT_WORDS, SpinEvidence, assess, count_words, occurrence_weight, stretches
from .fuzzy import TokenRepairer
from .lexicon import frequency
from .matcher import PhraseMatcher, Variant, fold
from .morph import PARTICIPLE_CUES
from .spelling import respell, respellable, spelling_of
from .spelling import variants as spelling_variants
from .suggestion import SAFE_THRESHOLD, Applicability, Suggestion, tier_for
from .wordlist import Rule, Wordlist, bundled_paths, load, phrase_key, wordlist_files

# How much a canonical form already present in the document counts against a rule (the spinner
# replaces every occurrence), and at most how much its absence counts for one, when English of
# this length would be expected to hold it.
PRESENT_PENALTY = 1.6
ABSENT_BONUS = 1.0
# a review-tier suggestion of a word is applied where another occurrence of the same word with the
# same replacement is applied anyway, in a stretch with at least this much evidence (_consistent)
CONSISTENT_BOOST = 1.0
# _propagate: how much likelier (log10, trigram model, two words each side) a sure fix's replacement
# must read than the stand-in at another occurrence, and the confidence given there
PROPAGATE_MARGIN = 1.0
PROPAGATE_CONFIDENCE = 0.95
# where several of a word's replacements fit the article before it, the trigram model's favourite
# (two words each side) is put first when it reads this much better (log10) than the wordlists'
# first ("a analysis institute" -> "a research institute", not "a diagnosis institute"); the bigram
# model with the article and the next word decided until 2026-11-29 (ninth session): set 14b 3 fewer
# wrong edits, the other sets and the respin benchmark unchanged
ARTICLE_CHOICE_MARGIN = 2.0
# A display-tier rule can rise to review with document evidence, never to safe.
DISPLAY_CEILING = 0.89
# After a fix, rules are checked again within RECHECK_NEAR characters of it; the window read around
# it is wider than that plus the reach of a context condition, so conditions see what a full pass sees.
RECHECK_NEAR = 200
SPINTAX_CONFIDENCE = 0.9
SPINTAX_CAP = 0.85  # below the safe threshold: review tier at most
RECHECK_WINDOW = 400
# A user's regular-expression rule may take this long (seconds) on one text before it is skipped.
REGEX_TIMEOUT = 2.0
FORM_PENALTY = {"base": 0.0, "inflected": 0.2, "spelling": 0.3}
FUZZY_PENALTY = 0.3
FUZZY_EDIT_PENALTY = 1.2


_UNREAD = object()  # a neighbouring token not read yet


class Candidate(NamedTuple):
    """A phrase match whose rule's conditions hold (a tuple: one is made per match, so it must be cheap)."""

    start: int
    end: int
    variant: Variant
    replacements: tuple[str, ...]
    fuzzy_edits: int | None = None  # None: exact match; else edits made to a damaged token


@dataclass
class Analysis:
    """What the engine found in one text: its suggestions (all tiers) and the spin evidence."""

    text: str
    suggestions: list[Suggestion]
    spin: SpinEvidence
    starts_off: bool = False  # the text began inside a "cleaner: off" region (an earlier chunk opened it)
    ends_off: bool = False  # ... and ends inside one, which the next chunk of the file continues
    # A long text that reads as several documents (some spun, some clean) is weighed stretch by
    # stretch: (start, end, evidence) covering the text in order; None when ``spin`` holds throughout.
    parts: list[tuple[int, int, SpinEvidence]] | None = None
    spelling: str | None = None  # the text's spelling (spelling.BRITISH / AMERICAN) when it shows one

    def fixed(self, unsafe: bool = False) -> str:
        return apply_suggestions(self.text, select(self.suggestions, unsafe))


@dataclass
class Cleaner:
    """A reusable engine built once from wordlists. Picklable, so worker processes can share it."""

    rules: list[Rule]
    fuzzy: bool = True
    normalise: bool = True
    ocr: bool = False  # the OCR post-correction stage (cleaner.ocr), off unless asked for
    generalise: bool = False  # experimental: thesaurus proposals for words no rule names (display tier only)

    def __post_init__(self) -> None:
        self._parts: tuple[PhraseMatcher, TokenRepairer] | None = None
        self._patterns: list = []  # (rule, compiled, needle gate) for regular-expression rules, set by prepare()
        self._gated: dict[str, list[int]] = {}  # needle -> indexes of the patterns that need it
        self._ungated: list[int] = []  # patterns with no needle: run on every text
        self._timed_out: set[int] = set()  # regular-expression rules that ran out of time
        self._word_map: dict[str, tuple[str, ...]] | None = None  # see articles.word_map
        self._vetoes: dict[str, tuple] | None = None  # see vetoes
        self._heads: dict[str, frozenset[str]] | None = None  # see heads
        self._finder: contextual.Finder | None = None  # built on first use in a spun text

    def prepare(self) -> "Cleaner":
        """Build the matcher (about a second for the bundled lists); done on first use otherwise."""
        if self._parts is None:
            made_from = _rules_digest(self.rules)
            got = cache.get("matcher", made_from)
            if isinstance(got, tuple) and len(got) == 5:
                # the rules come back with the matcher, so that its variants point at these rules
                rules, self._parts, self._patterns, self._gated, self._ungated = got
                if isinstance(self.rules, list):
                    self.rules[:] = rules
                else:
                    self.rules = rules
                return self
            # the canonical phrases of ambiguous rules, which the document evidence counts (a
            # regular expression's too when its replacement is literal text: "had been" -> "were")
            canonical = {phrase_key(r.replacement) for r in self.rules
                         if r.tier is not Applicability.SAFE and (r.pattern is None or "\\" not in r.replacement)}
            self._patterns = [(r, regex.compile(r.pattern), _gate(needles(r.pattern))) for r in self.rules
                              if r.pattern is not None]
            gates = {n for _, _, gate in self._patterns for n in gate}
            # needle -> the patterns (by index) that need it; a pattern with none runs on every text
            self._gated = {}
            for i, (_, _, gate) in enumerate(self._patterns):
                for n in gate:
                    self._gated.setdefault(n, []).append(i)
            self._ungated = [i for i, (_, _, gate) in enumerate(self._patterns) if not gate]
            matcher = PhraseMatcher.build(self.rules, spelling_variants, canonical, gates)
            vocab = {w for key in matcher.variants for w in key.split(" ")}
            self._parts = (matcher, TokenRepairer(vocab))
            cache.put("matcher", made_from, (self.rules, self._parts, self._patterns, self._gated, self._ungated))
        return self

    @property
    def matcher(self) -> PhraseMatcher:
        return self.prepare()._parts[0]

    @property
    def word_map(self) -> dict[str, tuple[str, ...]]:
        """Each one-word stand-in the rules know, with the words they put back for it (built on
        first use; see articles.word_map)."""
        if self._word_map is None:
            self._word_map = articles.word_map(
                (key, v.replacements, v.rule) for key, vs in self.matcher.variants.items() for v in vs)
        return self._word_map

    @property
    def vetoes(self) -> dict[str, tuple]:
        """Each one-word stand-in with the "not-near" conditions of its rules ("officers": not near
        "police", "prison" ...): where one holds, the rules' authors said the word is genuine, and
        the contextual stage leaves it too. (Their "not-after"/"not-before" conditions guard one
        phrase's neighbour; as vetoes they cost 31 right fixes of 804 on three helper-spun sets
        and saved no wrong one.)"""
        if self._vetoes is None:
            out: dict[str, list] = {}
            for key, vs in self.matcher.variants.items():
                if " " in key:
                    continue
                for v in vs:
                    for c in v.rule.conditions:
                        if c.negated and c.side == "near" and (c, v.rule.window) not in out.get(key, ()):
                            out.setdefault(key, []).append((c, v.rule.window))
            self._vetoes = {k: tuple(v) for k, v in out.items()}
        return self._vetoes

    @property
    def heads(self) -> dict[str, frozenset[str]]:
        """Each one-word stand-in with the words that open a longer stand-in ending in it ("site"
        of "site visitors", "chief" of "chief govt"): after one of those the word is part of that
        phrase, whose own rule decides it, and a one-word fix would leave half a stand-in ("Site
        traffic", "chief government")."""
        if self._heads is None:
            words = self.word_map
            out: dict[str, set[str]] = {}
            for key, vs in self.matcher.variants.items():
                parts = key.split(" ")
                # only where the phrase goes as a whole: "a lot extra" -> "a lot more" keeps "lot",
                # so "extra" after "lot" is still a word of its own
                if len(parts) > 1 and parts[-1] in words and not any(
                        parts[-2] in r.lower().split(" ") for v in vs for r in v.replacements):
                    out.setdefault(parts[-1], set()).add(parts[-2])
            self._heads = {k: frozenset(v) for k, v in out.items()}
        return self._heads

    @property
    def repairer(self) -> TokenRepairer:
        return self.prepare()._parts[1]

    @classmethod
    def from_wordlists(
        cls,
        paths: Iterable[str | os.PathLike] = (),
        *,
        bundled: bool = True,
        wordlists: Sequence[Wordlist] = (),
        exclude: Iterable[str] = (),
        **options,
    ) -> "Cleaner":
        lists = [load(p) for p in bundled_paths()] if bundled else []
        lists += [load(p) for p in wordlist_files(paths)]
        lists += list(wordlists)
        skip = {phrase_key(x) for x in exclude}
        rules = [r for wl in lists for r in wl.rules if r.key not in skip]
        return cls(rules, **options)

    def __getstate__(self):
        return {"rules": self.rules, "fuzzy": self.fuzzy, "normalise": self.normalise, "ocr": self.ocr,
                "generalise": self.generalise}

    def __setstate__(self, state):
        self.__init__(**state)

    # ------------------------------------------------------------------ public

    def analyse(self, text: str, off: bool = False) -> Analysis:
        """Every suggestion for ``text`` (all tiers), with its document's spin evidence.

        ``off``: the text continues a "cleaner: off" region opened before it (the previous chunk
        of a file ended inside one; see :func:`directive_spans`)."""
        norm = normalise.suggest(text) if self.normalise else []
        work = apply_suggestions(text, norm) if norm else text
        canonical: list[tuple[int, str]] = []
        candidates = self._detect(work, canonical)
        leftovers = spintax.find(work)
        items, at = _evidence_items(candidates, work)
        for x in leftovers:
            items.append(("{" + "|".join(x.options) + "}", "", Applicability.SAFE))
            at.append(x.start)
        spans = [(c.start, c.end) for c in candidates]
        spin = assess(items, canonical, count_words(work), spans)
        parts = _parts(work, items, at, canonical, spans, spin.words) if spin.words > SEGMENT_WORDS else None
        spin_at = _spin_at(spin, parts)
        memo: dict = {}
        # replacements are written in the document's spelling ("centre-left" in a British article)
        spelling = spelling_of(_outside_spans(work, spans)) if any(
            respellable(c.replacements[0]) for c in candidates) else None
        found = [self._decide(work, c, spin_at(c.start), memo, spelling) for c in candidates]
        if leftovers:
            found = _merge([_leftover(work, x, spin_at(x.start)) for x in leftovers], found)
        found = self._articles(work, found, spin_at)
        spun = [(a, b, ev.boost) for a, b, ev in parts] if parts else [(0, len(work), spin.boost)]
        if any(boost >= contextual.MIN_BOOST for _, _, boost in spun):
            if self._finder is None:
                self._finder = contextual.Finder(self.word_map, self.vetoes, self.heads)
            extra = contextual.suggest(work, [(x.start, x.end) for x in found], spun, self._finder,
                                           [x for x in found if x.applicability is Applicability.SAFE])
            if extra:
                found = sorted(found + extra, key=SPAN)
            found = _consistent(found, spin_at)
            found = _propagate(work, found, spun, self._finder)
        found = _article_agreement(work, found, self.word_map)
        if self.generalise:
            from . import generalise

            found = _merge(found, generalise.suggest(work, spin, [(s.start, s.end) for s in found]))
        if self.ocr:
            from .ocr import suggest as ocr_suggest

            found = _merge(found, ocr_suggest(work))
        if norm:
            found = _map_back(text, work, norm, found)
            if parts:
                parts = _parts_back(norm, parts)
        found = sorted(norm + found, key=SPAN)
        quiet, ends_off = directive_spans(text, off)
        return Analysis(text, _outside(found, quiet), spin, off, ends_off, parts, spelling)

    def suggest(self, text: str) -> list[Suggestion]:
        return self.analyse(text).suggestions

    def fix(self, text: str, unsafe: bool = False) -> str:
        return self.settle(self.analyse(text), unsafe)

    def settle(self, analysis: Analysis, unsafe: bool = False, max_passes: int = 4) -> str:
        """Apply ``analysis`` and re-check around each change until nothing more applies.

        A fix can give a neighbouring rule the context it waited for ("file excessive decide" ->
        "record high decide" -> "record high judge"), so fixing once must include those too, or
        fixing twice would differ from fixing once. Only the neighbourhood of each change is
        checked again, with the document evidence of the first pass.
        """
        text = analysis.text
        chosen = select(analysis.suggestions, unsafe)
        produced: list[tuple[int, int]] = []  # where the replacements made so far sit in ``text``
        parts = analysis.parts
        # directives are looked for again only in a text that holds one (or that a fix gave one)
        directed = analysis.starts_off or _may_direct(text)
        for _ in range(max_passes):
            if not chosen:
                break
            text, edits = _apply_tracking(text, chosen)
            changed = [(a, b) for _, _, a, b in edits]
            produced = sorted(_carry(produced, edits) + changed)
            if parts:
                parts = _carry_parts(parts, edits, len(text))
            found = self._recheck(text, changed, _spin_at(analysis.spin, parts), produced, analysis.spelling)
            directed = directed or any(_may_direct(x.replacement) for x in chosen)
            quiet = directive_spans(text, analysis.starts_off)[0] if directed else []
            chosen = select(_outside(found, quiet), unsafe)
        return text

    def _recheck(self, text: str, changed: list[tuple[int, int]], spin_at: Callable[[int], SpinEvidence],
                 produced: list[tuple[int, int]] = (), spelling: str | None = None) -> list[Suggestion]:
        """Rules that now apply near the ``changed`` spans, decided with the evidence ``spin_at``
        their offset. Text a fix wrote (``produced``) is never spun again: "natural disasters"
        written for "pure disasters" is not then read as "disasters" standing in for "crises".
        A rule that reads a fix's text in a longer phrase still applies ("as a lot as" -> "as much
        as" -> "up to"): a second run would apply it to the same text, and fixing twice must equal
        fixing once."""
        out: list[Suggestion] = []
        starts = [a for a, _ in changed]  # sorted, non-overlapping
        made = [a for a, _ in produced]
        memo: dict = {}
        for lo, hi in _windows(changed, len(text), RECHECK_WINDOW):
            sub = text[lo:hi]
            for c in self._detect(sub):
                s, e = c.start + lo, c.end + lo
                i = bisect.bisect_right(starts, e + RECHECK_NEAR) - 1
                if i < 0 or changed[i][1] + RECHECK_NEAR < s:
                    continue  # far from every change: its context has not moved
                if c.variant.context_free:
                    j = bisect.bisect_right(starts, e) - 1  # the last change starting before e
                    if j < 0 or changed[j][1] < s:
                        # a rule that ignores context, on text no change touched: the first pass
                        # decided it the same way (applied, or not, with no applied fix in its way)
                        continue
                k = bisect.bisect_right(made, s) - 1
                if k >= 0 and produced[k][1] >= e:
                    continue  # inside the text of an earlier fix
                out.append(self._decide(text, c._replace(start=s, end=e), spin_at(s), memo, spelling))
        return _article_agreement(text, out, self.word_map)

    def _articles(self, text: str, found: list[Suggestion], spin_at: Callable[[int], SpinEvidence]
                  ) -> list[Suggestion]:
        """Weigh the words that follow an article of the wrong sound ("an try", "a actual"): see
        :mod:`cleaner.articles`. ``found`` is sorted by start; so is what is returned."""
        hits = list(articles.mismatches(text))
        if not hits:
            return found
        out = list(found)
        starts = [x.start for x in found]
        extra: list[Suggestion] = []
        for article, s, e in hits:
            i = bisect.bisect_right(starts, s) - 1
            if i >= 0 and found[i].end > s:  # a suggestion covers the word
                sug = found[i]
                if sug.start != s:
                    continue  # a phrase rule that takes in the article too ("an try" -> "an attempt")
                options = (sug.replacement,) + sug.alternatives
                good = [r for r in options if articles.agrees(article, r)] or [
                    transfer_case(sug.original, r) for r in self.word_map.get(sug.original.lower(), ())
                    if articles.agrees(article, r)]
                if not good:
                    continue
                conf = _shifted(sug.confidence, articles.ARTICLE_BONUS)
                rest = tuple(r for r in options if r != good[0])
                out[i] = Suggestion(sug.start, sug.end, sug.original, good[0], conf, tier_for(conf), sug.rule,
                                    sug.origin, sug.message, rest)
                continue
            word = text[s:e]
            good = [r for r in self.word_map.get(word, ()) if articles.agrees(article, r)]
            if not good:
                continue
            if len(good) > 1:  # several fit the article: the trigram model may prefer another
                margin, top = contextual.prefer(text, s, e, good[0].lower(), [g.lower() for g in good[1:]])
                if margin >= ARTICLE_CHOICE_MARGIN:  # else the wordlists' order stands
                    good.insert(0, good.pop(top + 1))
            z = math.log(articles.BASE_CONFIDENCE / (1 - articles.BASE_CONFIDENCE)) + spin_at(s).boost
            conf = 1 / (1 + math.exp(-z))
            extra.append(Suggestion(
                s, e, word, good[0], conf, tier_for(conf), articles.RULE, articles.ORIGIN,
                f"“{article} {word}”: the article was written for another word; “{good[0]}” fits it",
                tuple(good[1:4])))
        return sorted(out + extra, key=SPAN) if extra else out

    # ------------------------------------------------------------------ detect

    def _detect(self, text: str, canonical: list[tuple[int, str]] | None = None) -> list[Candidate]:
        """Candidates in ``text``; canonical phrases found on the way are added to ``canonical``."""
        found: list[Candidate] = []
        present: dict[str, list[tuple[int, int]]] = {}  # needles of regular-expression rules found in the text, and where
        lowered = self.matcher.find(text, self._acceptor(text, found), canonical, present)
        if self.fuzzy:
            found = self._fuzzy(text, found, lowered)
        if self._patterns:
            found = self._regex(text, found, present)
        return found

    def _regex(self, text: str, found: list[Candidate], present: dict[str, list[tuple[int, int]]]) -> list[Candidate]:
        """Matches of the user's regular-expression rules that no phrase match overlaps.

        A rule whose pattern needs a literal the text lacks is not run (``needles``; the matcher's
        one automaton pass reports which are ``present``, and where); one that has such literals
        runs only on the text around them (``_regex_windows``), so a pattern the regex engine
        must try at every position ("\\b([A-Za-z]+)-12 months") costs nothing on the rest of a
        long text. Each rule has a time limit per text, so a pattern that backtracks
        catastrophically is dropped (with a warning naming its line) instead of hanging the run."""
        due = set(self._ungated)
        for g in present:
            due.update(self._gated.get(g, ()))
        if not due:
            return found
        taken = sorted((c.start, c.end) for c in found)
        phrases = {(c.start, c.end): c for c in found}  # phrase matches by span (they do not overlap)
        extra: list[Candidate] = []
        patterns = self._patterns
        for i in sorted(due):
            rule, rx, gate = patterns[i]
            if id(rule) in self._timed_out:
                continue
            if gate:
                where = sorted(span for g in gate for span in present.get(g, ()))
                if not where:
                    continue  # none of the strings the pattern needs is in the text
                spans = _regex_windows(text, where)
            else:
                spans = [(0, len(text))]
            deadline = time.monotonic() + REGEX_TIMEOUT
            try:
                for lo, hi in spans:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError
                    for m in rx.finditer(text, lo, hi, timeout=left):
                        s, e = m.span()
                        if s == e:
                            continue
                        # the spans already taken that overlap s..e: a contiguous run, as none overlap
                        j0 = bisect.bisect_left(taken, (s, s))
                        if j0 and taken[j0 - 1][1] > s:
                            j0 -= 1
                        j1 = bisect.bisect_left(taken, (e, e), j0)
                        inside = [phrases.get(t) for t in taken[j0:j1]]
                        # the expression wins over phrase matches only where it holds each of them
                        # inside it and is at least as sure a rule ("Islamic Nation" over "nation",
                        # "convey shoppers back" over "convey")
                        if inside and not all(c is not None and s <= c.start and c.end <= e
                                              and (c.start, c.end) != (s, e) and _surer_or_same(rule, c.variant.rule)
                                              for c in inside):
                            continue
                        replacement = m.expand(rule.replacement)
                        if inside and any(text[c.start:c.end].lower() in replacement.lower()
                                          and c.variant.rule.tier is not Applicability.DISPLAY for c in inside):
                            # it carries that word through unchanged: the phrase's fix goes first
                            # (unless that is only ever reported: "each nations" -> "both nations"
                            # over "nations" -> "countries", display)
                            continue
                        variant = Variant(rule, (replacement,))
                        cand = _first_holding(text, s, e, (variant,), None)
                        if cand is not None:
                            for c in inside:
                                del phrases[(c.start, c.end)]
                            taken[j0:j1] = [(s, e)]
                            extra.append(cand)
            except TimeoutError:
                # a pattern that backtracks this badly will again: it is dropped for the rest of the run
                self._timed_out.add(id(rule))
                _warn_once(f"{rule.origin}: regular expression took longer than {REGEX_TIMEOUT:g} s; "
                           "rule skipped from here on")
        if not extra:
            return found
        if len(phrases) < len(found):  # an expression replaced some phrase matches
            found = list(phrases.values())
        return sorted(found + extra, key=lambda c: c.start)

    def _acceptor(self, text: str, out: list[Candidate], fuzzy_edits: int | None = None
                  ) -> Callable[[int, int, str], int | None]:
        """The ``accept`` the matcher calls for each match in ``text``: a candidate whose
        conditions hold is added to ``out`` and the search goes on after it."""
        candidate, add = self._candidate, out.append

        def accept(s: int, e: int, key: str) -> int | None:
            cand = candidate(text, s, e, key, fuzzy_edits)
            if cand is None:
                return None
            add(cand)
            return e

        return accept

    def _candidate(self, text: str, s: int, e: int, key: str, fuzzy_edits: int | None) -> Candidate | None:
        """The first variant of ``key`` whose case and conditions hold at text[s:e], as a candidate."""
        variants = self._parts[0].variants.get(key)  # prepared: the matcher calls this
        return _first_holding(text, s, e, variants, fuzzy_edits) if variants else None

    def _fuzzy(self, text: str, exact: list[Candidate], lowered: str | None = None) -> list[Candidate]:
        repairs = self.repairer.repairs(text, lowered)
        if not repairs:
            return exact
        kept = list(exact)  # sorted by start and non-overlapping, so sorted by end too
        starts = [c.start for c in kept]
        for rep in repairs:
            i = bisect.bisect_left(starts, rep.end) - 1  # of those starting before rep ends, the one ending last
            if i >= 0 and kept[i].end > rep.start:
                continue
            lo = text.rfind("\n", 0, rep.start) + 1
            hi = text.find("\n", rep.end)
            hi = len(text) if hi < 0 else hi
            local = text[lo:rep.start] + rep.repaired + text[rep.end:hi]
            shift = len(rep.original) - len(rep.repaired)
            t0, t1 = rep.start - lo, rep.start - lo + len(rep.repaired)
            got: list[Candidate] = []
            self.matcher.find(local, self._acceptor(local, got, rep.distance))
            for c in got:
                if not (c.start < t1 and t0 < c.end):
                    continue  # the exact pass already saw this one
                s = lo + c.start
                e = lo + c.end + (shift if c.end >= t1 else 0)
                j1 = bisect.bisect_left(starts, e)  # kept[j0:j1]: the matches overlapping s..e
                j0 = j1
                while j0 > 0 and kept[j0 - 1].end > s:
                    j0 -= 1
                # a longer phrase found through the repair replaces exact matches inside it
                if any(k.start < s or k.end > e for k in kept[j0:j1]):
                    continue
                kept[j0:j1] = [Candidate(s, e, c.variant, c.replacements, rep.distance)]
                starts[j0:j1] = [s]
        return kept

    # ------------------------------------------------------------------ decide

    def _decide(self, text: str, c: Candidate, spin: SpinEvidence, memo: dict | None = None,
                spelling: str | None = None) -> Suggestion:
        """Confidence and tier of one candidate. What is decided depends only on the rule, the
        matched text and the document's evidence, so ``memo`` (one per document) keeps each
        decision, and the parts of it that repeat across stretches of a long text: the wording,
        per rule and matched text, and the evidence's weight, per rule and stretch."""
        start, end, variant, replacements, fuzzy_edits = c
        original = text[start:end]
        if memo is None:
            memo = {}
        # a variant belongs to one rule and has one form, so it stands for both in the keys
        key = (id(variant), original, replacements, fuzzy_edits, id(spin))
        got = memo.get(key)
        if got is None:
            rule = variant.rule
            wkey = key[:4]
            fixed = memo.get(wkey)
            if fixed is None:
                fixed = _wording(original, c)
                if spelling is not None and _respell_name(c.replacements, spelling):
                    fixed = _in_spelling(fixed, original, spelling)
                memo[wkey] = fixed
            z, reps, message = fixed
            if rule.tier is not Applicability.SAFE:
                weight = memo.get((id(rule), id(spin)))
                if weight is None:
                    weight = memo[(id(rule), id(spin))] = _evidence_weight(rule, spin)
                z += weight
            confidence = 1 / (1 + math.exp(-z))
            if rule.tier is Applicability.DISPLAY:
                confidence = min(confidence, DISPLAY_CEILING)
            got = memo[key] = (confidence, tier_for(confidence), reps[0], message, reps[1:], rule.name, rule.origin,
                               rule.choose == "context")
        confidence, tier, replacement, message, alternatives, name, origin, choose = got
        if choose and alternatives:
            options = (replacement, *alternatives)
            k = contextual.choose(text, start, end, options)
            if k:
                replacement, alternatives = options[k], options[:k] + options[k + 1:]
        if not original[0].isalpha() and replacement[:1].islower() and _sentence_start(text, start):
            # a numeral has no case to copy: "1000's of people ..." opens a sentence as "Thousands"
            replacement = replacement[0].upper() + replacement[1:]
        return Suggestion(start, end, original, replacement, confidence, tier, name, origin, message, alternatives)


def _first_holding(text: str, s: int, e: int, variants: Iterable[Variant],
                   fuzzy_edits: int | None) -> Candidate | None:
    """The first of ``variants`` (of phrase or regular-expression rules) whose case and conditions
    hold for the match text[s:e], as a candidate; None when none does.

    Most conditions ask only for the word just before or after the match: those are read straight
    from the text, once per match; the words around are tokenised only for "near"."""
    ctx: Context | None = None
    prev = nxt = _UNREAD
    first = text[s]
    for v in variants:
        r = v.rule
        if r.case == "capital" and not first.isupper() or r.case == "lower" and not first.islower():
            continue
        for c in r.conditions:
            side = c.side
            if side == "after":
                if prev is _UNREAD:
                    prev = previous_token(text, s)
                hit = word_in(prev, c.words, c.classes, at_start=True)
            elif side == "before":
                if nxt is _UNREAD:
                    nxt = next_token(text, e)
                hit = word_in(nxt, c.words, c.classes, at_end=True)
            else:
                if ctx is None:
                    ctx = Context.around(text, s, e)
                hit = ctx.near(c, r.window)
            if hit is c.negated:
                break  # the condition fails
        else:
            if v.participle:
                if prev is _UNREAD:
                    prev = previous_token(text, s)
                if prev is not None and prev.lower() in PARTICIPLE_CUES:
                    return Candidate(s, e, v, v.participle, fuzzy_edits)
            return Candidate(s, e, v, v.replacements, fuzzy_edits)
    return None


def _wording(original: str, c: Candidate) -> tuple[float, tuple[str, ...], str]:
    """What of a decision does not depend on the document: the log-odds from the rule and the form
    matched, the replacements in the original's case, and the message."""
    rule = c.variant.rule
    z = _logit(rule.confidence) - FORM_PENALTY[c.variant.form]
    if c.fuzzy_edits is not None:
        z -= FUZZY_PENALTY + FUZZY_EDIT_PENALTY * c.fuzzy_edits
    reps = tuple(_fit(original, r) for r in c.replacements)
    message = f"“{original}” reads as a spun stand-in for “{reps[0]}”"
    if c.fuzzy_edits is not None:
        message += " (damaged form)"
    if rule.note:
        message += f"; {rule.note}"
    return z, reps, message


def _outside_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the matched spans (sorted, non-overlapping): a spinner's stand-ins
    ("center", "utilizing") are in its dictionary's spelling, not the article's."""
    out, pos = [], 0
    for a, b in spans:
        out.append(text[pos:a])
        pos = max(pos, b)
    out.append(text[pos:])
    return " ".join(out)


def _respell_name(replacements: tuple[str, ...], spelling: str) -> bool:
    """Whether a rule's replacement may be written in the document's spelling: a name keeps its
    own ("World Health Organization", "National Hurricane Center") unless the rule lists the other
    spelling as an alternative ("Ministry of Defense | Ministry of Defence")."""
    first = replacements[0]
    if not any(w[:1].isupper() for w in first.split()):
        return True
    other = respell(first, spelling).lower()
    return other != first.lower() and any(r.lower() == other for r in replacements[1:])


def _in_spelling(fixed: tuple[float, tuple[str, ...], str], original: str, spelling: str
                 ) -> tuple[float, tuple[str, ...], str]:
    """A decision's wording with its replacements in the document's ``spelling``; a replacement
    that would then read as the original (a rule that changes the spelling itself) is kept."""
    z, reps, message = fixed
    if not any(respellable(r) for r in reps):
        return fixed
    new = []
    for r in reps:
        v = respell(r, spelling, original)
        new.append(r if v.lower() == original.lower() else v)
    if new[0] != reps[0]:
        message = message.replace(f"“{reps[0]}”", f"“{new[0]}”", 1)
    return z, tuple(new), message


def _surer_or_same(rule: Rule, other: Rule) -> bool:
    """Whether ``rule`` is of a tier at least as high as ``other``'s, and as confident within it."""
    a, b = rule.tier.rank, other.tier.rank
    return a > b or a == b and rule.confidence >= other.confidence


def _rules_digest(rules: Sequence[Rule]) -> bytes:
    """Every field of every rule, in order, as bytes that are the same in every process (the words
    of a condition sorted: a frozenset's order changes with the string hash seed)."""
    parts = [(r.spun, r.replacements, r.tier.value, r.confidence, r.path, r.line, r.pos,
              tuple((c.kind, tuple(sorted(c.words))) for c in r.conditions), r.window, r.case, r.note,
              r.list_name, r.pattern, r.choose) for r in rules]
    return repr(parts).encode("utf-8", "surrogateescape")


def _evidence_weight(rule: Rule, spin: SpinEvidence) -> float:
    """How much the document's evidence moves an ambiguous rule's log-odds: the spin boost, less
    when its canonical form is present in the document, more when that form is missing."""
    canon = rule.canonical_key
    z = spin.boost
    if spin.canonical_counts.get(canon, 0):
        z -= PRESENT_PENALTY * spin.canonical_share(rule.key, canon)
    elif spin.rivals and spin.outnumbered(rule.key):
        z -= PRESENT_PENALTY  # another stand-in of the same word is the article's
    elif spin.boost > 0 and spin.canonical_counts:
        z += min(ABSENT_BONUS, frequency(canon) * spin.words)
    return z


# In-text directives, in any comment syntax ("<!-- cleaner: off -->", "# cleaner: ignore"): no
# suggestion between "cleaner: off" and "cleaner: on", nor on a line that says "cleaner: ignore".
_DIRECTIVE = re.compile(r"\bcleaner:[ \t]*(off|on|ignore)\b", re.IGNORECASE)


def _may_direct(text: str) -> bool:
    """Whether ``text`` may hold a directive (see directive_spans)."""
    return "leaner:" in text or "LEANER:" in text


def directive_spans(text: str, off: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Spans of ``text`` that in-text directives exempt, and whether the text ends inside an
    "off" region. ``off``: the text starts inside one (opened by an earlier chunk)."""
    if not off and not _may_direct(text):
        return [], False  # the common case, at str.find speed
    spans: list[tuple[int, int]] = []
    opened = 0 if off else None
    for m in _DIRECTIVE.finditer(text):
        kind = m.group(1).lower()
        if kind == "off" and opened is None:
            opened = m.start()
        elif kind == "on" and opened is not None:
            spans.append((opened, m.end()))
            opened = None
        elif kind == "ignore":
            end = text.find("\n", m.end())
            spans.append((text.rfind("\n", 0, m.start()) + 1, len(text) if end < 0 else end))
    if opened is not None:
        spans.append((opened, len(text)))
    return sorted(spans), opened is not None


def _outside(found: list[Suggestion], spans: list[tuple[int, int]]) -> list[Suggestion]:
    """The suggestions that overlap none of ``spans``."""
    if not spans:
        return found
    return [s for s in found if not any(a < max(s.end, s.start + 1) and s.start < b for a, b in spans)]


# A regular-expression rule with needles runs only this many characters either side of each
# needle (widened to whole words): every match holds a needle, and no sensible pattern's match
# reaches further from it, so the matches are those of a run over the whole text.
REGEX_REACH = 500


def _regex_windows(text: str, where: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merged spans of ``text`` around each needle span in ``where`` (sorted by start): REGEX_REACH
    characters either side, widened to the white space around, so no window edge cuts a word."""
    out: list[list[int]] = []
    n = len(text)
    for a, b in where:
        lo = max(0, a - REGEX_REACH)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        hi = min(n, b + REGEX_REACH)
        while hi < n and not text[hi - 1].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _evidence_items(candidates: list[Candidate], text: str) -> tuple[list[tuple[str, str, Applicability]], list[int]]:
    """(spun key, canonical key, tier) of each candidate, for the document evidence, and where each
    starts. A regular-expression rule counts as a phrase rule: a safe one as one fingerprint
    however many different texts it matches ("28 operates", "310 operates"), a review one as a
    phrase rule for the text it matched ("on account of" -> "because of"), by how much rarer that
    text is than its replacement."""
    items: dict[int, tuple[str, str, Applicability]] = {}
    out = []
    at = []
    for c in candidates:
        rule = c.variant.rule
        if rule.pattern is not None and rule.tier is not Applicability.SAFE:
            out.append((" ".join(text[c.start:c.end].lower().split()), c.replacements[0].lower(), rule.tier))
            at.append(c.start)
            continue
        item = items.get(id(rule))
        if item is None:
            item = items[id(rule)] = (rule.key, rule.canonical_key, rule.tier)
        out.append(item)
        at.append(c.start)
    return out, at


def _parts(text: str, items: list[tuple[str, str, Applicability]], at: list[int],
           canonical: list[tuple[int, str]], spans: list[tuple[int, int]],
           words: int) -> list[tuple[int, int, SpinEvidence]] | None:
    """The evidence of each stretch of a long text that reads as one kind (evidence.stretches),
    or None when the whole text does. ``words``: the text's; a stretch's share of it goes by length."""
    order = sorted(range(len(at)), key=at.__getitem__)
    items = [items[i] for i in order]
    at = [at[i] for i in order]
    weight: dict[tuple[str, str, Applicability], float] = {}
    for it in items:
        if it not in weight:
            weight[it] = occurrence_weight(*it)
    cuts = stretches(text, at, [weight[it] for it in items])
    if len(cuts) < 2:
        return None
    canonical = sorted(canonical)
    canon_at = [p for p, _ in canonical]
    span_at = [a for a, _ in spans]  # candidates come sorted by start
    out = []
    for a, b in cuts:
        i, j = bisect.bisect_left(at, a), bisect.bisect_left(at, b)
        h, k = bisect.bisect_left(canon_at, a), bisect.bisect_left(canon_at, b)
        u, v = bisect.bisect_left(span_at, a), bisect.bisect_left(span_at, b)
        out.append((a, b, assess(items[i:j], canonical[h:k], round(words * (b - a) / len(text)), spans[u:v])))
    return out


def _spin_at(spin: SpinEvidence, parts: list[tuple[int, int, SpinEvidence]] | None) -> Callable[[int], SpinEvidence]:
    """The evidence that decides a match starting at an offset: the stretch's own, or the text's."""
    if not parts:
        return lambda _pos: spin
    starts = [a for a, _, _ in parts]

    def at(pos: int) -> SpinEvidence:
        return parts[max(0, bisect.bisect_right(starts, pos) - 1)][2]

    return at


def _carry_parts(parts: list[tuple[int, int, SpinEvidence]], edits: list[tuple[int, int, int, int]],
                 n: int) -> list[tuple[int, int, SpinEvidence]]:
    """Move the stretches' bounds through ``edits`` (see _carry); an edit across a bound takes the
    bound to its end."""
    olds = [e[0] for e in edits]

    def move(p: int) -> int:
        i = bisect.bisect_left(olds, p) - 1  # the last edit starting before p
        if i < 0:
            return p
        if edits[i][1] > p:
            return edits[i][3]
        return p + edits[i][3] - edits[i][1]

    bounds = [move(a) for a, _, _ in parts]
    return [(bounds[k], bounds[k + 1] if k + 1 < len(parts) else n, parts[k][2]) for k in range(len(parts))]


def _parts_back(norm: list[Suggestion], parts: list[tuple[int, int, SpinEvidence]]) -> list[tuple[int, int, SpinEvidence]]:
    """The stretches' bounds in the text before normalisation (``norm``, applied, gave the text they
    were found in)."""
    edits = []
    shift = 0
    for s in sorted(norm, key=SPAN):
        start = s.start + shift
        edits.append((start, start + len(s.replacement), s.start, s.end))
        shift += len(s.replacement) - (s.end - s.start)
    n = parts[-1][1] - shift
    return _carry_parts(parts, edits, n)


def _leftover(text: str, x: "spintax.Leftover", spin: SpinEvidence) -> Suggestion:
    """Braces a spinner left behind: keep the (first) word, drop the braces."""
    z = _logit(SPINTAX_CONFIDENCE) + spin.boost
    # Never safe: the braces are strong evidence that the text is spun, but dropping them is left to
    # review (or --unsafe). Braces can be meant (templates, set notation), and gold files made from
    # a spun/original pair keep them as text, so a batch run that drops them scores as damage.
    confidence = min(1 / (1 + math.exp(-z)), SPINTAX_CAP)
    original = text[x.start:x.end]
    kind = "a one-word synonym group" if len(x.options) == 1 else "unspun alternatives"
    return Suggestion(x.start, x.end, original, x.options[0], confidence, tier_for(confidence), spintax.RULE,
                      spintax.ORIGIN, f"“{original}”: braces a spinner left around {kind}", x.options[1:])


def _apply_tracking(text: str, chosen: list[Suggestion]) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Apply suggestions; return the new text and each edit as (old start, old end, new start,
    new end): where each replacement now sits in it."""
    out: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    pos = shift = 0
    for s in sorted(chosen, key=SPAN):
        if s.start < pos or text[s.start:s.end] != s.original:
            continue
        out.append(text[pos:s.start])
        start = s.start + shift
        out.append(s.replacement)
        edits.append((s.start, s.end, start, start + len(s.replacement)))
        shift += len(s.replacement) - (s.end - s.start)
        pos = s.end
    out.append(text[pos:])
    return "".join(out), edits


def needles(pattern: str) -> tuple[str, ...]:
    """Strings of which a text must hold at least one for ``pattern`` to match in it: the longest
    literal run the pattern always needs, or an alternation of plain literals. Empty when no such
    string can be told from the pattern (it then runs on every text). For a pattern that may
    ignore case, each string is lower case and starts with a NUL: it is looked for in the
    lower-cased text.

    Read with the standard library's parser, which knows the common syntax; a pattern only the
    ``regex`` module understands gets no needles."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:
        return ()
    best: list[tuple[str, ...]] = []

    def walk(seq) -> None:
        run: list[str] = []

        def flush() -> None:
            if run:
                best.append(("".join(run),))
                run.clear()

        for op, av in seq:
            if op is _sre.LITERAL:
                run.append(chr(av))
                continue
            flush()
            if op is _sre.SUBPATTERN:
                walk(av[-1])
            elif op is _sre.BRANCH:
                alts = []
                for alt in av[1]:
                    if not alt or any(o is not _sre.LITERAL for o, _ in alt):
                        break
                    alts.append("".join(chr(a) for _, a in alt))
                else:
                    best.append(tuple(alts))
        flush()

    walk(parsed)
    if not best:
        return ()
    need = max(best, key=lambda alts: min(len(a) for a in alts))
    if min(len(a) for a in need) < 3 or any(len(a.lower()) != len(a) for a in need):
        return ()
    if parsed.state.flags & _sre.SRE_FLAG_IGNORECASE or _scoped_ignorecase(parsed):
        return tuple("\0" + a.lower() for a in need)  # marked: look for it in the lower-cased text
    return need


def _gate(need: tuple[str, ...]) -> tuple[str, ...]:
    """The needles as the matcher's automaton finds them (lower case, folded like its text); empty
    (the rule runs on every text) if one cannot be found that way."""
    keys = []
    for n in need:
        n = n[1:] if n[0] == "\0" else n
        key = fold(n.lower())
        if len(key) != len(n) or "  " in key:
            return ()
        keys.append(key)
    return tuple(keys)


def _scoped_ignorecase(seq) -> bool:
    """Does any group of the parsed pattern turn on case-insensitive matching ("(?i:...)")?"""
    for op, av in seq:
        if op is _sre.SUBPATTERN:
            if av[1] & _sre.SRE_FLAG_IGNORECASE or _scoped_ignorecase(av[-1]):
                return True
        elif op is _sre.BRANCH:
            if any(_scoped_ignorecase(alt) for alt in av[1]):
                return True
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.ASSERT, _sre.ASSERT_NOT):
            if _scoped_ignorecase(av[-1]):
                return True
    return False


def _carry(spans: list[tuple[int, int]], edits: list[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """Map spans of the old text through ``edits`` (old start, old end, new start, new end; sorted,
    non-overlapping) into the new text; a span an edit overlaps is dropped (the edit's new span
    takes its place)."""
    out = []
    olds = [e[0] for e in edits]
    for a, b in spans:
        i = bisect.bisect_left(olds, b) - 1  # the last edit starting before the span ends
        if i >= 0 and edits[i][1] > a:
            continue  # it reaches into the span (edits do not overlap, so only this one can)
        shift = edits[i][3] - edits[i][1] if i >= 0 else 0  # the edits wholly before move it
        out.append((a + shift, b + shift))
    return out


def _consistent(found: list[Suggestion], spin_at: Callable[[int], SpinEvidence]) -> list[Suggestion]:
    """The spinner gives a word one stand-in throughout an article, so where one occurrence of a
    word is surely a stand-in ("sufferers" -> "patients", applied by default), another occurrence
    of it that a rule or the contextual stage offers for review with the same replacement, in a
    stretch that reads as spun, is applied too. Single words only: a phrase's sure fix says
    nothing about its words elsewhere ("a lot greater" -> "a lot more" is no "greater" -> "more")."""
    sure = {(x.original.lower(), x.replacement.lower()) for x in found
            if x.applicability is Applicability.SAFE and " " not in x.original}
    if not sure:
        return found
    out = []
    for x in found:
        if (x.applicability is Applicability.REVIEW and (x.original.lower(), x.replacement.lower()) in sure
                and spin_at(x.start).boost >= CONSISTENT_BOOST):
            x = Suggestion(x.start, x.end, x.original, x.replacement, max(x.confidence, SAFE_THRESHOLD),
                           Applicability.SAFE, x.rule, x.origin,
                           x.message + " (applied: another occurrence is surely the same stand-in)", x.alternatives)
        out.append(x)
    return out


def _in_word(ch: str) -> bool:
    """Whether ``ch`` continues a word (letters, digits, apostrophes and hyphens of compounds)."""
    return ch.isalnum() or ch in "_'’-"


def _propagate(text: str, found: list[Suggestion], spun: list[tuple[int, int, float]],
               finder: contextual.Finder) -> list[Suggestion]:
    """The spinner gives a word one stand-in throughout an article, so where a wordlist rule has
    surely fixed a lower-case word ("assembly" -> "meeting" near "minister", applied by default),
    its other occurrences in the same spun stretch that no rule took ("told reporters following the
    assembly") are the same stand-in too, unless the word's rules say it is genuine there (a
    ``not-near`` veto: "officers" near "police"; or it ends a longer stand-in, ``finder.heads``:
    "site visitors") or the trigram model reads the stand-in as likely as
    the replacement: the replacement must be ``PROPAGATE_MARGIN`` (log10) likelier between the
    same two words on each side, which keeps "America's chief diplomat" from becoming "leader
    diplomat" and "police launched a probe" from becoming "released a probe" in an article where
    "launched" surely stood for "released" elsewhere.

    Measured on 2026-11-29 (sixth session), at a margin of 1: the seed unchanged; the 148 respun
    press articles 66.2 % -> 67.6 % error reduction (543 more stand-ins put back, 28 more genuine
    words changed, 39 more wrong words); helper-spun sets 14b and 14c 25.7 % -> 26.1 % and
    32.5 % -> 33.0 %; at a margin of 0 twice the damage for little more. The bigram model with
    one word each side decided until 2026-11-29 (ninth session); the trigram model reads two words
    each side (as the contextual stage does): respin 68.0 % -> 68.1 % (32 more right, 4 fewer
    genuine words changed, 11 fewer wrong), one more fix on the seed, the helper sets within 0.2
    points."""
    sure: dict[str, Suggestion] = {}
    for x in found:
        o = x.original
        if (x.applicability is Applicability.SAFE and o.isalpha() and o.islower() and x.replacement.isalpha()
                and x.rule not in (contextual.RULE, articles.RULE)):
            sure.setdefault(o, x)
    if not sure:
        return found
    spans = sorted((x.start, x.end) for x in found)
    starts = [a for a, _ in spans]
    extra = []
    # one Aho-Corasick pass over the spun stretches only (a regular-expression pass per word cost
    # 2.5 s per MB of spun text, one alternation of all the words 0.6 s)
    import ahocorasick_rs

    words = sorted(sure)
    ac = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard,
                                    implementation=ahocorasick_rs.Implementation.ContiguousNFA)
    for lo, hi, boost in spun:
        if boost < CONSISTENT_BOOST:
            continue
        for k, a, b in ac.find_matches_as_indexes(text[lo:hi], overlapping=True):
            s, e = lo + a, lo + b
            if (s and _in_word(text[s - 1])) or (e < len(text) and _in_word(text[e])):
                continue  # inside a longer word
            i = bisect.bisect_right(starts, s) - 1
            if (i >= 0 and spans[i][1] > s) or (i + 1 < len(spans) and spans[i + 1][0] < e):
                continue  # another suggestion covers it
            w = words[k]
            if contextual._vetoed(text, s, e, finder.vetoes.get(w, ())):
                continue
            left = contextual._left_word(text, s)
            if left in finder.heads.get(w, ()):
                continue  # the tail of a longer stand-in ("site visitors")
            x = sure[w]
            margin, _ = contextual.prefer(text, s, e, w, [x.replacement.lower()])
            if margin < PROPAGATE_MARGIN:
                continue
            conf = max(SAFE_THRESHOLD, min(x.confidence, PROPAGATE_CONFIDENCE))
            extra.append(Suggestion(s, e, w, x.replacement, conf, tier_for(conf), x.rule, x.origin,
                                    x.message + " (applied: another occurrence is surely the same stand-in)",
                                    x.alternatives))
    return sorted(found + extra, key=SPAN) if extra else found


def _article_agreement(text: str, found: list[Suggestion], word_map: dict[str, tuple[str, ...]]
                       ) -> list[Suggestion]:
    """A fix right after "a" or "an" must read right after it. The spinner leaves articles as they
    are, so where the spun word agrees with its article the writer's word did too: "a difficulty"
    stood for a word that takes "a" ("a problem"), and "a issue" is no repair. Another of the
    rule's options (or of the word's other replacements) that agrees is put first; with none, the
    fix loses ``articles.ARTICLE_BONUS`` of log-odds, which leaves it for review. Found sorted by
    start; so is what is returned (no span moves)."""
    out = found
    for i, x in enumerate(found):
        s = x.start
        if s < 2 or text[s - 1] != " " or not x.original[:1].isalpha():
            continue
        if text[s - 2] in "aA" and (s == 2 or not text[s - 3].isalnum()):
            article = "a"
        elif text[s - 3:s - 1].lower() == "an" and (s == 3 or not text[s - 4].isalnum()):
            article = "an"
        else:
            continue
        if not articles.agrees(article, x.original) or articles.agrees(article, x.replacement):
            continue  # a mismatch already there is Cleaner._articles' business
        options = x.alternatives + tuple(transfer_case(x.original, r) for r in word_map.get(x.original.lower(), ()))
        good = [r for r in options if r != x.replacement and articles.agrees(article, r)]
        if good:
            rest = tuple(r for r in (x.replacement,) + x.alternatives if r != good[0])
            y = Suggestion(x.start, x.end, x.original, good[0], x.confidence, x.applicability, x.rule,
                           x.origin, x.message, rest)
        else:
            conf = _shifted(x.confidence, -articles.ARTICLE_BONUS)
            y = Suggestion(x.start, x.end, x.original, x.replacement, conf, tier_for(conf), x.rule, x.origin,
                           x.message + f" (“{article} {x.replacement}” would not read: the article was written for another word)",
                           x.alternatives)
        if out is found:
            out = list(found)
        out[i] = y
    return out


def _windows(spans: list[tuple[int, int]], n: int, radius: int) -> list[tuple[int, int]]:
    """Merged windows of ``radius`` characters around each span, widened to whole lines' words."""
    merged: list[list[int]] = []
    for a, b in spans:
        lo, hi = a - radius, b + radius
        if lo < 0:
            lo = 0
        if hi > n:
            hi = n
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def _merge(primary: list[Suggestion], extra: list[Suggestion]) -> list[Suggestion]:
    """Add ``extra`` suggestions that do not overlap any in ``primary`` (primary wins ties)."""
    taken = sorted((s.start, s.end) for s in primary)
    out = list(primary)
    import bisect

    for s in sorted(extra, key=SPAN):
        i = bisect.bisect_left(taken, (s.start, s.start))
        clash = any(a < s.end and s.start < b for a, b in taken[max(0, i - 1): i + 2])
        if not clash:
            out.append(s)
            bisect.insort(taken, (s.start, s.end))
    return sorted(out, key=SPAN)


_OPENERS = "\"'“‘([«"  # may stand between a sentence's end and its first word


def _sentence_start(text: str, start: int) -> bool:
    """Does a sentence begin at ``start``: at the text's start, after ., ! or ?, or at the start of
    a paragraph (a blank line before it: a headline has no full stop)? White space and opening
    quotes or brackets may stand between."""
    i = start
    breaks = 0
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in _OPENERS):
        i -= 1
        breaks += text[i] == "\n"
    if i == 0 or breaks >= 2 or text[i - 1] in ".!?":
        return True
    # a dateline: "TUCSON, Ariz. (AP) — Thousands ...", "LONDON (Reuters) - ...", "PARIS — ..."
    if text[i - 1] in "-–—" and i > 1 and text[i - 2] == " ":
        line = text.rfind("\n", max(0, i - 81), i) + 1  # a dateline opens its line, within 80 characters
        if line == 0 and i > 81:
            return False
        return _DATELINE.fullmatch(text[line:i - 2].strip()) is not None
    return False


# the place (in capitals), perhaps a state or country, perhaps the agency: "TUCSON, Ariz. (AP)"
_DATELINE = re.compile(r"[A-Z]{2,}[A-Z .'-]*(?:, ?[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?(?: ?\([A-Za-z ]+\))?")


@lru_cache(maxsize=16384)
def _fit(original: str, replacement: str) -> str:
    """The replacement in the original's case, keeping line breaks and spacing inside the phrase,
    and its apostrophes: "authorities’s" becomes "government’s", not "government's"."""
    out = transfer_case(" ".join(original.split()), replacement)
    if "'" in out and "’" in original and "'" not in original:
        out = out.replace("'", "’")
    elif "’" in out and "'" in original and "’" not in original:
        out = out.replace("’", "'")
    seps = re.findall(r"\s+", original.strip())
    if any(sep != " " for sep in seps):
        words = out.split(" ")
        if len(seps) == len(words) - 1:  # same number of words: keep the original separators
            return words[0] + "".join(sep + w for sep, w in zip(seps, words[1:]))
    return out


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _shifted(confidence: float, log_odds: float) -> float:
    """``confidence`` moved by ``log_odds`` (kept off 0 and 1 first)."""
    c = min(max(confidence, 1e-12), 1 - 1e-12)
    return 1 / (1 + math.exp(-(_logit(c) + log_odds)))


def _map_back(raw: str, work: str, norm: list[Suggestion], found: list[Suggestion]) -> list[Suggestion]:
    """Move suggestions made on the normalised text back onto the raw text's offsets.

    One that overlaps a normalisation fix is dropped; it comes back on the next run, once the
    mojibake is fixed.
    """
    edits = sorted((s.start, s.end, len(s.replacement) - (s.end - s.start)) for s in norm)
    out = []
    for s in found:
        shift, ok = 0, True
        for a, b, delta in edits:
            a2 = a + shift
            if a2 + (b - a) + delta <= s.start:
                shift += delta
            elif a2 < s.end:
                ok = False
                break
        if not ok:
            continue
        start, end = s.start - shift, s.end - shift
        if raw[start:end] != s.original:
            continue
        out.append(Suggestion(start, end, s.original, s.replacement, s.confidence, s.applicability,
                              s.rule, s.origin, s.message, s.alternatives))
    return out


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"cleaner: {message}", file=sys.stderr)
