"""Finding the files to work on: paths, directories (recursed), excludes and .gitignore patterns."""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Iterable, Iterator

DEFAULT_EXCLUDES = (".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".tox", ".mypy_cache",
                    "*.orig", "*.cleaner-tmp", "*.pyc", "*.so", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.pdf", "*.zip",
                    "*.gz", "*.xz", "*.bz2", "*.whl", "*.tar", "*.ico", "*.woff", "*.woff2", "*.ttf")


class Excluder:
    """Decides whether a path is excluded: fnmatch patterns plus the .gitignore files met on the way."""

    def __init__(self, patterns: Iterable[str] = (), use_defaults: bool = True):
        self.patterns = list(DEFAULT_EXCLUDES if use_defaults else ()) + list(patterns)

    def excluded(self, path: Path, root: Path, extra: list[tuple[Path, str]] = ()) -> bool:
        name = path.name
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        for pat in self.patterns:
            if _match(pat, name, rel):
                return True
        for base, pat in extra:
            try:
                sub = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if _match(pat, name, sub):
                return True
        return False


def _match(pat: str, name: str, rel: str) -> bool:
    pat = pat.rstrip("/")
    if not pat or pat.startswith("!"):
        return False
    if "/" in pat:
        return fnmatch.fnmatch(rel, pat.lstrip("/")) or fnmatch.fnmatch(rel, pat.lstrip("/") + "/*")
    return fnmatch.fnmatch(name, pat)


def _gitignore(directory: Path) -> list[tuple[Path, str]]:
    f = directory / ".gitignore"
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    return [(directory, ln.strip()) for ln in lines if ln.strip() and not ln.startswith("#")]


def iter_files(paths: Iterable[str], excluder: Excluder, follow_links: bool = False) -> Iterator[tuple[str, str | None]]:
    """Yield (path, problem) for every file to process; problem is set for paths that cannot be read."""
    for given in paths:
        if given == "-":
            yield given, None
            continue
        p = Path(given)
        if not p.exists() and not p.is_symlink():
            yield given, "no such file or directory"
            continue
        if p.is_dir():
            yield from _walk(p, excluder, follow_links)
        else:
            yield given, None


def _walk(root: Path, excluder: Excluder, follow_links: bool) -> Iterator[tuple[str, str | None]]:
    real_root = root.resolve()
    stack: list[tuple[Path, list[tuple[Path, str]]]] = [(root, _gitignore(root))]
    while stack:
        directory, ignores = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as e:
            yield str(directory), e.strerror or str(e)
            continue
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            if excluder.excluded(path, root, ignores):
                continue
            if entry.is_symlink():
                target = path.resolve()
                inside = target == real_root or real_root in target.parents
                if not follow_links and not inside:
                    continue
                if target.is_dir():
                    continue  # never recurse through links: no cycles
            if entry.is_dir(follow_symlinks=False):
                subdirs.append(path)
            elif entry.is_file():
                yield str(path), None
        for d in reversed(subdirs):
            stack.append((d, ignores + _gitignore(d)))
