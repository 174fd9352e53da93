"""One-pass multi-phrase matching: every spun form compiled into a single trie-shaped regex.

The trie shape lets the regex engine branch on one character at a time instead of trying each
phrase in turn, and orders each branch longest-first, so phrases win over the words inside them
("international locations" before "international"). Words inside a phrase match any run of
white space, so a phrase broken across lines is still found.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from .morph import PARTICIPLE_CUES, inflections
from .wordlist import Rule, phrase_key

# A match must not start inside a word, after an apostrophe ("who're") or inside a hyphenated
# compound ("post-conflict"), nor end inside one.


def _fold(lowered: str) -> str:
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
        """Decided from the matched text alone (no conditions on the words around it)."""
        return not self.rule.conditions and self.participle is None


@dataclass
class PhraseMatcher:
    variants: dict[str, list[Variant]] = field(default_factory=dict)
    _ac: object = None

    @classmethod
    def build(cls, rules: Iterable[Rule], spellings: Callable[[str], set[str]] | None = None) -> "PhraseMatcher":
        m = cls()
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
        return m

    def _add(self, key: str, variant: Variant) -> None:
        self.variants.setdefault(key, []).append(variant)

    @property
    def keys(self) -> list[str]:
        return sorted(self.variants)

    def _automaton(self):
        if self._ac is None:
            self._ac = build_automaton(self.variants)
        return self._ac

    def find(self, text: str, accept: Callable[[int, int, str], int | None]) -> str | None:
        """Call ``accept(start, end, key)`` for each leftmost-longest match, left to right.

        ``accept`` returns where the search resumes, or None to refuse the match; the search then
        resumes one word further on, so a phrase that overlaps the refused one gets its chance.
        Returns the lower-cased text, for the caller to reuse.

        Matching runs an Aho-Corasick automaton over a lower-cased copy of the text in which
        line breaks and tabs read as spaces and curly apostrophes as straight ones (each a
        one-for-one swap, so offsets are the text's own).
        """
        if not self.variants:
            return None
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters change length when lowered (U+0130)
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        subject = _fold(lowered)
        ac = self._automaton()
        if "  " in subject:
            hits = _squeezed(ac, subject)
        else:
            hits = [(st, st - e) for st, e, _ in iter_words(ac, subject, folded=True)]
        hits.sort()
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
                done = max(got, st + 1)
        return lowered


def build_automaton(keys: Iterable[str]):
    """An Aho-Corasick automaton over phrases (lower case, single spaces); values are lengths."""
    import ahocorasick

    ac = ahocorasick.Automaton()
    for key in keys:
        ac.add_word(key, len(key))
    ac.make_automaton()
    return ac


def iter_words(ac, lowered: str, folded: bool = False) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, folded text) for every automaton hit that is a whole word or phrase."""
    subject = lowered if folded else _fold(lowered)
    n = len(subject)
    for last, length in ac.iter(subject):
        st = last - length + 1
        # whole words only: a letter, digit, _ or - on either side (or ' before) means inside a word
        if st:
            ch = subject[st - 1]
            if ch.isalnum() or ch in "_-'":
                continue
        if last + 1 < n:
            ch = subject[last + 1]
            if ch.isalnum() or ch == "_" or ch == "-":
                continue
        yield st, last + 1, subject


_RUN = re.compile(r" {2,}")


def _squeezed(ac, subject: str) -> list[tuple[int, int]]:
    """Hits in a text with runs of spaces ("Center\r\nEast", "the  region"), as (start, -length).

    The automaton only knows single spaces, so it runs over the text with each run squeezed to
    one space, and every hit is mapped back to the text's own offsets.
    """
    pieces, marks = [], []  # marks: (position in squeezed text, shift so far) at each run end
    pos = shift = 0
    for m in _RUN.finditer(subject):
        pieces.append(subject[pos:m.start() + 1])
        shift += m.end() - m.start() - 1
        marks.append((m.start() + 1 - (shift - (m.end() - m.start() - 1)), shift))
        pos = m.end()
    pieces.append(subject[pos:])
    squeezed = "".join(pieces)
    cut = [q for q, _ in marks]
    shifts = [d for _, d in marks]
    right = bisect.bisect_right
    out = []
    for st, e, _ in iter_words(ac, squeezed, folded=True):
        i = right(cut, st) - 1
        a = st + (shifts[i] if i >= 0 else 0)
        j = right(cut, e - 1) - 1
        out.append((a, a - (e + (shifts[j] if j >= 0 else 0))))
    return out


def _respell(key: str, spellings: Callable[[str], set[str]]) -> set[str]:
    """The phrase with one word at a time in its other spelling ("center east" -> "centre east")."""
    words = key.split(" ")
    out = set()
    for i, w in enumerate(words):
        for v in spellings(w):
            out.add(" ".join(words[:i] + [v] + words[i + 1:]))
    return out


def trie_regex(keys: Iterable[str]) -> str:
    """Compile phrases into one regex shaped like their trie (longest alternative first)."""
    trie: dict = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = True
    return _node_regex(trie)


def _node_regex(node: dict) -> str:
    end = "" in node
    alts = [_char_regex(ch) + _node_regex(sub) for ch, sub in sorted(node.items()) if ch != ""]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return "(?:" + body + ")?" if end else body


def _char_regex(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    return re.escape(ch)


def wants_participle(previous_words: list[str]) -> bool:
    return bool(previous_words) and previous_words[-1].lower() in PARTICIPLE_CUES
