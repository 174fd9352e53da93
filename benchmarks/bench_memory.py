"""Peak memory of `cleaner fix` on 10 MB, 100 MB and 1 GB inputs: it should stay flat.

Each input is the seed document repeated (real spun text, so the engine finds and fixes about
30 000 phrases per MB). Every run is a fresh child process; its peak RSS comes from ``os.wait4``.

    python benchmarks/bench_memory.py                 # 10 MB, 100 MB, 1 GB (the 1 GB run takes ~30 min)
    python benchmarks/bench_memory.py --sizes 10 100  # quicker

Variants, side by side in one run:
  stream  `cleaner fix FILE > /dev/null` with findings not kept (``Job(keep_findings=False)``), which is
          what the CLI needs when it prints or writes text without ``--summary``
  write   the same for `cleaner fix -w` (atomic rewrite in place)
  cli     `python -m cleaner fix FILE` exactly as the CLI builds its Job today (keeps every finding
          for --summary); only run up to --cli-max MB, as its memory grows with the findings
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "blinken.spun.txt"
MB = 1 << 20

STREAM = """
import functools, sys
import cleaner.cli as cli
from cleaner.runner import Job
cli.Job = functools.partial(Job, keep_findings=False)
sys.exit(cli.main(sys.argv[1:]))
"""


def make_input(path: Path, size: int) -> None:
    block = (SEED.read_text(encoding="utf-8").rstrip("\n") + "\n\n").encode("utf-8")
    block = block * max(1, (4 * MB) // len(block))
    with open(path, "wb") as fh:
        written = 0
        while written < size:
            piece = block[: size - written]
            fh.write(piece)
            written += len(piece)


def run(cmd: list[str], stdout) -> tuple[float, float, int]:
    """(peak RSS in MB, seconds, exit code) of one child."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace").strip()
    if proc.returncode not in (0, 1):
        print(f"  ! exit {proc.returncode}: {err[-500:]}", file=sys.stderr)
    return usage.ru_maxrss / 1024, time.perf_counter() - t, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1024], metavar="MB")
    ap.add_argument("--cli-max", type=int, default=100, metavar="MB", help="largest input for the `cli` variant")
    ap.add_argument("--write-max", type=int, default=100, metavar="MB", help="largest input for the `write` variant")
    ap.add_argument("--dir", help="where to put the inputs (default: a temporary directory)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="cleaner-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    rows = []
    try:
        for size_mb in args.sizes:
            src = work / f"input-{size_mb}mb.txt"
            make_input(src, size_mb * MB)
            variants = [("stream", [py, "-c", STREAM, "fix", "-j", "1", str(src)], src)]
            if size_mb <= args.write_max:
                copy = work / f"write-{size_mb}mb.txt"
                shutil.copyfile(src, copy)
                variants.append(("write", [py, "-c", STREAM, "fix", "-w", "-j", "1", str(copy)], copy))
            if size_mb <= args.cli_max:
                variants.append(("cli", [py, "-m", "cleaner", "fix", "-j", "1", str(src)], src))
            for name, cmd, _ in variants:
                with open(os.devnull, "wb") as sink:
                    rss, secs, code = run(cmd, sink)
                row = {"variant": name, "input_mb": size_mb, "peak_rss_mb": round(rss, 1), "seconds": round(secs, 1),
                       "mb_per_s": round(size_mb / secs, 2), "exit": code}
                rows.append(row)
                print(f"{name:7} {size_mb:6} MB  peak RSS {rss:8.1f} MB  {secs:8.1f} s  ({size_mb / secs:.2f} MB/s)", flush=True)
            for _, _, f in variants:
                f.unlink(missing_ok=True)
    finally:
        if not args.dir:
            shutil.rmtree(work, ignore_errors=True)
    print("\n| variant | input | peak RSS | time |\n|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['variant']} | {r['input_mb']} MB | {r['peak_rss_mb']} MB | {r['seconds']} s |")
    for name in ("stream", "write", "cli"):
        got = [r["peak_rss_mb"] for r in rows if r["variant"] == name]
        if len(got) > 1:
            print(f"{name}: largest/smallest peak RSS = {max(got) / min(got):.2f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
