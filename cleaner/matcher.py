"""One-pass multi-phrase matching: every spun form in one Aho-Corasick automaton.

The automaton reports every occurrence of every key in one pass over a lower-cased copy of the
text; the matcher keeps whole words only and resolves overlaps leftmost-longest, so phrases win
over the words inside them ("international locations" before "international"). Words inside a
phrase match any run of white space, so a phrase broken across lines is still found.

The same pass also reports the *canonical* phrases the document evidence counts ("said" where
"stated" may stand in for it) and the literals the regular-expression rules need ("needles"), so
the text is scanned once for all three.
"""
from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add, sub
from typing import Callable, Iterable

from .morph import inflections
from .wordlist import Rule, phrase_key

# A match must not start inside a word, after an apostrophe ("who're") or inside a hyphenated
# compound ("post-conflict"), nor end inside one.


def fold(lowered: str) -> str:
    # chained replace runs at memchr speed; str.translate with a table is several times slower
    out = lowered.replace("\n", " ").replace("\r", " ").replace("\t", " ").replace("\u00a0", " ")
    return out.replace("’", "'") if "’" in out else out


def _next_word(subject: str, s: int, e: int) -> int:
    gap = subject.find(" ", s, e)
    return gap + 1 if gap >= 0 else e


@dataclass(frozen=True)
class Variant:
    """One matchable form of a rule: the spun text as matched and what replaces it."""

    rule: Rule
    replacements: tuple[str, ...]
    participle: tuple[str, ...] | None = None  # replacements when the form reads as a participle
    form: str = "base"  # base | inflected | spelling: how this form was derived from the rule

    @property
    def context_free(self) -> bool:
        """Decided from the matched text alone (no conditions on the words around it). A
        regular expression is never: its lookarounds and word boundaries read past the match
        ("be accomplished" only before "by the end of", which a fix may write there)."""
        return not self.rule.conditions and self.participle is None and self.rule.pattern is None


@dataclass
class PhraseMatcher:
    variants: dict[str, list[Variant]] = field(default_factory=dict)
    # canonical phrases ("said") whose occurrences the document evidence counts; the same
    # automaton pass that finds the spun forms reports them (see ``find``)
    canonical: frozenset[str] = frozenset()
    # literals that regular-expression rules need (see engine.needles), lower case and folded:
    # found anywhere, not only at word boundaries, so a rule runs only on text that holds one
    needles: frozenset[str] = frozenset()
    # replacements that hold a spun form inside them ("natural disasters" holds "disasters", "played
    # a significant role in" holds "significant"): such a form is not read as spun where the whole
    # phrase stands, so a second run does not undo what the first wrote (see ``protected_phrases``)
    protected: frozenset[str] = frozenset()
    _ac: object = None  # spun forms only
    _ac_both: object = None  # spun forms and canonical phrases

    @classmethod
    def build(cls, rules: Iterable[Rule], spellings: Callable[[str], set[str]] | None = None,
              canonical: Iterable[str] = (), needles: Iterable[str] = ()) -> "PhraseMatcher":
        m = cls(canonical=frozenset(canonical), needles=frozenset(needles))
        for rule in rules:
            if rule.pattern is not None:
                continue  # regular-expression rules are run by the engine, not the automaton
            forms = [(rule.key, Variant(rule, rule.replacements))]
            if rule.pos:
                for form, readings in inflections(rule.spun, rule.replacement, rule.pos).items():
                    if len(readings) == 2 and {t for t, _ in readings} == {"VBD", "VBN"}:
                        past = next(r for t, r in readings if t == "VBD")
                        part = next(r for t, r in readings if t == "VBN")
                        forms.append((phrase_key(form), Variant(rule, (past,), participle=(part,), form="inflected")))
                    else:
                        forms.append((phrase_key(form), Variant(rule, (readings[0][1],), form="inflected")))
            for key, variant in forms:
                m._add(key, variant)
                if spellings is not None:
                    for other in _respell(key, spellings):
                        m._add(other, Variant(rule, variant.replacements, variant.participle, form="spelling"))
        # Most specific first: rules with more conditions are tried before general ones, and a
        # base form before a derived reading of the same text.
        order = {"base": 0, "inflected": 1, "spelling": 2}
        for forms in m.variants.values():
            forms.sort(key=lambda v: (order[v.form], -len(v.rule.conditions), v.rule.path, v.rule.line))
        m.protected = protected_phrases(m.variants)
        return m

    def _add(self, key: str, variant: Variant) -> None:
        self.variants.setdefault(key, []).append(variant)

    @property
    def keys(self) -> list[str]:
        return sorted(self.variants)

    def _automaton(self, canonical: bool = False):
        if canonical and self.canonical:
            if self._ac_both is None:
                self._ac_both = Automaton(self._kinds(self.canonical))
            return self._ac_both
        if self._ac is None:
            self._ac = Automaton(self._kinds())
        return self._ac

    def _kinds(self, canonical: Iterable[str] = ()) -> dict[str, int]:
        kinds = dict.fromkeys(self.variants, SPUN)
        for keys, kind in ((canonical, CANONICAL), (self.needles, NEEDLE), (self.protected, PROTECTED)):
            for key in keys:
                kinds[key] = kinds.get(key, 0) | kind
        return kinds

    def find(self, text: str, accept: Callable[[int, int, str], int | None],
             canonical: list[tuple[int, str]] | None = None,
             needles: dict[str, list[tuple[int, int]]] | None = None) -> str | None:
        """Call ``accept(start, end, key)`` for each leftmost-longest match, left to right.

        ``accept`` returns where the search resumes, or None to refuse the match; the search then
        resumes one word further on, so a phrase that overlaps the refused one gets its chance.
        Returns the lower-cased text, for the caller to reuse. If ``canonical`` is a list, every
        whole-word occurrence of a canonical phrase is appended to it as (start, phrase); if
        ``needles`` is a dict, each needle found (anywhere) maps to its (start, end) spans, in order.
        A spun form that lies inside a longer protected phrase where that phrase stands is not a
        match (``protected``).

        Matching runs an Aho-Corasick automaton over a lower-cased copy of the text in which
        line breaks and tabs read as spaces and curly apostrophes as straight ones (each a
        one-for-one swap, so offsets are the text's own).
        """
        if not self.variants and not self.canonical and not self.needles:
            return None
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered (U+0130)
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        subject = fold(lowered)
        guards: list[tuple[int, int]] = []
        hits = scan(self._automaton(canonical is not None), subject, canonical, needles, guards)
        hits.sort()
        if guards:
            hits = _unguarded(hits, guards)
        done = 0  # text before this offset is settled
        for st, neg in hits:
            if st < done:
                continue
            e = st - neg
            key = subject[st:e]
            if "  " in key:
                key = " ".join(key.split())
            got = accept(st, e, key)
            if got is not None:
                done = got if got > st else st + 1
        return lowered


