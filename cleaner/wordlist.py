"""Wordlists: rules as data, one per line, loaded with ``path:line: problem`` errors.

The format (see wordlists/README.md)::

    # a comment
    @class months = january february march
    center east => Middle East                        tier=safe
    officers    => officials      near=state,ministry tier=review
    assist      => support | aid  pos=verb            tier=review

Left of ``=>`` is the spun form (matched case-insensitively at word boundaries), right of it the
canonical form, then ``|``-separated alternatives, then ``key=value`` fields.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import regex

from .suggestion import Applicability

TIER_CONFIDENCE = {Applicability.SAFE: 0.97, Applicability.REVIEW: 0.75, Applicability.DISPLAY: 0.45}
CONDITION_KEYS = ("after", "before", "near", "not-after", "not-before", "not-near")
KNOWN_KEYS = frozenset(CONDITION_KEYS + ("tier", "conf", "pos", "window", "case", "choose", "note"))
CHOOSE_VALUES = ("first", "context")
POS_VALUES = ("verb", "noun", "adj")
CASE_VALUES = ("any", "capital", "lower")
# Built-in word classes usable in conditions, for the things a word list cannot spell out.
BUILTIN_CLASSES = ("@capital", "@comma", "@end", "@lower", "@number", "@possessive", "@punct", "@start")

_FIELD = re.compile(r"(?:^|\s)([a-z][a-z-]*)=(\S+)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,]\d+)*|[^\w\s]", re.UNICODE)


class WordlistError(ValueError):
    """A problem in a wordlist file, located as ``path:line``."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Condition:
    """A test on the words around a match. ``kind`` is one of CONDITION_KEYS."""

    kind: str
    words: frozenset[str]

    @cached_property
    def side(self) -> str:
        """Where the condition looks: "after" (the word before the match), "before" or "near"."""
        return self.kind.removeprefix("not-")

    @cached_property
    def negated(self) -> bool:
        return self.kind.startswith("not-")

    @cached_property
    def classes(self) -> frozenset[str]:
        """The word classes among the words ("@punct", "@number", ...), tested when no word matches."""
        return frozenset(w for w in self.words if w.startswith("@"))

    def describe(self) -> str:
        return f"{self.kind}={','.join(sorted(self.words))}"


@dataclass(frozen=True)
class Rule:
    spun: str
    replacements: tuple[str, ...]
    tier: Applicability
    confidence: float
    path: str = "<memory>"
    line: int = 0
    pos: str | None = None
    conditions: tuple[Condition, ...] = ()
    window: int = 4
    case: str = "any"
    note: str = ""
    list_name: str = "user"
    pattern: str | None = None  # a regular-expression rule: the spun side was written /pattern/
    choose: str = "first"  # "context": the trigram model picks among the replacements at each match

    @cached_property
    def key(self) -> str:
        return phrase_key(self.spun)

    @property
    def replacement(self) -> str:
        return self.replacements[0]

    @cached_property
    def canonical_key(self) -> str:
        return phrase_key(self.replacements[0])

    @cached_property
    def origin(self) -> str:
        return f"{self.path}:{self.line}"

    @cached_property
    def name(self) -> str:
        return f"{self.list_name}:{self.key}"

    @property
    def condition_key(self) -> tuple:
        return tuple(sorted(c.describe() for c in self.conditions)) + (self.case,)


@dataclass
class Wordlist:
    name: str
    path: str
    rules: list[Rule] = field(default_factory=list)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)


@lru_cache(maxsize=65536)
def phrase_key(phrase: str) -> str:
    """Lower-cased, single-spaced form of a phrase, the key the matcher uses."""
    return " ".join(phrase.casefold().replace("’", "'").split())


def tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def parse(text: str, path: str = "<memory>", name: str | None = None) -> Wordlist:
    """Parse wordlist text; raise WordlistError on the first malformed line."""
    if name is None:
        name = Path(path).stem
    wl = Wordlist(name=name, path=path)
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if line.startswith("@class"):
            cname, words = _parse_class(line, path, lineno, wl.classes)
            wl.classes[cname] = words
            continue
        wl.rules.append(_parse_rule(line, path, lineno, wl))
    return wl


