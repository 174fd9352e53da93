"""`cleaner fix -w -j 1` against `-j 2` on a directory of text files, same machine, one run.

    .venv/bin/python benchmarks/bench_parallel.py [--mb 100] [--jobs 2] [--keep DIR]

Builds a directory of at least ``--mb`` MB of text files (the mixed corpus of bench_throughput.py,
cut at paragraph breaks into files of 0.1-2 MB in nested folders), copies it, rewrites one copy with
``-j 1`` and the other with ``-j N``, checks that the two trees are byte-identical (and that
something was fixed), and prints both times, the speedup, the CPU time each run used and the load
average before and after (the machine is shared: a busy neighbour shows up as load, and as a
speedup below what the CPU times allow).
"""
from __future__ import annotations

import argparse
import filecmp
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import MB, build_corpus, load_note  # noqa: E402


def build_tree(root: Path, size: int, seed: int = 2) -> tuple[int, int]:
    """Cut a corpus of ``size`` bytes into files under ``root``; return (files, bytes)."""
    root.mkdir(parents=True, exist_ok=True)
    big = root.parent / "whole.txt"
    build_corpus(big, size, seed=seed)
    rng = random.Random(seed)
    files = written = 0
    with open(big, encoding="utf-8") as fh:
        text = fh.read()
    pos = 0
    while pos < len(text):
        want = rng.randint(100_000, 2_000_000)
        cut = text.find("\n\n", pos + want)
        cut = len(text) if cut < 0 else cut + 2
        folder = root / f"part{files % 5}" / f"sub{files % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text[pos:cut].encode("utf-8")
        (folder / f"doc{files:04d}.txt").write_bytes(data)
        files += 1
        written += len(data)
        pos = cut
    big.unlink()
    return files, written


def run(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of the process and its workers, exit status)."""
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "CI": "1"})
    wall = time.perf_counter() - t0
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return wall, cpu, proc.returncode


def same_tree(a: Path, b: Path) -> bool:
    for pa in a.rglob("*"):
        pb = b / pa.relative_to(a)
        if pa.is_file() and not (pb.is_file() and filecmp.cmp(pa, pb, shallow=False)):
            return False
    return sum(1 for _ in a.rglob("*")) == sum(1 for _ in b.rglob("*"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts (default 2)")
    ap.add_argument("--keep", metavar="DIR")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cleaner-par-"))
    try:
        src = work / "src"
        if not src.exists():
            files, size = build_tree(src, int(args.mb * MB))
        else:
            files, size = sum(1 for p in src.rglob("*.txt")), sum(p.stat().st_size for p in src.rglob("*.txt"))
        print(f"{files} files, {size / MB:.1f} MB in {src}", flush=True)
        trees = {}
        results: dict[int, tuple[float, float]] = {}
        for i in range(args.repeat):  # alternate, keep the best of each: the machine is shared
            for jobs in (1, args.jobs):
                tree = work / f"j{jobs}"
                shutil.rmtree(tree, ignore_errors=True)
                shutil.copytree(src, tree)
                note = load_note()
                wall, cpu, code = run([sys.executable, "-m", "cleaner", "fix", "-w", "-j", str(jobs), str(tree)])
                trees[jobs] = tree
                if jobs not in results or wall < results[jobs][0]:
                    results[jobs] = (wall, cpu)
                print(f"  run {i + 1} -j {jobs}: {wall:7.1f} s wall, {cpu:7.1f} s CPU, {size / MB / wall:5.2f} MB/s "
                      f"(exit {code}; before: {note})", flush=True)
        identical = same_tree(trees[1], trees[args.jobs])
        changed = not same_tree(src, trees[1])
        w1, w2 = results[1][0], results[args.jobs][0]
        print(f"speedup -j {args.jobs} / -j 1: {w1 / w2:.2f}x (target >= 1.7x); byte-identical trees: {identical}; "
              f"files fixed: {changed}; after: {load_note()}")
        return 0 if identical and changed else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
