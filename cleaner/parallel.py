"""Worker processes: each builds (or, forked, inherits) the engine once; results come back in order.

``map_ordered`` is the one primitive: a function over items in a pool, results yielded in input
order, with a bounded number of items in flight so that memory stays flat on any input size. Files
of a directory, chunks of one large file and batches of JSON Lines records all go through it.
"""
from __future__ import annotations

import multiprocessing as mp
import signal
import sys
import threading
from collections import deque
from typing import Any, BinaryIO, Callable, Iterable, Iterator, TypeVar

from .apply import apply_suggestions, select
from .engine import Cleaner, directive_spans
from .runner import FileResult, Finding, Job, process
from .suggestion import Suggestion
from .textio import BinaryFile, Encoding, InputError, iter_text, line_col, line_starts

T = TypeVar("T")
R = TypeVar("R")

_state: Any = None  # what the pool's initializer handed this worker (engine, options)


def _init(state: Any) -> None:
    global _state
    _state = state
    # Ctrl-C is the parent's to handle (it stops the pool); stopping a worker raises SystemExit in
    # it, so a file being rewritten is left as it was and no traceback is printed.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)


def _stop(signum, frame) -> None:
    raise SystemExit(0)


def _call(fn: Callable[[Any, T], R], item: T) -> R:
    return fn(_state, item)


def _context():
    # fork: workers inherit the built engine instead of rebuilding it from its pickled rules. A
    # process that runs other threads (a library caller's, Dask's) is not forked: a lock one of them
    # holds at that moment would stay locked in the child for ever. The fork server starts clean.
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn")


def map_ordered(fn: Callable[[Any, T], R], items: Iterable[T], state: Any, jobs: int, window: int | None = None) -> Iterator[R]:
    """``fn(state, item)`` for each item in ``jobs`` worker processes, yielded in input order.

    ``fn`` must be a module-level function; ``state`` is given to each worker once. At most
    ``window`` items (default ``4 * jobs``) are in flight, so a long input is never read ahead.
    Leaving the loop early stops the workers.
    """
    window = window or 4 * jobs
    pool = _context().Pool(jobs, initializer=_init, initargs=(state,))
    try:
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(_call, (fn, item)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
    except BaseException:  # an error, Ctrl-C, or the caller stopped early
        _terminate(pool)
        raise
    # All done: the workers are told to finish and exit on their own. (Pool.terminate's SIGTERM can
    # land just before a worker blocks on the task queue's lock, so that it waits there for ever.)
    pool.close()
    pool.join()


KILL_AFTER = 5.0  # seconds a stopped worker gets before it is killed outright


def _terminate(pool) -> None:
    """Pool.terminate, with SIGKILL for any worker that has not exited ``KILL_AFTER`` seconds on."""
    workers = list(getattr(pool, "_pool", ()))

    def kill() -> None:
        for w in workers:
            if w.exitcode is None:
                try:
                    w.kill()
                except (OSError, ValueError):
                    pass

    timer = threading.Timer(KILL_AFTER, kill)
    timer.daemon = True
    timer.start()
    try:
        pool.terminate()
    finally:
        timer.cancel()


# --------------------------------------------------------------------------- files

def _process_file(state: tuple[Job, Cleaner], path: str) -> FileResult:
    job, cleaner = state
    return process(path, job, cleaner)


def run_parallel(paths: list[str], job: Job, cleaner: Cleaner, jobs: int) -> Iterator[FileResult]:
    """``process`` every path in worker processes; results in the order of ``paths``.

    With ``job.keep_findings`` off (fix, fix -w) only counts come back through the pipe."""
    yield from map_ordered(_process_file, paths, (job, cleaner), max(1, min(jobs, len(paths))))


# --------------------------------------------------------------------------- one large file

def _fix_chunk(state: tuple[Cleaner, Job], item: tuple[str, Encoding, bool]) -> tuple[str, list[Suggestion], int, dict, int]:
    # the same steps as runner._run takes on each chunk, so the output is the same byte for byte
    cleaner, job = state
    chunk, enc, off = item
    analysis = cleaner.analyse(chunk, off=True) if off else cleaner.analyse(chunk)
    chosen = select(analysis.suggestions, job.unsafe)
    fixed = cleaner.settle(analysis, job.unsafe) if chosen else chunk
    if fixed is not chunk and enc.name != "utf-8" and not enc.can_encode(fixed):
        chosen = [s for s in chosen if enc.can_encode(s.replacement)]  # a fix the encoding cannot hold is not made
        fixed = apply_suggestions(chunk, chosen)
    found = analysis.suggestions if job.keep_findings else []
    return fixed, found, len(chosen) if fixed != chunk else 0, analysis.spin.to_dict(), analysis.spin.words


def fix_large_file(path: str, job: Job, cleaner: Cleaner, jobs: int, sink: BinaryIO,
                   on_chunk: Callable[[int, int], None] | None = None) -> FileResult:
    """``cleaner fix FILE`` (print mode) with the file's chunks cleaned in parallel.

    The chunks are the ones ``process`` cuts, and each is cleaned on its own there too, so the
    output is the same byte for byte. ``on_chunk(n_chars, n_fixes)`` reports progress.
    """
    res = FileResult(path)
    try:
        fh = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as e:
        res.error = f"cannot read ({e.strerror or e})"
        return res
    texts: deque = deque()  # chunks sent and not back yet (for line numbers of findings)
    base_char = base_line = 0
    wrote_bom = False

    def feed():
        off = False  # inside a "cleaner: off" region that an earlier chunk opened
        for chunk, enc in iter_text(fh, job.encoding, job.chunk_chars):
            texts.append((chunk, enc))
            yield chunk, enc, off
            off = directive_spans(chunk, off)[1]

    try:
        with fh:
            for fixed, suggestions, applied, spin, words in map_ordered(_fix_chunk, feed(), (cleaner, job), jobs, 2 * jobs):
                chunk, enc = texts.popleft()
                if not wrote_bom:
                    sink.write(enc.bom)
                    wrote_bom = True
                sink.write(enc.encode_body(fixed))
                res.spin.append(spin)
                res.words += words
                res.chars += len(chunk)
                if applied:
                    res.changed = True
                    res.applied += applied
                starts = line_starts(chunk) if job.keep_findings else None
                if starts is not None:
                    for s in suggestions:
                        line, col = line_col(chunk, s.start, starts)
                        moved = Suggestion(s.start + base_char, s.end + base_char, s.original, s.replacement, s.confidence,
                                           s.applicability, s.rule, s.origin, s.message, s.alternatives)
                        res.findings.append(Finding(path, line + base_line, col, moved))
                base_char += len(chunk)
                base_line += len(starts) - 1 if starts is not None else chunk.count("\n")
                if on_chunk:
                    on_chunk(len(chunk), applied)  # characters: close enough to bytes for a progress bar
    except BinaryFile as e:
        res.notice = str(e)
    except InputError as e:
        res.error = str(e)
    except OSError as e:
        res.error = f"cannot read ({e.strerror or e})"
    return res
