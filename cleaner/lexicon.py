"""English language statistics shipped with the package (see scripts/ for how each is built)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def unigrams() -> dict[str, int]:
    """Word -> frequency per billion words (wordfreq, CC BY-SA 4.0)."""
    out: dict[str, int] = {}
    with (DATA / "unigrams.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, _, f = line.rstrip("\n").partition("\t")
            out[word] = int(f)
    return out


@lru_cache(maxsize=65536)
def frequency(phrase: str) -> float:
    """Estimated frequency of a word or phrase per word of running text (0 when unknown).

    A phrase is estimated as its rarest word's frequency, scaled down: crude, but it only has to
    tell "said" (common: its absence is telling) from "warfare" (rare: absence says nothing).
    """
    words = phrase.lower().replace("’", "'").split()
    if not words:
        return 0.0
    table = unigrams()
    freqs = [table.get(w, 0) for w in words]
    f = min(freqs) / 1e9
    return f if len(words) == 1 else f / (4 ** (len(words) - 1))
