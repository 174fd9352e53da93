#!/usr/bin/env python3
"""The OCR stage on real OCR output: pages rendered from clean text, degraded, read by Tesseract.

    .venv/bin/pip install -e '.[bench]'                  # Pillow, to render the pages
    apt-get install tesseract-ocr fonts-liberation       # the OCR engine and a serif font
    .venv/bin/python benchmarks/bench_ocr_tesseract.py [--levels clean,worn,poor] [--keep DIR]

The text is known, so each page has exact ground truth, and the errors are the ones a real OCR
engine makes on a degraded scan (not a simulation of them). Texts: the licences in
/usr/share/common-licenses and the seed article's original (tests/data/blinken.gold.txt). Each is
set in Liberation Serif, 12 px on a 1000 px wide page, then degraded (``LEVELS``): ``clean`` is the
rendering, ``worn`` is blurred, speckled and thresholded, ``poor`` is set smaller, scaled up (as a
low-resolution scan), blurred and speckled more. Tesseract 5 (LSTM, English) reads each page. The cleaner runs in this process from
the checkout (``fix --ocr``, safe fixes, and ``--unsafe``); CER and WER are those of
``cleaner eval`` (``cleaner.ocr_eval``: white space compared as single spaces).

This is not historical print: no old typefaces, long s, ink bleed or curved lines, so it says how
the stage does on modern machine OCR errors, not on the ICDAR-style collections.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.evaluate import MARKUP  # noqa: E402
from cleaner.ocr_eval import cer_wer  # noqa: E402

FONTS = ["/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"]
LICENCES = ["GPL-3", "Apache-2.0", "MPL-2.0", "LGPL-2.1"]
LINES_PER_PAGE = 45


def texts(max_lines: int, held_out: bool = False) -> dict[str, list[str]]:
    out = {}
    if held_out:  # prose the OCR stage was never tuned on: Python's documentation topics
        from bench_ocr import pydoc_prose

        lines = wrap(pydoc_prose())
        for k in range(3):
            out[f"pydoc part {k + 1}"] = lines[k * max_lines:(k + 1) * max_lines]
        return out
    for name in LICENCES:
        p = Path("/usr/share/common-licenses") / name
        if p.exists():
            out[name] = wrap(p.read_text(encoding="utf-8"))[:max_lines]
    gold = ROOT / "tests" / "data" / "blinken.gold.txt"
    if gold.exists():
        original = MARKUP.sub(lambda m: m.group(3).split("|")[0], gold.read_text(encoding="utf-8"))
        out["seed original"] = wrap(original)[:max_lines]
    return out


def wrap(text: str) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n\n"):
        words = " ".join(para.split())
        if words:
            lines += textwrap.wrap(words, 88, break_long_words=False, break_on_hyphens=False) + [""]
    return lines


LEVELS = {  # font px, line step, page width, upscale, blur radius, share of pixels flipped, threshold
    "clean": None,
    "worn": (12, 15, 1000, 1.0, 0.4, 0.0015, 135),
    "poor": (11, 14, 900, 1.2, 0.5, 0.003, 140),
}


def render(lines: list[str], level: str, rng: random.Random) -> Image.Image:
    font_path = next(f for f in FONTS if Path(f).exists())
    size, step, width, scale, blur, speckle, cut = LEVELS[level] or (12, 15, 1000, 1.0, 0, 0, 0)
    font = ImageFont.truetype(font_path, size)
    img = Image.new("L", (width, 20 + step * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((15, 10 + i * step), line, fill=0, font=font)
    if LEVELS[level] is None:
        return img
    if scale != 1.0:
        img = img.resize((int(img.width * scale), int(img.height * scale)), Image.BILINEAR)
    img = img.filter(ImageFilter.GaussianBlur(blur))
    px = img.load()
    for _ in range(int(img.width * img.height * speckle)):
        x, y = rng.randrange(img.width), rng.randrange(img.height)
        px[x, y] = 255 - px[x, y]
    return img.point(lambda v: 0 if v < cut else 255)


def ocr(img: Image.Image, tmp: Path) -> str:
    f = tmp / "page.png"
    img.save(f)
    r = subprocess.run(["tesseract", str(f), "-", "--psm", "6", "-l", "eng"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"tesseract failed: {r.stderr.strip()}")
    return r.stdout


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--levels", default="clean,worn,poor")
    ap.add_argument("--lines", type=int, default=180, help="lines of each text (default 180)")
    ap.add_argument("--held-out", action="store_true",
                    help="use three parts of Python's documentation prose instead of the tuning texts")
    ap.add_argument("--keep", metavar="DIR", help="write each page's truth, OCR and corrected text here")
    args = ap.parse_args()
    rng = random.Random(7)
    engine = Cleaner.from_wordlists(ocr=True)
    keep = Path(args.keep) if args.keep else None
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
    print(f"{'text':16} {'level':6} {'chars':>7}   CER ocr  CER fix  CER unsafe   WER ocr  WER fix  CER cut")
    totals: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for level in args.levels.split(","):
            for name, lines in texts(args.lines, args.held_out).items():
                truth_parts, ocr_parts = [], []
                for k in range(0, len(lines), LINES_PER_PAGE):
                    page = lines[k:k + LINES_PER_PAGE]
                    truth_parts.append("\n".join(page))
                    ocr_parts.append(ocr(render(page, level, rng), tmp))
                truth, raw = "\n".join(truth_parts), "\n".join(ocr_parts)
                fixed = engine.fix(raw)
                r = cer_wer(raw, truth, fixed)
                ru = cer_wer(raw, truth, engine.fix(raw, unsafe=True))
                totals.setdefault(level, []).append(r)
                print(f"{name:16} {level:6} {r['chars']:7}   {r['cer_before']:.4f}   {r['cer_after']:.4f}   "
                      f"{ru['cer_after']:.4f}     {r['wer_before']:.4f}   {r['wer_after']:.4f}  "
                      f"{100 * r['cer_reduction']:6.1f}%")
                if keep:
                    stem = f"{name.split()[0]}.{level}"
                    (keep / f"{stem}.truth.txt").write_text(truth, encoding="utf-8")
                    (keep / f"{stem}.ocr.txt").write_text(raw, encoding="utf-8")
                    (keep / f"{stem}.fixed.txt").write_text(fixed, encoding="utf-8")
    for level, rs in totals.items():
        chars = sum(r["chars"] for r in rs)
        before = sum(r["cer_before"] * r["chars"] for r in rs) / chars
        after = sum(r["cer_after"] * r["chars"] for r in rs) / chars
        worse = [r for r in rs if r["cer_after"] > r["cer_before"]]
        print(f"{level}: CER {before:.4f} -> {after:.4f} ({100 * (before - after) / before if before else 0:.1f}% lower); "
              f"texts made worse: {len(worse)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
