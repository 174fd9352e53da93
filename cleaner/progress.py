"""Progress for long runs: a rich bar (files, bytes, rate, ETA) and a summary line, on a terminal only.

Nothing is drawn when standard error is not a terminal (a pipe, a file, a CI log), when ``CI`` is
set in the environment, or with ``--quiet``. The bar also stays off while the cleaned text itself
is being printed to the same terminal, where it would get in the way; the summary line still comes.
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def interactive(stream: TextIO | None = None) -> bool:
    """Is ``stream`` (default: stderr) a terminal a person is watching (not CI)?"""
    stream = stream or sys.stderr
    if os.environ.get("CI"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Counts files, bytes and fixes; draws a bar when ``bar`` is true, a summary when ``summary`` is."""

    def __init__(self, total_files: int | None = None, total_bytes: int | None = None, *, bar: bool = False,
                 summary: bool = False, unit: str = "files", stream: TextIO | None = None):
        self.files = 0
        self.bytes = 0
        self.fixes = 0
        self.unit = unit
        self.total_files = total_files
        self.total_bytes = total_bytes
        self.summary = summary
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self._bar = None
        self._task = None
        if bar:
            from rich.console import Console
            from rich.progress import (BarColumn, DownloadColumn, Progress as RichProgress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn, TransferSpeedColumn)

            self._bar = RichProgress(
                TextColumn("[bold]cleaner[/bold] {task.description}"),
                BarColumn(),
                DownloadColumn(binary_units=False),
                TransferSpeedColumn(),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
                # No refresh thread: worker processes are forked, and forking a process that runs
                # other threads can deadlock the child. ``advance`` redraws, at most 10 times a second.
                auto_refresh=False,
            )
            self._drawn = 0.0
            self._task = self._bar.add_task(self._describe(), total=total_bytes)
            self._bar.start()

    @classmethod
    def for_run(cls, total_files: int | None, total_bytes: int | None, *, quiet: bool, output_to_terminal: bool,
                unit: str = "files") -> "Progress":
        on_tty = not quiet and interactive()
        return cls(total_files, total_bytes, bar=on_tty and not output_to_terminal, summary=on_tty, unit=unit)

    def set_totals(self, files: int | None, n_bytes: int | None) -> None:
        self.total_files, self.total_bytes = files, n_bytes
        if self._bar is not None:
            self._bar.update(self._task, total=n_bytes, description=self._describe())

    def _describe(self) -> str:
        total = f"/{self.total_files}" if self.total_files is not None else ""
        return f"{self.files}{total} {self.unit}, {self.fixes} fixes"

    def advance(self, n_bytes: int = 0, files: int = 0, fixes: int = 0) -> None:
        self.bytes += n_bytes
        self.files += files
        self.fixes += fixes
        if self._bar is not None:
            self._bar.update(self._task, advance=n_bytes, description=self._describe())
            now = time.perf_counter()
            if now - self._drawn >= 0.1:
                self._drawn = now
                self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if self.summary:
            print(self.summary_line(), file=self.stream)

    def summary_line(self) -> str:
        secs = time.perf_counter() - self.started
        mb = self.bytes / 1e6
        rate = f", {mb / secs:.1f} MB/s" if secs > 0 else ""
        unit = self.unit[:-1] if self.files == 1 else self.unit
        return f"cleaner: {self.files} {unit}, {mb:.1f} MB, {self.fixes} fixes in {secs:.1f} s{rate}"

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
