"""Encodings, BOMs and newlines: files before and after compared byte for byte (issue 7)."""
import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.runner import Job, process
from cleaner.textio import iter_text

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "blinken.spun.txt"
CLEANER = Cleaner.from_wordlists()
OLD = 1_000_000_000  # an mtime in 2001, to see whether a file was rewritten


def cli(*args, cwd=None, input=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], input=input, capture_output=True,
                          cwd=cwd, env={**os.environ, "CI": "true"}, timeout=120)


def write(path: Path, data: bytes, mtime: int | None = OLD) -> Path:
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def fixed_text(text: str) -> str:
    """What `cleaner fix` makes of ``text`` (through the runner, as the CLI does)."""
    res = process_bytes(text.encode("utf-8"), Job(mode="fix"))
    assert res.error is None and res.notice is None
    return res.output.decode("utf-8")


def process_bytes(data: bytes, job: Job, tmp: Path | None = None) -> "object":
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "in.txt"
        p.write_bytes(data)
        return process(str(p), job, CLEANER)


# ------------------------------------------------------------------ done-when 2, through the CLI

def test_seed_copies_keep_newlines_and_bom_latin1_refused_binary_and_empty_untouched(tmp_path):
    lf = SEED.read_bytes()
    assert b"\r" not in lf and not lf.startswith(codecs.BOM_UTF8)
    copies = {
        "lf.txt": lf,
        "crlf.txt": lf.replace(b"\n", b"\r\n"),
        "bom.txt": codecs.BOM_UTF8 + lf,
        "bom-crlf.txt": codecs.BOM_UTF8 + lf.replace(b"\n", b"\r\n"),
        "cr.txt": lf.replace(b"\n", b"\r"),
    }
    untouched = {
        "latin1.txt": b"Caf\xe9 talks in the Center East.\n",
        "image.dat": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "empty.txt": b"",
    }
    for name, data in {**copies, **untouched}.items():
        write(tmp_path / name, data)
    r = cli("fix", "-w", "-j", "1", *copies, *untouched, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    err = r.stderr.decode().splitlines()
    assert "latin1.txt: not UTF-8 (byte 0xe9 at offset 3); use --encoding" in err
    assert "image.dat: binary file (NUL bytes), skipped" in err
    assert len(err) == 2, err

    new_lf = (tmp_path / "lf.txt").read_bytes()
    assert new_lf != lf and b"Center East" not in new_lf and b"Middle East" in new_lf
    assert (tmp_path / "crlf.txt").read_bytes() == new_lf.replace(b"\n", b"\r\n")
    assert (tmp_path / "bom.txt").read_bytes() == codecs.BOM_UTF8 + new_lf
    assert (tmp_path / "bom-crlf.txt").read_bytes() == codecs.BOM_UTF8 + new_lf.replace(b"\n", b"\r\n")
    assert (tmp_path / "cr.txt").read_bytes() == new_lf.replace(b"\n", b"\r")
    for name, data in untouched.items():
        p = tmp_path / name
        assert p.read_bytes() == data, name
        assert p.stat().st_mtime == OLD, f"{name} was rewritten"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*copies, *untouched])  # no temp files left


def test_undecodable_input_exact_message_exit_2_file_untouched(tmp_path):
    data = b"Caf\xe9 in the Center East.\n"
    write(tmp_path / "x.txt", data)
    for args in (("fix", "x.txt"), ("fix", "-w", "x.txt")):
        r = cli(*args, cwd=tmp_path)
        assert r.returncode == 2
        assert r.stderr == b"x.txt: not UTF-8 (byte 0xe9 at offset 3); use --encoding\n"
        assert r.stdout == b""
        assert (tmp_path / "x.txt").read_bytes() == data
        assert (tmp_path / "x.txt").stat().st_mtime == OLD


