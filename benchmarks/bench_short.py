#!/usr/bin/env python3
"""Short texts: does `cleaner fix` repair a spun paragraph, and leave clean paragraphs alone?

    python benchmarks/bench_short.py [--sizes 40,60,100,150] [--dir DIR ...]

A paragraph holds few stand-ins, so its document evidence is weaker than a whole article's
(cleaner/evidence.py lifts ambiguous rules earlier for short texts: ``boost_offset``).

1. Spun: the seed's gold file (tests/data/blinken.gold.txt) cut at line ends into pieces of at
   least N words, each cleaned on its own with the default pipeline and scored with
   cleaner.evaluate (the scorer of `cleaner eval`); pooled precision, recall, wrong edits.
2. Clean: the licence texts in /usr/share/common-licenses, the prose topics of Python's own
   documentation (pydoc_data) and every *.txt under each --dir, cut into N-word pieces (and at
   400, 800 and 1,500 words and whole, where the lift fades out); each piece is cleaned on its own.
   Prints the words changed, the most spun-looking piece's log-odds, and the first changes.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.evaluate import Score, parse_gold, score_case  # noqa: E402

GOLD = ROOT / "tests" / "data" / "blinken.gold.txt"
LICENSES = Path("/usr/share/common-licenses")


def gold_pieces(size: int) -> list[str]:
    out, cur = [], []
    for line in GOLD.read_text(encoding="utf-8").split("\n"):
        cur.append(line)
        if sum(len(x.split()) for x in cur) >= size:
            out.append("\n".join(cur) + "\n")
            cur = []
    return out


def clean_texts(dirs: list[str]) -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text(encoding="utf-8", errors="replace"))
             for p in sorted(LICENSES.iterdir()) if p.is_file() and not p.is_symlink()]
    try:
        import pydoc_data.topics as topics

        texts += [("pydoc:" + k, v) for k, v in sorted(topics.topics.items())]
    except ImportError:
        pass
    for d in dirs:
        texts += [(str(p), p.read_text(encoding="utf-8", errors="replace")) for p in sorted(Path(d).rglob("*.txt"))]
    return texts


def changed_words(a: str, b: str) -> list[str]:
    x, y = a.split(), b.split()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append(" ".join(x[i1:i2]) + " -> " + " ".join(y[j1:j2]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="40,60,100,150")
    ap.add_argument("--dir", action="append", default=[])
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    eng = Cleaner.from_wordlists().prepare()

    print("## 1. The seed cut into paragraphs (default fix, pooled)")
    for size in sizes:
        pieces = gold_pieces(size)
        total = Score()
        for piece in pieces:
            case = parse_gold("piece", piece)
            total.add(score_case(case, eng.fix(case.spun)))
        s = total.summary()
        print(f"  >= {size:4d} words: {len(pieces):3d} pieces; precision {s['precision']:.3f} recall {s['recall']:.3f}; "
              f"wrong edits {s['wrong_per_1000']:.2f} per 1,000 words; error reduction {100 * s['error_reduction']:.1f} %")

    print("## 2. Clean English cut into pieces (default fix)")
    texts = clean_texts(args.dir)
    for size in sizes + [400, 800, 1500, 0]:
        words = changed = 0
        top = -1e9
        examples: list[str] = []
        for name, text in texts:
            w = text.split()
            pieces = [text] if size == 0 else [" ".join(w[i:i + size]) for i in range(0, len(w), size)]
            for piece in pieces:
                a = eng.analyse(piece)
                top = max(top, a.spin.log_odds)
                words += a.spin.words
                out = eng.settle(a)
                if out != piece:
                    diffs = changed_words(piece, out)
                    changed += len(diffs)
                    examples += [f"{name}: {d}" for d in diffs[:2]]
        label = "whole" if size == 0 else f"{size} words"
        print(f"  {label:>11}: {words:,} words; {changed} changed ({1e4 * changed / max(1, words):.2f} per 10,000); "
              f"highest log-odds {top:.1f}")
        for e in examples[:5]:
            print("      " + e)


if __name__ == "__main__":
    main()
