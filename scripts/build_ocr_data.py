#!/usr/bin/env python3
"""Build the OCR stage's tables: cleaner/data/ocr_lexicon.tsv and cleaner/data/ocr_bigrams.tsv.gz.

Sources:
  * cleaner/data/unigrams.tsv: wordfreq 3.1.1 'large', top 60,000 (CC BY-SA 4.0; see build_unigrams.py);
  * symspellpy 6.10.1 (MIT licence, https://pypi.org/project/symspellpy/): its bundled
    frequency_dictionary_en_82_765.txt (82,765 words) and frequency_bigramdictionary_en_243_342.txt
    (243,342 bigrams), which its authors derived from Google Books n-gram counts intersected with
    SCOWL word lists.

Outputs:
  * ocr_lexicon.tsv: "word<TAB>per-billion<TAB>flag", flag "v" for a word symspellpy's spelling
    dictionary has (a real word), "w" for one only wordfreq has (weak: wordfreq counts web text, so
    it also holds OCR and typing debris such as "tbe", "ofthe", "iu"; such a word stays unless the
    context strongly prefers a correction). Frequency is wordfreq's where it has the word, else
    symspellpy's count scaled to per-billion.
  * ocr_bigrams.tsv.gz: "w1 w2<TAB>count" for symspellpy bigrams whose two words are both in the
    lexicon. The lexicon's fourth column is symspellpy's raw unigram count (0 when absent), so that
    P(w2 | w1) = count(w1 w2) / count(w1) takes both counts from one corpus.

Re-run (nothing is fetched at run time; the wheel is only read here):

    pip download symspellpy==6.10.1 --no-deps -d /tmp/symspell
    python scripts/build_ocr_data.py /tmp/symspell/symspellpy-6.10.1-py3-none-any.whl
"""
from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "cleaner" / "data"
UNI = "symspellpy/frequency_dictionary_en_82_765.txt"
BI = "symspellpy/frequency_bigramdictionary_en_243_342.txt"


def _lines(zf: zipfile.ZipFile, name: str):
    with zf.open(name) as fh:
        yield from io.TextIOWrapper(fh, encoding="utf-8")


def main(wheel: str) -> None:
    zf = zipfile.ZipFile(wheel)
    google: dict[str, int] = {}
    for line in _lines(zf, UNI):
        w, c = line.split()
        google[w] = int(c)
    total = sum(google.values())

    wordfreq: dict[str, int] = {}
    with (DATA / "unigrams.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            w, f = line.rstrip("\n").split("\t")
            if w.isalpha() and w.isascii() or "'" in w and w.replace("'", "").isalpha():
                wordfreq[w] = int(f)

    rows = []
    for w in sorted(set(google) | set(wordfreq)):
        f = wordfreq.get(w) or max(1, round(google[w] / total * 1e9))
        rows.append((w, f, "v" if w in google else "w", google.get(w, 0)))
    rows.sort(key=lambda r: (-r[1], r[0]))
    with (DATA / "ocr_lexicon.tsv").open("w", encoding="utf-8", newline="\n") as out:
        out.write("# word, per-billion frequency, v=real word (symspellpy) / w=wordfreq only, "
                  "symspellpy raw count; built by scripts/build_ocr_data.py (wordfreq CC BY-SA 4.0, symspellpy MIT)\n")
        for w, f, flag, g in rows:
            out.write(f"{w}\t{f}\t{flag}\t{g}\n")

    known = {r[0] for r in rows}
    kept = []
    for line in _lines(zf, BI):
        a, b, c = line.split()
        if a in known and b in known:
            kept.append((f"{a} {b}", int(c)))
    kept.sort()
    body = "# w1 w2, count (symspellpy 6.10.1 bigram dictionary, MIT); built by scripts/build_ocr_data.py\n"
    body += "".join(f"{k}\t{c}\n" for k, c in kept)
    # mtime=0 so that re-running the script gives byte-identical output
    (DATA / "ocr_bigrams.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), 9, mtime=0))
    print(f"lexicon: {len(rows)} words; bigrams: {len(kept)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/symspell/symspellpy-6.10.1-py3-none-any.whl")
