"""Output formats for ``cleaner check``: text, json, jsonl, github (more are registered in FORMATTERS)."""
from __future__ import annotations

import json
from typing import TextIO

from .runner import FileResult


class Formatter:
    def __init__(self, out: TextIO):
        self.out = out

    def add(self, res: FileResult) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        pass


def _spin(res: FileResult) -> float:
    return round(max((s["spin_score"] for s in res.spin), default=0.0), 4)


class TextFormatter(Formatter):
    """``path:line:col: spun → replacement [rule] (confidence, tier)``"""

    def add(self, res: FileResult) -> None:
        for f in res.findings:
            s = f.suggestion
            alts = f" (or: {', '.join(s.alternatives)})" if s.alternatives else ""
            orig = s.original.replace("\n", "\\n")
            self.out.write(f"{f.path}:{f.line}:{f.column}: {orig} → {s.replacement}{alts} "
                           f"[{s.rule}] ({s.confidence:.2f}, {s.applicability.value})\n")


class JsonFormatter(Formatter):
    """One JSON list of findings; each carries its file's spin score."""

    def __init__(self, out: TextIO):
        super().__init__(out)
        self.items: list[dict] = []

    def add(self, res: FileResult) -> None:
        spin = _spin(res)
        self.items.extend({**f.to_dict(), "spin_score": spin} for f in res.findings)

    def finish(self) -> None:
        json.dump(self.items, self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")


class JsonLinesFormatter(Formatter):
    """One JSON object per finding per line, written as each file finishes (streamable)."""

    def add(self, res: FileResult) -> None:
        spin = _spin(res)
        for f in res.findings:
            self.out.write(json.dumps({**f.to_dict(), "spin_score": spin}, ensure_ascii=False) + "\n")


class GithubFormatter(Formatter):
    """GitHub Actions workflow commands: one ``::warning`` / ``::notice`` annotation per finding."""

    def add(self, res: FileResult) -> None:
        for f in res.findings:
            s = f.suggestion
            level = "warning" if s.applicability.value == "safe" else "notice"
            msg = f"{s.original} → {s.replacement} ({s.confidence:.2f}, {s.applicability.value})"
            self.out.write(f"::{level} file={_esc_prop(f.path)},line={f.line},col={f.column},"
                           f"title={_esc_prop(s.rule)}::{_esc_data(msg)}\n")


def _esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _esc_prop(s: str) -> str:
    return _esc_data(s).replace(":", "%3A").replace(",", "%2C")


class SarifFormatter(Formatter):
    """One SARIF 2.1.0 log (see ``cleaner.sarif``): a result per finding, each with its fixes."""

    def __init__(self, out: TextIO):
        super().__init__(out)
        self.results: list[FileResult] = []

    def add(self, res: FileResult) -> None:
        self.results.append(res)

    def finish(self) -> None:
        from .sarif import sarif_log

        json.dump(sarif_log(self.results), self.out, indent=2, ensure_ascii=False)
        self.out.write("\n")


FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "github": GithubFormatter,
    "sarif": SarifFormatter,
}


def get_formatter(name: str, out: TextIO) -> Formatter:
    return FORMATTERS[name](out)
