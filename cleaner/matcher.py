"""One-pass multi-phrase matching: every spun form compiled into a single trie-shaped regex.

The trie shape lets the regex engine branch on one character at a time instead of trying each
phrase in turn, and orders each branch longest-first, so phrases win over the words inside them
("international locations" before "international"). Words inside a phrase match any run of
white space, so a phrase broken across lines is still found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .morph import PARTICIPLE_CUES, inflections
from .wordlist import Rule, phrase_key

# A match must not start inside a word, after an apostrophe ("who're") or inside a hyphenated
# compound ("post-conflict"), nor end inside one.
_BEFORE = r"(?<![\w'’\-])"
_AFTER = r"(?![\w\-])"
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Variant:
    """One matchable form of a rule: the spun text as matched and what replaces it."""

    rule: Rule
    replacements: tuple[str, ...]
    participle: tuple[str, ...] | None = None  # replacements when the form reads as a participle
    form: str = "base"  # base | inflected | spelling: how this form was derived from the rule


@dataclass
class PhraseMatcher:
    variants: dict[str, list[Variant]] = field(default_factory=dict)
    _lower_re: re.Pattern | None = None
    _ci_re: re.Pattern | None = None

    @classmethod
    def build(cls, rules: Iterable[Rule], spellings: Callable[[str], set[str]] | None = None) -> "PhraseMatcher":
        m = cls()
        for rule in rules:
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

    def _pattern(self, case_insensitive: bool) -> re.Pattern:
        if case_insensitive:
            if self._ci_re is None:
                self._ci_re = re.compile(_BEFORE + trie_regex(self.variants) + _AFTER, re.IGNORECASE)
            return self._ci_re
        if self._lower_re is None:
            self._lower_re = re.compile(_BEFORE + trie_regex(self.variants) + _AFTER)
        return self._lower_re

    def find(self, text: str, accept: Callable[[int, int, str], int | None]) -> None:
        """Call ``accept(start, end, key)`` for each leftmost-longest match, left to right.

        ``accept`` returns where the search resumes, or None to refuse the match; the search then
        resumes one word further on, so a phrase that overlaps the refused one gets its chance.
        """
        if not self.variants:
            return
        lowered = text.lower()
        if len(lowered) == len(text):
            pattern, subject = self._pattern(False), lowered
        else:  # a few characters change length when lowered (U+0130): keep offsets exact
            pattern, subject = self._pattern(True), text
        search = pattern.search
        pos, n = 0, len(text)
        while pos < n:
            m = search(subject, pos)
            if m is None:
                return
            s, e = m.span()
            resume = accept(s, e, " ".join(m.group().lower().replace("’", "'").split()))
            if resume is not None:
                pos = max(resume, s + 1)
            else:
                gap = _SPACE.search(subject, s, e)
                pos = gap.end() if gap else e

    def prefixes(self, key: str) -> list[str]:
        """Shorter keys that are word-prefixes of ``key``, longest first."""
        words = key.split(" ")
        return [p for p in (" ".join(words[:i]) for i in range(len(words) - 1, 0, -1)) if p in self.variants]


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
