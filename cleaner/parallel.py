"""Worker processes over files: each worker builds the engine once, results come back in order."""
from __future__ import annotations

import multiprocessing as mp
from typing import Iterator

from .engine import Cleaner
from .runner import FileResult, Job, process

_worker: tuple[Job, Cleaner] | None = None


def _init(job: Job, cleaner: Cleaner) -> None:
    global _worker
    _worker = (job, cleaner)


def _one(path: str) -> FileResult:
    assert _worker is not None
    job, cleaner = _worker
    return process(path, job, cleaner)


def run_parallel(paths: list[str], job: Job, cleaner: Cleaner, jobs: int) -> Iterator[FileResult]:
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(min(jobs, len(paths)), initializer=_init, initargs=(job, cleaner)) as pool:
        yield from pool.imap(_one, paths, chunksize=1)
