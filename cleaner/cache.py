"""An on-disk cache of parsed wordlists and built matchers: a second start skips a second of work.

Parsing the bundled wordlists (about 7,500 rules) and building the phrase matcher take about a
second together, on every start of every process (each worker of ``-j N`` too), where cleaning a
short file takes a few milliseconds. Both results depend only on their input, so they are kept
as pickles under a key that names everything they were made from: the bytes of the wordlist, or
the rules; the package's source code; the Python version.

Where: ``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else ``~/.cache/cleaner``.
``CLEANER_CACHE_DIR=off`` (or empty) turns the cache off. A cache that cannot be read or written
(a read-only home, a full disk, a file cut short) is passed over silently: the work is redone, so
the cache can make a start faster and never make a run fail or differ.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

KEEP = 8  # entries kept per kind; the oldest go when a new one is written
_OFF = {"", "0", "off", "no", "false", "none"}


def directory() -> Path | None:
    """The cache directory, or None when the cache is off."""
    env = os.environ.get("CLEANER_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in _OFF else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cleaner"


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """A digest of what else parsing and building read: the package's source, its tables
    (``data/*.tsv``: inflections, word frequencies) and the version of lemminflect, which inflects
    what the inflection table lacks. An entry made by other code or data is another entry."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for f in sorted([*here.rglob("*.py"), *here.glob("data/*.tsv")]):
        try:
            h.update(str(f.relative_to(here)).encode("utf-8") + b"\0" + f.read_bytes())
        except OSError:
            h.update(f.name.encode("utf-8"))
    try:
        from importlib.metadata import version

        h.update(version("lemminflect").encode("utf-8"))
    except Exception:  # not installed, or no metadata: the source and tables still decide
        pass
    return h.digest()


def key(kind: str, data: bytes) -> str:
    """The file name of an entry: what it is and a digest of everything it was made from."""
    h = hashlib.sha256()
    for part in (kind, sys.version, str(pickle.HIGHEST_PROTOCOL)):
        h.update(part.encode("utf-8") + b"\0")
    h.update(code_digest())
    h.update(data)
    return f"{kind}-{h.hexdigest()[:32]}.pickle"


def get(kind: str, data: bytes) -> object | None:
    """The entry made from ``data``, or None (no cache, no entry, or an entry that does not load)."""
    where = directory()
    if where is None:
        return None
    try:
        with open(where / key(kind, data), "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, unreadable, cut short, or written by an incompatible version
        return None


def put(kind: str, data: bytes, value: object) -> None:
    """Store ``value`` as the entry made from ``data`` (atomically), and drop old entries of the kind."""
    where = directory()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, where / key(kind, data))
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        entries = sorted(where.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a read-only or full disk, a pickling problem: the cache is only a shortcut
        return
