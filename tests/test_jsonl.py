"""`cleaner fix --jsonl FIELD`: one field of every record cleaned, every other byte kept."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

import cleaner
from cleaner.cli import main
from cleaner.jsonl import RecordCleaner, RecordError, Stats, top_level_spans

ROOT = Path(__file__).resolve().parent.parent
SEED_LINES = [ln for ln in (ROOT / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]


@pytest.fixture(scope="module")
def engine():
    return cleaner.Cleaner.from_wordlists()


@pytest.fixture
def fast_cli(monkeypatch, engine):
    """The CLI in-process, reusing one built engine (building it costs a second per call)."""
    from cleaner import cli
    from cleaner.config import load

    monkeypatch.setattr(cli, "settings", lambda args: (load(), engine))


def run(*args, input=None):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], input=input, capture_output=True,
                          env={**os.environ, "CI": "true"}, timeout=120)


def test_field_cleaned_other_bytes_kept(tmp_path, engine, fast_cli, capsysbinary):
    lines = [
        '{"id": 1,   "text": "Talks in the Center East.", "score": 1.50, "n": 1e3}',
        '{"text":"caf\\u00e9 and the State division","meta":{"text":"Center East"},"ü":"ö"}',
        '{"meta": {"a": [1, 2, {"b": null}]}, "text": "Kyiv and the Center East \\ud83d\\ude00"}',
        '{ "text" : "nothing to fix here" , "x" : "Center East" }',
        '{"id": 5, "text": 12}',
        '{"id": 6}',
    ]
    f = tmp_path / "in.jsonl"
    f.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    assert main(["fix", "-q", "--jsonl", "text", str(f)]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8").splitlines()
    assert len(out) == len(lines)
    for before, after in zip(lines, out):
        a, b = json.loads(before), json.loads(after)
        if isinstance(a.get("text"), str):
            assert b["text"] == engine.fix(a["text"])  # exactly what cleaning the field alone gives
        assert {k: v for k, v in a.items() if k != "text"} == {k: v for k, v in b.items() if k != "text"}
        # every byte outside the cleaned value is the same
        if a.get("text") == b.get("text"):
            assert after == before
        else:
            s, e = top_level_spans(before)["text"]
            s2, e2 = top_level_spans(after)["text"]
            assert before[:s] == after[:s2] and before[e:] == after[e2:]
    assert out[0] == '{"id": 1,   "text": "Talks in the Middle East.", "score": 1.50, "n": 1e3}'
    assert out[1].startswith('{"text":"caf\\u00e9 and the State Department"')  # ASCII-escaped as before
    assert '"meta":{"text":"Center East"}' in out[1]  # only the top-level field


def test_stats_key_counts_fixes(tmp_path, engine, fast_cli, capsysbinary):
    texts = SEED_LINES[:6] + ["A clean sentence."]
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps({"text": t, "stats": "old"}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    assert main(["fix", "-q", "--jsonl", "text", "--stats-key", "stats", str(f)]) == 0
    out = [json.loads(ln) for ln in capsysbinary.readouterr().out.decode().splitlines()]
    for t, rec in zip(texts, out):
        res = cleaner.clean_text(t, cleaner=engine)
        assert rec["text"] == res
        assert rec["stats"] == {"fixes": len(res.fixes), "spin": round(res.spin_score, 4)}
    assert out[-1]["stats"]["fixes"] == 0
    assert sum(r["stats"]["fixes"] for r in out) > 3


def test_malformed_lines_reported_and_passed_through(tmp_path, fast_cli, capsysbinary):
    f = tmp_path / "c.jsonl"
    body = b'{"text": "the Center East"}\n{"text": "oops"\n[1, 2]\n\xff\xfe\n\n{"text": "the Center East"}\n'
    f.write_bytes(body)
    assert main(["fix", "-q", "--jsonl", "text", str(f)]) == 2
    cap = capsysbinary.readouterr()
    assert cap.out == body.replace(b"Center East", b"Middle East")
    errors = cap.err.decode().splitlines()
    assert [e.split(": ")[0] for e in errors] == [f"{f}:2", f"{f}:3", f"{f}:4"]
    assert "invalid JSON" in errors[0] and "not a JSON object" in errors[1] and "not UTF-8" in errors[2]
    assert "Traceback" not in cap.err.decode()

    assert main(["fix", "-q", "--jsonl", "text", "--strict", str(f)]) == 2
    cap = capsysbinary.readouterr()
    assert cap.out == b'{"text": "the Middle East"}\n'  # stopped before the bad line
    assert cap.err.decode().splitlines() == [errors[0]]


def test_stdin_subprocess_and_crlf():
    data = '{"text": "the Center East"}\r\n{"text": "fine"}'.encode()
    r = run("fix", "--jsonl", "text", "-", input=data)
    assert r.returncode == 0, r.stderr
    assert r.stdout == b'{"text": "the Middle East"}\r\n{"text": "fine"}'  # no newline added at the end
    assert r.stderr == b""  # CI is set: no progress, no summary


def test_parallel_equals_single_process_and_write(tmp_path, fast_cli, capsysbinary):
    f = tmp_path / "big.jsonl"
    with open(f, "w", encoding="utf-8") as fh:
        for i in range(2300):  # more than one batch of 2000 lines
            fh.write(json.dumps({"i": i, "text": SEED_LINES[i % len(SEED_LINES)]}, ensure_ascii=i % 2 == 0) + "\n")
    assert main(["fix", "-q", "-j", "1", "--jsonl", "text", str(f)]) == 0
    one = capsysbinary.readouterr().out
    assert main(["fix", "-q", "-j", "2", "--jsonl", "text", str(f)]) == 0
    two = capsysbinary.readouterr().out
    assert one == two and one != f.read_bytes()
    assert main(["fix", "-q", "-w", "-j", "2", "--jsonl", "text", str(f)]) == 0
    assert f.read_bytes() == one


def test_usage_errors(tmp_path, fast_cli, capsys):
    f = tmp_path / "a.jsonl"
    f.write_text('{"text": "x"}\n')
    assert main(["fix", "--jsonl", "text", "--diff", str(f)]) == 2
    assert main(["fix", "--jsonl", "text", "--stats-key", "text", str(f)]) == 2
    assert main(["fix", "--jsonl", "text", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "--diff is not supported" in err and "must differ" in err and "missing.jsonl: no such file" in err


@pytest.mark.parametrize("line", ['', '{', '{"a" 1}', '{"a": 1,}', '{"a": 1} x', '{"a": tru}', '{a: 1}', '"s"', '[{}]'])
def test_top_level_spans_rejects_what_is_not_one_object(line):
    with pytest.raises(RecordError):
        top_level_spans(line)
    try:
        assert not isinstance(json.loads(line), dict)
    except ValueError:
        pass


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                           lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
                           max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(max_size=6), json_values, max_size=5), st.sampled_from(SEED_LINES[:8] + ["plain"]),
       st.booleans(), st.sampled_from([None, ", ", ",", " , "]))
def test_records_round_trip(engine, other, text, ascii_, sep):
    rec = dict(other)
    rec["text"] = text
    line = json.dumps(rec, ensure_ascii=ascii_) if sep is None else json.dumps(rec, ensure_ascii=ascii_, separators=(sep, ":"))
    spans = top_level_spans(line)
    assert set(spans) == set(rec)
    for k, (a, b) in spans.items():
        assert json.loads(line[a:b]) == rec[k]
    stats = Stats()
    out = RecordCleaner(engine, "text", "st").clean_line(line.encode() + b"\n", stats)
    got = json.loads(out)
    assert got["text"] == engine.fix(text)
    assert {k: v for k, v in got.items() if k not in ("text", "st")} == {k: v for k, v in rec.items() if k not in ("text", "st")}
    assert stats.errors == [] and out.endswith(b"\n")


def test_bom_on_the_first_line_is_kept(engine):
    stats = Stats()
    rc = RecordCleaner(engine, "text")
    out = rc.clean_line(b'\xef\xbb\xbf{"text": "the Center East"}\n', stats, 1)
    assert out == b'\xef\xbb\xbf{"text": "the Middle East"}\n' and stats.errors == []
    rc.clean_line(b'\xef\xbb\xbf{"text": "x"}\n', stats, 2)  # further down it is not a BOM but bad data
    assert stats.errors and stats.errors[0][0] == 2
