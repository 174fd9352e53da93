"""Throughput of `cleaner fix` against codespell on the same mixed corpus, one core, one run.

    .venv/bin/python benchmarks/bench_throughput.py [--mb 50] [--keep DIR] [--news DIR]

Builds a corpus of at least ``--mb`` MB: paragraphs of clean English (/usr/share/common-licenses/*)
and of spun news text (seeds/blinken.spun.txt), shuffled with a fixed seed. Then times, side by
side and in alternation (the machine is shared, so each tool runs ``--repeat`` times and the best
run counts):

* ``cleaner fix -j 1 FILE > /dev/null`` (the default pipeline: safe fixes, fuzzy matching on);
* ``codespell FILE`` (check only, its default dictionary).

With ``--news DIR`` the corpus is real news instead: the articles in DIR (.txt), every third one
spun the way ``bench_respin.py`` spins (the bundled rules read backwards, a stand-in for every
occurrence), shuffled and repeated to the size asked for.

Prints MB/s of each (by wall time and by CPU time, which a busy neighbour disturbs less), the
ratio cleaner/codespell, and the peak RSS of each process (from ``wait4``), plus the RSS of cleaner on a corpus of a quarter of the size, to show that memory does
not grow with the file.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LICENSES = Path("/usr/share/common-licenses")
SEED = ROOT / "seeds" / "blinken.spun.txt"
MB = 1_000_000


def paragraphs() -> tuple[list[str], list[str]]:
    """(clean paragraphs, spun paragraphs) from the licences and the seed."""
    clean: list[str] = []
    for f in sorted(LICENSES.iterdir()):
        if f.is_file():
            text = f.read_text(encoding="utf-8", errors="replace")
            clean += [p.strip("\n") for p in text.split("\n\n") if p.strip()]
    spun_text = SEED.read_text(encoding="utf-8")
    spun = [ln for ln in spun_text.splitlines() if ln.strip()]
    # the seed is one sentence a line: group them in threes to make paragraphs
    spun = ["\n".join(spun[i:i + 3]) for i in range(0, len(spun), 3)]
    return clean, spun


def write_shuffled(path: Path, pieces: list[str], size: int, seed: int = 1) -> int:
    """Write ``pieces`` to ``path``, shuffled with a fixed seed and repeated until at least ``size``
    bytes; return the byte count."""
    rng = random.Random(seed)
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while written < size:
            order = pieces[:]
            rng.shuffle(order)
            block = "\n\n".join(order) + "\n\n"
            fh.write(block)
            written += len(block.encode("utf-8"))
    return path.stat().st_size


def build_corpus(path: Path, size: int, seed: int = 1) -> int:
    """Write at least ``size`` bytes of shuffled paragraphs to ``path``; return the byte count."""
    clean, spun = paragraphs()
    return write_shuffled(path, clean + spun * 4, size, seed)  # about a third of the text is spun


def news_documents(folder: Path) -> list[str]:
    """The news articles in ``folder``, every third one spun."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_respin import Spinner, reverse_map

    from cleaner.engine import Cleaner

    spinner = Spinner(reverse_map(Cleaner.from_wordlists()))
    docs = []
    for i, f in enumerate(sorted(folder.glob("*.txt"))):
        text = f.read_text(encoding="utf-8", errors="replace").strip("\n")
        docs.append(spinner.spin(text, f.name)[0] if i % 3 == 2 else text)
    if not docs:
        raise SystemExit(f"{folder}: no .txt articles")
    return docs


def timed(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float, int]:
    """Run ``cmd``; return (wall seconds, CPU seconds, peak RSS in MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1, 65):  # codespell exits 65 when it finds typos
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024  # ru_maxrss is in KiB on Linux


def cleaner_cmd(path: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "fix", "-j", "1", *extra, str(path)]


def codespell_cmd(path: Path) -> list[str]:
    exe = shutil.which("codespell", path=str(Path(sys.executable).parent)) or shutil.which("codespell")
    if exe is None:
        raise SystemExit("codespell is not installed: pip install -e '.[dev]'")
    return [exe, str(path)]


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50, help="corpus size in MB (default 50)")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each tool; the best counts (default 2)")
    ap.add_argument("--keep", metavar="DIR", help="build the corpus in DIR and keep it")
    ap.add_argument("--news", metavar="DIR", type=Path, help="build the corpus from the news articles in DIR")
    args = ap.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        big = work / "corpus.txt"
        small = work / "corpus-quarter.txt"
        if args.news:
            docs = news_documents(args.news)
            size = write_shuffled(big, docs, int(args.mb * MB))
            small_size = write_shuffled(small, docs, int(args.mb * MB / 4))
        else:
            size = build_corpus(big, int(args.mb * MB))
            small_size = build_corpus(small, int(args.mb * MB / 4))
        print(f"corpus: {big} {size / MB:.1f} MB; {load_note()}")

        best: dict[str, tuple[float, float, int]] = {}
        for i in range(args.repeat):
            for name, cmd in (("cleaner", cleaner_cmd(big)), ("codespell", codespell_cmd(big))):
                wall, cpu, rss = timed(cmd)
                print(f"  run {i + 1}: {name:9} {wall:7.2f} s wall {cpu:7.2f} s CPU  {size / MB / wall:6.2f} MB/s  "
                      f"peak RSS {rss} MB", flush=True)
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu, rss)
        small_wall, small_cpu, small_rss = timed(cleaner_cmd(small))

        c_wall, c_cpu, c_rss = best["cleaner"]
        s_wall, s_cpu, s_rss = best["codespell"]
        c_rate, s_rate = size / MB / c_wall, size / MB / s_wall
        print()
        print(f"cleaner fix -j 1 : {c_rate:6.2f} MB/s wall, {size / MB / c_cpu:6.2f} MB/s CPU, peak RSS {c_rss} MB "
              f"(on {small_size / MB:.1f} MB: {small_rss} MB, {small_size / MB / small_cpu:.2f} MB/s CPU)")
        print(f"codespell        : {s_rate:6.2f} MB/s wall, {size / MB / s_cpu:6.2f} MB/s CPU, peak RSS {s_rss} MB")
        print(f"ratio cleaner/codespell: {c_rate / s_rate:.2f}x by wall time, {s_cpu / c_cpu:.2f}x by CPU time "
              f"(target >= 0.8x); {load_note()}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
