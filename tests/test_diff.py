"""``cleaner fix --diff`` must be a patch that ``git apply`` and ``patch -p1`` accept as they stand."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.runner import unified_diff

SPUN = "He visited the Center East.\nMr Blinken stated it.\nA third line.\n"

# name -> bytes on disk; every case holds "Center East", which the bundled lists fix
CASES = {
    "trailing-newline": SPUN.encode(),
    "no-trailing-newline": SPUN.rstrip("\n").encode(),
    "crlf": SPUN.replace("\n", "\r\n").encode(),
    "crlf-no-trailing-newline": SPUN.replace("\n", "\r\n").rstrip("\r\n").encode(),
    # the change is on the last line, which has no newline (the "\ No newline" marker is in the hunk)
    "last-line-changed-no-newline": b"one\ntwo\nthe Center East",
    # characters Python's splitlines() cuts at, but git and patch do not
    "odd-line-breaks": "Center East\x0cthen\x1cmore\u2028Center East\rold Mac\x85end\n".encode(),
    # a removed line that starts with "-- " shows as "--- ..." in the diff body
    "dash-dash-line": b"-- the Center East\nx\n",
}


def _run(args: list[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, timeout=60)


def _cleaner(cwd: Path, *args: str) -> bytes:
    """``cleaner ARGS`` run in ``cwd`` in this process (a subprocess per case would cost a second each)."""
    import io
    import os

    from cleaner.cli import main

    class Out(io.TextIOWrapper):
        pass

    buf = io.BytesIO()
    out = Out(buf, encoding="utf-8", write_through=True)
    old_cwd, old_out = os.getcwd(), sys.stdout
    os.chdir(cwd)
    sys.stdout = out
    try:
        rc = main([*args, "-j", "1"])
    finally:
        sys.stdout = old_out
        os.chdir(old_cwd)
    out.flush()
    assert rc == 0
    return buf.getvalue()


def _diff(cwd: Path, name: str, *extra: str) -> bytes:
    return _cleaner(cwd, "fix", "--diff", *extra, name)


def _fixed(cwd: Path, name: str, *extra: str) -> bytes:
    return _cleaner(cwd, "fix", *extra, name)


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _run(["git", "init", "-q", "."], tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def patches(tmp_path_factory) -> tuple[bytes, dict[str, bytes], dict[str, bytes]]:
    """One ``fix --diff`` and one ``fix -w`` over every case (the engine takes a second to build)."""
    src = tmp_path_factory.mktemp("diff-src")
    fixed = tmp_path_factory.mktemp("diff-fixed")
    for case, data in CASES.items():
        (src / f"{case}.txt").write_bytes(data)
        (fixed / f"{case}.txt").write_bytes(data)
    combined = _cleaner(src, "fix", "--diff", *sorted(f"{c}.txt" for c in CASES))
    _cleaner(fixed, "fix", "-w", ".")
    per_file = {}
    for case in CASES:
        head = f"--- a/{case}.txt\n+++ b/{case}.txt\n".encode()
        start = combined.index(head)
        ends = [combined.find(f"--- a/{c}.txt\n+++ b/".encode(), start + 1) for c in CASES]
        end = min([e for e in ends if e > start], default=len(combined))
        per_file[case] = combined[start:end]
    expected = {case: (fixed / f"{case}.txt").read_bytes() for case in CASES}
    return combined, per_file, expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_git_apply_accepts_diff(repo: Path, patches, case: str) -> None:
    _, per_file, expected = patches
    name = f"{case}.txt"
    (repo / name).write_bytes(CASES[case])
    (repo / "p.diff").write_bytes(per_file[case])
    check = _run(["git", "apply", "--check", "p.diff"], repo)
    assert check.returncode == 0, check.stderr.decode() + per_file[case].decode()
    # and applying it gives exactly what `cleaner fix -w` writes
    assert expected[case] != CASES[case]
    applied = _run(["git", "apply", "p.diff"], repo)
    assert applied.returncode == 0, applied.stderr.decode()
    assert (repo / name).read_bytes() == expected[case]


@pytest.mark.parametrize("case", sorted(CASES))
def test_patch_p1_accepts_diff(tmp_path: Path, patches, case: str) -> None:
    if shutil.which("patch") is None:
        pytest.skip("GNU patch is not installed")
    _, per_file, expected = patches
    name = f"{case}.txt"
    (tmp_path / name).write_bytes(CASES[case])
    r = _run(["patch", "-p1", "--dry-run", "--batch"], tmp_path, stdin=per_file[case])
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    r = _run(["patch", "-p1", "--batch", "--quiet"], tmp_path, stdin=per_file[case])
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    assert (tmp_path / name).read_bytes() == expected[case]


def test_one_diff_for_many_files_applies_at_once(repo: Path, patches) -> None:
    combined, _, expected = patches
    for case, data in CASES.items():
        (repo / f"{case}.txt").write_bytes(data)
    (repo / "all.diff").write_bytes(combined)
    r = _run(["git", "apply", "all.diff"], repo)
    assert r.returncode == 0, r.stderr.decode()
    assert {c: (repo / f"{c}.txt").read_bytes() for c in CASES} == expected


def test_diff_of_file_in_subdirectory_uses_relative_a_b_paths(repo: Path) -> None:
    (repo / "sub dir").mkdir()
    (repo / "sub dir" / "f.txt").write_bytes(CASES["trailing-newline"])
    diff = _diff(repo, "sub dir/f.txt")
    assert diff.splitlines()[:2] == [b"--- a/sub dir/f.txt", b"+++ b/sub dir/f.txt"]
    (repo / "p.diff").write_bytes(diff)
    assert _run(["git", "apply", "--check", "p.diff"], repo).returncode == 0


def test_cli_subprocess_diff_applies(repo: Path) -> None:
    (repo / "f.txt").write_bytes(CASES["crlf-no-trailing-newline"])
    r = _run([sys.executable, "-m", "cleaner", "fix", "--diff", "f.txt"], repo)
    assert r.returncode == 0, r.stderr.decode()
    assert b"\\ No newline at end of file" in r.stdout
    (repo / "p.diff").write_bytes(r.stdout)
    assert _run(["git", "apply", "--check", "p.diff"], repo).returncode == 0


def test_unchanged_file_gives_empty_diff(repo: Path) -> None:
    (repo / "clean.txt").write_text("Nothing to fix here.\n")
    assert _diff(repo, "clean.txt") == b""


def test_unified_diff_no_newline_marker_follows_the_last_line_only() -> None:
    d = unified_diff("a\nb", "a\nc", "x.txt")
    assert d.splitlines() == [
        "--- a/x.txt", "+++ b/x.txt", "@@ -1,2 +1,2 @@", " a",
        "-b", "\\ No newline at end of file", "+c", "\\ No newline at end of file",
    ]


def test_unified_diff_identity_is_empty() -> None:
    assert unified_diff("same\r\ntext", "same\r\ntext", "x.txt") == ""


# Files whose bytes are not plain UTF-8: the diff carries the BOM on its first line and the file's
# own encoding, so git apply finds the lines (it compares bytes), and applying it gives exactly
# what `cleaner fix -w` writes.
ENCODED = {
    "utf8-bom": ("\ufeff" + SPUN).encode("utf-8"),
    "latin-1": "Café in the Center East.\n".encode("latin-1"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_git_apply_accepts_diff_of_bom_and_latin1_files(repo: Path, case: str) -> None:
    name = f"{case}.txt"
    (repo / name).write_bytes(ENCODED[case])
    extra = ("--encoding", "latin-1") if case == "latin-1" else ()
    (repo / "p.diff").write_bytes(_diff(repo, name, *extra))
    check = _run(["git", "apply", "p.diff"], repo)
    assert check.returncode == 0, check.stderr.decode()
    (repo / "w").mkdir()
    (repo / "w" / name).write_bytes(ENCODED[case])
    r = _run([sys.executable, "-m", "cleaner", "fix", "-w", *extra, f"w/{name}"], repo)
    assert r.returncode == 0, r.stderr.decode()
    assert (repo / name).read_bytes() == (repo / "w" / name).read_bytes() != ENCODED[case]
