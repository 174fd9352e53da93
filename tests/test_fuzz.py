"""Hypothesis properties over random Unicode mixed with spun phrases (issue 7).

Surrogates, combining marks, right-to-left text, zero-width characters and U+0130 (whose lower case
is two characters long) are mixed with phrases from the bundled wordlist, so that fixes happen.
"""
import codecs
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.apply import apply_suggestions, select
from cleaner.runner import Job, process
from cleaner.textio import iter_text

CLEANER = Cleaner.from_wordlists()

PHRASES = ["center east", "Center East", "CENTER EAST", "stated", "Stated", "well being ministry",
           "State division", "not too long ago", "folks", "12 months in the past", "center eastern", "İstated",
           "stated\u0301", "Center\nEast", "Center\r\nEast", "well  being\tministry"]
SPECIAL = ["\u0130", "\u0131", "\u0301", "\u0308", "\u20dd", "\u05d0\u05d1", "\u0627\u0644", "\u200f", "\u202e",
           "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ud800", "\udc80", "\udfff", "\U0001f600",
           "\u00df", "\ufb01", "\u2028", "\r\n", "\r", "\n", "\t", "\x00", "Ã©", "â€™", " ", ". ", ", "]

RULE_KEYS = sorted({r.key for r in CLEANER.rules})  # every spun form the bundled lists know
rule_phrase = st.sampled_from(RULE_KEYS).flatmap(lambda k: st.sampled_from([k, k.title(), k.upper(), k.capitalize()]))

pieces = st.one_of(
    st.sampled_from(PHRASES),
    rule_phrase,
    st.sampled_from(SPECIAL),
    st.text(st.characters(codec=None, exclude_categories=()), max_size=8),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=12),
)
texts = st.lists(pieces, max_size=24).map("".join)
# what can be stored in a UTF-8 file (no lone surrogates)
encodable = texts.map(lambda t: t.encode("utf-8", "replace").decode("utf-8").replace("\x00", ""))

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def passes(text: str, unsafe: bool = False, limit: int = 8):
    """The fix as a series of single passes: (text before, suggestions applied, text after)."""
    out = []
    for _ in range(limit):
        chosen = select(CLEANER.analyse(text).suggestions, unsafe)
        fixed = apply_suggestions(text, chosen)
        out.append((text, chosen, fixed))
        if fixed == text:
            break
        text = fixed
    return out


@FUZZ
@given(texts)
@example("İİİ the Center East İ stated")
@example("\u0130stated Center East")
@example("Center\u0301 East")
def test_suggestions_have_valid_offsets(text):
    analysis = CLEANER.analyse(text)
    for s in analysis.suggestions:
        assert 0 <= s.start <= s.end <= len(text), s
        assert text[s.start:s.end] == s.original, s
        assert isinstance(s.replacement, str)


@FUZZ
@given(texts, st.booleans())
@example("The İİ Center East talks", False)
def test_text_outside_the_fixes_is_unchanged(text, unsafe):
    for before, chosen, after in passes(text, unsafe):
        spans = sorted((s.start, s.end, s.replacement) for s in chosen)
        for (_, e1, _), (s2, _, _) in zip(spans, spans[1:]):
            assert e1 <= s2, "overlapping fixes"
        rebuilt, pos = [], 0
        for s, e, rep in spans:
            rebuilt += [before[pos:s], rep]
            pos = e
        rebuilt.append(before[pos:])
        assert after == "".join(rebuilt)


@FUZZ
@given(texts, st.booleans())
@example("Mr Blinken stated his message. The Center East.", True)
def test_fixing_twice_is_fixing_once(text, unsafe):
    once = CLEANER.fix(text, unsafe)
    assert CLEANER.fix(once, unsafe) == once


@FUZZ
@given(texts)
def test_text_without_suggestions_is_returned_unchanged(text):
    if not select(CLEANER.analyse(text).suggestions, unsafe=True):
        assert CLEANER.fix(text, unsafe=True) == text


@settings(max_examples=60, deadline=None)
@given(encodable, st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from([b"", codecs.BOM_UTF8]))
def test_fix_w_writes_exactly_what_the_engine_fixes(text, newline, bom):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", newline)
    data = bom + text.encode("utf-8")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.txt"
        p.write_bytes(data)
        res = process(str(p), Job(mode="write"), CLEANER)
        assert res.error is None and res.notice is None
        assert p.read_bytes() == bom + CLEANER.fix(text).encode("utf-8")
        assert res.changed == (CLEANER.fix(text) != text)


@settings(max_examples=60, deadline=None)
@example("\ufeffstated", 4, "utf-8")
@example("0.33 birthday celebration\r\n", 6, "utf-8")  # no separator in reach: the hard cut must not split CRLF
@example("00000\r\ncenter eastcenter eastcenter eastcenter eastcenter eastcenter eastcenter eastcenter east"
         "center eastfolks\u0130", 4, "utf-32-be")  # a CR that ends the decoded buffer: its LF is still to come
