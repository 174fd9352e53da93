"""SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code-scanning tools.

One run; one result per finding, with its location and its fix: an ``artifactChange`` whose one
``replacement`` deletes the spun span and inserts the original wording (each alternative wording is
a further fix). Columns and character offsets count Unicode code points of the decoded text (a BOM
is not counted), as ``run.columnKind`` says; lines and columns are 1-based, end columns exclusive.
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import quote

from . import __version__
from .runner import FileResult, Finding
from .suggestion import Applicability, Suggestion

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
# code scanning shows "warning" as a problem to fix and "note" as something to look at
LEVEL = {Applicability.SAFE: "warning", Applicability.REVIEW: "note", Applicability.DISPLAY: "note"}


def artifact_location(path: str, root: Path | None = None) -> dict:
    """A relative URI under ``%SRCROOT%`` (the working directory) when the file is below it."""
    if path == "-":
        return {"uri": "stdin"}
    root = (root or Path.cwd()).resolve()
    full = Path(os.path.abspath(path))
    try:
        rel = full.relative_to(root)
    except ValueError:
        return {"uri": full.as_uri()}
    return {"uri": quote(PurePosixPath(*rel.parts).as_posix()), "uriBaseId": SRCROOT}


def _dir_uri(path: Path) -> str:
    uri = path.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def region(f: Finding) -> dict:
    s = f.suggestion
    lines = s.original.split("\n")
    end_line = f.line + len(lines) - 1
    end_col = (f.column if len(lines) == 1 else 1) + len(lines[-1])
    return {
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": end_line,
        "endColumn": end_col,
        "charOffset": s.start,
        "charLength": s.end - s.start,
        "snippet": {"text": s.original},
    }


def _fix(location: dict, reg: dict, s: Suggestion, replacement: str) -> dict:
    deleted = {k: v for k, v in reg.items() if k != "snippet"}
    return {
        "description": {"text": f"Replace “{s.original}” with “{replacement}”"},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": replacement}}],
        }],
    }


def _rule_descriptor(s: Suggestion) -> dict:
    key = s.rule.split(":", 1)[-1]
    d: dict = {
        "id": s.rule,
        "shortDescription": {"text": f"Spun phrase “{key}” (for example → “{s.replacement}”)"},
        "defaultConfiguration": {"level": LEVEL[s.applicability]},
        "properties": {"tags": ["spin"]},
    }
    if s.origin:
        d["properties"]["origin"] = s.origin  # the wordlist file and line that define the rule
    return d


def sarif_log(results: Iterable[FileResult], root: Path | None = None) -> dict:
    """The SARIF log of a ``check`` run (findings as filtered by the caller)."""
    rules: list[dict] = []
    rule_index: dict[str, int] = {}
    out: list[dict] = []
    notes: list[dict] = []
    ok = True
    for res in results:
        loc = artifact_location(res.path, root)
        if res.error or res.notice:
            ok = ok and not res.error
            notes.append({
                "level": "error" if res.error else "note",
                "message": {"text": f"{res.path}: {res.error or res.notice}"},
                "locations": [{"physicalLocation": {"artifactLocation": loc}}],
            })
        spin = round(max((c["spin_score"] for c in res.spin), default=0.0), 4)
        for f in res.findings:
            s = f.suggestion
            if s.rule not in rule_index:
                rule_index[s.rule] = len(rules)
                rules.append(_rule_descriptor(s))
            reg = region(f)
            out.append({
                "ruleId": s.rule,
                "ruleIndex": rule_index[s.rule],
                "level": LEVEL[s.applicability],
                "message": {"text": s.message or f"“{s.original}” → “{s.replacement}”"},
                "locations": [{"physicalLocation": {"artifactLocation": loc, "region": reg}}],
                "fixes": [_fix(loc, reg, s, r) for r in (s.replacement, *s.alternatives)],
                "properties": {
                    "confidence": round(s.confidence, 4),
                    "applicability": s.applicability.value,
                    "spinScore": spin,
                },
            })
    run: dict = {
        "tool": {"driver": {
            "name": "cleaner",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": rules,
        }},
        "originalUriBaseIds": {SRCROOT: {"uri": _dir_uri(root or Path.cwd())}},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": ok, "toolExecutionNotifications": notes}],
        "results": out,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
