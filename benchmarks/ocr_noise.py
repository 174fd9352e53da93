"""Synthetic OCR noise: make clean English look like the output of OCR on an old scan.

    python benchmarks/ocr_noise.py [--level heavy|light] [--seed N] [--width 60] < clean.txt > noisy.txt

Its own list of shape confusions (printed -> read), kept separate from the corrector's table in
cleaner/data/ocr_confusions.tsv on purpose, though the two overlap (both describe the same
glyphs); plus plain random substitutions, deletions and insertions the corrector has no table for,
lost and spurious spaces, punctuation damage, and line wrapping that hyphenates long words at the
margin. ``heavy`` aims at the ICDAR 2019 English OCR baseline (CER about 6 %, WER about 19 %);
``light`` at a decent modern scan. Deterministic for a given seed.

This is a stand-in: real OCR errors cluster (bad pages, bleed-through, broken type) in ways this
does not model, so figures measured on it are not figures on real OCR.
"""
from __future__ import annotations

import argparse
import random
import re
import sys

# printed -> what OCR reads, relative weight
CONFUSIONS = [
    ("e", "c", 6), ("e", "o", 4), ("c", "e", 4), ("o", "e", 3), ("o", "a", 2), ("a", "o", 2), ("a", "s", 1),
    ("h", "b", 4), ("h", "li", 3), ("b", "h", 3), ("n", "u", 5), ("u", "n", 5), ("n", "ri", 2), ("m", "rn", 5),
    ("m", "in", 2), ("rn", "m", 3), ("d", "cl", 3), ("w", "vv", 2), ("l", "1", 4), ("l", "I", 4), ("I", "l", 3),
    ("i", "l", 3), ("l", "i", 2), ("t", "f", 2), ("f", "t", 2), ("s", "f", 2), ("ll", "U", 2), ("g", "q", 2),
    ("y", "v", 2), ("v", "y", 1), ("r", "n", 1), ("fi", "h", 1), ("th", "tb", 2), ("o", "0", 1), ("S", "5", 1),
    ("B", "8", 1), ("e", "é", 1), ("i", "í", 1), ("t", "r", 1), ("c", "o", 1), ("nn", "m", 1), ("tt", "U", 1),
]
LETTERS = "abcdefghijklmnopqrstuvwxyz"
PUNCT = [(".", ","), (",", "."), (".", ""), (",", ""), ("'", ""), ("’", "'"), (";", ":"), ('"', "''")]

LEVELS = {
    #            confusion/char  random edit/char  lost space  spurious space  punct
    "heavy": dict(conf=0.045, edit=0.012, join=0.03, split=0.015, punct=0.1),
    "light": dict(conf=0.012, edit=0.003, join=0.008, split=0.005, punct=0.03),
}


def _damage_word(w: str, rnd: random.Random, p: dict) -> str:
    out = []
    i = 0
    while i < len(w):
        r = rnd.random()
        if r < p["conf"]:
            options = [(a, b, k) for a, b, k in CONFUSIONS if w.startswith(a, i)]
            if options:
                a, b, _ = rnd.choices(options, weights=[k for _, _, k in options])[0]
                out.append(b)
                i += len(a)
                continue
        elif r < p["conf"] + p["edit"] and w[i].isalpha():
            kind = rnd.randrange(3)
            if kind == 0:
                out.append(rnd.choice(LETTERS))
            elif kind == 2:
                out.append(w[i] + rnd.choice(LETTERS))
            i += 1
            continue
        out.append(w[i])
        i += 1
    w = "".join(out)
    if len(w) >= 6 and rnd.random() < p["split"] * 4:
        k = rnd.randrange(2, len(w) - 2)
        if w[k - 1].isalpha() and w[k].isalpha():
            w = w[:k] + " " + w[k:]
    if w and not w[-1].isalnum() and rnd.random() < p["punct"]:
        for a, b in PUNCT:
            if w.endswith(a):
                w = w[: -len(a)] + b
                break
    return w


def noise(text: str, level: str = "heavy", seed: int = 0, width: int | None = 60) -> str:
    """``text`` with OCR-like damage. Paragraphs (blank-line separated) are re-wrapped to ``width``."""
    p = LEVELS[level]
    rnd = random.Random(seed)
    paras = re.split(r"\n[ \t]*\n", text)
    out = []
    for para in paras:
        words = [_damage_word(w, rnd, p) for w in para.split()]
        joined: list[str] = []
        for w in words:
            if joined and rnd.random() < p["join"] and joined[-1][-1:].isalpha() and w[:1].isalpha():
                joined[-1] += w
            else:
                joined.append(w)
        out.append(_wrap(joined, width, rnd) if width else " ".join(joined))
    return "\n\n".join(out) + ("\n" if text.endswith("\n") else "")


def _wrap(words: list[str], width: int, rnd: random.Random) -> str:
    lines: list[str] = []
    line = ""
    for w in words:
        if not line:
            line = w
        elif len(line) + 1 + len(w) <= width:
            line += " " + w
        else:
            room = width - len(line) - 2  # space and hyphen
            if len(w) >= 7 and room >= 3 and w.isalpha() and rnd.random() < 0.7:
                k = min(room, len(w) - 3)
                lines.append(line + " " + w[:k] + "-")
                line = w[k:]
            else:
                lines.append(line)
                line = w
    if line:
        lines.append(line)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--level", choices=sorted(LEVELS), default="heavy")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--width", type=int, default=60)
    a = ap.parse_args(argv)
    sys.stdout.write(noise(sys.stdin.read(), a.level, a.seed, a.width or None))


if __name__ == "__main__":
    main()
