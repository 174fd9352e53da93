"""``--summary``: a table of counts per rule and tier, on standard error."""
from __future__ import annotations

import sys
from collections import Counter
from typing import Iterable

from .runner import FileResult
from .suggestion import Applicability


def count(results: Iterable[FileResult], unsafe: bool, applied_only: bool) -> tuple[Counter, Counter, int]:
    floor = Applicability.REVIEW if unsafe else Applicability.SAFE
    by_rule: Counter = Counter()
    by_tier: Counter = Counter()
    files = 0
    for r in results:
        files += 1
        for f in r.findings:
            s = f.suggestion
            if applied_only and s.applicability.rank < floor.rank:
                continue
            by_rule[(s.rule, s.applicability.value)] += 1
            by_tier[s.applicability.value] += 1
    return by_rule, by_tier, files


def print_summary(results: list[FileResult], unsafe: bool, applied_only: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    by_rule, by_tier, files = count(results, unsafe, applied_only)
    console = Console(file=sys.stderr)
    table = Table(title=f"{'fixes applied' if applied_only else 'findings'} in {files} file(s)")
    table.add_column("rule")
    table.add_column("tier")
    table.add_column("count", justify="right")
    for (rule, tier), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(rule, tier, str(n))
    table.add_section()
    for tier in ("safe", "review", "display"):
        if by_tier[tier]:
            table.add_row(f"[b]all {tier}[/b]", tier, str(by_tier[tier]))
    console.print(table)