# what an automaton key is (bits): a spun form, a canonical phrase, a regular-expression rule's
# needle, a protected phrase
SPUN, CANONICAL, NEEDLE, PROTECTED = 1, 2, 4, 8
WORDS = SPUN | CANONICAL | PROTECTED  # the kinds found as whole words


# Each character of a text the automaton reads is one of: a word character (an ASCII letter, digit
# or "_" as itself; any other letter or digit as "_", which bounds a match the same way), "-" or "'"
# (kept, since a match must not start after either nor end before "-"), or anything else, read as
# a space. A key is looked for with a space on each side (or an
# apostrophe after: "Israel's"), so every hit is a whole word or phrase and the automaton never
# reports the many keys that occur inside longer words ("war" in "software").
_WORDISH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-'")
_READ_AS = bytes(c if chr(c) in _WORDISH else 32 for c in range(128)) + bytes([32]) * 128


def _non_ascii_as_word_or_space(err: UnicodeEncodeError) -> tuple[str, int]:
    part = err.object[err.start:err.end]
    return "".join("_" if ch.isalnum() else " " for ch in part), err.end


codecs.register_error("cleaner.wordish", _non_ascii_as_word_or_space)


def wordish(text: str) -> str:
    """``text`` (lower case) as the automaton reads it: word characters, "-" and "'" kept (letters
    and digits outside ASCII as "_"), everything else a space. Same length, same offsets."""
    return text.encode("ascii", "cleaner.wordish").translate(_READ_AS).decode("ascii")


class Automaton:
    """An Aho-Corasick automaton (ahocorasick_rs, in Rust) over phrases (lower case, single
    spaces), each with what it is (bits of SPUN, CANONICAL, NEEDLE).

    It runs over ``" " + wordish(text) + " "``. Spun forms and canonical phrases are looked for
    as whole words (see ``wordish``); needles anywhere. A phrase that ``wordish`` changes ("u.s.",
    "1 / 4 of") is compared with the text itself when found. ``entries[i]`` says what pattern i
    stands for: (kind, length, phrase to compare or None, offset of the phrase from the hit, phrase)."""

    __slots__ = ("ac", "entries")

    def __init__(self, kinds: dict[str, int]):
        import ahocorasick_rs

        patterns: dict[str, list[tuple[int, int, str | None, int, str]]] = {}
        for key, kind in kinds.items():
            read = wordish(key)
            check = None if read == key and "_" not in key else key  # "_" may stand for "é"
            if kind & WORDS:
                for tail in (" ", "'"):
                    patterns.setdefault(" " + read + tail, []).append((kind & WORDS, len(key), check, 0, key))
            if kind & NEEDLE:
                patterns.setdefault(read, []).append((NEEDLE, len(key), key, -1, key))
        keys = list(patterns)
        # one entry per pattern (the common case), or a list when phrases read the same ("u.s.", "u s")
        self.entries = [patterns[k][0] if len(patterns[k]) == 1 else patterns[k] for k in keys]
        # a contiguous NFA builds in ~50 ms for the bundled lists and scans about as fast as a DFA,
        # which takes six times as long to build
        self.ac = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard,
                                             implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def matches(self, subject: str) -> list[tuple[int, int, int]]:
        """(pattern index, start, end) of every hit in ``subject`` as the automaton reads it,
        offsets one past the text's (the leading space)."""
        return self.ac.find_matches_as_indexes(" " + wordish(subject) + " ", overlapping=True)


