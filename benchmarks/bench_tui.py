"""How responsive ``cleaner review`` is: time per keystroke and time to first paint.

    .venv/bin/python benchmarks/bench_tui.py            # the figures in docs/review.md
    .venv/bin/python benchmarks/bench_tui.py --quick    # smaller documents, for a smoke run

Documents are generated from the seed (repeated), so they hold realistic suggestions:

* keystrokes: the seed itself (~200 suggestions) side by side with a copy holding >= 10,000, each
  driven through ``App.run_test()`` + Pilot with the same mixed key sequence (a r n p u 1); one
  keystroke is timed from the key press to the last frame it caused (handed to the terminal
  driver); beside it, the process's CPU time per keystroke (median; it includes the harness's own
  work, so it is an upper bound that does not depend on how busy the machine is) and the Pilot
  round trip (press until the harness sees the app idle).
* first paint on a ~1 MB file: (1) in-process, from opening the file to the first frame, and to the
  frame that lists the suggestions (detection runs in a worker); (2) the real command in tmux (when tmux is
  installed), from launching ``python -m cleaner review`` to the first frame on the terminal, which
  also counts Python start-up and building the engine from the wordlists.
"""
from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.tui.app import build_app  # noqa: E402

SEED = ROOT / "seeds" / "blinken.spun.txt"
KEYS = ["a", "r", "n", "p", "u", "1", "n", "a", "r", "u"]
SIZE = (120, 40)


def make_doc(directory: Path, name: str, copies: int) -> Path:
    seed = SEED.read_text(encoding="utf-8")
    path = directory / name
    path.write_text("\n\n".join([seed] * copies), encoding="utf-8")
    return path


def watch_frames(app) -> list[float]:
    """Record when each frame is handed to the terminal driver (the screen a user would see)."""
    frames: list[float] = []
    display = app._display

    def timed(screen, renderable):
        display(screen, renderable)
        frames.append(time.perf_counter())

    app._display = timed
    return frames


async def keystrokes(path: Path, cleaner: Cleaner, rounds: int) -> dict:
    app = build_app([path], cleaner, path.parent / "exceptions.txt")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        n = len(app.doc.items)
        app.go_to_row(n // 2)  # the middle of the list: nothing is cheap because it is at the top
        await pilot.pause()
        frames = watch_frames(app)
        times, trips, cpu = [], [], []
        for _ in range(rounds):
            for key in KEYS:
                frames.clear()
                c0, t0 = time.process_time(), time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                trips.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                if frames:
                    times.append(frames[-1] - t0)
        frames.clear()
        t0 = time.perf_counter()
        await pilot.press("A")  # accept every pending suggestion of the focused rule
        await pilot.pause()
        bulk = frames[-1] - t0 if frames else float("nan")
        bulk_n = sum(1 for it in app.doc.items if it.state == "accepted")
        await pilot.press("u")
        await pilot.press("q")
        if app.is_running:
            await pilot.press("y")
    times.sort()
    return {"suggestions": n, "keys": len(times), "trip_ms": 1000 * statistics.median(trips),
            "cpu_ms": 1000 * statistics.median(cpu),
            "median_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * times[int(0.95 * (len(times) - 1))], "max_ms": 1000 * times[-1],
            "bulk_ms": 1000 * bulk, "bulk_n": bulk_n}


async def first_paint(path: Path, cleaner: Cleaner) -> dict:
    t0 = time.perf_counter()
    app = build_app([path], cleaner, path.parent / "exceptions.txt")
    frames = watch_frames(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        painted = frames[0] - t0
        await app.workers.wait_for_complete()
        await pilot.pause()
        listed = frames[-1] - t0
        n = len(app.doc.items)
        await pilot.press("q")
    return {"bytes": path.stat().st_size, "first_paint_s": painted, "listed_s": listed, "suggestions": n}


def tmux_first_paint(path: Path) -> dict | None:
    if not shutil.which("tmux"):
        return None
    session = f"bench-review-{int(time.time())}"
    cmd = f"{sys.executable} -m cleaner review {path.name}"
    t0 = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), "-c",
                    str(path.parent), cmd], check=True)
    painted = listed = None
    try:
        deadline = t0 + 120
        while time.perf_counter() < deadline:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
            now = time.perf_counter() - t0
            if painted is None and path.name in screen:
                painted = now
            if "pending" in screen:
                listed = now
                break
            time.sleep(0.01)
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=False)
        time.sleep(0.5)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return {"first_paint_s": painted, "listed_s": listed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller documents and fewer rounds")
    args = ap.parse_args()
    t0 = time.perf_counter()
    cleaner = Cleaner.from_wordlists()
    print(f"engine built from the bundled wordlists in {time.perf_counter() - t0:.2f} s")
    per_copy = len([s for s in cleaner.analyse(SEED.read_text(encoding="utf-8")).suggestions
                    if s.applicability.value != "display"])
    big_copies = 6 if args.quick else -(-10_000 // per_copy) + 1
    mb_copies = 20 if args.quick else -(-(1 << 20) // SEED.stat().st_size)
    rounds = 2 if args.quick else 10
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        print(f"\nkeystrokes ({'/'.join(KEYS)} x {rounds}; key press -> last frame; terminal {SIZE[0]}x{SIZE[1]})")
        print(f"{'document':<16}{'suggestions':>12}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'A (bulk) ms':>16}"
              f"{'cpu ms':>8}{'pilot round trip ms':>21}")
        for label, copies in (("seed", 1), (f"seed x {big_copies}", big_copies)):
            path = make_doc(d, f"doc{copies}.txt", copies)
            r = asyncio.run(keystrokes(path, cleaner, rounds))
            bulk = f"{r['bulk_ms']:.1f} ({r['bulk_n']})"
            print(f"{label:<16}{r['suggestions']:>12}{r['median_ms']:>11.1f}{r['p95_ms']:>9.1f}{r['max_ms']:>9.1f}"
                  f"{bulk:>16}{r['cpu_ms']:>8.1f}{r['trip_ms']:>21.1f}")
        path = make_doc(d, "big.txt", mb_copies)
        r = asyncio.run(first_paint(path, cleaner))
        print(f"\nfirst paint, {r['bytes'] / 1e6:.2f} MB file ({r['suggestions']} suggestions)")
        print(f"  in-process (file read -> first frame):     {r['first_paint_s']:.3f} s")
        print(f"  in-process (file read -> suggestions listed): {r['listed_s']:.3f} s")
        t = tmux_first_paint(path)
        if t:
            fp = "-" if t["first_paint_s"] is None else f"{t['first_paint_s']:.3f} s"
            ls = "-" if t["listed_s"] is None else f"{t['listed_s']:.3f} s"
            print(f"  tmux, whole command (python start, engine build, first frame): {fp}")
            print(f"  tmux, whole command until suggestions listed:                   {ls}")


if __name__ == "__main__":
    main()
