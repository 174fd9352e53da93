#!/usr/bin/env python3
"""Build cleaner/data/inflections.tsv: the inflected forms the bundled wordlists' ``pos=`` rules need.

Loading lemminflect (and numpy under it) is most of a run's start-up time on a small file, so the
forms of every head word of the bundled rules are looked up here once and committed; lemminflect is
still used at run time for words of a user's own lists. Source: lemminflect (MIT; its data derives from
the SPECIALIST Lexicon). Re-run after changing a ``pos=`` rule (tests/test_wordlists.py checks it):

    python scripts/build_inflections.py
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import morph  # noqa: E402
from cleaner.wordlist import bundled_paths, load  # noqa: E402

OUT = ROOT / "cleaner" / "data" / "inflections.tsv"


def needed() -> set[tuple[str, str]]:
    """(lower-cased head word, Penn tag) for every inflection the bundled rules ask for."""
    out = set()
    for path in bundled_paths():
        for rule in load(path).rules:
            if rule.pos:
                for phrase in (rule.spun, *rule.replacements):
                    for tag in morph.TAGS[rule.pos]:
                        out.add((phrase.partition(" ")[0].lower(), tag))
    return out


def rows() -> list[tuple[str, str, str]]:
    return sorted((word, tag, morph.lemminflect_form(word, tag) or "") for word, tag in needed())


def main() -> None:
    table = rows()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# word<TAB>Penn tag<TAB>inflected form (empty: none); lemminflect, by scripts/build_inflections.py\n")
        for word, tag, form in table:
            fh.write(f"{word}\t{tag}\t{form}\n")
    print(f"wrote {len(table)} forms to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
