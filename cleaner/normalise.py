"""Unicode repair with ftfy: mojibake and broken encodings, as suggestions.

ftfy runs with an explicit configuration that only repairs damage (it never uncurls quotes,
normalises to NFC, or touches line breaks, so clean text keeps every byte), and only on lines a
cheap pre-check flags, since ftfy is slow on plain text.
"""
from __future__ import annotations

import difflib
import re

import ftfy

from .suggestion import Applicability, Suggestion

CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Mojibake leaves UTF-8 lead bytes read as Latin-1/cp1252 (Ã, Â, â, Ð...) next to characters
# from the continuation range, or C1 controls, or lone surrogates.
_SUSPECT = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|[\u0080-\u009f]|[\ud800-\udfff]")
# Every match of _SUSPECT starts with one of these; one character class scans several times faster
# than the alternation, so text with none of them (curly quotes, dashes, other scripts) is passed quickly.
_LEAD = re.compile("[\u0080-\u00f4\ud800-\udfff]")
RULE = "unicode:mojibake"


def needs_repair(text: str) -> bool:
    if text.isascii():
        return False
    # test _SUSPECT only where a lead character stands: searching the whole text with it costs
    # about 13 ms a megabyte, even in text whose only non-ASCII letters are a few accents ("café")
    match = _SUSPECT.match
    return any(match(text, m.start()) for m in _LEAD.finditer(text))


def suggest(text: str) -> list[Suggestion]:
    """Suggestions that repair mojibake, one per damaged run of characters."""
    if not needs_repair(text):
        return []
    out: list[Suggestion] = []
    for line in re.finditer(r"[^\n]+", text):
        chunk = line.group()
        if not _SUSPECT.search(chunk):
            continue
        fixed = ftfy.fix_text(chunk, CONFIG)
        if fixed == chunk:
            continue
        for a, b, c, d in _changed_spans(chunk, fixed):
            s, e = line.start() + a, line.start() + b
            out.append(Suggestion(
                start=s, end=e, original=text[s:e], replacement=fixed[c:d], confidence=0.97,
                applicability=Applicability.SAFE, rule=RULE, origin="ftfy",
                message="text decoded with the wrong encoding (mojibake)",
            ))
    return out


def _changed_spans(old: str, new: str) -> list[tuple[int, int, int, int]]:
    """Each changed run: old[a:b] became new[c:d]."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return [(a, b, c, d) for tag, a, b, c, d in ops if tag != "equal"]
