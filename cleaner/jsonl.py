"""JSON Lines corpora: clean one string field of every record, keep every other byte.

A record is one line. Only the value of FIELD is re-serialised (``json.dumps``, ASCII-escaped if
the original value was pure ASCII, UTF-8 otherwise); the key order, spacing, number formatting and
every other field stay byte for byte. A record whose text needs no fix is written back unchanged.
Optional per-record statistics go under a key the caller names: ``{"fixes": N, "spin": S}``.

A line that is not a JSON object is reported (``path:line: message``) and passed through; records
without FIELD, or where it is not a string, pass through silently (they are counted). Lines are read
one at a time, so memory stays flat whatever the size of the corpus.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Iterator

from .apply import select
from .engine import Cleaner

_DECODER = json.JSONDecoder()
_scanstring = json.decoder.scanstring
_WS = " \t\n\r"
_BOM = b"\xef\xbb\xbf"


class RecordError(ValueError):
    """A line that is not a JSON object."""


@dataclass
class Stats:
    """What a run did: lines read, records cleaned, fixes applied, malformed and skipped lines."""

    lines: int = 0
    records: int = 0
    changed: int = 0
    fixes: int = 0
    skipped: int = 0  # records without FIELD as a string
    bytes: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)

    def add(self, other: "Stats") -> None:
        self.lines += other.lines
        self.records += other.records
        self.changed += other.changed
        self.fixes += other.fixes
        self.skipped += other.skipped
        self.bytes += other.bytes
        self.errors += other.errors


def top_level_spans(line: str) -> dict[str, tuple[int, int]]:
    """Where each top-level value of a JSON object line starts and ends (the last one wins on
    duplicate keys, as ``json.loads`` does). Raises RecordError if the line is not one object."""
    n = len(line)
    i = _skip(line, 0)
    if i >= n or line[i] != "{":
        raise RecordError("not a JSON object")
    spans: dict[str, tuple[int, int]] = {}
    i = _skip(line, i + 1)
    if i < n and line[i] == "}":
        return _end(line, i, spans)
    while True:
        if i >= n or line[i] != '"':
            raise RecordError(f"expected a key in double quotes at column {i + 1}")
        try:
            key, i = _scanstring(line, i + 1, True)
        except json.JSONDecodeError as e:
            raise RecordError(f"{e.msg} (column {e.pos + 1})") from None
        i = _skip(line, i)
        if i >= n or line[i] != ":":
            raise RecordError(f"expected ':' at column {i + 1}")
        i = _skip(line, i + 1)
        try:
            _, end = _DECODER.raw_decode(line, i)
        except json.JSONDecodeError as e:
            raise RecordError(f"{e.msg} (column {e.pos + 1})") from None
        spans[key] = (i, end)
        i = _skip(line, end)
        if i < n and line[i] == ",":
            i = _skip(line, i + 1)
            continue
        if i < n and line[i] == "}":
            return _end(line, i, spans)
        raise RecordError(f"expected ',' or '}}' at column {i + 1}")


def _skip(s: str, i: int) -> int:
    n = len(s)
    while i < n and s[i] in _WS:
        i += 1
    return i


def _end(line: str, i: int, spans: dict) -> dict:
    if _skip(line, i + 1) != len(line):
        raise RecordError(f"extra data after the object at column {i + 2}")
    return spans


def _dump(value, like: str) -> str:
    """``value`` as JSON, escaped to ASCII if the text it replaces was ASCII (or it must be)."""
    ascii_only = like.isascii() or any("\ud800" <= ch <= "\udfff" for ch in value if isinstance(value, str))
    return json.dumps(value, ensure_ascii=ascii_only)


class RecordCleaner:
    """Cleans one field of JSON Lines records with one engine (picklable: send it to workers)."""

    def __init__(self, cleaner: Cleaner, field: str, stats_key: str | None = None, unsafe: bool = False):
        self.cleaner = cleaner
        self.field = field
        self.stats_key = stats_key
        self.unsafe = unsafe

    def clean_text(self, text: str) -> tuple[str, int, float]:
        """(fixed text, fixes applied, spin score): exactly what ``cleaner fix`` does to the text alone."""
        analysis = self.cleaner.analyse(text)
        chosen = select(analysis.suggestions, self.unsafe)
        fixed = self.cleaner.settle(analysis, self.unsafe) if chosen else text
        return fixed, (len(chosen) if fixed != text else 0), analysis.spin.score

    def clean_line(self, raw: bytes, stats: Stats, lineno: int = 0) -> bytes:
        """One line in (with its line ending), one line out. Malformed lines come back unchanged and
        are recorded in ``stats.errors``."""
        stats.lines += 1
        stats.bytes += len(raw)
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            return raw
        ending = raw[len(body):]
        bom = b""
        if lineno == 1 and body.startswith(_BOM):  # some tools start a UTF-8 file with one: keep it
            bom, body = _BOM, body[len(_BOM):]
        try:
            line = body.decode("utf-8")
            spans = top_level_spans(line)
        except UnicodeDecodeError as e:
            stats.errors.append((lineno, f"not UTF-8 (byte 0x{body[e.start]:02x} at column {e.start + 1})"))
            return raw
        except RecordError as e:
            stats.errors.append((lineno, f"invalid JSON: {e}"))
            return raw
        stats.records += 1
        span = spans.get(self.field)
        value = json.loads(line[span[0]:span[1]]) if span else None
        if not isinstance(value, str):
            stats.skipped += 1
            return raw
        fixed, n, spin = self.clean_text(value)
        edits: list[tuple[int, int, str]] = []
        if n:
            stats.changed += 1
            stats.fixes += n
            edits.append((span[0], span[1], _dump(fixed, line[span[0]:span[1]])))
        if self.stats_key is not None:
            record = json.dumps({"fixes": n, "spin": round(spin, 4)})
            old = spans.get(self.stats_key)
            if old is not None:
                edits.append((old[0], old[1], record))
            else:
                close = line.rstrip(_WS).rfind("}")
                sep = ", " if spans else ""
                edits.append((close, close, f"{sep}{json.dumps(self.stats_key, ensure_ascii=False)}: {record}"))
        if not edits:
            return raw
        out = []
        pos = 0
        for a, b, text in sorted(edits):
            out.append(line[pos:a])
            out.append(text)
            pos = b
        out.append(line[pos:])
        return bom + "".join(out).encode("utf-8") + ending

    def clean_lines(self, lines: Iterable[bytes], first_line: int = 1, strict: bool = False) -> tuple[bytes, Stats]:
        """A batch of lines: (output bytes, stats). ``strict``: stop before the first malformed line."""
        stats = Stats()
        out = []
        for i, raw in enumerate(lines):
            n_errors = len(stats.errors)
            cleaned = self.clean_line(raw, stats, first_line + i)
            if strict and len(stats.errors) > n_errors:
                break
            out.append(cleaned)
        return b"".join(out), stats


def batches(fh: BinaryIO, max_bytes: int = 1 << 20, max_lines: int = 2000) -> Iterator[tuple[int, list[bytes]]]:
    """(number of the first line, lines) in batches of about ``max_bytes``; a line is never split."""
    batch: list[bytes] = []
    size = 0
    first = 1
    lineno = 0
    for raw in fh:
        lineno += 1
        batch.append(raw)
        size += len(raw)
        if size >= max_bytes or len(batch) >= max_lines:
            yield first, batch
            first, batch, size = lineno + 1, [], 0
    if batch:
        yield first, batch


def _clean_batch(state: tuple[RecordCleaner, bool], batch: tuple[int, list[bytes]]) -> tuple[bytes, Stats]:
    records, strict = state
    first, lines = batch
    return records.clean_lines(lines, first, strict)


def clean_stream(fh: BinaryIO, sink: BinaryIO, records: RecordCleaner, *, name: str = "-", jobs: int = 1,
                 strict: bool = False, on_error: Callable[[str], None] | None = None,
                 on_batch: Callable[[Stats], None] | None = None) -> Stats:
    """Clean JSON Lines from ``fh`` into ``sink`` (in order, ``jobs`` worker processes).

    Malformed lines are passed through and reported as ``name:line: message`` through ``on_error``;
    with ``strict`` the run stops before the first one (the returned stats hold it).
    """
    total = Stats()
    todo = batches(fh)
    if jobs > 1:
        from .parallel import map_ordered

        done = map_ordered(_clean_batch, todo, (records, strict), jobs)
    else:
        done = (records.clean_lines(lines, first, strict) for first, lines in todo)
    for data, stats in done:
        sink.write(data)
        total.add(stats)
        for lineno, message in stats.errors:
            if on_error:
                on_error(f"{name}:{lineno}: {message}")
        if on_batch:
            on_batch(stats)
        if strict and stats.errors:
            break
    return total
