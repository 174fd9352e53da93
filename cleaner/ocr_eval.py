"""Character and word error rates of OCR text, before and after correction, against ground truth.

CER = character edit distance / characters of the truth; WER = word edit distance / words of the
truth. White space is compared as single spaces (a rejoined hyphenated word that moves a line
break is not an error), everything else exactly. ``reduction`` is the relative fall in CER.
"""
from __future__ import annotations

from rapidfuzz.distance import Levenshtein


def _chars(text: str) -> str:
    return " ".join(text.split())


def cer_wer(ocr_text: str, truth_text: str, fixed_text: str) -> dict[str, float]:
    """Error rates of ``ocr_text`` and ``fixed_text`` (the corrected OCR) against ``truth_text``."""
    truth_c, truth_w = _chars(truth_text), truth_text.split()
    nc, nw = max(1, len(truth_c)), max(1, len(truth_w))

    def rates(text: str) -> tuple[float, float]:
        return (Levenshtein.distance(_chars(text), truth_c) / nc,
                Levenshtein.distance(text.split(), truth_w) / nw)

    cer_before, wer_before = rates(ocr_text)
    cer_after, wer_after = rates(fixed_text)
    return {
        "chars": len(truth_c),
        "words": len(truth_w),
        "cer_before": cer_before,
        "cer_after": cer_after,
        "wer_before": wer_before,
        "wer_after": wer_after,
        "cer_reduction": (cer_before - cer_after) / cer_before if cer_before else 0.0,
        "wer_reduction": (wer_before - wer_after) / wer_before if wer_before else 0.0,
    }
