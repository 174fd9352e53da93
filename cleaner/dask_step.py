"""Dask steps: clean a text field of a corpus on a Dask cluster (``pip install 'cleaner[dask]'``).

Three ``map_partitions`` steps, one per way a corpus is held:

* ``clean_jsonl_bag(bag, field)`` -- a bag of raw JSON Lines (``dask.bag.read_text``): each line is
  cleaned exactly as ``cleaner fix --jsonl FIELD`` cleans it, other fields kept byte for byte, so
  ``to_textfiles`` writes what the command line would have written;
* ``clean_record_bag(bag, field)`` -- a bag of dicts: returns new dicts with FIELD cleaned;
* ``clean_dataframe(df, column)`` -- a dask dataframe: the column cleaned (needs pandas).

The engine is built once per worker process, not once per partition: what travels in the task
graph is a small handle (the configuration, or a custom ``Cleaner``'s rules with a fingerprint),
and each worker keeps the engine it built for that handle.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from typing import Any, Iterable

from .engine import Cleaner
from .jsonl import RecordCleaner, Stats

_ENGINES: dict[str, Cleaner] = {}  # per worker process: engines already built, by handle key


class EngineHandle:
    """A picklable reference to an engine that a worker builds once and then reuses.

    ``EngineHandle()`` is the bundled engine (plus ``[tool.cleaner]`` of ``config`` if given);
    ``EngineHandle.of(cleaner)`` carries a custom engine's rules, keyed by their fingerprint.
    """

    def __init__(self, config: str | os.PathLike | None = None, *, fuzzy: bool | None = None, ocr: bool = False,
                 _state: bytes | None = None):
        self.config = str(config) if config is not None else None
        self.fuzzy = fuzzy
        self.ocr = ocr
        self._state = _state
        if _state is not None:
            self.key = "rules:" + hashlib.sha256(_state).hexdigest()
        else:
            self.key = f"config:{self.config}:{fuzzy}:{ocr}"

    @classmethod
    def of(cls, cleaner: Cleaner) -> "EngineHandle":
        return cls(_state=pickle.dumps(cleaner))

    def get(self) -> Cleaner:
        engine = _ENGINES.get(self.key)
        if engine is None:
            if self._state is not None:
                engine = pickle.loads(self._state)
            else:
                from . import load_cleaner

                options: dict[str, Any] = {"ocr": self.ocr}
                if self.fuzzy is not None:
                    options["fuzzy"] = self.fuzzy
                engine = load_cleaner(self.config, **options)
            _ENGINES[self.key] = engine
        return engine


def _handle(cleaner: Cleaner | EngineHandle | None) -> EngineHandle:
    if cleaner is None:
        return EngineHandle()
    if isinstance(cleaner, EngineHandle):
        return cleaner
    return EngineHandle.of(cleaner)


# --------------------------------------------------------------------------- partition functions

def clean_jsonl_lines(lines: Iterable[str], field: str, stats_key: str | None = None, unsafe: bool = False,
                      engine: EngineHandle | None = None) -> list[str]:
    """One partition of raw JSON Lines -> the cleaned lines, without their final newline (as
    ``Bag.to_textfiles(..., last_endline=True)`` wants them).

    The same function as ``cleaner fix --jsonl``: malformed lines come back unchanged."""
    records = RecordCleaner((engine or EngineHandle()).get(), field, stats_key, unsafe)
    stats = Stats()
    out = []
    for line in lines:
        body = line[:-1] if line.endswith("\n") else line
        out.append(records.clean_line(body.encode("utf-8", "surrogatepass"), stats).decode("utf-8", "surrogatepass"))
    return out


def clean_records(records: Iterable[dict], field: str, stats_key: str | None = None, unsafe: bool = False,
                  engine: EngineHandle | None = None) -> list[dict]:
    """One partition of dicts -> new dicts with ``field`` cleaned (and stats under ``stats_key``)."""
    rc = RecordCleaner((engine or EngineHandle()).get(), field, stats_key, unsafe)
    out = []
    for rec in records:
        value = rec.get(field) if isinstance(rec, dict) else None
        if not isinstance(value, str):
            out.append(rec)
            continue
        fixed, n, spin = rc.clean_text(value)
        new = dict(rec)
        new[field] = fixed
        if stats_key is not None:
            new[stats_key] = {"fixes": n, "spin": round(spin, 4)}
        out.append(new)
    return out


def clean_frame(frame, column: str, unsafe: bool = False, engine: EngineHandle | None = None):
    """One pandas partition -> a copy with ``column`` cleaned (non-strings left as they are)."""
    rc = RecordCleaner((engine or EngineHandle()).get(), column, None, unsafe)
    out = frame.copy()
    out[column] = [rc.clean_text(v)[0] if isinstance(v, str) else v for v in frame[column]]
    return out


# --------------------------------------------------------------------------- dask collections

def clean_jsonl_bag(bag, field: str, *, stats_key: str | None = None, unsafe: bool = False,
                    cleaner: Cleaner | EngineHandle | None = None):
    """``bag`` of JSON Lines text (``dask.bag.read_text(...)``) -> bag of cleaned lines."""
    return bag.map_partitions(clean_jsonl_lines, field, stats_key, unsafe, _handle(cleaner))


def clean_record_bag(bag, field: str, *, stats_key: str | None = None, unsafe: bool = False,
                     cleaner: Cleaner | EngineHandle | None = None):
    """``bag`` of dicts -> bag of dicts with ``field`` cleaned."""
    return bag.map_partitions(clean_records, field, stats_key, unsafe, _handle(cleaner))


def clean_dataframe(df, column: str, *, unsafe: bool = False, cleaner: Cleaner | EngineHandle | None = None):
    """dask dataframe -> the same frame with ``column`` cleaned."""
    return df.map_partitions(clean_frame, column, unsafe, _handle(cleaner), meta=df._meta)
