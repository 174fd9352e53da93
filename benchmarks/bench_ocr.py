"""The OCR stage measured: changes on clean English, CER/WER on synthetic OCR, throughput.

    .venv/bin/python benchmarks/bench_ocr.py [--mb 4] [--repeat 3] [--seeds 3]

1. Clean English (the licence texts in /usr/share/common-licenses, symlinks skipped, and the seed's
   clean original from shared/eval when present): words that `fix --ocr` changes beyond what
   `fix` changes, per 10,000 words (target <= 1).
2. Synthetic OCR (benchmarks/ocr_noise.py, levels heavy and light, several seeds) on the same texts
   and on prose paragraphs of Python's own documentation (pydoc_data): CER and WER of the noisy
   text, of `fix --ocr` (safe fixes) and of `fix --ocr --unsafe`, against the clean text.
3. Throughput on one core, in process, best of --repeat: `fix` and `fix --ocr` on a clean corpus
   of at least --mb MB, and on its noisy version.

Real OCR with ground truth is not available here: section 2 is not a measurement on real OCR.
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.ocr import clear_caches, suggest  # noqa: E402
from cleaner.ocr_eval import cer_wer  # noqa: E402
from ocr_noise import noise  # noqa: E402

LICENSES = Path("/usr/share/common-licenses")
GOLD = ROOT.parent / "shared" / "eval"


def clean_texts() -> dict[str, str]:
    out = {p.name: p.read_text(encoding="utf-8") for p in sorted(LICENSES.iterdir()) if p.is_file() and not p.is_symlink()}
    gold = GOLD / "blinken.gold.txt"
    for base in (GOLD, Path("/work/shared/eval")):
        if (base / "gold.py").exists():
            sys.path.insert(0, str(base))
            import gold as g  # noqa: PLC0415

            out["blinken (gold)"] = g.reference((base / "blinken.gold.txt").read_text(encoding="utf-8"))
            break
    del gold
    return out


def pydoc_prose() -> str:
    """Paragraphs of running prose from Python's documentation topics (no code, few symbols)."""
    import pydoc_data.topics as topics

    paras = []
    for body in topics.topics.values():
        for para in re.split(r"\n\s*\n", body):
            if para.startswith((" ", "\t")) or len(para) < 200:
                continue
            words = para.split()
            plain = sum(bool(re.fullmatch(r"[A-Za-z][a-z]*[,.;:]?", w)) for w in words)
            if plain / len(words) > 0.85:
                paras.append(" ".join(words))
    return "\n\n".join(paras)


def changed_words(a: str, b: str) -> int:
    wa, wb = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=4)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args()
    plain, ocr = Cleaner.from_wordlists(), Cleaner.from_wordlists(ocr=True)
    texts = clean_texts()

    print("## 1. Clean English: extra words changed by fix --ocr")
    words = changed = 0
    for name, t in texts.items():
        n = len(t.split())
        c = changed_words(plain.fix(t), ocr.fix(t))
        words += n
        changed += c
        if c:
            print(f"  {name}: {c} of {n} words")
    print(f"  total: {changed} of {words} words = {changed / words * 1e4:.2f} per 10,000 (target <= 1)")

    print("\n## 2. Synthetic OCR (benchmarks/ocr_noise.py): CER / WER against the clean text")
    corpora = {"licences + gold": "\n\n".join(texts.values()), "pydoc prose": pydoc_prose()}
    print("  corpus           level  words    CER noisy  CER fix  CER unsafe  | WER noisy  WER fix  WER unsafe  | CER cut (fix)")
    for cname, truth in corpora.items():
        for level in ("heavy", "light"):
            acc = {"cer_before": 0.0, "cer_fix": 0.0, "cer_unsafe": 0.0, "wer_before": 0.0, "wer_fix": 0.0, "wer_unsafe": 0.0}
            for seed in range(a.seeds):
                noisy = noise(truth, level, seed)
                an = ocr.analyse(noisy)
                safe = cer_wer(noisy, truth, an.fixed())
                unsafe = cer_wer(noisy, truth, an.fixed(unsafe=True))
                acc["cer_before"] += safe["cer_before"] / a.seeds
                acc["wer_before"] += safe["wer_before"] / a.seeds
                acc["cer_fix"] += safe["cer_after"] / a.seeds
                acc["wer_fix"] += safe["wer_after"] / a.seeds
                acc["cer_unsafe"] += unsafe["cer_after"] / a.seeds
                acc["wer_unsafe"] += unsafe["wer_after"] / a.seeds
            cut = (acc["cer_before"] - acc["cer_fix"]) / acc["cer_before"]
            print(f"  {cname:16} {level:6} {len(truth.split()):6}   {acc['cer_before']:8.2%}  {acc['cer_fix']:7.2%}  {acc['cer_unsafe']:9.2%}"
                  f"   | {acc['wer_before']:8.2%}  {acc['wer_fix']:7.2%}  {acc['wer_unsafe']:9.2%}   | {cut:6.1%}")

    print(f"\n## 3. Throughput, one core, in process, best of {a.repeat}")
    base = "\n\n".join(list(texts.values()) + [corpora["pydoc prose"]])
    corpus = base * max(1, int(a.mb * 1e6 / len(base.encode("utf-8")) + 1))
    noisy = noise(corpus[: len(corpus) // 4], "heavy", 0)
    from cleaner.ocr_model import Model

    t0 = time.perf_counter()
    m = Model()  # a fresh one: the earlier sections already loaded the shared model
    m.bigrams, m.prefixes, m.suffixes
    print(f"  start-up: loading the OCR tables takes {time.perf_counter() - t0:.2f} s once per process (not in the figures below)")
    for label, text in (("clean", corpus), ("noisy (heavy)", noisy)):
        mb = len(text.encode("utf-8")) / 1e6
        best = {}
        for _ in range(a.repeat):
            for name, fn in (("fix", plain.fix), ("fix --ocr", ocr.fix), ("ocr.suggest alone", suggest)):
                clear_caches()  # each run starts cold: no word's candidates remembered from the last
                t0 = time.perf_counter()
                fn(text)
                dt = time.perf_counter() - t0
                best[name] = min(best.get(name, dt), dt)
        print(f"  {label} ({mb:.1f} MB): " + "; ".join(f"{k} {mb / v:.2f} MB/s" for k, v in best.items()))


if __name__ == "__main__":
    main()
