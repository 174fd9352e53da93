#!/usr/bin/env python3
"""Build cleaner/data/unigrams.tsv: the commonest English words with their frequency.

Source: the `wordfreq` package (Robyn Speer et al.), English "large" list, data under CC BY-SA 4.0.
Output: one "word<TAB>per-billion" line per word, most frequent first. Re-run to regenerate:

    pip install wordfreq==3.1.1 && python scripts/build_unigrams.py
"""
import sys
from pathlib import Path

import wordfreq

LIMIT = 60_000
OUT = Path(__file__).resolve().parent.parent / "cleaner" / "data" / "unigrams.tsv"


def main() -> None:
    rows = []
    for word in wordfreq.iter_wordlist("en", wordlist="large"):
        if not any(c.isalpha() for c in word):
            continue
        f = wordfreq.word_frequency(word, "en", wordlist="large")
        per_billion = round(f * 1e9)
        if per_billion < 1:
            break
        rows.append((word, per_billion))
        if len(rows) >= LIMIT:
            break
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(f"# English word frequencies per billion words; top {len(rows)} of wordfreq 3.1.1 'large' (CC BY-SA 4.0)\n")
        for w, f in rows:
            fh.write(f"{w}\t{f}\n")
    print(f"wrote {len(rows)} words to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
