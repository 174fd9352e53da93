"""cleaner: repair English text damaged by article spinners, OCR and bad decoding."""
from __future__ import annotations

from functools import lru_cache

from .apply import apply_suggestions, select
from .engine import Analysis, Cleaner
from .suggestion import Applicability, Suggestion

__all__ = ["Analysis", "Applicability", "Cleaner", "Suggestion", "apply_suggestions", "clean_text", "default_cleaner", "select"]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The engine built from the bundled wordlists (built once per process)."""
    return Cleaner.from_wordlists()


def clean_text(text: str, unsafe: bool = False, cleaner: Cleaner | None = None) -> str:
    """Return ``text`` with the safe fixes applied (and review-tier ones too when ``unsafe``)."""
    return (cleaner or default_cleaner()).fix(text, unsafe=unsafe)
