#!/usr/bin/env python3
"""Build the context statistics and the inverse thesaurus shipped in cleaner/data/.

    python scripts/build_lexicon.py bigrams [--arpa FILE]   # -> cleaner/data/bigrams.bin.gz
    python scripts/build_lexicon.py thesaurus [--wordnet DIR] # -> cleaner/data/thesaurus.tsv

bigrams
    Source: the generic US English language model of CMU PocketSphinx 5.1.1
    (``pocketsphinx/model/en-us/en-us.lm.bin``, BSD-style licence, (c) Carnegie Mellon University and
    Alpha Cephei Inc.). Get an ARPA text dump of it with

        python -m venv /tmp/ps && /tmp/ps/bin/pip install pocketsphinx==5.1.1
        /tmp/ps/bin/python scripts/build_lexicon.py dump-arpa /tmp/en-us.arpa

    (``NGramModel.write`` crashes after the bigram section; the unigrams and bigrams it writes are what
    we use.) We keep the 65,535 most probable unigrams with their back-off weights and the bigrams among
    them that carry information: those whose probability differs from the back-off estimate and whose
    joint probability is not negligible, plus every bigram that is much *less* likely than its back-off
    estimate (that negative evidence is what convicts "the begin"). Log-probabilities are quantised.

thesaurus
    Source: Princeton WordNet 3.0 as packaged by Debian (``apt-get install wordnet-base``,
    /usr/share/wordnet; WordNet licence, permissive, see docs/generalise.md). For every word form that
    WordNet lists, the frequent words (top 20,000 of cleaner/data/unigrams.tsv) that have it as a
    synonym: members of the same synset, of "similar to" adjective synsets, and of the synsets one step
    above and below (a thesaurus lists generic and specific terms too). One line per stand-in and part
    of speech, candidates most frequent first.
"""
from __future__ import annotations

import argparse
import array
import gzip
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "cleaner" / "data"
MAGIC = b"CLEANERLM1\n"
VOCAB_LIMIT = 65_535
LP_SCALE = 1000  # unigram logprob/back-off stored as int16 thousandths of a log10 unit
BI_LEVELS = 255  # bigram logprob quantised into uint8 over [BI_MIN, 0]
BI_MIN = -8.0
JOINT_MIN = -7.6  # log10 P(a) + log10 P(b|a) below this: dropped unless strongly negative evidence
KEEP_DIFF = 0.15  # |bigram - back-off estimate| below this: dropped (back-off gives the same answer)
NEG_DIFF = -1.0  # bigram this far below its back-off estimate: always kept


# --------------------------------------------------------------------------- bigrams

def dump_arpa(out: str) -> None:
    """Write the PocketSphinx en-us model as ARPA text (run with pocketsphinx installed)."""
    import os
    import subprocess

    code = (
        "import os, pocketsphinx as p\n"
        "m = p.NGramModel.readfile(os.path.join(p.get_model_path(), 'en-us', 'en-us.lm.bin'))\n"
        f"m.write({out!r}, p.NGramModel.str_to_type('arpa'))\n"
    )
    # the writer segfaults in the trigram section; the part we need is on disk by then
    subprocess.run([sys.executable, "-c", code], check=False, env=dict(os.environ))
    print(f"wrote {out} ({Path(out).stat().st_size:,} bytes)", file=sys.stderr)


def read_arpa(path: Path):
    uni: dict[str, tuple[float, float]] = {}
    bi: list[tuple[str, str, float]] = []
    section = 0
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("\\1-grams"):
                section = 1
                continue
            if line.startswith("\\2-grams"):
                section = 2
                continue
            if line.startswith("\\3-grams"):
                break
            if not section:
                continue
            f = line.rstrip("\n").split("\t")
            if section == 1 and len(f) >= 2:
                uni[f[1]] = (float(f[0]), float(f[2]) if len(f) > 2 else 0.0)
            elif section == 2 and len(f) >= 3:
                bi.append((f[1], f[2], float(f[0])))
    return uni, bi


def build_bigrams(arpa: Path, out: Path) -> None:
    uni, bi = read_arpa(arpa)
    vocab = sorted((w for w in uni if w != "<s>"), key=lambda w: -uni[w][0])[: VOCAB_LIMIT - 1]
    vocab = ["<s>"] + sorted(vocab)
    ids = {w: i for i, w in enumerate(vocab)}
    kept: list[tuple[int, int, int]] = []
    for a, b, lp in bi:
        ia, ib = ids.get(a), ids.get(b)
        if ia is None or ib is None:
            continue
        backoff = uni[a][1] + uni[b][0]
        diff = lp - backoff
        if diff > NEG_DIFF:
            if abs(diff) < KEEP_DIFF:
                continue
            if a != "<s>" and uni[a][0] + lp < JOINT_MIN:
                continue
        q = round((max(lp, BI_MIN) - BI_MIN) / -BI_MIN * BI_LEVELS)
        kept.append((ia, ib, q))
    kept.sort()
    offsets = array.array("I", [0] * (len(vocab) + 1))
    for ia, _, _ in kept:
        offsets[ia + 1] += 1
    for i in range(len(vocab)):
        offsets[i + 1] += offsets[i]
    second = array.array("H", (ib for _, ib, _ in kept))
    probs = array.array("B", (q for _, _, q in kept))

    def clamp(x: float) -> int:
        return max(-32000, min(0, round(x * LP_SCALE)))

    ulp = array.array("h", (clamp(uni[w][0]) if w != "<s>" else -32000 for w in vocab))
    ubo = array.array("h", (max(-32000, min(32000, round(uni[w][1] * LP_SCALE))) for w in vocab))
    words = "\n".join(vocab).encode("utf-8")
    blob = bytearray(MAGIC)
    blob += struct.pack("<IIIff", len(vocab), len(kept), len(words), BI_MIN, BI_LEVELS)
    blob += words
    for arr in (ulp, ubo, offsets, second, probs):
        blob += arr.tobytes()
    out.write_bytes(gzip.compress(bytes(blob), compresslevel=9, mtime=0))
    print(f"{len(uni):,} unigrams, {len(bi):,} bigrams in {arpa}; kept {len(vocab):,} words and "
          f"{len(kept):,} bigrams; wrote {out} ({out.stat().st_size:,} bytes)", file=sys.stderr)


