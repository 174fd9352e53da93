#!/usr/bin/env python3
"""A corpus in one file: clean and spun articles side by side. Does the spun articles' evidence
leak into the clean ones?

    python benchmarks/bench_corpus_file.py [--dir DIR ...] [--every 3]

The news articles of bench_clean_prose.py (``--fetch`` there first) and every .txt under each
``--dir``: every ``--every``-th article is spun with the news-spinner list read backwards
(benchmarks/bench_respin.py's spinner, usual mode), the others are kept as they are. Then:

* alone: each article is cleaned on its own (``Cleaner.fix``);
* one file: all of them, separated by a marker line, go through ``cleaner fix -j 1 FILE`` (the
  runner reads the file in ~1 MB chunks, and each chunk is one text for the engine).

For each, prints the words changed in the clean articles (per 10,000) and the spun articles' word
errors before and after (error reduction), counted word by word against the originals.
"""
from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cleaner.engine import Cleaner  # noqa: E402
from bench_clean_prose import articles  # noqa: E402
from bench_respin import Spinner, reverse_map  # noqa: E402

MARK = "\n\n=====\n\n"


def errors(a: str, b: str) -> int:
    x, y = a.split(), b.split()
    ops = difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")


def report(label: str, arts: list[tuple[bool, str, str]], outs: list[str]) -> None:
    clean_words = sum(len(o.split()) for spun, o, _ in arts if not spun)
    damage = sum(errors(o, out) for (spun, o, _), out in zip(arts, outs) if not spun)
    before = sum(errors(o, t) for spun, o, t in arts if spun)
    after = sum(errors(o, out) for (spun, o, _), out in zip(arts, outs) if spun)
    print(f"  {label:9s} clean articles: {damage} of {clean_words:,} words changed ({1e4 * damage / max(1, clean_words):.2f} "
          f"per 10,000); spun articles: word errors {before:,} -> {after:,} (error reduction {1 - after / max(1, before):.1%})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", action="append", default=[], type=Path, help="another folder of .txt articles")
    ap.add_argument("--every", type=int, default=3, help="spin every N-th article (default 3)")
    args = ap.parse_args(argv)
    files = articles(args.dir)
    if not files:
        return 2
    engine = Cleaner.from_wordlists()
    spinner = Spinner(reverse_map(engine))
    arts = []
    for i, f in enumerate(files):
        original = f.read_text(encoding="utf-8", errors="replace").strip()
        spun = i % args.every == 0
        arts.append((spun, original, spinner.spin(original, f.name)[0] if spun else original))
    print(f"{len(arts)} articles, {sum(s for s, _, _ in arts)} of them spun")
    report("alone", arts, [engine.fix(t) for _, _, t in arts])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.txt"
        path.write_text(MARK.join(t for _, _, t in arts) + "\n", encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "cleaner", "fix", "-j", "1", str(path)],
                             capture_output=True, text=True, encoding="utf-8", check=False)
        if out.returncode not in (0, 1):
            print(out.stderr, file=sys.stderr)
            return 2
    outs = out.stdout.rstrip("\n").split(MARK)
    if len(outs) != len(arts):
        print("the marker line was changed: cannot split the output", file=sys.stderr)
        return 2
    report("one file", arts, outs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
