"""Bad and special input, directory walks, and safe writes: compared byte for byte (issue 7)."""
import os
import random
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.runner import Job, process

ROOT = Path(__file__).parent.parent
CLEANER = Cleaner.from_wordlists()
OLD = 1_000_000_000
SPUN = b"Talks in the Center East went on.\nThe well being ministry agreed.\n"
CLEAN = b"Nothing here needs a fix.\n"


def cli(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], capture_output=True, cwd=cwd,
                          env={**os.environ, "CI": "true", **kw.pop("env", {})}, timeout=120, **kw)


def write(path: Path, data: bytes, mode: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if mode is not None:
        os.chmod(path, mode)
    os.utime(path, (OLD, OLD))
    return path


def fixed(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as d:
        p = write(Path(d) / "x.txt", data)
        return process(str(p), Job(mode="fix"), CLEANER).output


# ------------------------------------------------------------------ one walk over a tree with everything in it

@pytest.fixture(scope="module")
def walked(tmp_path_factory):
    """A tree with text, binary, ignored, excluded and linked files, rewritten by one `fix -w` run."""
    base = tmp_path_factory.mktemp("walk")
    tree, outside = base / "tree", base / "outside"
    files = {
        "a.txt": SPUN,
        "clean.txt": CLEAN,
        "sub/b.txt": SPUN.replace(b"\n", b"\r\n"),
        "sub/deep/c.txt": SPUN,
        "image.dat": b"GIF89a\x00\x01" + bytes(range(256)),
        "noise.txt": bytes(random.Random(7).randrange(0x80, 0x100) for _ in range(4000)),
        "late-nul.txt": SPUN * 400 + b"\x00\x01\x02",  # text first, a NUL past the first 8 kB
        "build/gen.txt": SPUN,  # .gitignore: build/
        "sub/notes.md": SPUN,  # --exclude '*.md'
        "sub/deep/run.log": SPUN,  # sub/.gitignore: **/*.log
        "sub/keep.log.txt": SPUN,
        "a.txt.orig": SPUN,  # backups are never processed
    }
    for name, data in files.items():
        write(tree / name, data)
    write(tree / ".gitignore", b"# generated\nbuild/\n")
    write(tree / "sub" / ".gitignore", b"**/*.log\n")
    os.chmod(tree / "a.txt", 0o640)
    os.chmod(tree / "sub" / "b.txt", 0o755)
    write(outside / "o.txt", SPUN)
    write(outside / "dir" / "od.txt", SPUN)
    os.symlink(outside / "o.txt", tree / "link-out.txt")
    os.symlink(outside / "dir", tree / "link-dir")
    os.symlink(tree / "sub" / "deep" / "c.txt", tree / "link-in.txt")
    os.symlink(tree / "missing.txt", tree / "dangling.txt")
    os.mkfifo(tree / "pipe.txt")
    inodes = {name: (tree / name).stat().st_ino for name in files}
    r = cli("fix", "-w", "-j", "1", "--exclude", "*.md", tree)
    return tree, outside, files, inodes, r


def test_walk_run_succeeds_with_notices_for_binary_files(walked):
    tree, _, _, _, r = walked
    assert r.returncode == 0, r.stderr
    notices = sorted(r.stderr.decode().splitlines())
    assert notices == sorted([
        f"{tree / 'image.dat'}: binary file (NUL bytes), skipped",
        f"{tree / 'late-nul.txt'}: binary file (NUL bytes), skipped",
        f"{tree / 'noise.txt'}: binary file (mostly undecodable; if it is text, give its --encoding), skipped",
    ])


def test_walk_fixes_text_files_in_all_subdirectories_keeping_newlines(walked):
    tree, _, files, inodes, _ = walked
    assert (tree / "a.txt").read_bytes() == fixed(SPUN) != SPUN
    assert (tree / "sub/b.txt").read_bytes() == fixed(SPUN).replace(b"\n", b"\r\n")
    assert (tree / "sub/deep/c.txt").read_bytes() == fixed(SPUN)
    assert (tree / "sub/keep.log.txt").read_bytes() == fixed(SPUN)
    assert (tree / "a.txt").stat().st_ino != inodes["a.txt"]  # replaced by rename, not rewritten in place


def test_walk_leaves_binary_ignored_and_excluded_files_untouched(walked):
    tree, _, files, inodes, _ = walked
    for name in ("clean.txt", "image.dat", "noise.txt", "late-nul.txt", "build/gen.txt", "sub/notes.md",
                 "sub/deep/run.log", "a.txt.orig"):
        p = tree / name
        assert p.read_bytes() == files[name], name
        assert p.stat().st_mtime == OLD and p.stat().st_ino == inodes[name], f"{name} was rewritten"


def test_walk_keeps_permissions(walked):
    tree = walked[0]
    assert stat.S_IMODE((tree / "a.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((tree / "sub/b.txt").stat().st_mode) == 0o755


def test_walk_does_not_follow_links_out_of_the_tree_and_keeps_links(walked):
    tree, outside, _, _, _ = walked
    assert (outside / "o.txt").read_bytes() == SPUN
    assert (outside / "dir" / "od.txt").read_bytes() == SPUN
    for link in ("link-out.txt", "link-dir", "link-in.txt", "dangling.txt"):
        assert (tree / link).is_symlink(), link
    assert stat.S_ISFIFO((tree / "pipe.txt").lstat().st_mode)
    leftovers = [p for p in tree.rglob("*") if p.name.endswith(".cleaner-tmp")]
    assert leftovers == []


def test_follow_links_fixes_the_target_and_the_link_stays_a_link(tmp_path):
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    write(outside / "o.txt", SPUN, mode=0o604)
    tree.mkdir()
    os.symlink(outside / "o.txt", tree / "link.txt")
    r = cli("fix", "-w", "--follow-links", "-j", "1", tree)
    assert r.returncode == 0, r.stderr
    assert (tree / "link.txt").is_symlink()
    assert (outside / "o.txt").read_bytes() == fixed(SPUN)
    assert stat.S_IMODE((outside / "o.txt").stat().st_mode) == 0o604
    assert sorted(os.listdir(outside)) == ["o.txt"]


# ------------------------------------------------------------------ special and unreadable files

def test_special_files_named_on_the_command_line_give_errors_and_the_run_continues(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    good = write(tmp_path / "good.txt", SPUN)
    r = cli("fix", "-w", "-j", "1", "pipe", "dangling.txt", "nothere.txt", "good.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.decode().splitlines() == [
        "pipe: not a regular file; cannot rewrite it in place",
        "dangling.txt: broken symbolic link",
        "nothere.txt: no such file or directory",
    ]
    assert good.read_bytes() == fixed(SPUN)


def _without_dac_override():
    """Run a child as root without the capabilities that let root read any file (chmod 000 then holds)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, dropped from the bounding set
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_drop_capabilities() -> bool:
    try:
        r = subprocess.run([sys.executable, "-c", "pass"], preexec_fn=_without_dac_override)
    except (OSError, subprocess.SubprocessError):
        return False
    return r.returncode == 0


def test_unreadable_file_and_directory_give_errors_and_the_run_continues(tmp_path):
    """chmod 000 does not stop root, so as root the CLI runs without CAP_DAC_OVERRIDE/READ_SEARCH."""
    kw = {}
    if os.geteuid() == 0:
        if not _can_drop_capabilities():
            pytest.skip("running as root and cannot drop CAP_DAC_OVERRIDE: chmod 000 cannot be enforced")
        kw = {"preexec_fn": _without_dac_override}
    locked = write(tmp_path / "locked.txt", SPUN, mode=0)
    ok = write(tmp_path / "ok.txt", SPUN, mode=0o644)
    write(tmp_path / "closed" / "inner.txt", SPUN)
    os.chmod(tmp_path / "closed", 0)
    read_only = [write(tmp_path / "ro" / "spun.txt", SPUN), write(tmp_path / "ro" / "clean.txt", CLEAN)]
    os.chmod(tmp_path / "ro", 0o555)
    try:
        r = cli("fix", "-w", "-j", "1", "locked.txt", "closed", "ro", "ok.txt", cwd=tmp_path, **kw)
    finally:
        os.chmod(tmp_path / "closed", 0o755)
        os.chmod(tmp_path / "ro", 0o755)
    assert r.returncode == 2, r.stderr
    assert r.stderr.decode().splitlines() == [
        "locked.txt: cannot read (Permission denied)",
        "closed: cannot read directory (Permission denied)",
        "ro/spun.txt: cannot write (Permission denied); file left unchanged",
    ]
    assert [p.read_bytes() for p in read_only] == [SPUN, CLEAN]
    assert sorted(os.listdir(tmp_path / "ro")) == ["clean.txt", "spun.txt"]
    assert ok.read_bytes() == fixed(SPUN)
    assert locked.read_bytes() == SPUN and (tmp_path / "closed" / "inner.txt").read_bytes() == SPUN
    assert locked.stat().st_mtime == OLD


# ------------------------------------------------------------------ writes

def test_backup_keeps_the_original_as_orig(tmp_path):
    spun = write(tmp_path / "a.txt", SPUN, mode=0o600)
    clean = write(tmp_path / "b.txt", CLEAN)
    r = cli("fix", "-w", "--backup", "-j", "1", "a.txt", "b.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert spun.read_bytes() == fixed(SPUN)
    orig = tmp_path / "a.txt.orig"
    assert orig.read_bytes() == SPUN
    assert stat.S_IMODE(orig.stat().st_mode) == 0o600 and orig.stat().st_mtime == OLD
    assert not (tmp_path / "b.txt.orig").exists() and clean.stat().st_mtime == OLD
    # a second run finds nothing to change: the file and its backup stay as they are
    res = process(str(spun), Job(mode="write", backup=True), CLEANER)
    assert res.error is None and not res.changed
    assert orig.read_bytes() == SPUN and spun.read_bytes() == fixed(SPUN)


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444, 0o2775])
def test_mode_is_kept_on_rewrite(tmp_path, mode):
    p = write(tmp_path / "x.txt", SPUN, mode=mode)
    res = process(str(p), Job(mode="write"), CLEANER)
    assert res.error is None and res.changed
    assert p.read_bytes() == fixed(SPUN)
    assert stat.S_IMODE(p.stat().st_mode) == mode


def test_untouched_file_is_not_rewritten(tmp_path):
    p = write(tmp_path / "x.txt", CLEAN, mode=0o644)
    ino = p.stat().st_ino
    res = process(str(p), Job(mode="write"), CLEANER)
    assert res.error is None and not res.changed
    assert p.stat().st_mtime == OLD and p.stat().st_ino == ino
    assert os.listdir(tmp_path) == ["x.txt"]


class EditsDuringAnalysis:
    """An engine that, while it works, lets another program save the file (an editor, a second run)."""

    def __init__(self, path: Path, data: bytes):
        self.path, self.data = path, data

    def analyse(self, text):
        self.path.write_bytes(self.data)
        return CLEANER.analyse(text)

    def settle(self, analysis, unsafe=False):
        return CLEANER.settle(analysis, unsafe)


@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_file_changed_on_disk_during_the_run_is_not_overwritten(tmp_path, how):
    p = write(tmp_path / "x.txt", SPUN)
    theirs = b"Someone else's version of the Center East text, saved meanwhile.\n"
    if how == "in place":
        engine = EditsDuringAnalysis(p, theirs)
    else:
        other = write(tmp_path / "other", theirs)
        engine = EditsDuringAnalysis(tmp_path / "unused", b"")
        engine.analyse = lambda text: (os.replace(other, p), CLEANER.analyse(text))[1]
    res = process(str(p), Job(mode="write"), engine)
    assert res.error == "changed on disk while being fixed; left as it is now (run again)"
    assert p.read_bytes() == theirs
    assert [x.name for x in tmp_path.iterdir() if x.name.endswith(".cleaner-tmp")] == []


def test_engine_failure_is_reported_and_the_file_left_alone(tmp_path):
    class Broken:
        def analyse(self, text):
            raise RuntimeError("boom")

    p = write(tmp_path / "x.txt", SPUN)
    res = process(str(p), Job(mode="write"), Broken())
    assert res.error == "internal error (RuntimeError: boom); file left unchanged"
    assert p.read_bytes() == SPUN and os.listdir(tmp_path) == ["x.txt"]


def test_two_concurrent_fix_w_runs_on_one_file_cannot_corrupt_it(tmp_path):
    para = SPUN.replace(b"\n", b" ") + b"\n\n"
    data = para * 3000  # ~300 kB: each run takes long enough for the two to overlap
    p = write(tmp_path / "x.txt", data)
    want = fixed(data)
    runs = [subprocess.Popen([sys.executable, "-m", "cleaner", "fix", "-w", "-j", "1", "x.txt"], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(r.wait(timeout=120), r.stderr.read().decode()) for r in runs]
    assert p.read_bytes() == want
    for code, err in results:  # each run either wrote the file or saw the other one had changed it
        assert (code, err) in ((0, ""), (2, "x.txt: changed on disk while being fixed; left as it is now (run again)\n"))
    assert os.listdir(tmp_path) == ["x.txt"]


# ------------------------------------------------------------------ huge input

def test_ten_megabyte_single_line(tmp_path):
    filler = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 900
    piece = filler + b"Peace in the Center East is near. "
    data = piece * (10 * 2**20 // len(piece) + 1)
    assert len(data) >= 10 * 2**20 and b"\n" not in data
    p = write(tmp_path / "big.txt", data)
    res = process(str(p), Job(mode="write", keep_findings=False), CLEANER)
    assert res.error is None and res.changed and len(res.spin) >= 10  # streamed in pieces
    out = p.read_bytes()
    assert out == data.replace(b"Center East", b"Middle East")


# ------------------------------------------------------------------ user rules

def test_bad_user_wordlists_report_path_line_and_touch_nothing(tmp_path):
    """Wordlist errors name `path:line`; conditions are validated before any file is read. (User rules
    have no regular expressions, so there is no pattern that could run away; see docs/reliability.md.)"""
    target = write(tmp_path / "t.txt", SPUN)
    bad = {
        "field.txt": ("center east => Middle East  tier=safe\nfoo bar => baz  colour=red\n", "field.txt:2: unknown field 'colour'"),
        "class.txt": ("foo bar => baz  before=@nosuch\n", "class.txt:1: unknown class '@nosuch'"),
        "tier.txt": ("foo bar => baz  tier=sure\n", "tier.txt:1: tier must be safe, review or display"),
    }
    for name, (rules, message) in bad.items():
        (tmp_path / name).write_text(rules, encoding="utf-8")
    r = cli("fix", "-w", "--wordlist", "field.txt", "--wordlist", "class.txt", "--wordlist", "tier.txt", "t.txt",
            cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err
    assert any(err.startswith(message) for _, message in bad.values()), err
    from cleaner.wordlist import WordlistError, load

    for name, (rules, message) in bad.items():
        with pytest.raises(WordlistError) as e:
            load(tmp_path / name)
        assert str(e.value).startswith(str(tmp_path / message))
    assert target.read_bytes() == SPUN and target.stat().st_mtime == OLD


def test_full_disk_while_writing_leaves_the_file_and_no_temporary(tmp_path, monkeypatch):
    import errno

    from cleaner import textio

    def full(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(textio.AtomicWriter, "write", full)
    p = write(tmp_path / "x.txt", SPUN)
    res = process(str(p), Job(mode="write"), CLEANER)
    assert res.error == "cannot write (No space left on device); file left unchanged"
    assert p.read_bytes() == SPUN and p.stat().st_mtime == OLD
    assert os.listdir(tmp_path) == ["x.txt"]
