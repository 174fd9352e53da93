"""-j N: worker processes give the same bytes, order, messages and exit codes as one process;
progress shows on a terminal only."""
import io
import json
import os
import pickle
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner.cli import main
from cleaner.parallel import fix_large_file, map_ordered
from cleaner.runner import Job, process

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine():
    return cleaner.Cleaner.from_wordlists()


@pytest.fixture
def fast_cli(monkeypatch, engine):
    """The CLI in-process, reusing one built engine (building it costs a second per call)."""
    from cleaner import cli
    from cleaner.config import load

    monkeypatch.setattr(cli, "settings", lambda args: (load(), engine))


def _tree(root: Path) -> Path:
    paras = [p for p in SEED.split("\n") if p.strip()]
    (root / "sub").mkdir(parents=True)
    for i in range(7):
        d = root / ("sub" if i % 2 else "")
        (d / f"doc{i}.txt").write_text("\n\n".join(paras[i::7]) + "\n", encoding="utf-8")
    (root / "clean.txt").write_text("Nothing to change here.\n", encoding="utf-8")
    (root / "bad.txt").write_bytes(b"caf\xe9 in the Center East\n")  # not UTF-8: an error, the rest goes on
    (root / "image.bin").write_bytes(b"\x00\x01\x02" * 100)  # binary: a notice
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_write_directory_j2_equals_j1(tmp_path, fast_cli, capsys):
    one, two = _tree(tmp_path / "one"), tmp_path / "two"
    shutil.copytree(one, two)
    before = _snapshot(one)
    assert main(["fix", "-w", "-q", "-j", "1", str(one)]) == 2
    err1 = capsys.readouterr().err
    assert main(["fix", "-w", "-q", "-j", "2", str(two)]) == 2
    err2 = capsys.readouterr().err
    assert _snapshot(one) == _snapshot(two) != before
    assert err1.replace(str(one), "ROOT") == err2.replace(str(two), "ROOT")
    assert f"{one}/bad.txt: not UTF-8" in err1 and "image.bin" in err1
    assert _snapshot(one)["bad.txt"] == before["bad.txt"]


def test_print_many_files_in_order(tmp_path, fast_cli, capsysbinary):
    root = _tree(tmp_path)
    files = [str(p) for p in sorted(root.rglob("doc*.txt"))]
    assert main(["fix", "-q", "-j", "1", *files]) == 0
    one = capsysbinary.readouterr().out
    assert main(["fix", "-q", "-j", "2", *files, "--summary"]) == 0
    cap = capsysbinary.readouterr()
    assert cap.out == one
    assert b"Middle East" in one and b"Center East" not in one
    assert b"fixes applied in 7 file(s)" in cap.err  # findings came back from the workers for --summary


def test_check_json_same_with_workers(tmp_path, fast_cli, capsys):
    root = _tree(tmp_path)
    (root / "bad.txt").unlink()
    assert main(["check", "--format", "json", "-j", "1", str(root)]) == 1
    one = json.loads(capsys.readouterr().out)
    assert main(["check", "--format", "json", "-j", "2", str(root)]) == 1
    assert json.loads(capsys.readouterr().out) == one and len(one) > 20


def test_large_file_chunks_in_parallel_same_bytes(tmp_path, engine):
    f = tmp_path / "big.txt"
    f.write_bytes(b"\xef\xbb\xbf" + (SEED * 6).encode("utf-8"))  # with a BOM, which must appear once
    job = Job(mode="fix", chunk_chars=3000, keep_findings=True)
    seq_out = io.BytesIO()
    seq = process(str(f), job, engine, seq_out)
    par_out = io.BytesIO()
    par = fix_large_file(str(f), job, engine, 2, par_out)
    assert par_out.getvalue() == seq_out.getvalue()
    assert par_out.getvalue().count(b"\xef\xbb\xbf") == 1
    assert (par.applied, par.changed, par.chars, par.words) == (seq.applied, seq.changed, seq.chars, seq.words)
    assert [(x.line, x.column, x.suggestion) for x in par.findings] == [(x.line, x.column, x.suggestion) for x in seq.findings]
    assert len(par.spin) == len(seq.spin) > 10


def _double(state, x):
    return state * x


def test_map_ordered_keeps_order_and_does_not_read_ahead():
    taken = []

    def items():
        for i in range(40):
            taken.append(i)
            yield i

    out = []
    for r in map_ordered(_double, items(), 3, jobs=2, window=4):
        out.append(r)
        assert len(taken) <= len(out) + 4  # bounded: memory stays flat on any input
    assert out == [3 * i for i in range(40)]


