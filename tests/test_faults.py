"""Fault injection: `cleaner fix -w` killed at random moments leaves every file fully old or fully new.

Two variants. The always-run one forks the test process (the engine is built once) and runs the real
CLI entry point, ``cleaner.cli.main(["fix", "-w", ...])``, in the child, which is SIGKILLed (and a few
times SIGINTed) after a random delay; so each kill costs milliseconds. The slow one starts
``python -m cleaner fix -w -j 1`` as a subprocess over 1,000 files and SIGKILLs it at least 20 times.
"""
import codecs
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner.cli
from cleaner import Cleaner
from cleaner.runner import Job, process

# built before the forks, so each child starts on the files at once (the kills are meant to land there)
ENGINE = Cleaner.from_wordlists().prepare()
OLD = 1_000_000_000
SENTENCES = ["Talks in the Center East went on.", "The well being ministry said so.", "A State division official spoke.",
             "Nothing here needs changing.", "Prices rose again this week.", "Center eastern leaders met."]
TEMP = re.compile(r"^\..+\.cleaner-tmp$")


def make_tree(root: Path, n: int, seed: int) -> dict[str, bytes]:
    """``n`` small files (LF, CRLF, BOM, no final newline, a few larger ones); some need no fix."""
    rng = random.Random(seed)
    files = {}
    for i in range(n):
        k = rng.randint(1, 3) if rng.random() > 0.03 else 400
        text = " ".join(rng.choice(SENTENCES) for _ in range(k))
        if rng.random() < 0.15:
            text = "Nothing here needs changing."
        nl = rng.choice(["\n", "\r\n", "\r", ""])
        data = (text.replace(". ", "." + (nl or " ")) + nl).encode("utf-8")
        if rng.random() < 0.2:
            data = codecs.BOM_UTF8 + data
        name = f"d{i % 7}/f{i:04}.txt"
        files[name] = data
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        os.utime(p, (OLD, OLD))
    return files


def expected_new(tree: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """Each file as `cleaner fix` prints it, which is what `fix -w` must leave (the last run checks)."""
    new = {}
    for name in files:
        res = process(str(tree / name), Job(mode="fix"), ENGINE)
        assert res.error is None and res.notice is None
        new[name] = res.output
    return new


def _written_since(tree: Path, t: float) -> int:
    """How many files under ``tree`` were written at or after time ``t``."""
    n = 0
    for d in os.scandir(tree):
        if d.is_dir():
            for f in os.scandir(d.path):
                if f.name.startswith("."):
                    continue  # a temporary file, renamed or removed at any moment
                try:
                    n += f.stat().st_mtime >= t
                except FileNotFoundError:
                    pass
    return n


def run_forked(tree: Path, kill_after: float | None, sig: int = signal.SIGKILL, after_writes: int = 0) -> int | str:
    """Run ``cleaner fix -w -j 1 TREE`` in a forked child; kill it after ``kill_after`` seconds
    (counted once it has opened a file, and has written ``after_writes`` files, if asked).

    Returns the exit code, or "killed" if the signal arrived while it was still running."""
    started = time.time() - 0.01  # file times can lag the clock a little
    pid = os.fork()
    if pid == 0:  # the child: the real CLI, with the engine the parent already built
        code = 99
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            Cleaner.from_wordlists = classmethod(lambda cls, *a, **k: ENGINE)
            code = cleaner.cli.main(["fix", "-w", "-j", "1", str(tree)])
        finally:
            os._exit(code)
    if kill_after is None:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)
    while not _opened_a_file_in(pid, tree):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.001)  # wait until it is past start-up: the kill lands while it works on the files
    while after_writes and _written_since(tree, started) < after_writes:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.001)  # ... and, when asked, until it is some way into writing them
    deadline = time.monotonic() + kill_after
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
    os.kill(pid, sig)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) or os.waitstatus_to_exitcode(status) == 130:
        return "killed"
    return os.waitstatus_to_exitcode(status)


def check_tree(tree: Path, old: dict[str, bytes], new: dict[str, bytes]) -> tuple[int, list[Path]]:
    """Every file is exactly old or exactly new; returns how many are new, and the stray temp files."""
    n_new = 0
    for name in old:
        got = (tree / name).read_bytes()
        assert got in (old[name], new[name]), f"{name} is half-written: {got[:80]!r}"
        if got == new[name] != old[name]:
            n_new += 1
    strays = []
    for p in tree.rglob("*"):
        rel = p.relative_to(tree).as_posix()
        if p.is_file() and rel not in old:
            assert TEMP.match(p.name), f"unexpected file {rel}"
            strays.append(p)
    return n_new, strays


