#!/usr/bin/env python3
"""Build the context statistics and the inverse thesaurus shipped in cleaner/data/.

    python scripts/build_lexicon.py bigrams [--arpa FILE]   # -> cleaner/data/bigrams.bin.gz
    python scripts/build_lexicon.py thesaurus [--wordnet DIR] # -> cleaner/data/thesaurus.tsv
    python scripts/build_lexicon.py trigrams [--lm FILE]     # -> cleaner/data/trigrams.bin.gz

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

trigrams
    Source: the same PocketSphinx model, read straight from its binary trie file (the ARPA writer
    crashes in the trigram section): ``pip install pocketsphinx==5.1.1`` and pass
    ``--lm .../pocketsphinx/model/en-us/en-us.lm.bin``; needs numpy. The file is a header, the
    quantisation bins, the unigrams, two bit-packed arrays (bigrams, then trigrams, keyed from the
    predicted word back through its history) and the word strings. We keep the trigrams that the
    contextual stage can ask about: those with a word that the bundled wordlists name as a stand-in
    or as a replacement of one (``articles.word_map``), whose words are all in the bigram table's
    vocabulary and whose probability differs from the back-off estimate by ``TRI_DIFF`` or more; and
    the back-off weight of each bigram that is their history. Rebuild after large wordlist changes
    (a stand-in without trigrams is scored by the bigram table, as before).

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


# --------------------------------------------------------------------------- trigrams

TRIE_HEADER = b"Trie Language Model"
TRI_MAGIC = b"CLEANERLM3\n"
TRI_DIFF = 0.3  # |trigram - back-off estimate| below this: dropped
TRI_MIN = -8.0
TRI_LEVELS = 255
LOG10_OF_LOGBASE = 0.0000434272768  # PocketSphinx stores log base 1.0001: log10(1.0001)


def read_trie(path: Path):
    """The n-grams of a PocketSphinx trigram trie file, as numpy arrays: for each bigram entry the
    predicted word, its history word, log10 probability and back-off; for each trigram entry the
    bigram entry it extends, its oldest history word and log10 probability."""
    import numpy as np

    blob = path.read_bytes()
    if not blob.startswith(TRIE_HEADER):
        raise SystemExit(f"{path}: not a PocketSphinx trie language model")
    pos = len(TRIE_HEADER)
    order = blob[pos]
    pos += 1
    if order != 3:
        raise SystemExit(f"{path}: order {order}, expected a trigram model")
    counts = struct.unpack_from("<3I", blob, pos)
    pos += 12 + 4  # the counts, then a quantisation type no longer used
    bins = np.frombuffer(blob, "<f4", 3 * 65536, pos)  # bigram prob, bigram back-off, trigram prob
    pos += bins.nbytes
    uni = np.frombuffer(blob, np.dtype([("prob", "<f4"), ("bo", "<f4"), ("next", "<u4")]), counts[0] + 1, pos)
    pos += uni.nbytes
    word_bits = counts[0].bit_length()
    next_bits = counts[2].bit_length()
    mid_bits, long_bits = word_bits + 32 + next_bits, word_bits + 16
    mid_size = ((1 + counts[1]) * mid_bits + 7) // 8 + 8
    long_size = ((1 + counts[2]) * long_bits + 7) // 8 + 8
    mid = np.frombuffer(blob, np.uint8, mid_size, pos)
    pos += mid_size
    lng = np.frombuffer(blob, np.uint8, long_size, pos)
    pos += long_size
    (nchars,) = struct.unpack_from("<i", blob, pos)
    words = blob[pos + 4: pos + 4 + nchars].decode("utf-8", "replace").split("\0")[: counts[0]]

    def field(mem, n: int, width: int, offset: int, bits: int):
        """Entry i's ``bits``-wide field at bit ``i * width + offset`` (little-endian packing)."""
        at = np.arange(n, dtype=np.int64) * width + offset
        value = np.zeros(n, np.uint64)
        for k in range(8):
            value |= mem[(at >> 3) + k].astype(np.uint64) << np.uint64(8 * k)
        return ((value >> (at & 7).astype(np.uint64)) & np.uint64((1 << bits) - 1)).astype(np.int64)

    starts = uni["next"].astype(np.int64)
    nbi = int(starts[-1])  # the header counts a few more bigram slots than are filled
    bi_word = np.repeat(np.arange(counts[0]), np.diff(starts))
    bi_hist = field(mid, nbi, mid_bits, 0, word_bits)
    bi_bo = bins[65536:131072][field(mid, nbi, mid_bits, word_bits, 16)] * LOG10_OF_LOGBASE
    bi_prob = bins[:65536][field(mid, nbi, mid_bits, word_bits + 16, 16)] * LOG10_OF_LOGBASE
    bi_next = field(mid, nbi + 1, mid_bits, word_bits + 32, next_bits)
    tri_bigram = np.repeat(np.arange(nbi), np.diff(bi_next))
    tri_hist = field(lng, len(tri_bigram), long_bits, 0, word_bits)
    tri_prob = bins[131072:][field(lng, len(tri_bigram), long_bits, word_bits, 16)] * LOG10_OF_LOGBASE
    return (words, uni["prob"][:-1] * LOG10_OF_LOGBASE, uni["bo"][:-1] * LOG10_OF_LOGBASE,
            (bi_word, bi_hist, bi_prob, bi_bo), (tri_bigram, tri_hist, tri_prob))