def test_encoding_option_latin1_round_trips_every_other_byte(tmp_path):
    data = b"Caf\xe9 na\xefve \xa9 2024 in the Center East.\r\nNo final newline: \xfc\xdf"
    write(tmp_path / "x.txt", data)
    r = cli("fix", "-w", "--encoding", "latin-1", "x.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "x.txt").read_bytes() == data.replace(b"Center East", b"Middle East")
    write(tmp_path / "y.txt", data)
    printed = process(str(tmp_path / "y.txt"), Job(mode="fix", encoding="latin-1"), CLEANER)
    assert printed.output == data.replace(b"Center East", b"Middle East")


def test_a_fix_the_encoding_cannot_hold_is_not_made(tmp_path):
    rules = tmp_path / "rules.txt"
    rules.write_text("center east => Middle East  tier=safe\nlodz => Łódź  tier=safe\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([rules], bundled=False, fuzzy=False)
    text = "From lodz to the Center East.\n"
    latin = write(tmp_path / "latin.txt", text.encode("latin-1"))
    res = process(str(latin), Job(mode="write", encoding="latin-1"), cleaner)
    assert res.error is None
    assert latin.read_bytes() == b"From lodz to the Middle East.\n"  # "Ł" is not Latin-1: that fix is left out
    utf8 = write(tmp_path / "utf8.txt", text.encode("utf-8"))
    assert process(str(utf8), Job(mode="write"), cleaner).error is None
    assert utf8.read_bytes() == "From Łódź to the Middle East.\n".encode("utf-8")


# ------------------------------------------------------------------ BOMs and wide encodings

@pytest.mark.parametrize("codec,bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
    ("utf-8", codecs.BOM_UTF8),
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_bom_encodings_recognised_and_kept(tmp_path, codec, bom, newline):
    text = "Talks in the Center East.\nThe well being ministry said so.\nNo change here ünïcödé ☃ 𝄞".replace("\n", newline)
    want = fixed_text(text)
    assert want != text
    p = write(tmp_path / "x.txt", bom + text.encode(codec))
    res = process(str(p), Job(mode="write"), CLEANER)
    assert res.error is None and res.notice is None and res.changed
    assert p.read_bytes() == bom + want.encode(codec)
    printed = process(str(p), Job(mode="fix"), CLEANER)
    assert printed.output == bom + want.encode(codec)


def test_utf8_without_bom_gets_no_bom_and_bom_only_file_is_kept(tmp_path):
    plain = write(tmp_path / "plain.txt", b"Talks in the Center East.\n")
    process(str(plain), Job(mode="write"), CLEANER)
    assert plain.read_bytes() == b"Talks in the Middle East.\n"
    bom_only = write(tmp_path / "bom.txt", codecs.BOM_UTF8)
    res = process(str(bom_only), Job(mode="write"), CLEANER)
    assert res.error is None and not res.changed
    assert bom_only.read_bytes() == codecs.BOM_UTF8 and bom_only.stat().st_mtime == OLD
    assert process(str(bom_only), Job(mode="fix"), CLEANER).output == codecs.BOM_UTF8


# ------------------------------------------------------------------ newlines

LINES = ["Talks in the Center East began.", "", "The well being ministry said so.", "Nothing to fix here.",
         "A State division spokesperson spoke.", "  indented Center East  "]


@pytest.mark.parametrize("style", ["lf", "crlf", "cr", "mixed"])
@pytest.mark.parametrize("final", [True, False])
def test_newlines_kept_exactly_and_no_final_newline_added_or_removed(tmp_path, style, final):
    endings = {"lf": ["\n"], "crlf": ["\r\n"], "cr": ["\r"], "mixed": ["\n", "\r\n", "\r", "\r\n", "\n", "\r"]}[style]
    ends = [endings[i % len(endings)] for i in range(len(LINES))]
    if not final:
        ends[-1] = ""
    text = "".join(line + end for line, end in zip(LINES, ends))
    fixed_lines = [fixed_text(line) for line in LINES]
    assert fixed_lines != LINES
    want = "".join(line + end for line, end in zip(fixed_lines, ends))
    p = write(tmp_path / "x.txt", text.encode("utf-8"))
    res = process(str(p), Job(mode="write"), CLEANER)
    assert res.error is None
    assert p.read_bytes() == want.encode("utf-8")
    out = p.read_bytes()
    assert out.endswith(ends[-1].encode()) if final else out[-1:] not in (b"\r", b"\n")


def test_empty_file_gives_empty_output_and_is_not_rewritten(tmp_path):
    p = write(tmp_path / "empty.txt", b"")
    assert process(str(p), Job(mode="fix"), CLEANER).output == b""
    res = process(str(p), Job(mode="write"), CLEANER)
    assert res.error is None and not res.changed
    assert p.read_bytes() == b"" and p.stat().st_mtime == OLD
    r = cli("fix", "-", input=b"")
    assert r.returncode == 0 and r.stdout == b""


# ------------------------------------------------------------------ large files, read in chunks

def test_bad_byte_far_into_a_large_file_reports_its_exact_offset(tmp_path):
    body = ("The talks went on. " * 40 + "\n").encode()
    for offset in (5000, 8191, 8192, 8192 + 256 * 3 - 1, 20000):
        data = bytearray(body * 50)
        data[offset] = 0xE9
        p = write(tmp_path / "x.txt", bytes(data))
        res = process(str(p), Job(mode="write", chunk_chars=256), CLEANER)
        assert res.error == f"not UTF-8 (byte 0xe9 at offset {offset}); use --encoding", offset
        assert p.read_bytes() == bytes(data) and p.stat().st_mtime == OLD


def test_chunked_processing_gives_the_same_bytes_as_whole_file(tmp_path):
    para = ("Peace talks in the Center East resumed.\r\nThe well being ministry said the State division agreed. "
            "Caf\u00e9 \u2603 \U0001d11e.\r\n\r\n")
    text = para * 400  # ~60 kB, cut into ~40 pieces below
    whole = process_bytes(text.encode(), Job(mode="fix", chunk_chars=1 << 20)).output
    assert whole.count(b"Middle East") == 400
    for chunk_chars in (1500, 4096):
        p = write(tmp_path / "x.txt", text.encode())
        res = process(str(p), Job(mode="write", chunk_chars=chunk_chars), CLEANER)
        assert res.error is None
        assert p.read_bytes() == whole
        assert len(res.spin) > 5  # it really was processed in pieces


def test_iter_text_pieces_join_to_the_file_and_never_split_crlf():
    import io

    data = ("word " * 50 + "end.\r\n" + "x" * 300 + "\r\n\r\n" + "\u00e9\u2603 " * 40 + "\r").encode("utf-8") * 20
    for chunk in (64, 100, 333):
        pieces = [p for p, _ in iter_text(io.BytesIO(data), chunk_chars=chunk)]
        assert "".join(pieces).encode("utf-8") == data
        assert len(pieces) > 3
        for a, b in zip(pieces, pieces[1:]):
            assert not (a.endswith("\r") and b.startswith("\n"))


@pytest.mark.parametrize("codec,bom,forced", [
    ("utf-8", b"", None), ("utf-8", codecs.BOM_UTF8, None), ("utf-16-le", codecs.BOM_UTF16_LE, None),
    ("latin-1", b"", "latin-1"), ("cp1252", b"", "cp1252"),
])
def test_fix_only_late_in_a_large_file_keeps_every_byte_before_it(tmp_path, codec, bom, forced):
    clean = "Nothing to change in this line, caf\u00e9.\r\n" * 1500  # ~60 kB of pieces no fix touches
    text = clean + "\r\nTalks in the Center East.\r\n" + clean
    p = write(tmp_path / "x.txt", bom + text.encode(codec))
    res = process(str(p), Job(mode="write", encoding=forced, chunk_chars=1024), CLEANER)
    assert res.error is None and res.changed and len(res.spin) > 20
    assert p.read_bytes() == bom + text.replace("Center East", "Middle East").encode(codec)


def test_cleaner_off_region_carries_across_chunks(tmp_path):
    para = "Peace talks in the Center East resumed.\n"
    text = para * 50 + "<!-- cleaner: off -->\n" + para * 200 + "<!-- cleaner: on -->\n" + para * 50
    for chunk_chars in (1 << 20, 700):
        p = write(tmp_path / "x.txt", text.encode())
        res = process(str(p), Job(mode="write", chunk_chars=chunk_chars), CLEANER)
        assert res.error is None
        out = p.read_text(encoding="utf-8")
        assert out.count("Middle East") == 100 and out.count("Center East") == 200, chunk_chars