_RUN = re.compile(r"  +")  # not " {2,}": a literal prefix lets the regex engine skip ahead (2x faster)


def scan(ac, subject: str, canonical: list[tuple[int, str]] | None = None,
         needles: dict[str, list[tuple[int, int]]] | None = None,
         guards: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Whole-word automaton hits of spun forms in ``subject`` (folded text), as (start, -length).

    Canonical phrases found on the way are appended to ``canonical`` as (start, phrase) when it
    is a list, and the (start, end) spans of needles (found anywhere, word boundaries or not) to
    ``needles`` when it is a dict, and the (start, end) spans of protected phrases to ``guards``
    when it is a list. The automaton only knows single spaces, so a text with runs of
    spaces ("Center\r\n East", "the  region") is scanned with each run squeezed to one space, and
    every hit is mapped back to the text's own offsets.
    """
    if "  " in subject:
        pieces = _RUN.split(subject)
        ones = [1] * (len(pieces) - 1)
        # where each piece after the first starts in the squeezed text, and how far it moved
        cut = list(accumulate(map(add, map(len, pieces), ones)))
        shifts = list(accumulate(map(sub, map(len, _RUN.findall(subject)), ones)))
        squeezed = " ".join(pieces)
    else:
        squeezed, cut = subject, None
    spun: list[tuple[int, int]] = []
    canon: list[tuple[int, str]] = []
    guarded: list[tuple[int, int]] = []
    want = canonical is not None
    entries = ac.entries
    for idx, st, _ in ac.matches(squeezed):
        entry = entries[idx]
        for kind, n, check, off, key in (entry,) if entry.__class__ is tuple else entry:
            a = st + off
            if check is not None and squeezed[a:a + n] != check:
                continue
            if kind & SPUN:
                spun.append((a, -n))
            if kind & CANONICAL:
                if want:
                    canon.append((a, key))
            elif kind == NEEDLE:
                if needles is not None:
                    needles.setdefault(key, []).append((a, a + n))
                continue
            if kind & PROTECTED:
                guarded.append((a, -n))
    if cut is not None:
        # a squeezed-text offset p is p + shifts[i] in the text's own offsets, where cut[i] is the
        # last cut at or before p (a sentinel cut at -1 with no shift stands before the first)
        cut.insert(0, -1)
        shifts.insert(0, 0)
        where_cut = bisect.bisect_right
        last = len(cut) - 1

        def move(hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
            moved = []
            for st, neg in hits:
                i = where_cut(cut, st) - 1
                a = st + shifts[i]
                e = st - neg - 1  # the hit's last character
                if i < last and cut[i + 1] <= e:  # the hit spans a squeezed run: its end moved further
                    moved.append((a, a - e - shifts[where_cut(cut, e) - 1] - 1))
                else:
                    moved.append((a, neg))
            return moved

        spun = move(spun)
        guarded = move(guarded)
        canon = [(st + shifts[where_cut(cut, st) - 1], key) for st, key in canon]
        if needles:
            for where in needles.values():
                where[:] = [(st + shifts[where_cut(cut, st) - 1], end + shifts[where_cut(cut, end - 1) - 1])
                            for st, end in where]
    if want:
        canonical.extend(canon)
    if guards is not None:
        guards.extend((st, st - neg) for st, neg in guarded)
    return spun


def _unguarded(hits: list[tuple[int, int]], guards: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The hits (start, -length; sorted) that lie strictly inside no guard span (start, end)."""
    guards.sort()
    starts = [a for a, _ in guards]
    reach = list(accumulate((b for _, b in guards), max))  # the furthest end among guards[:k + 1]
    out = []
    for st, neg in hits:
        e = st - neg
        k = bisect.bisect_right(starts, st) - 1
        if k >= 0 and reach[k] >= e:
            while k >= 0:
                a, b = guards[k]
                if b >= e and b - a > e - st:
                    break  # inside a longer protected phrase
                k -= 1
            else:
                out.append((st, neg))
            continue
        out.append((st, neg))
    return out


def protected_phrases(variants: dict[str, list[Variant]]) -> frozenset[str]:
    """The replacements (lower case, as keys) that hold some spun form as a shorter part."""
    out = set()
    for forms in variants.values():
        for v in forms:
            for rep in v.replacements + (v.participle or ()):
                words = phrase_key(rep).split(" ")
                n = len(words)
                if n > 1 and any(" ".join(words[i:j]) in variants
                                 for i in range(n) for j in range(i + 1, n + 1) if j - i < n):
                    out.add(" ".join(words))
    return frozenset(out)


def _respell(key: str, spellings: Callable[[str], set[str]]) -> set[str]:
    """The phrase with one word at a time in its other spelling ("center east" -> "centre east")."""
    words = key.split(" ")
    out = set()
    for i, w in enumerate(words):
        for v in spellings(w):
            out.add(" ".join(words[:i] + [v] + words[i + 1:]))
    return out