def test_finished_pool_is_closed_not_terminated(monkeypatch):
    # Pool.terminate signals the workers, and a signal landing just before a worker blocks on the
    # task queue's lock is never handled (a hang seen in CI): a run that ends normally must not use it.
    import multiprocessing.pool

    def refuse(self):
        raise AssertionError("terminate called on a pool that finished normally")

    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", refuse)
    for _ in range(5):
        assert list(map_ordered(_double, range(20), 2, jobs=2)) == [2 * i for i in range(20)]


def test_stopping_early_terminates_the_workers():
    import multiprocessing

    before = set(multiprocessing.active_children())
    results = map_ordered(_double, range(1000), 2, jobs=2)
    assert next(results) == 0
    results.close()  # the caller leaves the loop: the workers are stopped, not left running
    assert set(multiprocessing.active_children()) <= before


def test_engine_pickles_and_rebuilds(engine):
    copy = pickle.loads(pickle.dumps(engine))
    assert copy.fix(SEED) == engine.fix(SEED)


def _on_pty(args, env):
    """Run the CLI with stderr (and stdin) on a pseudo-terminal, stdout on a pipe; return (stdout, terminal)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdin=slave, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        r, _, _ = select.select([master], [], [], 60)
        if not r:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    out = proc.stdout.read()
    proc.wait(timeout=60)
    os.close(master)
    return proc.returncode, out, seen.decode("utf-8", "replace")


def test_summary_on_a_terminal_nothing_on_a_pipe_or_in_ci(tmp_path):
    root = _tree(tmp_path / "t")
    (root / "bad.txt").unlink()
    (root / "image.bin").unlink()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["COLUMNS"] = "120"
    code, _, screen = _on_pty(["fix", "-w", "-j", "2", str(root)], env)
    assert code == 0
    assert "cleaner: 8 files" in screen and "fixes in" in screen and "MB/s" in screen

    code, _, screen = _on_pty(["fix", "-w", "-j", "2", str(root)], {**env, "CI": "true"})
    assert code == 0 and "cleaner:" not in screen and screen.strip() == ""

    r = subprocess.run([sys.executable, "-m", "cleaner", "fix", "-j", "2", *map(str, sorted(root.rglob("doc*.txt")))],
                       capture_output=True, env=env, timeout=60)
    assert r.returncode == 0 and r.stderr == b""  # stderr is a pipe: no bar, no summary

    code, _, screen = _on_pty(["fix", "-w", "-q", str(root)], env)
    assert code == 0 and screen.strip() == ""


def test_ctrl_c_stops_workers_cleanly(tmp_path):
    import signal
    import time

    root = tmp_path / "t"
    root.mkdir()
    body = (SEED + "\n") * 120  # about 0.8 MB a file: long enough to interrupt
    for i in range(80):  # about 64 MB in all: many seconds of work, even if this test is starved of CPU
        (root / f"d{i:02}.txt").write_text(body, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "fix", "-w", "-j", "2", str(root)], stderr=subprocess.PIPE,
                            start_new_session=True, env={**os.environ, "CI": "1"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and all(f.stat().st_size == len(body.encode()) for f in root.glob("d*.txt")):
        time.sleep(0.05)  # wait until the workers have written their first file, so the interrupt lands mid-run
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the whole process group
    err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130 and err == "interrupted\n", err
    assert not list(root.glob(".*cleaner-tmp"))
    fixed = cleaner.Cleaner.from_wordlists().fix(body)
    for f in root.iterdir():
        assert f.read_text(encoding="utf-8") in (body, fixed)  # each file either untouched or complete


def test_stdin_among_files_with_workers(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("the Center East\n", encoding="utf-8")
    b.write_text("a plain line\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cleaner", "fix", "-j", "2", str(a), "-", str(b)], input=b"the State division\n",
                       capture_output=True, env={**os.environ, "CI": "1"}, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"the Middle East\nthe State Department\na plain line\n"


def test_large_file_in_parallel_keeps_cleaner_off_regions(tmp_path, engine):
    f = tmp_path / "big.txt"
    f.write_text(SEED * 2 + "cleaner: off\n" + SEED * 3 + "cleaner: on\n" + SEED, encoding="utf-8")
    job = Job(mode="fix", chunk_chars=3000)
    seq_out, par_out = io.BytesIO(), io.BytesIO()
    process(str(f), job, engine, seq_out)
    fix_large_file(str(f), job, engine, 2, par_out)
    assert par_out.getvalue() == seq_out.getvalue()
    out = par_out.getvalue().decode("utf-8")
    assert out.split("cleaner: off\n")[1].split("cleaner: on\n")[0] == SEED * 3
