"""What ``cleaner review`` keeps on disk: the decisions sidecar, the audit log and the exceptions list.

* ``FILE.cleaner-review.json`` — the decisions not yet written into FILE, each anchored to its text
  (the spun phrase and up to 40 characters either side, as the file reads now), not to offsets, so
  reopening resumes even after small edits to the file.
* ``FILE.cleaner-audit.jsonl`` — one JSON object per decision: time, path, span, original,
  replacement, decision (append-only).
* ``.cleaner-exceptions.txt`` in the working directory (or ``$CLEANER_EXCEPTIONS``) — phrases never
  to suggest again, one per line; ``cleaner review`` passes them to the engine as exclusions.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from ..textio import write_atomic
from .model import APPLIES, PENDING, Document, Item

SIDECAR_SUFFIX = ".cleaner-review.json"
AUDIT_SUFFIX = ".cleaner-audit.jsonl"
EXCEPTIONS_NAME = ".cleaner-exceptions.txt"
CONTEXT = 40
MIN_SCORE = 8  # characters of matching context a moved decision needs, unless it is unambiguous


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def audit_path(path: Path) -> Path:
    return path.with_name(path.name + AUDIT_SUFFIX)


def default_exceptions_path() -> Path:
    env = os.environ.get("CLEANER_EXCEPTIONS")
    return Path(env) if env else Path.cwd() / EXCEPTIONS_NAME


# --------------------------------------------------------------------------- sidecar

def anchor(doc: Document, item: Item) -> dict:
    """The text around an item as the file reads now (after any save of this session)."""
    s = item.suggestion
    start = doc.disk_offset(s.start)
    end = start + len(s.original)
    text = doc.disk_text
    return {"original": s.original, "before": text[max(0, start - CONTEXT):start], "after": text[end:end + CONTEXT]}


def sidecar_data(doc: Document) -> dict:
    decisions = []
    for it in doc.items:
        if it.state == PENDING or it.applied:
            continue
        d = anchor(doc, it)
        d.update(rule=it.suggestion.rule, decision=it.state)
        if it.replacement is not None:
            d["replacement"] = it.replacement
        decisions.append(d)
    return {"version": 1, "file": doc.name, "decisions": decisions}


def write_sidecar(doc: Document) -> None:
    data = sidecar_data(doc)
    path = sidecar_path(doc.path)
    if not data["decisions"] and not path.exists():
        return
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def read_sidecar(path: Path) -> list[dict]:
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as e:
        raise ValueError(f"{sidecar_path(path)}: unreadable decisions file ({e}); move it away to start afresh") from None
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("decisions"), list):
        raise ValueError(f"{sidecar_path(path)}: not a cleaner review decisions file (version 1)")
    return [d for d in data["decisions"] if isinstance(d, dict) and isinstance(d.get("original"), str)]


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def match_decisions(doc: Document, decisions: list[dict]) -> list[tuple[int, dict]]:
    """Pair saved decisions with the document's items by their text.

    An exact anchor (phrase and context) wins; the rest pair by the longest matching context
    (context before compared backwards, after forwards), needing ``MIN_SCORE`` characters of it
    unless the phrase occurs once on each side.
    """
    by_anchor: dict[tuple, list[int]] = {}
    by_original: dict[str, list[int]] = {}
    anchors = []
    for i, it in enumerate(doc.items):
        a = anchor(doc, it)
        anchors.append(a)
        by_anchor.setdefault((a["original"], a["before"], a["after"]), []).append(i)
        by_original.setdefault(a["original"], []).append(i)
    taken: set[int] = set()
    pairs: list[tuple[int, dict]] = []
    rest = []
    for d in decisions:
        hits = [i for i in by_anchor.get((d["original"], d.get("before", ""), d.get("after", "")), []) if i not in taken]
        if hits:
            taken.add(hits[0])
            pairs.append((hits[0], d))
        else:
            rest.append(d)
    scored = []
    rest_by_original: dict[str, int] = {}
    for d in rest:
        rest_by_original[d["original"]] = rest_by_original.get(d["original"], 0) + 1
    for k, d in enumerate(rest):
        for i in by_original.get(d["original"], []):
            if i in taken:
                continue
            a = anchors[i]
            score = (_common_prefix(a["before"][::-1], d.get("before", "")[::-1])
                     + _common_prefix(a["after"], d.get("after", "")))
            unique = len(by_original[d["original"]]) == 1 and rest_by_original[d["original"]] == 1
            if score >= MIN_SCORE or unique:
                scored.append((-score, k, i))
    scored.sort()
    used: set[int] = set()
    for _, k, i in scored:
        if k in used or i in taken:
            continue
        used.add(k)
        taken.add(i)
        pairs.append((i, rest[k]))
    return pairs


def resume(doc: Document) -> int:
    """Restore the decisions saved beside the file; return how many were restored."""
    restored = 0
    states = {"accepted", "rejected", "edited", "excepted"}
    for i, d in match_decisions(doc, read_sidecar(doc.path)):
        state = d.get("decision")
        if state not in states:
            continue
        rep = d.get("replacement")
        doc.set_state(i, state, rep if isinstance(rep, str) else None)
        restored += 1
    doc.dirty = any(it.state in APPLIES for it in doc.items)
    return restored


# --------------------------------------------------------------------------- audit log

class AuditLog:
    """Append-only JSON Lines beside each file: one line per decision, undo and save."""

    @staticmethod
    def entry(doc: Document, item: Item | None, decision: str, **extra) -> dict:
        e = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "path": str(doc.path)}
        if item is not None:
            s = item.suggestion
            e.update(span=[s.start, s.end], line=item.line, column=item.column, original=s.original,
                     replacement=item.chosen, rule=s.rule)
        e["decision"] = decision
        e.update(extra)
        return e

    def write(self, doc: Document, entries: Iterable[dict]) -> None:
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        if lines:
            with open(audit_path(doc.path), "a", encoding="utf-8") as fh:
                fh.write(lines)


# --------------------------------------------------------------------------- exceptions

class Exceptions:
    """A user wordlist of phrases never to suggest again (one per line, ``#`` comments)."""

    HEADER = "# Phrases cleaner review never suggests again (one per line; written by the `x` key).\n"

    def __init__(self, path: Path):
        self.path = path

    def load(self) -> list[str]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []
        return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]

    def add(self, phrase: str) -> bool:
        phrases = self.load()
        if phrase in phrases:
            return False
        self._write(phrases + [phrase])
        return True

    def remove(self, phrase: str) -> None:
        phrases = self.load()
        if phrase in phrases:
            self._write([p for p in phrases if p != phrase])

    def _write(self, phrases: list[str]) -> None:
        try:
            head = [ln + "\n" for ln in self.path.read_text(encoding="utf-8").splitlines() if ln.lstrip().startswith("#")]
        except FileNotFoundError:
            head = [self.HEADER]
        body = "".join(head) + "".join(p + "\n" for p in sorted(set(phrases)))
        write_atomic(self.path, body.encode("utf-8"))