def build_trigrams(lm_path: Path, out: Path) -> None:
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from cleaner.engine import Cleaner
    from cleaner.lm import model

    table = model()
    vocab = table.ids  # the bigram table's words and ids
    from cleaner import contextual

    # the words the contextual stage asks about: the stand-ins it looks for and their candidates
    wanted: set[str] = set()
    finder = contextual.Finder(Cleaner.from_wordlists().word_map)
    for standin in finder.words:
        for phrase in (standin, *finder.word_map[standin][: contextual.MAX_CANDIDATES]):
            wanted.update(phrase.lower().split())
    words, uprob, ubo, (bw, bh, bp, bb), (tb, th, tp) = read_trie(lm_path)
    ours = np.array([vocab.get(w, -1) for w in words], np.int64)
    named = np.array([w in wanted for w in words])
    # Katz estimate the trigram replaces: back-off(h2 h1) + log P(w | h1)
    key = bh * len(words) + bw
    order = np.argsort(key)
    sorted_key = key[order]

    def bigram(hist, word):
        k = hist * len(words) + word
        i = np.minimum(np.searchsorted(sorted_key, k), len(sorted_key) - 1)
        return sorted_key[i] == k, order[i]

    w3, h1, h2 = bw[tb], bh[tb], th
    found, at = bigram(h1, w3)
    estimate = np.where(found, bp[at], ubo[h1] + uprob[w3])
    found2, at2 = bigram(h2, h1)
    estimate = estimate + np.where(found2, bb[at2], 0.0)
    keep = (named[w3] | named[h1] | named[h2]) & (ours[w3] >= 0) & (ours[h1] >= 0) & (ours[h2] >= 0)
    keep &= np.abs(tp - estimate) >= TRI_DIFF
    # every bigram that can be a history here keeps its back-off weight
    in_vocab = (ours[bw] >= 0) & (ours[bh] >= 0)
    hist_of = (named[bw] | named[bh]) & in_vocab & (np.bincount(tb, minlength=len(bw)) > 0)
    # and the bigrams with such a word that the bigram table left out for a small joint probability
    # ("delivery vans"): the contextual stage compares exactly these
    missing = np.array([not table.has_bigram(words[h], words[w]) if ok else False
                        for h, w, ok in zip(bh, bw, (named[bw] | named[bh]) & in_vocab)])
    missing &= np.abs(bp - (ubo[bh] + uprob[bw])) >= KEEP_DIFF
    bi_key = (ours[bh[missing]] << 16 | ours[bw[missing]]).astype("<u4")
    bi_q = np.round((np.maximum(bp[missing], TRI_MIN) - TRI_MIN) / -TRI_MIN * TRI_LEVELS).astype(np.uint8)
    o = np.argsort(bi_key)
    bi_key, bi_q = bi_key[o], bi_q[o]
    ctx_key = np.r_[ours[bh[hist_of]] << 16 | ours[bw[hist_of]], ours[h2[keep]] << 16 | ours[h1[keep]]]
    ctx_bo = np.r_[bb[hist_of], bb[at2[keep]] * found2[keep]]
    ctx_key, first = np.unique(ctx_key, return_index=True)
    ctx_bo = ctx_bo[first]
    tri_ctx = np.searchsorted(ctx_key, ours[h2[keep]] << 16 | ours[h1[keep]])
    tri_word = ours[w3[keep]]
    q = np.round((np.maximum(tp[keep], TRI_MIN) - TRI_MIN) / -TRI_MIN * TRI_LEVELS).astype(np.int64)
    o = np.lexsort((tri_word, tri_ctx))
    tri_ctx, tri_word, q = tri_ctx[o], tri_word[o], q[o]
    offsets = np.searchsorted(tri_ctx, np.arange(len(ctx_key) + 1)).astype("<u4")
    blob = bytearray(TRI_MAGIC)
    blob += struct.pack("<IIIff", len(bi_key), len(ctx_key), len(tri_word), TRI_MIN, TRI_LEVELS)
    blob += bi_key.tobytes()
    blob += bi_q.tobytes()
    blob += ctx_key.astype("<u4").tobytes()
    blob += np.clip(np.round(ctx_bo * LP_SCALE), -32000, 32000).astype("<i2").tobytes()
    blob += offsets.tobytes()
    blob += tri_word.astype("<u2").tobytes()
    blob += q.astype(np.uint8).tobytes()
    out.write_bytes(gzip.compress(bytes(blob), compresslevel=9, mtime=0))
    print(f"{len(tb):,} trigrams in {lm_path}; kept {len(tri_word):,} with {len(ctx_key):,} histories "
          f"and {len(bi_key):,} bigrams the bigram table lacks "
          f"({len(wanted):,} words named by the wordlists); wrote {out} ({out.stat().st_size:,} bytes)",
          file=sys.stderr)


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
    g = sub.add_parser("trigrams")
    g.add_argument("--lm", required=True, help="PocketSphinx's model/en-us/en-us.lm.bin")
    g.add_argument("--out", default=str(DATA / "trigrams.bin.gz"))
    t = sub.add_parser("thesaurus")
    t.add_argument("--wordnet", default="/usr/share/wordnet")
    t.add_argument("--out", default=str(DATA / "thesaurus.tsv"))
    args = ap.parse_args(argv)
    if args.what == "dump-arpa":
        dump_arpa(args.out)
    elif args.what == "bigrams":
        build_bigrams(Path(args.arpa), Path(args.out))
    elif args.what == "trigrams":
        build_trigrams(Path(args.lm), Path(args.out))
    else:
        build_thesaurus(Path(args.wordnet), Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
