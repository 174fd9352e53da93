#!/usr/bin/env python3
"""Label every proposal of the contextual stage against the original: how well does the margin sort them?

    python benchmarks/label_contextual.py SPUN ORIGINAL [SPUN ORIGINAL ...] [--tsv OUT]

Each spun text is cleaned with the default pipeline while the contextual stage
(``cleaner/contextual.py``) proposes at any margin, so that the proposals it would drop are seen
too. Each proposal is labelled by aligning the spun text with its original word by word:

* right: the stand-in is put back as the original's word;
* other: on a word the spinner changed, but put back as another word than the writer's;
* genuine: on a word the spinner left, so the writer's own word would be changed.

Prints, for margins from 1 to 4 log10, how many of each a threshold there would keep, and how the
proposals fall into the tiers the stage gives them now. ``--tsv`` writes one line per proposal
(file, offset, label, stand-in, replacement, original word, margin, confidence, tier).
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import contextual  # noqa: E402
from cleaner.engine import Cleaner  # noqa: E402

TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
MARGIN = re.compile(r"by (-?[\d.]+) log10")


def proposals(cleaner: Cleaner, spun: str) -> tuple[str, list]:
    """(the text the stage read, its proposals) for one spun text, at any margin."""
    seen: list = []
    real = contextual.suggest

    def capture(text, taken, stretches, finder, fixed=()):
        out = real(text, taken, stretches, finder, fixed)
        seen.append((text, out))
        return out

    floor = contextual.MIN_MARGIN
    contextual.suggest, contextual.MIN_MARGIN = capture, -99.0
    try:
        cleaner.analyse(spun)
    finally:
        contextual.suggest, contextual.MIN_MARGIN = real, floor
    return seen[0] if seen else (spun, [])


def labels(text: str, original: str) -> dict[int, tuple[str, str]]:
    """For the start of each token of ``text``: ("genuine" | "spun", the original's words there)."""
    st = [(m.group(), m.start()) for m in TOKEN.finditer(text)]
    ot = [m.group() for m in TOKEN.finditer(original)]
    sm = difflib.SequenceMatcher(None, [w.lower() for w, _ in st], [w.lower() for w in ot], autojunk=False)
    out = {}
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        for k in range(i1, i2):
            if tag == "equal":
                out[st[k][1]] = ("genuine", ot[j1 + k - i1])
            elif tag == "replace" and i2 - i1 == j2 - j1:
                out[st[k][1]] = ("spun", ot[j1 + k - i1])
            else:
                out[st[k][1]] = ("spun", " ".join(ot[j1:j2]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", help="SPUN ORIGINAL pairs")
    ap.add_argument("--tsv", help="write one line per proposal here")
    args = ap.parse_args(argv)
    if len(args.files) % 2:
        ap.error("give SPUN ORIGINAL pairs")
    cleaner = Cleaner.from_wordlists()
    rows = []
    for spun_path, orig_path in zip(args.files[::2], args.files[1::2]):
        text, found = proposals(cleaner, Path(spun_path).read_text(encoding="utf-8"))
        where = labels(text, Path(orig_path).read_text(encoding="utf-8"))
        for s in found:
            kind, want = where.get(s.start, ("genuine", s.original))
            if kind == "genuine":
                label = "genuine"
            elif s.replacement.lower() in (want.lower(), *want.lower().split()):
                label = "right"
            else:
                label = "other"
            margin = float(MARGIN.search(s.message).group(1))
            rows.append((Path(spun_path).name, s.start, label, s.original, s.replacement, want, margin,
                         s.confidence, s.applicability.value))
    print(f"{len(rows)} proposals: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r[2] for r in rows).items())))
    print("margin >=   right  other  genuine")
    for t in (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0):
        c = Counter(r[2] for r in rows if r[6] >= t)
        print(f"{t:9.1f} {c['right']:7d} {c['other']:6d} {c['genuine']:8d}")
    print("tier        right  other  genuine")
    for tier in ("safe", "review", "display"):
        c = Counter(r[2] for r in rows if r[8] == tier)
        print(f"{tier:9s} {c['right']:7d} {c['other']:6d} {c['genuine']:8d}")
    if args.tsv:
        with open(args.tsv, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write("\t".join(f"{x:.2f}" if isinstance(x, float) else str(x) for x in r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
