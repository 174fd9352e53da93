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
# A file is binary rather than mis-encoded when this share of its first bytes cannot be decoded.
BINARY_SHARE = 0.3

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Codecs whose strict decode -> encode gives back the very same bytes, so an unchanged stretch of a
# file can be copied from the original instead of being kept in memory.
_ROUND_TRIP = {"utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "latin-1", "iso8859-1", "ascii"}


class InputError(Exception):
    """A file we cannot process; the message says why and what to do."""


class BinaryFile(InputError):
    """A file that is not text (skipped with a notice, not an error)."""


class ChangedOnDisk(InputError):
    """The file changed between reading and writing (another program, or a second run)."""


@dataclass(frozen=True)
class Encoding:
    name: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """A whole file's bytes: the BOM, then the text."""
        return self.bom + self.encode_body(text)

    def encode_body(self, text: str) -> bytes:
        """The text alone (a piece of a file after its BOM)."""
        return text.encode(self.name, errors="surrogateescape" if self.name == "utf-8" else "strict")

    def can_encode(self, text: str) -> bool:
        try:
            self.encode_body(text)
        except UnicodeEncodeError:
            return False
        return True

    @property
    def round_trips(self) -> bool:
        return codecs.lookup(self.name).name in _ROUND_TRIP

    @property
    def is_wide(self) -> bool:
        """UTF-16/32, where NUL bytes are part of ordinary text."""
        return codecs.lookup(self.name).name.startswith(("utf-16", "utf-32"))


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
        text = body.decode(enc.name)
    except UnicodeDecodeError as e:
        raise _decode_error(e, body, len(enc.bom), enc.name, forced) from None
    _refuse_nul(text, enc)
    return text, enc


def _refuse_nul(text: str, enc: Encoding) -> None:
    if "\x00" in text and not enc.is_wide:
        raise BinaryFile("binary file (NUL bytes), skipped")


def _decode_error(e: UnicodeDecodeError, body: bytes, base: int, name: str, forced: str | None) -> InputError:
    """``body`` is the buffer the decoder saw, whose first byte is at file offset ``base``."""
    if not forced and _mostly_undecodable(body[max(0, e.start - SNIFF_BYTES // 2):e.start + SNIFF_BYTES // 2], name):
        return BinaryFile("binary file (mostly undecodable; if it is text, give its --encoding), skipped")
    byte = body[e.start] if e.start < len(body) else 0
    label = "UTF-8" if name == "utf-8" else name
    hint = "; use --encoding" if not forced else ""
    return InputError(f"not {label} (byte 0x{byte:02x} at offset {base + e.start}){hint}")


def _mostly_undecodable(sample: bytes, name: str) -> bool:
    if name != "utf-8" or not sample:
        return False
    text = sample.decode("utf-8", "surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v\x1b")
    return (bad + controls) > BINARY_SHARE * len(sample)


def read_text(path: str | os.PathLike, forced: str | None = None) -> tuple[str, Encoding]:
    with open(path, "rb") as fh:
        return decode(fh.read(), forced)


def iter_text(fh: BinaryIO, forced: str | None = None, chunk_chars: int = CHUNK_CHARS) -> Iterator[tuple[str, Encoding]]:
    """Decode a byte stream in pieces of about ``chunk_chars``, cut at paragraph or line breaks.

    A spun phrase never spans a blank line, so cutting there never splits one; a file with no blank
    lines is cut at a line break, and a single huge line at a sentence end or a space. Joining the
    pieces gives the decoded file exactly.
    """
    head = _read_at_least(fh, SNIFF_BYTES)
    enc = sniff(head, forced)
    decoder = codecs.getincrementaldecoder(enc.name)("strict")
    pending = head[len(enc.bom):]
    offset = len(enc.bom)  # file offset of the first byte not yet given to the decoder
    buf = ""
    yielded = False
    eof = False
    while not eof:
        block = fh.read(chunk_chars)
        eof = not block
        data = pending + block
        pending = b""
        held = _held(decoder)
        try:
            text = decoder.decode(data, final=eof)
        except UnicodeDecodeError as e:
            raise _decode_error(e, held + data, offset - len(held), enc.name, forced) from None
        _refuse_nul(text, enc)
        buf += text
        offset += len(data)
        while len(buf) >= chunk_chars * 2:
            cut = _cut_point(buf, chunk_chars)
            yield buf[:cut], enc
            yielded = True
            buf = buf[cut:]
    if buf or not yielded:  # an empty file still yields once, so callers learn its encoding (BOM)
        yield buf, enc


def _read_at_least(fh: BinaryIO, n: int) -> bytes:
    """Read ``n`` bytes unless the stream ends first (pipes return short reads)."""
    parts, got = [], 0
    while got < n:
        block = fh.read(n - got)
        if not block:
            break
        parts.append(block)
        got += len(block)
    return b"".join(parts)


def _held(decoder: codecs.IncrementalDecoder) -> bytes:
    try:
        state = decoder.getstate()
    except (AttributeError, NotImplementedError):
        return b""
    return state[0] if isinstance(state, tuple) and isinstance(state[0], bytes) else b""


# Where to cut a long text, best first: paragraph breaks (a phrase never spans one, in any newline
# convention), line ends after a sentence, any line end, a sentence end, a space.
_SEPARATORS = ("\n\n", "\r\n\r\n", "\r\r", ".\n", ".\r\n", ".\r", "\n", "\r", ". ", " ")


def _cut_point(buf: str, target: int) -> int:
    """Where to end the next piece: the best separator near ``target`` (the last one in
    ``[target/2, target]``, else the first one up to ``2 * target``), never between CR and LF."""
    lo, hi = target // 2, target * 2
    for sep in _SEPARATORS:
        i = buf.rfind(sep, lo, target + len(sep))
        while i >= 0 and _splits_crlf(buf, i + len(sep)):
            i = buf.rfind(sep, lo, i + len(sep) - 1)
        if i < 0:
            i = buf.find(sep, target, hi)
            while i >= 0 and _splits_crlf(buf, i + len(sep)):
                i = buf.find(sep, i + 1, hi)
        if i >= 0:
            return i + len(sep)
    return hi - 1 if _splits_crlf(buf, hi) else hi


def _splits_crlf(buf: str, cut: int) -> bool:
    # at the end of the buffer the character after a CR is not decoded yet: it may be the LF
    return buf[cut - 1:cut] == "\r" and (cut >= len(buf) or buf[cut] == "\n")


class AtomicWriter:
    """Write a replacement for ``path`` beside it; ``commit`` renames it into place, ``discard`` drops it.

    A crash or Ctrl-C before ``commit`` leaves the original untouched (and a stray temporary file
    at worst, which the rename makes impossible to mistake for the original). A symbolic link is
    written through: the file it points to is replaced, the link stays a link.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(os.path.realpath(path))
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".cleaner-tmp", dir=self.path.parent)
        self.fh = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self, expect: os.stat_result | None = None) -> None:
        """Put the new file in place. With ``expect`` (the original's stat when it was read), refuse
        with ``ChangedOnDisk`` if the file has been replaced or modified since."""
        try:
            self.fh.flush()
            os.fsync(self.fh.fileno())
            self.fh.close()
            try:
                st = self.path.stat()
            except FileNotFoundError:
                st = None
            if expect is not None and (st is None or not same_file_state(st, expect)):
                raise ChangedOnDisk("changed on disk while being fixed; left as it is now (run again)")
            if st is not None:
                try:  # owner first: chown clears the setuid and setgid bits that chmod restores
                    os.chown(self.tmp, st.st_uid, st.st_gid)
                except OSError:
                    pass
                os.chmod(self.tmp, stat.S_IMODE(st.st_mode))
            os.replace(self.tmp, self.path)
            _fsync_dir(self.path.parent)
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


def same_file_state(a: os.stat_result, b: os.stat_result) -> bool:
    """The same file (device and inode), not modified in between (size and mtime)."""
    return (a.st_dev, a.st_ino, a.st_size, a.st_mtime_ns) == (b.st_dev, b.st_ino, b.st_size, b.st_mtime_ns)


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    with AtomicWriter(path) as w:
        w.write(data)
        w.commit()


def copy_atomic(src: str | os.PathLike, dst: str | os.PathLike) -> None:
    """Copy ``src`` to ``dst`` (contents, mode and times) so that ``dst`` is never half-written."""
    import shutil

    with AtomicWriter(dst) as w, open(src, "rb") as fh:
        shutil.copyfileobj(fh, w.fh)
        w.fh.flush()
        shutil.copystat(src, w.tmp)
        w.commit()
        # commit copies the mode of an existing dst; the backup should carry the source's
        shutil.copymode(src, w.path)


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