def reset(tree: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    for name, data in old.items():
        if data != new[name] and (tree / name).read_bytes() != data:
            (tree / name).write_bytes(data)


def test_kills_at_random_moments_leave_every_file_old_or_new(tmp_path):
    tree = tmp_path / "tree"
    old = make_tree(tree, 1000, seed=1)
    new = expected_new(tree, old)
    changing = sum(old[n] != new[n] for n in old)
    assert changing > 600
    rng = random.Random(2)
    kills = midway = interrupts = 0
    seen_strays: set[Path] = set()
    n_new = 0
    # Each run resumes where the killed one stopped (files already fixed are left alone), so the
    # kills walk through the whole batch; once everything is new, it starts over.
    rounds = 0
    while (kills < 25 or midway < 20) and rounds < 100:
        rounds += 1
        sig = signal.SIGINT if kills % 8 == 7 else signal.SIGKILL
        before = n_new
        # every other kill lands at a random moment; the rest after a random number of files have
        # been written, so that enough of them land mid-batch however fast or loaded the machine is
        writes = rng.randint(1, max(1, changing - n_new - 1)) if rounds % 2 else 0
        outcome = run_forked(tree, rng.uniform(0, 0.02 if writes else 0.5), sig, writes)
        n_new, strays = check_tree(tree, old, new)
        if outcome == "killed":
            kills += 1
            midway += before < n_new < changing  # it had written files, and had more to write
            if sig == signal.SIGINT:  # Ctrl-C: the interrupted write is discarded
                interrupts += 1
                fresh = [p for p in strays if p not in seen_strays]
                assert all(p.stat().st_size == 0 for p in fresh), "Ctrl-C left a partly written temporary file"
        seen_strays.update(strays)
        assert len(strays) <= kills  # at most one temporary file per kill, never more
        if n_new == changing:
            reset(tree, old, new)
            n_new = 0
    assert midway >= 20, "too few kills landed while files were being written"
    assert interrupts >= 3
    # the run after all that finishes the job, and ignores the stray temporary files
    assert run_forked(tree, None) == 0
    assert check_tree(tree, old, new)[0] == changing
    for name in old:
        if old[name] == new[name]:
            assert (tree / name).stat().st_mtime == OLD, f"{name} needed no fix but was rewritten"


def _opened_a_file_in(pid: int, tree: Path) -> bool:
    """Whether the process has a file of ``tree`` open (so it is past start-up and working)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return True  # gone, or no /proc: stop waiting
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(str(tree)):
                return True
        except OSError:
            continue
    return False


@pytest.mark.slow
def test_sigkill_a_subprocess_run_over_1000_files_at_least_20_times(tmp_path):
    tree = tmp_path / "tree"
    old = make_tree(tree, 1000, seed=3)
    new = expected_new(tree, old)
    changing = sum(old[n] != new[n] for n in old)
    cmd = [sys.executable, "-m", "cleaner", "fix", "-w", "-j", "1", str(tree)]
    # how long the command works on the files (from its first open to its exit; the atomic writes,
    # not the cleaning, take most of it), timed on one whole run; then the tree is put back
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not _opened_a_file_in(proc.pid, tree) and proc.poll() is None:
        time.sleep(0.002)
    t = time.monotonic()
    assert proc.wait() == 0
    full = time.monotonic() - t
    assert check_tree(tree, old, new)[0] == changing
    reset(tree, old, new)
    rng = random.Random(4)
    kills = midway = 0
    rounds = 0
    while (kills < 20 or midway < 15) and rounds < 80:  # a busy machine lands fewer kills midway: keep going
        rounds += 1
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not _opened_a_file_in(proc.pid, tree) and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, full))  # then kill it at a random moment of its work
        proc.kill()
        code = proc.wait()
        n_new, strays = check_tree(tree, old, new)
        if code == -signal.SIGKILL:
            kills += 1
            midway += 0 < n_new < changing
        assert len(strays) <= kills
        if n_new == changing:
            reset(tree, old, new)
    assert midway >= 15
    assert subprocess.run(cmd, capture_output=True, timeout=300).returncode == 0
    assert check_tree(tree, old, new)[0] == changing
