#!/usr/bin/env python3
"""A synthetic article spinner, for measuring the cleaner on text it has never seen.

    python benchmarks/spin.py build                       # regenerate benchmarks/spin_dictionary.tsv
    python benchmarks/spin.py spin IN [-o OUT] [--seed N] [--both] [--gold GOLD]

It spins the way this spinner family does: a dictionary of synonym groups; within one article each
group's stand-in is chosen once and used for every occurrence; longer phrases are matched before
single words; the original's capitalisation is kept; a replaced stretch is never spun again; in
``--both`` mode a group's members replace each other in both directions ("big" <-> "large"), otherwise
only a group's head is replaced; a group left with no usable member comes out as ``{word}``.

The dictionary is built from the OpenOffice/mythes English thesaurus (Debian ``mythes-en-us``,
/usr/share/mythes/th_en_US_v2.dat, LGPL; itself WordNet-derived) with lemminflect inflections, and is
kept apart from everything the cleaner ships (``wordlists/``, ``cleaner/data/``). It is a benchmark
fixture, not part of the wheel.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DICTIONARY = HERE / "spin_dictionary.tsv"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
UNIGRAMS = HERE.parent / "cleaner" / "data" / "unigrams.tsv"
HEAD_RANKS = (60, 9000)  # which frequent words get a group (the spinner leaves the commonest alone)
SYN_RANK = 40_000  # a stand-in must be a reasonably common word
MAX_SYNS = 4
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_TAGS = {"noun": ("NNS",), "verb": ("VBD", "VBG", "VBZ", "VBN")}


# --------------------------------------------------------------------------- dictionary

def _unigram_ranks() -> dict[str, int]:
    ranks = {}
    with UNIGRAMS.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                ranks.setdefault(line.split("\t", 1)[0], len(ranks))
    return ranks


def _read_mythes() -> dict[str, list[tuple[str, list[str]]]]:
    out: dict[str, list[tuple[str, list[str]]]] = {}
    with MYTHES.open(encoding="utf-8", errors="replace") as fh:
        fh.readline()
        for line in fh:
            head, _, n = line.rstrip("\n").rpartition("|")
            senses = []
            for _ in range(int(n)):
                fields = fh.readline().rstrip("\n").split("|")
                pos = fields[0].strip("()")
                senses.append((pos, [f for f in fields[1:] if "(" not in f]))
            out[head] = senses
    return out


def build() -> None:
    from lemminflect import getInflection

    ranks = _unigram_ranks()
    thesaurus = _read_mythes()
    lo, hi = HEAD_RANKS
    rows: dict[tuple[str, str], list[str]] = {}
    for word, rank in ranks.items():
        if not (lo <= rank < hi) or len(word) < 3 or not word.isalpha() or word not in thesaurus:
            continue
        for pos, members in thesaurus[word][:2]:
            syns = []
            for m in members:
                ws = m.split()
                # no proper names or abbreviations, no function words, only reasonably common words
                if m == word or m != m.lower() or len(ws) > 3 or len(m) < 3:
                    continue
                if not all(w.isalpha() and lo <= ranks.get(w, 10**9) < SYN_RANK for w in ws):
                    continue
                if m not in syns:
                    syns.append(m)
            # a spinner's stand-ins are everyday words: keep the commonest
            syns = sorted(syns, key=lambda m: max(ranks[w] for w in m.split()))[:MAX_SYNS]
            if not syns or (word, pos) in rows:
                continue
            rows[(word, pos)] = syns
            for tag in _TAGS.get(pos, ()):
                def inflect(phrase: str) -> str | None:
                    ws = phrase.split()
                    k = len(ws) - 1 if pos == "noun" else 0
                    forms = getInflection(ws[k], tag)
                    if not forms:
                        return None
                    ws[k] = forms[0]
                    return " ".join(ws)

                form = inflect(word)
                forms = [f for f in (inflect(s) for s in syns) if f and f != form]
                # "has" is not the plural of "ha": an inflection that is a commoner word in its own right is skipped
                if form and ranks.get(form, 10**9) < rank:
                    continue
                if form and form != word and forms and (form, pos) not in rows:
                    rows[(form, pos)] = forms
    with DICTIONARY.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Synonym groups for benchmarks/spin.py: head<TAB>pos<TAB>stand-ins. Built by `spin.py build` from\n"
                 "# the mythes-en-us thesaurus (LGPL, OpenOffice.org/WordNet) and lemminflect. Benchmark data only.\n")
        for (word, pos), syns in sorted(rows.items()):
            fh.write(f"{word}\t{pos}\t{'|'.join(syns)}\n")
    print(f"wrote {len(rows):,} groups to {DICTIONARY}", file=sys.stderr)


# --------------------------------------------------------------------------- spinning

def load_groups(both: bool) -> dict[str, list[str]]:
    """Phrase -> possible stand-ins. In both-directions mode every member maps to the others."""
    table: dict[str, list[str]] = {}
    with DICTIONARY.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            head, _pos, syns = line.rstrip("\n").split("\t")
            members = [head] + syns.split("|")
            sources = members if both else [head]
            for src in sources:
                others = [m for m in members if m != src]
                bucket = table.setdefault(src, [])
                bucket.extend(o for o in others if o not in bucket)
    return table


def _match_case(src: str, repl: str) -> str:
    if src.isupper() and len(src) > 1:
        return repl.upper()
    if src[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def _common_words(limit: int = 3000) -> frozenset[str]:
    global _COMMON
    if _COMMON is None:
        _COMMON = frozenset(w for w, r in _unigram_ranks().items() if r < limit)
    return _COMMON


_COMMON: frozenset[str] | None = None


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t“\"‘'(")
    return not before or before[-1] in ".!?:\n"


def spin(text: str, seed: int = 0, both: bool = False, rate: float = 0.85, table=None) -> tuple[str, str]:
    """Return (spun text, gold markup). ``rate`` is the share of dictionary groups used in this article."""
    rng = random.Random(seed)
    table = table if table is not None else load_groups(both)
    longest = max(len(k.split()) for k in table)
    choice: dict[str, str | None] = {}
    common = _common_words()
    tokens = list(WORD.finditer(text))
    out, gold, pos, i = [], [], 0, 0
    while i < len(tokens):
        hit = None
        for n in range(min(longest, len(tokens) - i), 0, -1):
            span = tokens[i: i + n]
            # a phrase must be contiguous words separated by single spaces
            if any(text[a.end():b.start()] != " " for a, b in zip(span, span[1:])):
                continue
            key = " ".join(t.group() for t in span).lower().replace("’", "'")
            if key in table:
                hit = (n, key)
                break
        if hit is None:
            i += 1
            continue
        n, key = hit
        first = tokens[i]
        if first.group()[:1].isupper() and not _sentence_start(text, first.start()) and key.split()[0] not in common:
            i += n  # a name ("Benjamin", "Tom") is left alone; "State", "Middle" are fair game
            continue
        if key not in choice:
            opts = table[key]
            if not opts:
                choice[key] = ""  # one-member group
            else:
                choice[key] = rng.choice(opts) if rng.random() < rate else None
        repl = choice[key]
        if repl is None:
            i += n
            continue
        start, end = tokens[i].start(), tokens[i + n - 1].end()
        original = text[start:end]
        if repl == "":
            # a one-member group: the spinner leaves its spintax braces behind. The gold format
            # cannot mark braces, so the gold keeps them as they are
            out.append(text[pos:start] + "{" + original + "}")
            gold.append(text[pos:start] + "{" + original + "}")
            pos = end
            i += n
            continue
        new = _match_case(original, repl)
        out.append(text[pos:start] + new)
        gold.append(text[pos:start] + "{{%s|%s}}" % (new, original))
        pos = end
        i += n  # the replaced stretch is never spun again
    out.append(text[pos:])
    gold.append(text[pos:])
    return "".join(out), "".join(gold)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="synthetic article spinner (benchmark fixture)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build", help="regenerate the dictionary from mythes-en-us")
    sp = sub.add_parser("spin", help="spin a text file")
    sp.add_argument("input")
    sp.add_argument("-o", "--output")
    sp.add_argument("--gold", help="also write {{spun|original}} gold markup here")
    sp.add_argument("--seed", type=int, default=0)
    sp.add_argument("--both", action="store_true", help="both-directions mode")
    args = ap.parse_args(argv)
    if args.cmd == "build":
        build()
        return 0
    text = Path(args.input).read_text(encoding="utf-8")
    spun, gold = spin(text, args.seed, args.both)
    if args.output:
        Path(args.output).write_text(spun, encoding="utf-8")
    else:
        sys.stdout.write(spun)
    if args.gold:
        Path(args.gold).write_text(gold, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
