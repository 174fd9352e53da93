"""`cleaner fix --jsonl text` on a generated JSON Lines corpus: peak memory and record-for-record check.

    .venv/bin/python benchmarks/bench_jsonl.py [--mb 1000] [--jobs 2] [--keep DIR]

Generates ``--mb`` MB of JSON Lines (records with an id, a ``text`` of 1-3 paragraphs drawn from a
fixed pool of clean and spun paragraphs, and a nested ``meta`` object, half of them ASCII-escaped),
runs ``cleaner fix --jsonl text --stats-key cleaner -j N`` on it with the output in a file, and
samples the resident memory of the whole process tree (the command and its workers) every 0.2 s.
Then it reads input and output side by side and checks, for every record, that the output's
``text`` is ``cleaner.clean_text`` of the input's ``text`` alone, that the stats match, and that
every other field is unchanged (texts repeat, so each distinct one is cleaned once for the check).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import MB, load_note, paragraphs  # noqa: E402


def build_jsonl(path: Path, size: int, seed: int = 3, pool_size: int = 3000) -> tuple[int, int]:
    clean, spun = paragraphs()
    rng = random.Random(seed)
    source = clean + spun * 3
    pool = ["\n\n".join(rng.sample(source, rng.randint(1, 3))) for _ in range(pool_size)]
    n = written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        while written < size:
            rec = {"id": n, "url": f"https://example.org/{n}", "text": pool[rng.randrange(pool_size)],
                   "meta": {"lang": "en", "score": round(rng.random(), 3), "tags": ["news", "crawl"]}}
            line = json.dumps(rec, ensure_ascii=bool(n % 2)) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n, path.stat().st_size


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with distributed
        return 0
    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_sampled(cmd: list[str], stdout) -> tuple[float, int, int, int]:
    """(wall seconds, exit status, peak RSS of the process tree, peak RSS of the main process)."""
    peak = [0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env={**os.environ, "CI": "1"})
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(proc.pid))
            done.wait(0.2)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    t.join()
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err.decode()[-2000:]}")
    return wall, code, peak[0], usage.ru_maxrss * 1024


def verify(src: Path, out: Path) -> tuple[int, int]:
    """Check every record; return (records, records changed)."""
    import cleaner

    engine = cleaner.Cleaner.from_wordlists()
    memo: dict[str, cleaner.Result] = {}
    n = changed = 0
    with open(src, encoding="utf-8") as a, open(out, encoding="utf-8") as b:
        for n, (la, lb) in enumerate(zip(a, b), 1):
            ra, rb = json.loads(la), json.loads(lb)
            text = ra["text"]
            res = memo.get(text)
            if res is None:
                res = memo[text] = cleaner.clean_text(text, cleaner=engine)
            stats = rb.pop("cleaner")
            if rb["text"] != res or stats != {"fixes": len(res.fixes), "spin": round(res.spin_score, 4)}:
                raise SystemExit(f"record {n}: output differs from cleaning its text alone")
            ra.pop("text"), rb.pop("text")
            if ra != rb:
                raise SystemExit(f"record {n}: other fields changed")
            changed += res.changed
        if a.readline() or b.readline():
            raise SystemExit("input and output have different numbers of lines")
    return n, changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR")
    args = ap.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cleaner-jsonl-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        src, out = work / "corpus.jsonl", work / "clean.jsonl"
        if not src.exists():
            build_jsonl(src, int(args.mb * MB))
        size = src.stat().st_size
        print(f"{src}: {size / MB:.0f} MB; {load_note()}", flush=True)
        with open(out, "wb") as fh:
            wall, _, peak, main_peak = run_sampled(
                [sys.executable, "-m", "cleaner", "fix", "--jsonl", "text", "--stats-key", "cleaner", "-j", str(args.jobs), str(src)], fh)
        print(f"cleaner fix --jsonl text -j {args.jobs}: {wall:.0f} s, {size / MB / wall:.2f} MB/s, "
              f"peak RSS of the process tree {peak / MB:.0f} MB (main process {main_peak / MB:.0f} MB; target < 500 MB); "
              f"{load_note()}", flush=True)
        t0 = time.perf_counter()
        records, changed = verify(src, out)
        print(f"verified {records} records ({changed} changed) against clean_text of each field alone "
              f"in {time.perf_counter() - t0:.0f} s: identical")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