def _strip_comment(line: str) -> str:
    i = line.find("#")
    return line if i < 0 else line[:i]


def _parse_class(line: str, path: str, lineno: int, classes: dict[str, frozenset[str]]) -> tuple[str, frozenset[str]]:
    m = re.fullmatch(r"@class\s+([a-z][a-z0-9-]*)\s*=\s*(.+)", line)
    if not m:
        raise WordlistError(path, lineno, "expected '@class NAME = word word ...'")
    words: set[str] = set()
    for w in m.group(2).split():
        w = w.casefold()
        if w.startswith("@") and w not in BUILTIN_CLASSES:
            if w not in classes:  # a class inside a class: defined above, and spelled out here
                raise WordlistError(path, lineno, f"unknown class {w!r}: define it with '@class {w[1:]} = ...' above")
            words |= classes[w]
        else:
            words.add(w)
    return "@" + m.group(1), frozenset(words)


def _parse_rule(line: str, path: str, lineno: int, wl: Wordlist) -> Rule:
    if "=>" not in line:
        raise WordlistError(path, lineno, "expected 'spun => canonical [fields]'")
    left, right = line.split("=>", 1)
    spun = " ".join(left.split())
    pattern = None
    if not spun:
        raise WordlistError(path, lineno, "empty spun form on the left of '=>'")
    if len(spun) > 2 and spun[0] == "/" and left.strip()[-1] == "/":
        spun = left.strip()
        pattern = spun[1:-1]
        try:
            regex.compile(pattern)
        except regex.error as e:
            raise WordlistError(path, lineno, f"bad regular expression {pattern!r}: {e}") from None
    elif not re.match(r"\w", spun) or not re.search(r"\w$", spun):
        raise WordlistError(path, lineno, f"spun form {spun!r} must start and end with a word character "
                                          "(or be a regular expression written /pattern/)")
    fm = _FIELD.search(right)
    rhs, rest = (right[: fm.start()], right[fm.start():]) if fm else (right, "")
    replacements = tuple(" ".join(r.split()) for r in rhs.split("|"))
    if not replacements or any(not r for r in replacements):
        raise WordlistError(path, lineno, "empty replacement (write 'spun => canonical')")
    fields: dict[str, str] = {}
    consumed = _FIELD.sub("", rest).strip()
    if consumed:
        raise WordlistError(path, lineno, f"cannot read {consumed!r}: fields are written key=value")
    for m in _FIELD.finditer(rest):
        key, value = m.group(1), m.group(2)
        if key not in KNOWN_KEYS:
            raise WordlistError(path, lineno, f"unknown field {key!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
        if key in fields:
            raise WordlistError(path, lineno, f"field {key!r} given twice")
        fields[key] = value
    try:
        tier = Applicability(fields.get("tier", "review"))
    except ValueError:
        raise WordlistError(path, lineno, f"tier must be safe, review or display, not {fields['tier']!r}") from None
    confidence = TIER_CONFIDENCE[tier]
    if "conf" in fields:
        try:
            confidence = float(fields["conf"])
        except ValueError:
            confidence = -1.0
        if not 0.0 < confidence < 1.0:
            raise WordlistError(path, lineno, f"conf must be a number between 0 and 1, not {fields['conf']!r}")
    pos = fields.get("pos")
    if pos is not None and pattern is not None:
        raise WordlistError(path, lineno, "pos= does not apply to a regular-expression rule")
    if pos is not None and pos not in POS_VALUES:
        raise WordlistError(path, lineno, f"pos must be one of {', '.join(POS_VALUES)}, not {pos!r}")
    case = fields.get("case", "any")
    if case not in CASE_VALUES:
        raise WordlistError(path, lineno, f"case must be one of {', '.join(CASE_VALUES)}, not {case!r}")
    choose = fields.get("choose", "first")
    if choose not in CHOOSE_VALUES:
        raise WordlistError(path, lineno, f"choose must be one of {', '.join(CHOOSE_VALUES)}, not {choose!r}")
    if choose == "context" and len(replacements) < 2:
        raise WordlistError(path, lineno, "choose=context needs alternatives to choose among")
    window = 4
    if "window" in fields:
        if not fields["window"].isdigit() or not 1 <= int(fields["window"]) <= 20:
            raise WordlistError(path, lineno, f"window must be a whole number from 1 to 20, not {fields['window']!r}")
        window = int(fields["window"])
    conditions = []
    for key in CONDITION_KEYS:
        if key in fields:
            conditions.append(Condition(key, _condition_words(fields[key], wl, path, lineno)))
    return Rule(
        spun=spun,
        replacements=replacements,
        tier=tier,
        confidence=confidence,
        path=path,
        line=lineno,
        pos=pos,
        conditions=tuple(conditions),
        window=window,
        case=case,
        note=fields.get("note", "").replace("_", " "),
        list_name=wl.name,
        pattern=pattern,
        choose=choose,
    )


def _condition_words(value: str, wl: Wordlist, path: str, lineno: int) -> frozenset[str]:
    words: set[str] = set()
    for item in value.split(","):
        item = item.strip().casefold()
        if not item:
            raise WordlistError(path, lineno, f"empty word in condition list {value!r}")
        if item.startswith("@"):
            if item in wl.classes:
                words |= wl.classes[item]
            elif item in BUILTIN_CLASSES:
                words.add(item)
            else:
                raise WordlistError(path, lineno, f"unknown class {item!r}: define it with '@class {item[1:]} = ...' above")
        else:
            words.add(item)
    return frozenset(words)


def load(path: str | os.PathLike) -> Wordlist:
    """Parse a wordlist file (kept in the on-disk cache, see cleaner.cache, under its bytes)."""
    from . import cache

    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise WordlistError(str(p), 0, e.strerror or str(e)) from None
    made_from = str(p).encode("utf-8", "surrogateescape") + b"\0" + raw
    got = cache.get("wordlist", made_from)
    if isinstance(got, Wordlist):
        return got
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise WordlistError(str(p), 1, f"not UTF-8 ({e.reason} at byte {e.start})") from None
    wl = parse(text.replace("\r\n", "\n").replace("\r", "\n"), str(p))  # newlines as text mode reads them
    cache.put("wordlist", made_from, wl)
    return wl


def wordlist_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(q for q in p.glob("*.txt") if q.name.lower() != "readme.txt")
        else:
            yield p


def bundled_dir() -> Path:
    """The shipped wordlists: inside the package in a wheel, at the project root in a checkout."""
    inside = Path(__file__).parent / "wordlists"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "wordlists"


def bundled_paths() -> list[Path]:
    return list(wordlist_files([bundled_dir()]))


# ---------------------------------------------------------------- lint

@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def lint(paths: Iterable[str | os.PathLike]) -> list[Problem]:
    """Check wordlists: parse errors, sorting, duplicates, cycles and chained replacements."""
    problems: list[Problem] = []
    lists: list[Wordlist] = []
    for p in wordlist_files(paths):
        try:
            lists.append(load(p))
        except WordlistError as e:
            problems.append(Problem(e.path, e.line, e.message))
    for wl in lists:
        problems.extend(_lint_order(wl))
    problems.extend(_lint_graph([r for wl in lists for r in wl.rules]))
    return sorted(problems, key=lambda q: (q.path, q.line, q.message))


def audit(paths: Iterable[str | os.PathLike]) -> list[Problem]:
    """Safe-tier phrases that may be clean English: every pair of neighbouring words in the spun
    form is one the bigram model (``cleaner.lm``) has seen, so the phrase may well occur in text
    no spinner touched ("family budgets", "the reason for the crash"). A safe rule applies to any
    text, so each one flagged should be checked, or moved to ``tier=review`` (where the document
    evidence still applies it in spun text). Rules with context conditions are not flagged, nor
    phrases with an article of the wrong sound ("a agency": ``cleaner.articles``)."""
    from . import articles, lm

    model = lm.model()
    problems: list[Problem] = []
    for p in wordlist_files(paths):
        try:
            wl = load(p)
        except WordlistError as e:
            problems.append(Problem(e.path, e.line, e.message))
            continue
        for r in wl.rules:
            if r.tier is not Applicability.SAFE or r.pattern is not None or r.conditions:
                continue
            words = lm.tokens(r.spun)
            if len(words) < 2 or any(articles.mismatches(r.spun)):
                continue
            if all(model.has_bigram(a, b) for a, b in zip(words, words[1:])):
                problems.append(Problem(wl.path, r.line, f"safe rule {r.spun!r} may be clean English (the bigram "
                                                         "model has seen every word pair in it): check it, or "
                                                         "use tier=review"))
    return problems


def _lint_order(wl: Wordlist) -> Iterator[Problem]:
    seen: dict[tuple, Rule] = {}
    prev: Rule | None = None
    for r in wl.rules:
        if prev is not None and r.key < prev.key:
            yield Problem(wl.path, r.line, f"not sorted: {r.key!r} should come before {prev.key!r} (line {prev.line})")
        prev = r
        ident = (r.key, r.condition_key)
        if ident in seen:
            yield Problem(wl.path, r.line, f"duplicate of line {seen[ident].line}: {r.key!r}")
        else:
            seen[ident] = r
        for rep in r.replacements:
            if phrase_key(rep) == r.key:
                yield Problem(wl.path, r.line, f"replacement {rep!r} is the spun form itself")
        if r.pattern is not None and _ends_in_space(r.pattern):
            yield Problem(wl.path, r.line, "the expression's match ends in a space, which the replacement "
                                           "cannot keep (replacements are trimmed): move the space into the lookahead")


def _ends_in_space(source: str) -> bool:
    """Whether a pattern's consumed text ends in a literal space: what is left once the
    lookarounds and anchors that close it ("(?=...)", "(?!...)", "\\b", "$") are taken off
    ends in " " or "\\s"."""
    s = source
    while True:
        trimmed = s.removesuffix("\\b").removesuffix("\\B").removesuffix("$")
        if trimmed != s:
            s = trimmed
            continue
        if not s.endswith(")"):
            break
        depth, i = 0, len(s) - 1
        while i >= 0:
            if s[i] == ")" and (i == 0 or s[i - 1] != "\\"):
                depth += 1
            elif s[i] == "(" and (i == 0 or s[i - 1] != "\\"):
                depth -= 1
                if depth == 0:
                    break
            i -= 1
        if i < 0 or not s.startswith(("(?=", "(?!"), i):
            break
        s = s[:i]
    return s.endswith((" ", "\\s"))


def _lint_graph(rules: list[Rule]) -> Iterator[Problem]:
    by_key: dict[str, list[Rule]] = {}
    for r in rules:
        by_key.setdefault(r.key, []).append(r)
    for r in rules:
        rep = phrase_key(r.replacement)
        for other in by_key.get(rep, ()):
            if phrase_key(other.replacement) == r.key:
                if (r.path, r.line) < (other.path, other.line):
                    yield Problem(r.path, r.line, f"cycle: {r.key!r} -> {rep!r} and back at {other.origin}")
            elif not other.conditions and not r.conditions:
                yield Problem(r.path, r.line, f"replacement {rep!r} is itself a spun form ({other.origin}); fixing twice would change it again")


def sort_file(path: str | os.PathLike) -> bool:
    """Sort a wordlist's rules in place; the comments and @class lines above the first rule stay.

    Comment lines between rules travel with the rule below them. Returns whether anything moved.
    """
    p = Path(path)
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\r\n" if lines[0].endswith("\r\n") else "\n"  # or it would run into the rule after it
    head: list[str] = []
    i = 0
    while i < len(lines) and "=>" not in _strip_comment(lines[i]):
        head.append(lines[i])
        i += 1
    blocks: list[tuple[str, list[str]]] = []
    pending: list[str] = []
    for line in lines[i:]:
        body = _strip_comment(line)
        if "=>" in body:
            blocks.append((phrase_key(body.split("=>", 1)[0]), pending + [line]))
            pending = []
        elif line.strip():
            pending.append(line)
    ordered = sorted(blocks, key=lambda b: b[0])
    if [b[0] for b in ordered] == [b[0] for b in blocks]:
        return False
    text = "".join(head) + "".join("".join(b[1]) for b in ordered) + "".join(pending)
    p.write_text(text, encoding="utf-8")
    return True
