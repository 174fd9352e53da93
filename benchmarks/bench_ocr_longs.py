"""The OCR stage on long-s printing, simulated: clean prose with its inner s printed long and read
by OCR as "f" ("moft", "fuch", "Houfe"), the way 17th- and 18th-century books come out of OCR.

    .venv/bin/python benchmarks/bench_ocr_longs.py --dir DIR [--dir DIR ...] [--files 6] [--rate 0.85]

Takes ``--files`` .txt files from the folders (shuffled with a fixed seed), turns each s that is not
the last letter of its word (nor before b, f, k or an apostrophe, where printers kept a round s)
into "f" with probability ``--rate``, runs ``fix --ocr`` (safe fixes) in this process, and prints
CER and WER before and after, and how many words that were right came out wrong. Then runs every
file of the folders through ``fix`` and ``fix --ocr`` and counts the words the OCR stage changes in
that clean text. This is a simulation: real historical OCR has other damage too.
"""
from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.ocr_eval import cer_wer  # noqa: E402


def long_s(text: str, rate: float, rng: random.Random) -> str:
    def word(m: re.Match) -> str:
        w = m.group()
        return "".join("f" if ch == "s" and i < len(w) - 1 and w[i + 1] not in "bfk'" and rng.random() < rate
                       else ch for i, ch in enumerate(w))

    return re.sub(r"[A-Za-z]+", word, text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", action="append", required=True, type=Path, help="a folder of clean .txt files")
    ap.add_argument("--files", type=int, default=6)
    ap.add_argument("--rate", type=float, default=0.85)
    args = ap.parse_args()
    files = sorted(f for d in args.dir for f in d.glob("*.txt"))
    rng = random.Random(7)
    picked = files[:]
    rng.shuffle(picked)
    truth = "\n\n".join(f.read_text(encoding="utf-8") for f in picked[:args.files])
    noisy = long_s(truth, args.rate, rng)
    ocr = Cleaner.from_wordlists(ocr=True).prepare()
    plain = Cleaner.from_wordlists().prepare()
    fixed = ocr.fix(noisy)
    r = cer_wer(noisy, truth, fixed)
    print(f"long s, {len(truth.split()):,} words: CER {r['cer_before']:.2%} -> {r['cer_after']:.2%} "
          f"(cut {r['cer_reduction']:.1%}), WER {r['wer_before']:.2%} -> {r['wer_after']:.2%} (cut {r['wer_reduction']:.1%})")
    t, n, f = truth.split(), noisy.split(), fixed.split()
    if len(t) == len(n) == len(f):
        broken = [(a, c) for a, b, c in zip(t, n, f) if a == b and c != a]
        print(f"  words right in the OCR and wrong after: {len(broken)}", broken[:10])
    words = changed = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        x, y = plain.fix(text).split(), ocr.fix(text).split()
        words += len(x)
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, x, y, autojunk=False).get_opcodes():
            if op != "equal":
                changed += max(i2 - i1, j2 - j1)
    print(f"clean text: {changed} of {words:,} words changed by --ocr ({changed / max(1, words) * 1e4:.2f} per 10,000)")


if __name__ == "__main__":
    main()