# --------------------------------------------------------------------------- thesaurus

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
FREQUENT = 20_000
HYPONYM_TOP = 8_000
MAX_CANDIDATES = 12


def read_wordnet(root: Path):
    """Return synsets {(pos, offset): (words, pointers)} with pointers as (symbol, pos, offset)."""
    synsets = {}
    for pos, name in POS_FILES.items():
        with (root / f"data.{name}").open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                fields = line.split(" | ")[0].split()
                offset, ss_type = fields[0], fields[2]
                n = int(fields[3], 16)
                words = []
                for k in range(n):
                    w = fields[4 + 2 * k]
                    if ss_type == "s" or ss_type == "a":
                        w = w.split("(")[0]  # strip adjective markers like (p), (a), (ip)
                    words.append(w.replace("_", " ").lower())
                k = 4 + 2 * n
                p_cnt = int(fields[k])
                ptrs = []
                for j in range(p_cnt):
                    sym, off, ppos = fields[k + 1 + 4 * j: k + 4 + 4 * j]
                    ppos = "a" if ppos == "s" else ppos
                    ptrs.append((sym, ppos, off))
                synsets[(pos, offset)] = (words, ptrs)
    return synsets


def load_unigrams() -> dict[str, int]:
    out = {}
    with (DATA / "unigrams.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                w, _, f = line.rstrip("\n").partition("\t")
                out[w] = int(f)
    return out


def build_thesaurus(root: Path, out: Path) -> None:
    synsets = read_wordnet(root)
    freq = load_unigrams()
    frequent = set(list(freq)[:FREQUENT])
    known = set(freq)

    def phrase_freq(p: str) -> float:
        ws = p.split()
        return min(freq.get(w, 0) for w in ws) / (4 ** (len(ws) - 1))

    def canonical(p: str) -> bool:
        ws = p.split()
        return 0 < len(ws) <= 3 and all(w in frequent for w in ws)

    def standin(p: str) -> bool:
        ws = p.split()
        return 0 < len(ws) <= 4 and all(w in known for w in ws)

    top = set(list(freq)[:HYPONYM_TOP])
    table: dict[tuple[str, str], dict[str, int]] = {}
    for (pos, _off), (words, ptrs) in synsets.items():
        near = [(c, 0) for c in words]
        for sym, ppos, off in ptrs:
            if ppos != pos:
                continue
            # tier 0 synonyms and similar adjectives, tier 1 the generic term ("adjustment" -> "change"),
            # tier 2 specific terms, single common words only (a thesaurus lists those too)
            if sym == "&":
                near.extend((c, 0) for c in synsets[(ppos, off)][0])
            elif sym in ("@", "@i"):
                near.extend((c, 1) for c in synsets[(ppos, off)][0] if " " not in c)
            elif sym in ("~", "~i"):
                near.extend((c, 2) for c in synsets[(ppos, off)][0] if c in top)
        for w in words:
            if not standin(w):
                continue
            entry = table.setdefault((w, pos), {})
            for c, tier in near:
                if c != w and canonical(c):
                    entry[c] = min(tier, entry.get(c, 9))
    lines = []
    for (w, pos), cands in sorted(table.items()):
        if not cands:
            continue
        chosen = sorted(cands, key=lambda c: (cands[c], -phrase_freq(c), c))[:MAX_CANDIDATES]
        ordered = sorted(chosen, key=lambda c: (-phrase_freq(c), c))
        lines.append(f"{w}\t{pos}\t{'|'.join(ordered)}\n")
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# Inverse thesaurus: stand-in<TAB>pos (n v a r)<TAB>frequent words that list it as a synonym,"
                 " most frequent first.\n# Derived from Princeton WordNet 3.0 (WordNet licence) by"
                 " scripts/build_lexicon.py; do not edit by hand.\n")
        fh.writelines(lines)
    print(f"{len(synsets):,} synsets; wrote {len(lines):,} entries to {out} ({out.stat().st_size:,} bytes)",
          file=sys.stderr)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    d = sub.add_parser("dump-arpa", help="write PocketSphinx's en-us model as ARPA (needs pocketsphinx)")
    d.add_argument("out")
    b = sub.add_parser("bigrams")
    b.add_argument("--arpa", default="/tmp/en-us.arpa")
    b.add_argument("--out", default=str(DATA / "bigrams.bin.gz"))
    t = sub.add_parser("thesaurus")
    t.add_argument("--wordnet", default="/usr/share/wordnet")
    t.add_argument("--out", default=str(DATA / "thesaurus.tsv"))
    args = ap.parse_args(argv)
    if args.what == "dump-arpa":
        dump_arpa(args.out)
    elif args.what == "bigrams":
        build_bigrams(Path(args.arpa), Path(args.out))
    else:
        build_thesaurus(Path(args.wordnet), Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
