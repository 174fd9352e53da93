"""Running the engine over files: one file in, one ``FileResult`` out (parallel-safe, picklable)."""
from __future__ import annotations

import difflib
import io
import os
import shutil
import sys
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

from .apply import apply_suggestions, select
from .engine import Cleaner
from .suggestion import Suggestion
from .textio import AtomicWriter, BinaryFile, Encoding, InputError, iter_text, line_starts, line_col


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    suggestion: Suggestion

    def to_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column, **self.suggestion.to_dict()}


@dataclass(frozen=True)
class Job:
    """What to do with each file (the command-line options that matter to a worker)."""

    mode: str  # check | fix | write | diff
    unsafe: bool = False
    encoding: str | None = None
    backup: bool = False
    chunk_chars: int = 1 << 20


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    applied: int = 0
    changed: bool = False
    output: bytes | None = None  # fixed text (fix mode) or diff (diff mode)
    error: str | None = None
    notice: str | None = None
    spin: list[dict] = field(default_factory=list)
    chars: int = 0
    words: int = 0


def process(path: str, job: Job, cleaner: Cleaner, sink: BinaryIO | None = None) -> FileResult:
    """Check or fix one file (``-`` is standard input). Never raises for bad input: see ``error``."""
    res = FileResult(path)
    try:
        if path == "-":
            _run(sys.stdin.buffer, "-", job, cleaner, res, sink)
        else:
            with open(path, "rb") as fh:
                _run(fh, path, job, cleaner, res, sink)
    except BinaryFile as e:
        res.notice = str(e)
    except InputError as e:
        res.error = str(e)
    except OSError as e:
        res.error = e.strerror or str(e)
    return res


def _run(fh: BinaryIO, path: str, job: Job, cleaner: Cleaner, res: FileResult, sink: BinaryIO | None) -> None:
    writer: AtomicWriter | None = None
    out = io.BytesIO() if job.mode in ("fix", "diff") and sink is None else sink
    old_parts: list[str] = []
    new_parts: list[str] = []
    base_char = base_line = 0
    enc: Encoding | None = None
    try:
        for chunk, enc in iter_text(fh, job.encoding, job.chunk_chars):
            if job.mode == "write" and writer is None and path != "-":
                writer = AtomicWriter(path)
                writer.write(enc.bom)
            elif writer is None and out is not None and base_char == 0 and job.mode == "fix":
                out.write(enc.bom)
            analysis = cleaner.analyse(chunk)
            res.spin.append(analysis.spin.to_dict())
            res.words += analysis.spin.words
            res.chars += len(chunk)
            starts = line_starts(chunk)
            for s in analysis.suggestions:
                line, col = line_col(chunk, s.start, starts)
                moved = Suggestion(s.start + base_char, s.end + base_char, s.original, s.replacement, s.confidence,
                                   s.applicability, s.rule, s.origin, s.message, s.alternatives)
                res.findings.append(Finding(path, line + base_line, col, moved))
            chosen = select(analysis.suggestions, job.unsafe)
            fixed = apply_suggestions(chunk, chosen) if chosen else chunk
            if fixed != chunk:
                res.changed = True
                res.applied += len(chosen)
            if writer is not None:
                writer.write(enc.encode(fixed))
            elif job.mode == "fix" and out is not None:
                out.write(enc.encode(fixed))
            if job.mode == "diff":
                old_parts.append(chunk)
                new_parts.append(fixed)
            base_char += len(chunk)
            base_line += len(starts) - 1
        if job.mode == "write" and writer is not None:
            if res.changed:
                if job.backup:
                    shutil.copy2(path, path + ".orig")
                writer.commit()
            else:
                writer.discard()
            writer = None
        if job.mode == "diff" and res.changed:
            res.output = unified_diff("".join(old_parts), "".join(new_parts), path).encode("utf-8", "surrogateescape")
        elif job.mode == "fix" and sink is None and out is not None:
            res.output = out.getvalue()
    finally:
        if writer is not None:
            writer.discard()


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff that ``git apply`` and ``patch -p1`` accept, including a missing final newline."""
    name = _diff_name(path)
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", n=3):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_name(path: str) -> str:
    if path == "-":
        return "stdin"
    rel = os.path.relpath(path)
    name = rel if not rel.startswith("..") else path
    return name.replace(os.sep, "/").lstrip("/")


def iter_findings(results: Iterator[FileResult]) -> Iterator[Finding]:
    for r in results:
        yield from r.findings
