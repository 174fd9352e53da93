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
    """Decides whether a path is excluded: fnmatch patterns plus the .gitignore files met on the way.

    Patterns follow .gitignore where it matters here: a pattern without ``/`` matches a name at any
    depth, one with ``/`` matches the path from the directory that declares it, ``**/`` matches any
    number of directories, and a trailing ``/`` matches directories only. Negations (``!``) are
    not supported and are ignored.
    """

    def __init__(self, patterns: Iterable[str] = (), use_defaults: bool = True):
        self.patterns = list(DEFAULT_EXCLUDES if use_defaults else ()) + list(patterns)

    def excluded(self, path: Path, root: Path, extra: list[tuple[Path, str]] = (), is_dir: bool | None = None) -> bool:
        if is_dir is None:
            is_dir = path.is_dir()
        name = path.name
        try:
            rel = path.relative_to(root).as_posix()
        except ValueError:
            rel = path.as_posix()
        for pat in self.patterns:
            if _match(pat, name, rel, is_dir):
                return True
        for base, pat in extra:
            try:
                sub = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if _match(pat, name, sub, is_dir):
                return True
        return False


def _match(pat: str, name: str, rel: str, is_dir: bool = False) -> bool:
    if pat.endswith("/"):
        if not is_dir:
            return False
        pat = pat.rstrip("/")
    if not pat or pat.startswith("!"):
        return False
    if pat.startswith("**/"):
        pat = pat[3:]
        if "/" not in pat:
            return fnmatch.fnmatch(name, pat)
        return fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, "*/" + pat)
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
    """Yield (path, problem) for every file to process; problem is set for paths that cannot be read.

    A file reached twice (named twice, or through a link and directly) is yielded once, so two
    writers never race on it.
    """
    seen: set[tuple[int, int]] = set()
    for path, problem in _iter_all(paths, excluder, follow_links):
        if problem is None and path != "-":
            try:
                st = os.stat(path)
            except OSError:
                st = None
            if st is not None:
                if (st.st_dev, st.st_ino) in seen:
                    continue
                seen.add((st.st_dev, st.st_ino))
        yield path, problem


def _iter_all(paths: Iterable[str], excluder: Excluder, follow_links: bool) -> Iterator[tuple[str, str | None]]:
    for given in paths:
        if given == "-":
            yield given, None
            continue
        p = Path(given)
        try:
            exists, is_dir = p.exists(), p.is_dir()
        except OSError as e:
            yield given, f"cannot read ({e.strerror or e})"
            continue
        if not exists:
            yield given, "broken symbolic link" if p.is_symlink() else "no such file or directory"
            continue
        if is_dir:
            yield from _walk(p, excluder, follow_links)
        else:
            yield given, None


def _walk(root: Path, excluder: Excluder, follow_links: bool) -> Iterator[tuple[str, str | None]]:
    """Files under ``root`` in name order. Links never lead into a directory (no cycles), and lead
    to a file outside the tree only with ``follow_links``; other special files are passed over."""
    real_root = root.resolve()
    stack: list[tuple[Path, list[tuple[Path, str]]]] = [(root, _gitignore(root))]
    while stack:
        directory, ignores = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as e:
            yield str(directory), f"cannot read directory ({e.strerror or e})"
            continue
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if excluder.excluded(path, root, ignores, is_dir):
                continue
            if entry.is_symlink():
                target = path.resolve()
                inside = target == real_root or real_root in target.parents
                if not follow_links and not inside:
                    continue
                if target.is_dir():
                    continue  # never recurse through links: no cycles
            if is_dir:
                subdirs.append(path)
            elif entry.is_file():
                yield str(path), None
        for d in reversed(subdirs):
            stack.append((d, ignores + _gitignore(d)))
