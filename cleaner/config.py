"""Configuration from ``[tool.cleaner]`` in the nearest pyproject.toml; unknown keys are errors."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

KEYS = {
    "wordlists": list,  # extra wordlist files or directories, relative to the pyproject.toml
    "default-wordlists": bool,  # load the bundled lists (default true)
    "exclude": list,  # glob patterns of files to skip
    "ignore": list,  # spun phrases never to suggest (exceptions)
    "unsafe": bool,  # also apply review-tier fixes
    "fuzzy": bool,  # look for damaged forms of known phrases (default true)
    "encoding": str,  # encoding of files that are not UTF-8
}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    path: Path | None = None
    wordlists: list[str] = field(default_factory=list)
    default_wordlists: bool = True
    exclude: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    unsafe: bool = False
    fuzzy: bool = True
    encoding: str | None = None


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for d in [start] + list(start.parents):
        p = d / "pyproject.toml"
        if p.is_file():
            return p
    return None


def load(path: Path | None = None, start: Path | None = None) -> Config:
    if path is None:
        path = find_pyproject(start or Path.cwd())
        if path is None:
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None
    table = data.get("tool", {}).get("cleaner")
    if table is None:
        return Config()
    cfg = Config(path=path)
    for key, value in table.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} in [tool.cleaner] (known: {', '.join(sorted(KEYS))})")
        want = KEYS[key]
        if not isinstance(value, want) or (want is list and not all(isinstance(v, str) for v in value)):
            kind = "a list of strings" if want is list else want.__name__
            raise ConfigError(f"{path}: [tool.cleaner] {key} must be {kind}")
        setattr(cfg, key.replace("-", "_"), value)
    cfg.wordlists = [str((path.parent / w)) for w in cfg.wordlists]
    return cfg
