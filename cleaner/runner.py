"""Running the engine over files: one file in, one ``FileResult`` out (parallel-safe, picklable)."""
from __future__ import annotations

import difflib
import io
import os
import stat
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
    # Findings of a huge file take far more memory than its text: a front end that only needs the
    # fixed text (fix, fix -w without --summary) turns this off to keep memory flat.
    keep_findings: bool = True


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
    """Check or fix one file (``-`` is standard input). Never raises for bad input: see ``error``.

    In ``write`` mode the file is replaced atomically, and only if something changed; whatever goes
    wrong (bad bytes, a full disk, an engine bug, Ctrl-C) leaves it exactly as it was.
    """
    res = FileResult(path)
    try:
        if path == "-":
            _run(sys.stdin.buffer, "-", job, cleaner, res, sink, None)
        else:
            if job.mode == "write" and not stat.S_ISREG(os.stat(path).st_mode):
                raise InputError("not a regular file; cannot rewrite it in place")
            with open(path, "rb") as fh:
                _run(fh, path, job, cleaner, res, sink, os.fstat(fh.fileno()))
    except BinaryFile as e:
        res.notice = str(e)
    except InputError as e:
        res.error = str(e)
    except OSError as e:
        res.error = f"cannot read ({e.strerror or e})"
    except Exception as e:  # an engine bug must not stop a batch run, nor lose the file
        res.error = f"internal error ({type(e).__name__}: {e}); file left unchanged"
    return res


def _run(fh: BinaryIO, path: str, job: Job, cleaner: Cleaner, res: FileResult, sink: BinaryIO | None,
         st: os.stat_result | None) -> None:
    writer: AtomicWriter | None = None
    out = (io.BytesIO() if sink is None else sink) if job.mode == "fix" else None
    old_parts: list[str] = []
    new_parts: list[str] = []
    base_char = base_line = 0
    kept = 0  # bytes at the start of the file that no fix touched (and need not be held in memory)
    off = False  # inside a "cleaner: off" region that an earlier chunk opened
    file_enc = None
    try:
        for chunk, enc in iter_text(fh, job.encoding, job.chunk_chars):
            if base_char == 0:
                file_enc = enc
                kept = len(enc.bom)
                if out is not None:
                    out.write(enc.bom)
            analysis = cleaner.analyse(chunk, off=True) if off else cleaner.analyse(chunk)
            off = analysis.ends_off
            res.spin.append(analysis.spin.to_dict())
            res.words += analysis.spin.words
            res.chars += len(chunk)
            starts = line_starts(chunk) if job.keep_findings else None  # only findings need line numbers
            if job.keep_findings:
                for s in analysis.suggestions:
                    line, col = line_col(chunk, s.start, starts)
                    moved = Suggestion(s.start + base_char, s.end + base_char, s.original, s.replacement, s.confidence,
                                       s.applicability, s.rule, s.origin, s.message, s.alternatives)
                    res.findings.append(Finding(path, line + base_line, col, moved))
            chosen = select(analysis.suggestions, job.unsafe)
            fixed = cleaner.settle(analysis, job.unsafe) if chosen else chunk
            if fixed is not chunk and enc.name != "utf-8" and not enc.can_encode(fixed):
                # a fix the file's encoding cannot hold is not made
                chosen = [s for s in chosen if enc.can_encode(s.replacement)]
                fixed = apply_suggestions(chunk, chosen)
            if fixed != chunk:
                res.changed = True
                res.applied += len(chosen)
            if job.mode == "write":
                if writer is None and (fixed != chunk or not enc.round_trips):
                    writer = _start_writer(path, fh, kept)
                if writer is not None:
                    _write(writer, enc.encode_body(fixed))
                else:
                    kept += len(enc.encode_body(chunk))
            elif out is not None:
                out.write(enc.encode_body(fixed))
            if job.mode == "diff":
                old_parts.append(chunk)
                new_parts.append(fixed)
            base_char += len(chunk)
            base_line += len(starts) - 1 if starts is not None else chunk.count("\n")
        if writer is not None:
            if res.changed:
                if job.backup:
                    _backup(fh, path + ".orig", st)
                try:
                    writer.commit(expect=st)
                except OSError as e:
                    raise InputError(f"cannot write ({e.strerror or e}); file left unchanged") from None
            else:
                writer.discard()
            writer = None
        if job.mode == "diff" and res.changed:
            res.output = _diff_bytes("".join(old_parts), "".join(new_parts), path, file_enc)
        elif job.mode == "fix" and sink is None and out is not None:
            res.output = out.getvalue()
    finally:
        if writer is not None:
            writer.discard()


