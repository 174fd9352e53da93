"""The command-line contract, exercised as a user would: through a subprocess."""
import json
import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "blinken.spun.txt"


def run(*args, input=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], input=input, capture_output=True,
                          cwd=cwd, env={**os.environ, "CI": "true"}, timeout=120)


def test_fix_prints_cleaned_seed():
    r = run("fix", SEED)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("utf-8")
    for spun, fixed in [("Center East", "Middle East"), ("State division", "State Department"),
                        ("well being ministry", "health ministry"), ("not too long ago", "recently")]:
        assert spun not in out
        assert fixed in out
    assert " said " in out and " stated " not in out
    assert "folks" not in out and "people" in out


def test_fix_reads_stdin():
    r = run("fix", "-", input="Peace in the Center East.\n".encode())
    assert r.returncode == 0
    assert r.stdout == b"Peace in the Middle East.\n"


def test_fix_write_in_place_and_untouched_files(tmp_path):
    spun = tmp_path / "a.txt"
    spun.write_bytes(b"Talks in the Center East.\r\n")
    os.chmod(spun, 0o640)
    clean = tmp_path / "b.txt"
    clean.write_bytes(b"Nothing to see here.\n")
    os.utime(clean, (1_000_000_000, 1_000_000_000))
    r = run("fix", "-w", tmp_path)
    assert r.returncode == 0, r.stderr
    assert spun.read_bytes() == b"Talks in the Middle East.\r\n"
    assert oct(spun.stat().st_mode & 0o777) == oct(0o640)
    assert clean.stat().st_mtime == 1_000_000_000
    assert not list(tmp_path.glob("*.cleaner-tmp"))


def test_fix_diff_is_a_patch(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("one\nthe Center East\nthree\n", encoding="utf-8")
    r = run("fix", "--diff", "x.txt", cwd=tmp_path)
    assert r.returncode == 0
    d = r.stdout.decode()
    assert d.startswith("--- a/x.txt\n+++ b/x.txt\n")
    assert "-the Center East\n+the Middle East\n" in d


def test_check_text_format_and_exit_code(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("Line one.\nThe Center East talks.\n", encoding="utf-8")
    r = run("check", f)
    assert r.returncode == 1
    assert f"{f}:2:5: Center East → Middle East [news-spinner:center east] (" in r.stdout.decode()
    assert ", safe)" in r.stdout.decode()
    ok = tmp_path / "ok.txt"
    ok.write_text("Nothing here.\n", encoding="utf-8")
    r = run("check", ok)
    assert r.returncode == 0 and r.stdout == b""


def test_check_json_fields():
    r = run("check", "--format", "json", SEED)
    assert r.returncode == 1
    items = json.loads(r.stdout)
    text = SEED.read_text(encoding="utf-8")
    assert len(items) > 100
    for it in items:
        for key in ("path", "line", "column", "start", "end", "original", "replacement", "rule", "confidence",
                    "applicability", "spin_score", "origin"):
            assert key in it
        assert text[it["start"]:it["end"]] == it["original"]
        assert it["applicability"] in ("safe", "review")
    assert items == sorted(items, key=lambda i: i["start"])


def test_bad_file_reports_and_others_continue(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("the Center East\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    r = run("check", bad, tmp_path / "missing.txt", good)
    err = r.stderr.decode()
    assert r.returncode == 2
    assert f"{bad}: not UTF-8 (byte 0xe9 at offset 3); use --encoding" in err
    assert f"{tmp_path / 'missing.txt'}: no such file or directory" in err
    assert "Traceback" not in err
    assert "Middle East" in r.stdout.decode()


def test_unknown_config_key_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\nunsafe = true\ncolour = 'red'\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("x\n", encoding="utf-8")
    r = run("fix", "t.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert "unknown key 'colour' in [tool.cleaner]" in r.stderr.decode()


def test_config_wordlists_and_ignore(tmp_path):
    (tmp_path / "rules.txt").write_text("frobnicated => fixed  tier=safe\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.cleaner]\nwordlists = ['rules.txt']\nignore = ['center east']\n", encoding="utf-8")
    (tmp_path / "t.txt").write_text("It was frobnicated in the Center East.\n", encoding="utf-8")
    r = run("fix", "t.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b"It was fixed in the Center East.\n"


def test_bad_wordlist_reports_path_line(tmp_path):
    wl = tmp_path / "w.txt"
    wl.write_text("# ok\nbroken line without arrow\n", encoding="utf-8")
    r = run("fix", "--wordlist", wl, SEED)
    assert r.returncode == 2
    assert r.stderr.decode().strip() == f"{wl}:2: expected 'spun => canonical [fields]'"


def test_unsafe_applies_more():
    safe = run("fix", SEED).stdout
    unsafe = run("fix", "--unsafe", SEED).stdout
    assert safe != unsafe


def test_directory_needs_write_or_diff(tmp_path):
    r = run("fix", tmp_path)
    assert r.returncode == 2
    assert "use -w" in r.stderr.decode()


def test_score_command(tmp_path):
    r = run("score", "--format", "json", SEED)
    assert r.returncode == 0
    rows = json.loads(r.stdout)
    assert rows[0]["spin_score"] > 0.99
