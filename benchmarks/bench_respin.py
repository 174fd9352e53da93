#!/usr/bin/env python3
"""What does `cleaner fix` do to the genuine words of a spun article? Damage per 1,000 words.

    python benchmarks/bench_respin.py [--dir DIR ...] [--both] [--rules] [--show RULE ...]

Real news articles (benchmarks/corpus/news/, fetched by ``bench_clean_prose.py --fetch``, plus any
``--dir``) are spun with the bundled news-spinner list read backwards: every occurrence of a
rule's canonical phrase becomes one of its stand-ins, chosen once per article ("said" -> "stated"
throughout), in that phrase's case. The spun article is cleaned with the default pipeline and
every applied fix is classified by where it lands:

* correct: exactly on a spun span, giving back the article's own word;
* wrong: on a spun span, but another word (the stand-in has several canonical forms);
* damage: on text the spin did not touch: a genuine word of the article that looks like a stand-in
  ("the kids' soccer game", "an additional $740,000"). This is the number that matters here.

Recall on this spin is not a measure of anything (the spin uses the cleaner's own rules); the
damage is, because it comes from real articles' own words in a document that reads as spun, as
every article a dictionary spinner touches does. ``--rules`` lists the rules by damage.

``--both`` spins in the spinner's both-directions mode: each member of a group (a canonical phrase
and its stand-ins) is replaced by another member, so the article's own "stated" may become
"mentioned", which the cleaner then turns into "said": a wrong edit on a spun span. This is the
mode where one-way rules pay for the stand-ins the original writer chose; it prints the wrong
edits as well as the error reduction (spun spans put back, less damage).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cleaner.apply import select  # noqa: E402
from cleaner.casing import transfer_case  # noqa: E402
from cleaner.engine import Cleaner  # noqa: E402
from bench_clean_prose import articles  # noqa: E402


def reverse_map(engine: Cleaner) -> dict[str, list[str]]:
    """canonical phrase -> the news-spinner stand-ins that rules map back to it."""
    out: dict[str, list[str]] = {}
    for r in engine.rules:
        if r.pattern is not None or not r.path.endswith("news-spinner.txt") or "{" in r.spun or r.case != "any":
            # (a rule for one case only, "Might" for the month, would spin every "may")
            continue
        canon = r.canonical_key
        if canon and re.fullmatch(r"[a-z' -]+", canon) and r.spun not in out.setdefault(canon, []):
            out[canon].append(r.spun)
    return out


def both_ways(rev: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each member of a group (canonical phrase and its stand-ins) -> the other members."""
    out: dict[str, set[str]] = defaultdict(set)
    for canon, stand_ins in rev.items():
        members = [canon] + stand_ins
        for m in members:
            if re.fullmatch(r"[a-z' -]+", m):
                out[m].update(x for x in members if x != m)
    return {k: sorted(v) for k, v in out.items() if v}


class Spinner:
    def __init__(self, rev: dict[str, list[str]]):
        self.rev = rev
        keys = sorted(rev, key=len, reverse=True)
        alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)
        self.rx = re.compile(r"(?<![\w'’-])(" + alternation + r")(?![\w-])", re.IGNORECASE)

    def spin(self, text: str, seed: str) -> tuple[str, list[tuple[int, int, str]]]:
        """The spun text and (start, end, original words) of each replaced span in it."""
        # each group's choice is seeded by the article and the group alone, so adding rules to the
        # list does not reshuffle the choices of the others (the figures stay comparable)
        pick = {k: random.Random(f"{seed}\0{k}").choice(v) for k, v in self.rev.items()}
        out, spans, pos, shift = [], [], 0, 0
        for m in self.rx.finditer(text):
            rep = transfer_case(m.group(1), pick[" ".join(m.group(1).lower().split())])
            out.append(text[pos:m.start()])
            out.append(rep)
            start = m.start() + shift
            spans.append((start, start + len(rep), m.group(1)))
            shift += len(rep) - (m.end() - m.start())
            pos = m.end()
        out.append(text[pos:])
        return "".join(out), spans


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", action="append", default=[], type=Path, help="another folder of .txt articles")
    ap.add_argument("--both", action="store_true", help="spin in both-directions mode")
    ap.add_argument("--rules", action="store_true", help="list the rules that damage most")
    ap.add_argument("--show", nargs="*", default=[], metavar="RULE", help="print each damage or wrong edit of the rules whose text starts with one of these, in context")
    args = ap.parse_args(argv)
    files = articles(args.dir)
    if not files:
        return 2
    engine = Cleaner.from_wordlists()
    rev = reverse_map(engine)
    spinner = Spinner(both_ways(rev) if args.both else rev)
    per_rule: dict[str, Counter] = defaultdict(Counter)
    total: Counter = Counter()
    words = spun_spans = 0
    for f in files:
        original = f.read_text(encoding="utf-8", errors="replace")
        spun, spans = spinner.spin(original, f.name)
        words += len(original.split())
        spun_spans += len(spans)
        for s in select(engine.analyse(spun).suggestions, False):
            hit = [x for x in spans if x[0] < s.end and s.start < x[1]]
            if not hit:
                kind = "damage"
            elif len(hit) == 1 and (hit[0][0], hit[0][1]) == (s.start, s.end):
                kind = "correct" if s.replacement.lower() == hit[0][2].lower() else "wrong"
            else:
                kind = "partial"
            per_rule[s.rule][kind] += 1
            total[kind] += 1
            if kind in ("damage", "wrong") and any(s.rule.partition(":")[2].startswith(r) for r in args.show):
                want = f" (want {hit[0][2]!r})" if kind == "wrong" else ""
                print(f"{s.rule} {kind} -> {s.replacement!r}{want}: {' '.join(spun[max(0, s.start - 60):s.end + 40].split())}")
    if args.rules:
        for rule, c in sorted(per_rule.items(), key=lambda kv: -kv[1]["damage"])[:40]:
            print(f"  {rule:44s} damage {c['damage']:4d}  correct {c['correct']:5d}  wrong {c['wrong']:3d}")
    if args.both or args.rules:
        for rule, c in sorted(per_rule.items(), key=lambda kv: -kv[1]["wrong"])[:20]:
            print(f"  {rule:44s} wrong {c['wrong']:4d}  correct {c['correct']:5d}  damage {c['damage']:3d}")
    bad = total["damage"] + total["wrong"]
    print(f"{len(files)} articles, {words} words: {total['correct']} fixes right, {total['damage']} damage, "
          f"{total['wrong']} wrong, {total['partial']} partial; damage + wrong {bad / words * 1000:.2f} per 1,000 words")
    left = spun_spans - total["correct"] + total["damage"]
    print(f"{spun_spans} spun spans; errors left {left} (error reduction {1 - left / max(1, spun_spans):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