def _start_writer(path: str, fh: BinaryIO, kept: int) -> AtomicWriter:
    """A writer for ``path`` holding the first ``kept`` bytes of the open original."""
    try:
        writer = AtomicWriter(path)
    except OSError as e:
        raise InputError(f"cannot write ({e.strerror or e}); file left unchanged") from None
    try:
        _copy_range(fh, writer, kept)
    except BaseException:
        writer.discard()
        raise
    return writer


def _write(writer: AtomicWriter, data: bytes) -> None:
    try:
        writer.write(data)
    except OSError as e:  # a full disk, a quota: the original is still intact
        raise InputError(f"cannot write ({e.strerror or e}); file left unchanged") from None


def _copy_range(fh: BinaryIO, writer: AtomicWriter, length: int) -> None:
    # pread on the descriptor we decoded: the very bytes we read, even if the path changed since
    fd, pos = fh.fileno(), 0
    while pos < length:
        block = os.pread(fd, min(1 << 20, length - pos), pos)
        if not block:
            raise InputError("file shrank while being read; left unchanged")
        _write(writer, block)
        pos += len(block)


def _backup(fh: BinaryIO, dest: str, st: os.stat_result | None) -> None:
    """Keep the original, as read, in ``dest`` (itself written atomically)."""
    size = st.st_size if st is not None else os.fstat(fh.fileno()).st_size
    try:
        with AtomicWriter(dest) as w:
            _copy_range(fh, w, size)
            w.commit()
        if st is not None:
            os.chmod(dest, stat.S_IMODE(st.st_mode))
            os.utime(dest, ns=(st.st_atime_ns, st.st_mtime_ns))
    except OSError as e:
        raise InputError(f"cannot write the backup {dest} ({e.strerror or e}); file left unchanged") from None


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff that ``git apply`` and ``patch -p1`` accept, including a missing final newline."""
    name = _diff_name(path)
    out = []
    # Lines end at "\n" only, as git and patch see them: str.splitlines() would also cut at "\r",
    # form feeds and U+2028, and produce a diff whose lines are not the file's.
    def lines(text: str) -> list[str]:
        parts = text.split("\n")
        last = parts.pop()
        return [p + "\n" for p in parts] + ([last] if last else [])

    for i, line in enumerate(difflib.unified_diff(lines(old), lines(new), f"a/{name}", f"b/{name}", n=3)):
        if i < 2:  # the ---/+++ header (a removed line "-- x" also starts with "---")
            out.append(line.rstrip("\n") + "\n")
        elif line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_bytes(old: str, new: str, path: str, enc: Encoding | None) -> bytes:
    """The diff of ``old`` and ``new`` in the file's own bytes, so that ``git apply`` and ``patch``
    find its lines: the BOM stays at the start of the first line, and the lines are in the file's
    encoding (the ---/+++ header in UTF-8). UTF-16/32 files get a UTF-8 diff: patch tools read
    neither."""
    if enc is None or enc.is_wide:
        return unified_diff(old, new, path).encode("utf-8", "surrogateescape")
    bom = enc.bom.decode(enc.name) if enc.bom else ""
    text = unified_diff(bom + old, bom + new, path)
    cut = text.find("\n", text.find("\n") + 1) + 1  # after the ---/+++ header
    return text[:cut].encode("utf-8", "surrogateescape") + enc.encode_body(text[cut:])


def _diff_name(path: str) -> str:
    if path == "-":
        return "stdin"
    rel = os.path.relpath(path)
    name = rel if not rel.startswith("..") else path
    return name.replace(os.sep, "/").lstrip("/")


def iter_findings(results: Iterator[FileResult]) -> Iterator[Finding]:
    for r in results:
        yield from r.findings
