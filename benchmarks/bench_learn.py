#!/usr/bin/env python3
"""`cleaner learn` on a corpus spun by a spinner the cleaner has never seen.

    python benchmarks/bench_learn.py [--dir DIR ...]

The news articles of bench_clean_prose.py (``--fetch`` there first) and every .txt under each
``--dir`` are spun by benchmarks/spin.py (its mythes-derived dictionary, usual mode, one seed per
article). Then:

1. ``learn`` on the spun corpus: how many rules it proposes and how many of them are pairs of that
   spinner's dictionary (the rest are wrong heads or topic words);
2. ``learn`` on the same articles unspun: every proposal there is a false alarm;
3. ``cleaner eval`` on the spun articles (default ``fix``): the bundled lists alone, with every
   proposal, and with only the proposals a reviewer would keep (those in the dictionary).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.evaluate import Score, parse_gold, score_case  # noqa: E402
from cleaner.learn import learn  # noqa: E402
from cleaner.wordlist import bundled_paths, load  # noqa: E402
from bench_clean_prose import articles  # noqa: E402
from spin import load_groups, spin  # noqa: E402


def evaluate(golds: list[str], extra: Path | None) -> dict:
    eng = Cleaner.from_wordlists([extra] if extra else [])
    total = Score()
    for g in golds:
        case = parse_gold("article", g)
        total.add(score_case(case, eng.fix(case.spun)))
    return total.summary()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", action="append", default=[], type=Path, help="another folder of .txt articles")
    args = ap.parse_args(argv)
    files = articles(args.dir)
    if not files:
        return 2
    table = load_groups(False)
    truth: dict[str, set[str]] = {}
    for head, stand_ins in table.items():
        for s in stand_ins:
            truth.setdefault(s.lower(), set()).add(head.lower())
    originals = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    spun, golds = [], []
    for i, text in enumerate(originals):
        s, g = spin(text, seed=i, table=table)
        spun.append(s)
        golds.append(g)
    known = {r.key for p in bundled_paths() for r in load(p).rules}
    words = sum(len(t.split()) for t in spun)
    found = learn(reread=lambda: iter(spun), known=known)
    right = [p for p in found if p.canonical in truth.get(p.spun, ())]
    false_alarms = learn(reread=lambda: iter(originals), known=known)
    print(f"{len(files)} articles, {words:,} words spun by benchmarks/spin.py (usual mode)")
    print(f"  learn on the spun corpus: {len(found)} rules proposed, {len(right)} of them pairs of that spinner's dictionary")
    print(f"  learn on the same articles unspun: {len(false_alarms)} rules proposed")
    with tempfile.TemporaryDirectory() as tmp:
        every = Path(tmp) / "learned.txt"
        every.write_text("\n".join(sorted(p.line() for p in found)) + "\n", encoding="utf-8")
        kept = Path(tmp) / "reviewed.txt"
        kept.write_text("\n".join(sorted(p.line() for p in right)) + "\n", encoding="utf-8")
        for label, extra in (("bundled lists only", None), ("+ every proposal", every), ("+ reviewed proposals", kept)):
            s = evaluate(golds, extra)
            print(f"  default fix, {label:22s}: precision {s['precision']:.3f} recall {s['recall']:.3f}; "
                  f"wrong edits {s['wrong_per_1000']:.2f} per 1,000 words; error reduction {100 * s['error_reduction']:.1f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