@given(encodable, st.integers(min_value=4, max_value=64), st.sampled_from(["utf-8", "utf-16-le", "utf-32-be"]))
def test_pieces_of_a_stream_join_to_the_file(text, chunk_chars, codec):
    bom = {"utf-8": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    data = bom + (text * 20).encode(codec)
    got = list(iter_text(io.BytesIO(data), chunk_chars=chunk_chars))
    pieces, enc = [p for p, _ in got], got[0][1]
    assert enc.bom + "".join(pieces).encode(codec) == data  # a text starting with U+FEFF: that is the BOM
    for a, b in zip(pieces, pieces[1:]):
        assert not (a.endswith("\r") and b.startswith("\n"))


@given(st.text(alphabet="ab1 _'’.,\t\né-“", max_size=16), st.data())
@settings(max_examples=400, deadline=None)
def test_context_scans_agree_with_the_token_regex(text, data):
    """The character scans that find the word next to a match give the tokenizer's answer."""
    from cleaner.context import _TOKEN, _scan_back, _scan_forward

    lo = data.draw(st.integers(0, len(text)))
    at = data.draw(st.integers(lo, len(text)))
    tokens = _TOKEN.findall(text, lo, at)
    assert _scan_back(text, at, lo) == (tokens[-1] if tokens else None)
    assert _scan_forward(text, lo, at) == (tokens[0] if tokens else None)


# Long texts are weighed stretch by stretch (evidence.stretches). With the threshold lowered, the
# random texts here are cut too, so the offsets of the stretches (mapped back through mojibake
# repairs, and carried through fixes) are exercised.
dense = st.lists(st.one_of(rule_phrase, rule_phrase, rule_phrase, st.sampled_from(SPECIAL)), min_size=8, max_size=30).map(" ".join)
plain = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9), min_size=30, max_size=200).map(" ".join)
paragraphs = st.tuples(st.lists(st.one_of(dense, plain, texts), min_size=2, max_size=8),
                       st.sampled_from(["\n\n", "\r\n\r\n", "\n \n", "\n\n\n"])).map(lambda t: t[1].join(t[0]))


@FUZZ
@given(paragraphs, st.booleans())
@example("stated folks stated\n\nplain words here\n\nCenter East stated folks Ã© stated", False)
# "growing requires" becomes "growing calls for", whose "calls for" must not become "demands" next time
@example("stated folks stated stated folks\n\nstated folks growing requires", True)
def test_stretches_cover_the_text_and_fixing_twice_is_fixing_once(text, unsafe):
    from unittest import mock

    from cleaner import engine

    with mock.patch.object(engine, "SEGMENT_WORDS", 3):
        analysis = CLEANER.analyse(text)
        if analysis.parts:
            bounds = [(a, b) for a, b, _ in analysis.parts]
            assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
            assert all(b1 == a2 for (_, b1), (a2, _) in zip(bounds, bounds[1:]))
            assert all(a <= b for a, b in bounds)
        for s in analysis.suggestions:
            assert text[s.start:s.end] == s.original
        once = CLEANER.fix(text, unsafe)
        assert CLEANER.fix(once, unsafe) == once


@given(texts)
@settings(max_examples=300, deadline=None)
def test_mojibake_precheck_agrees_with_the_full_pattern(text):
    # needs_repair tests the suspect pattern only where a lead character stands; every match of
    # the pattern starts with one, so that is the answer of a search over the whole text
    from cleaner.normalise import _SUSPECT, needs_repair

    assert needs_repair(text) == (_SUSPECT.search(text) is not None)


SCAN_KEYS = ["war", "center east", "u.s.", "1 / 4 of", "israel", "café", "re", "well being ministry", "a", "snake_case"]


def _whole_word_occurrences(subject: str, key: str) -> list[tuple[int, int]]:
    """Every occurrence of ``key`` in ``subject`` with its words matching any run of spaces, not
    inside a word: no letter, digit, "_" or "-" on either side, nor an apostrophe before."""
    import re

    pattern = re.compile("(?=(" + " +".join(map(re.escape, key.split(" "))) + "))")
    out = []
    for m in pattern.finditer(subject):
        a, b = m.start(1), m.end(1)
        if a and (subject[a - 1].isalnum() or subject[a - 1] in "_-'"):
            continue
        if b < len(subject) and (subject[b].isalnum() or subject[b] in "_-"):
            continue
        out.append((a, b))
    return out


@given(st.lists(st.one_of(st.sampled_from(SCAN_KEYS + ["Israel's", "software", "who're", "post-war", "war_",
                                                        "center  east", "U.S. ", "1 / 4 of", "cafés", "é", "\u0130", "\x01",
                                                        "snakeécase", "snake_case"]),
                          pieces), max_size=20).map("".join))
@settings(max_examples=300, deadline=None)
def test_automaton_reports_exactly_the_whole_word_occurrences(text):
    # the automaton reads the text with every non-word character as a space and looks for each
    # key with a space on each side; that must find what a plain search with boundary tests finds
    from cleaner.matcher import SPUN, Automaton, fold, scan

    lowered = text.lower()
    if len(lowered) != len(text):
        return  # the matcher lowers such text character by character (see PhraseMatcher.find)
    subject = fold(lowered)
    ac = Automaton({k: SPUN for k in SCAN_KEYS})
    got = sorted((st, st - neg) for st, neg in scan(ac, subject))
    want = sorted(span for k in SCAN_KEYS for span in _whole_word_occurrences(subject, k))
    assert got == want
