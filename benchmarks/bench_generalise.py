#!/usr/bin/env python3
"""How much does `cleaner fix` recover from spins it has never seen, and what does it do to clean text?

    python benchmarks/bench_generalise.py [--seeds 3] [--unsafe] [--json] [--save DIR]

Clean English: the long licence texts in /usr/share/common-licenses and the seed article's original
(the reference side of tests/data/blinken.gold.txt). Each is spun by benchmarks/spin.py (its own
mythes-derived dictionary, independent of the cleaner's data) in the usual mode and in
both-directions mode with several seeds, cleaned with the default pipeline, and scored word by word
with cleaner.evaluate (the same scorer as `cleaner eval`). The clean originals are cleaned too:
every word changed there is damage.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.evaluate import MARKUP, Score, fold, parse_gold, score_case, words  # noqa: E402
from spin import load_groups, spin  # noqa: E402

LICENCES = ["GPL-3", "Apache-2.0", "MPL-2.0", "GFDL-1.3", "LGPL-2.1", "Artistic"]


def clean_texts() -> dict[str, str]:
    texts = {}
    for name in LICENCES:
        p = Path("/usr/share/common-licenses") / name
        if p.exists():
            texts[name] = p.read_text(encoding="utf-8")
    for p in sorted((HERE / "clean").glob("*.txt")) if (HERE / "clean").is_dir() else []:
        texts[p.stem] = p.read_text(encoding="utf-8")
    gold = HERE.parent / "tests" / "data" / "blinken.gold.txt"
    texts["blinken (seed original)"] = MARKUP.sub(lambda m: m.group(3).split("|")[0], gold.read_text(encoding="utf-8"))
    return texts


def words_changed(before: str, after: str) -> int:
    a = [fold(t[0]) for t in words(before)]
    b = [fold(t[0]) for t in words(after)]
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in
               difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if tag != "equal")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=2, help="spins per text and mode")
    ap.add_argument("--unsafe", action="store_true", help="apply review-tier fixes too")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--wordlists", metavar="DIR", help="use these wordlists instead of the bundled ones")
    ap.add_argument("--save", metavar="DIR", help="write each spun text, its gold markup and the output here")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    if args.wordlists:
        cleaner = Cleaner.from_wordlists([args.wordlists], bundled=False)
    else:
        cleaner = Cleaner.from_wordlists()
    texts = clean_texts()
    tables = {"usual": load_groups(False), "both": load_groups(True)}
    result: dict = {"clean": {}, "spun": {}}
    clean_words = clean_changed = 0
    for name, text in texts.items():
        n = len(words(text))
        changed = words_changed(text, cleaner.fix(text, unsafe=args.unsafe))
        clean_words += n
        clean_changed += changed
        result["clean"][name] = {"words": n, "changed": changed, "per_10000": round(10_000 * changed / max(1, n), 2)}
    result["clean"]["total"] = {"words": clean_words, "changed": clean_changed,
                                "per_10000": round(10_000 * clean_changed / max(1, clean_words), 2)}
    for mode, table in tables.items():
        total = Score()
        for name, text in texts.items():
            for seed in range(args.seeds):
                spun, gold = spin(text, seed=seed, both=mode == "both", table=table)
                case = parse_gold(f"{name} [{mode} {seed}]", gold)
                assert case.spun == spun
                out = cleaner.fix(spun, unsafe=args.unsafe)
                total.add(score_case(case, out))
                if args.save:
                    d = Path(args.save)
                    d.mkdir(parents=True, exist_ok=True)
                    stem = f"{name.split()[0]}.{mode}.{seed}"
                    (d / f"{stem}.spun.txt").write_text(spun, encoding="utf-8")
                    (d / f"{stem}.gold.txt").write_text(gold, encoding="utf-8")
                    (d / f"{stem}.out.txt").write_text(out, encoding="utf-8")
        result["spun"][mode] = total.summary()
    result["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"clean text ({'--unsafe' if args.unsafe else 'default'}): words changed per 10,000")
    for name, r in result["clean"].items():
        print(f"  {name:28} {r['words']:7} words  {r['changed']:4} changed  {r['per_10000']:6.2f} / 10,000")
    print(f"synthetic spins ({args.seeds} seeds per text and mode)")
    for mode, s in result["spun"].items():
        print(f"  {mode:6} {s['words']:7} words {s['segments']:6} spun  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"wrong {s['wrong_per_1000']:.2f}/1,000  WER {s['wer_before']:.3f} -> {s['wer_after']:.3f}  "
              f"error reduction {100 * s['error_reduction']:.1f}%")
    print(f"({result['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
