"""Reading and writing text files without losing a byte.

Files are decoded strictly (UTF-8 by default, a BOM remembered, UTF-16/32 recognised by their BOM),
newlines are never translated, and writes are atomic: a temporary file in the same directory,
flushed and synced, then renamed over the original with its permissions kept. Large inputs are
read in chunks cut at paragraph or line boundaries, so memory stays flat.
"""
from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

CHUNK_CHARS = 1 << 20  # ~1 MB of text per piece of a large file
SNIFF_BYTES = 8192

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


class InputError(Exception):
    """A file we cannot process; the message says why and what to do."""


class BinaryFile(InputError):
    """A file that is not text (skipped with a notice, not an error)."""


@dataclass(frozen=True)
class Encoding:
    name: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        return self.bom + text.encode(self.name, errors="surrogateescape" if self.name == "utf-8" else "strict")


def sniff(head: bytes, forced: str | None = None) -> Encoding:
    """Work out the encoding from the first bytes of a file."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, bom)
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise InputError(f"unknown encoding {forced!r}") from None
        return Encoding(forced)
    if b"\x00" in head[:SNIFF_BYTES]:
        raise BinaryFile("binary file (NUL bytes), skipped")
    return Encoding("utf-8")


def decode(data: bytes, forced: str | None = None) -> tuple[str, Encoding]:
    enc = sniff(data[:SNIFF_BYTES], forced)
    body = data[len(enc.bom):]
    try:
        return body.decode(enc.name), enc
    except UnicodeDecodeError as e:
        raise _decode_error(e, body, len(enc.bom), enc.name, forced) from None


def _decode_error(e: UnicodeDecodeError, body: bytes, base: int, name: str, forced: str | None) -> InputError:
    bad = sum(1 for b in body[:SNIFF_BYTES] if b >= 0x80)
    if not forced and bad > SNIFF_BYTES // 4:
        return BinaryFile("binary file (not text), skipped")
    byte = body[e.start] if e.start < len(body) else 0
    label = "UTF-8" if name == "utf-8" else name
    hint = "; use --encoding" if not forced else ""
    return InputError(f"not {label} (byte 0x{byte:02x} at offset {base + e.start}){hint}")


def read_text(path: str | os.PathLike, forced: str | None = None) -> tuple[str, Encoding]:
    with open(path, "rb") as fh:
        return decode(fh.read(), forced)


def iter_text(fh: BinaryIO, forced: str | None = None, chunk_chars: int = CHUNK_CHARS) -> Iterator[tuple[str, Encoding]]:
    """Decode a byte stream in pieces of about ``chunk_chars``, cut at paragraph or line breaks.

    A spun phrase never spans a blank line, so cutting there never splits one; a file with no blank
    lines is cut at a line break, and a single huge line at a sentence end or a space.
    """
    head = fh.read(SNIFF_BYTES)
    enc = sniff(head, forced)
    decoder = codecs.getincrementaldecoder(enc.name)("strict")
    pending = head[len(enc.bom):]
    offset = len(enc.bom)
    buf = ""
    eof = False
    while not eof:
        block = fh.read(chunk_chars)
        eof = not block
        data = pending + block
        pending = b""
        try:
            buf += decoder.decode(data, final=eof)
        except UnicodeDecodeError as e:
            raise _decode_error(e, data, offset, enc.name, forced) from None
        offset += len(data)
        while len(buf) >= chunk_chars * 2 or (eof and buf):
            if eof and len(buf) < chunk_chars * 2:
                yield buf, enc
                buf = ""
                break
            cut = _cut_point(buf, chunk_chars)
            yield buf[:cut], enc
            buf = buf[cut:]
    if buf:
        yield buf, enc


def _cut_point(buf: str, target: int) -> int:
    lo = target // 2
    for sep in ("\n\n", "\n", ". ", " "):
        i = buf.rfind(sep, lo, target * 2)
        if i >= 0:
            return i + len(sep)
    return target * 2


class AtomicWriter:
    """Write a replacement for ``path`` beside it; ``commit`` renames it into place, ``discard`` drops it.

    A crash or Ctrl-C before ``commit`` leaves the original untouched (and a stray temporary file
    at worst, which the rename makes impossible to mistake for the original).
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".cleaner-tmp", dir=self.path.parent)
        self.fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            try:
                st = self.path.stat()
            except FileNotFoundError:
                st = None
            if st is not None:
                os.chmod(self.tmp, stat.S_IMODE(st.st_mode))
                try:
                    os.chown(self.tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
            os.replace(self.tmp, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            self.fh.close()
        finally:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.fh.closed:
            self.discard()


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    with AtomicWriter(path) as w:
        w.write(data)
        w.commit()


def line_col(text: str, offset: int, line_starts: list[int] | None = None) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    if line_starts is None:
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return line, col
    import bisect

    i = bisect.bisect_right(line_starts, offset) - 1
    return i + 1, offset - line_starts[i] + 1


def line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts
