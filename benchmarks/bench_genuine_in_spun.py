#!/usr/bin/env python3
"""Genuine words inside a spun article: how many does the default pipeline change?

    python benchmarks/bench_genuine_in_spun.py [--dir DIR ...] [--sentences N] [--seed K] [--show N]

A spun article is mostly words the spinner left alone, and some of those are words a rule takes for
a stand-in ("a number of", "stated", "personal"). In a clean document the evidence keeps such rules
back; in a spun one it lifts them, and a writer's own "as stated in the report" is at risk. This
measures that risk directly: clean sentences from real prose (benchmarks/corpus/news/ from
``bench_clean_prose.py --fetch``, plus any ``--dir``; 8 to 40 words each, shuffled with ``--seed``)
are set one by one between the paragraphs of the bundled spun seed, so every one of them sits in a
stretch that reads as spun. Each fix the default pipeline applies inside a clean sentence changes a
genuine word; the script prints them per 1,000 clean words and by rule (``--show N``: the N rules
that change most, with an example).
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "blinken.spun.txt"

from bench_clean_prose import CORPUS, articles  # noqa: E402
from cleaner.engine import Cleaner  # noqa: E402
from cleaner.suggestion import Applicability  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def sentences(files: list[Path], low: int = 8, high: int = 40) -> list[str]:
    """The sentences of ``files`` with between ``low`` and ``high`` words."""
    out = []
    for path in files:
        text = " ".join(path.read_text(encoding="utf-8", errors="replace").split())
        out.extend(s for s in _SENTENCE_END.split(text) if low <= len(s.split()) <= high)
    return out


def interleave(paragraphs: list[str], clean: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """One document: a clean sentence after each spun paragraph (as many as there are), and the
    character spans of the clean sentences in it."""
    parts, spans, pos = [], [], 0
    for para, sent in zip(paragraphs, clean + [None] * len(paragraphs)):
        parts.append(para)
        pos += len(para) + 2
        if sent is not None:
            spans.append((pos, pos + len(sent)))
            parts.append(sent)
            pos += len(sent) + 2
    return "\n\n".join(parts) + "\n", spans


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", action="append", default=[], type=Path, help="another folder of clean .txt documents")
    ap.add_argument("--sentences", type=int, default=4000, help="how many clean sentences to use (default 4000)")
    ap.add_argument("--seed", type=int, default=1, help="shuffle seed (default 1)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="list the N rules that change most")
    args = ap.parse_args(argv)

    files = articles(args.dir)
    if not files:
        return 2
    pool = sentences(files)
    random.Random(args.seed).shuffle(pool)
    pool = pool[: args.sentences]
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n") if p.strip()]
    engine = Cleaner.from_wordlists()

    words = 0
    by_rule: Counter[str] = Counter()
    example: dict[str, str] = {}
    for k in range(0, len(pool), len(paragraphs)):
        chunk = pool[k: k + len(paragraphs)]
        words += sum(len(s.split()) for s in chunk)
        text, spans = interleave(paragraphs, chunk)
        for s in engine.analyse(text).suggestions:
            if s.applicability is not Applicability.SAFE or not any(a <= s.start < b for a, b in spans):
                continue
            by_rule[s.rule] += 1
            example.setdefault(s.rule, f"{s.original} -> {s.replacement} :: "
                               + " ".join(text[max(0, s.start - 50): s.end + 40].split()))
    changed = sum(by_rule.values())
    print(f"{len(pool)} clean sentences, {words} words, set among the seed's {len(paragraphs)} spun paragraphs: "
          f"{changed} genuine words changed by default ({1000 * changed / max(words, 1):.2f} per 1,000 words)")
    for rule, n in by_rule.most_common(args.show):
        print(f"{n:4d}  {rule[:60]:60s}  {example[rule][:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
