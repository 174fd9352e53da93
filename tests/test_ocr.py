"""The OCR stage (cleaner.ocr): golden cases as data, invariants, clean text, CLI, eval, noise."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from cleaner import ocr
from cleaner.engine import Cleaner
from cleaner.ocr_eval import cer_wer
from cleaner.ocr_model import CONFUSIONS, DATA, LEXICON, model
from cleaner.suggestion import Applicability, tier_for

ROOT = Path(__file__).resolve().parent.parent
CASES = json.loads((ROOT / "tests" / "data" / "ocr_cases.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from ocr_noise import noise  # noqa: E402


@pytest.fixture(scope="module")
def with_ocr() -> Cleaner:
    return Cleaner.from_wordlists(ocr=True)


@pytest.fixture(scope="module")
def without_ocr() -> Cleaner:
    return Cleaner.from_wordlists()


@pytest.mark.parametrize("case", CASES["fix"], ids=lambda c: c["label"])
def test_fixes(case, with_ocr):
    assert with_ocr.fix(case["original"]) == case["fixed"]


@pytest.mark.parametrize("case", CASES["fix"], ids=lambda c: c["label"])
def test_fixing_twice_is_fixing_once(case, with_ocr):
    once = with_ocr.fix(case["original"])
    assert with_ocr.fix(once) == once


@pytest.mark.parametrize("case", CASES["fix"], ids=lambda c: c["label"])
def test_off_without_ocr(case, without_ocr):
    text = case["original"]
    assert not any(s.rule.startswith("ocr:") for s in without_ocr.suggest(text))


@pytest.mark.parametrize("case", CASES["keep"], ids=lambda c: c["label"])
def test_keeps(case, with_ocr):
    text = case["text"]
    assert with_ocr.fix(text) == text
    assert with_ocr.fix(text, unsafe=True) == text


def test_suggestion_shape():
    text = "Tbe cat sat ofthe mat, the infor-\nmation is qnite moſt good."
    found = ocr.suggest(text)
    rules = {s.rule for s in found}
    assert {"ocr:confusion", "ocr:split", "ocr:hyphenation", "ocr:long-s"} <= rules
    for s in found:
        assert text[s.start:s.end] == s.original
        assert s.applicability is tier_for(s.confidence)
        assert s.origin and s.message
        assert 0 <= s.confidence <= 1


def test_alternatives_and_review_tier():
    # "bo" between two words that fit several readings: proposed, but not as a sure thing
    found = ocr.suggest("a bo")
    assert all(s.applicability is not Applicability.SAFE for s in found)


WORDS = ["the", "tbe", "cat", "ofthe", "qnite", "shaU", "Blinken", "1ike", "infor-", "mation", "moſt", "ﬁne",
         "govern", "ment", "aud", "10am", ".", ",", "\n", "  ", "’s", "don't", "http://x.org/tbe"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30))
def test_offsets_always_valid_and_no_overlap(words):
    text = " ".join(words)
    found = ocr.suggest(text)
    last = -1
    for s in found:
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start:s.end] == s.original
        assert s.start >= last
        last = s.end


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="tbheo aU1l'’ſﬁ-\n.", max_size=40))
def test_any_characters_terminate_with_valid_offsets(text):
    # glued apostrophes, long s and ligatures once made the token locator loop for ever
    for s in ocr.suggest(text):
        assert 0 <= s.start <= s.end <= len(text) and text[s.start:s.end] == s.original


def test_token_after_apostrophe_and_long_s_is_left_alone():
    found = ocr.suggest("a'ſb tbe")  # WORD splits "a" / "ſb"; the locator cannot place "ſb" as a whole token
    assert [(s.original, s.replacement) for s in found] == [("tbe", "the")]
    assert found[0].start == 5


def _words_changed(a: str, b: str) -> int:
    import difflib

    sm = difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal")


LICENCES = sorted(p for p in Path("/usr/share/common-licenses").glob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.skipif(not LICENCES, reason="no licence texts on this machine")
def test_clean_english_is_left_alone(with_ocr, without_ocr):
    words = changed = 0
    for p in LICENCES:
        text = p.read_text(encoding="utf-8")
        words += len(text.split())
        changed += _words_changed(without_ocr.fix(text), with_ocr.fix(text))
    assert words > 10_000
    assert changed / words <= 1 / 10_000


def test_synthetic_ocr_gets_better():
    truth = " ".join(c["fixed"] for c in CASES["fix"]) + " " + " ".join(c["text"] for c in CASES["keep"][:3])
    truth = truth * 3
    noisy = noise(truth, "heavy", seed=7)
    fixed = Cleaner.from_wordlists(ocr=True).fix(noisy)
    r = cer_wer(noisy, truth, fixed)
    assert r["cer_before"] > 0.02
    assert r["cer_after"] < r["cer_before"]


def test_cli_fix_ocr(tmp_path, capsys):
    f = tmp_path / "page.txt"
    f.write_text("Tbe cat sat ofthe mat.\nThe infor-\nmation is here.\n", encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "cleaner", *a], capture_output=True, text=True, cwd=ROOT)
    on = run("fix", "--ocr", str(f))
    assert on.returncode == 0, on.stderr
    assert on.stdout == "The cat sat of the mat.\nThe information\nis here.\n"
    from cleaner.cli import main

    assert main(["fix", str(f)]) == 0
    assert capsys.readouterr().out == f.read_text(encoding="utf-8")


def test_cer_wer_by_hand():
    r = cer_wer("tbe cat", "the cat", "the cat")
    assert r["cer_before"] == pytest.approx(1 / 7)
    assert r["wer_before"] == pytest.approx(1 / 2)
    assert r["cer_after"] == r["wer_after"] == 0
    assert r["cer_reduction"] == 1
    # white space is compared as single spaces: a moved line break is no error
    assert cer_wer("a\nb", "a b", "a  b")["cer_after"] == 0
    worse = cer_wer("the cat", "the cat", "tho cat")
    assert worse["cer_after"] > worse["cer_before"] == 0


def test_noise_is_deterministic_and_damaging():
    text = "The government announced the information in the morning, and the people were quite happy. " * 20
    a, b = noise(text, "heavy", 3), noise(text, "heavy", 3)
    assert a == b != text
    assert noise(text, "heavy", 4) != a
    heavy = cer_wer(noise(text, "heavy", 1), text, text)["cer_before"]
    light = cer_wer(noise(text, "light", 1), text, text)["cer_before"]
    assert 0 < light < heavy


def test_confusion_table_well_formed():
    lines = [ln for ln in (DATA / CONFUSIONS).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    assert lines == sorted(lines)
    pairs = [ln.split("\t") for ln in lines]
    assert all(len(p) == 3 and p[0] != p[1] and 0 < float(p[2]) < 20 for p in pairs)
    assert len({(p[0], p[1]) for p in pairs}) == len(pairs)


def test_lexicon_well_formed():
    m = model()
    rows = [ln.split("\t") for ln in (DATA / LEXICON).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    freqs = [int(r[1]) for r in rows]
    assert freqs == sorted(freqs, reverse=True)
    assert len({r[0] for r in rows}) == len(rows)
    assert {r[2] for r in rows} == {"v", "w"}
    # no correction the real-word map proposes is itself a weak (possibly damaged) word
    assert all(c in m.valid for targets in m.realword.values() for c in targets)


def test_stray_opening_quote_from_tesseract_is_removed_but_real_quotes_stay():
    from cleaner import apply_suggestions
    from cleaner.ocr import suggest as ocr_suggest

    page = "‘The licence says ‘240 copies may be made.\n\nShe called it ‘fair’ and left.\n"
    found = [(s.original, s.replacement, s.rule) for s in ocr_suggest(page)]
    assert found == [("‘", "", "ocr:stray-quote"), ("‘", "", "ocr:stray-quote")]
    fixed = apply_suggestions(page, ocr_suggest(page))
    assert fixed == "The licence says 240 copies may be made.\n\nShe called it ‘fair’ and left.\n"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(w for w in model().valid if len(w) >= 5 and w.isalpha())[::97]),
       st.integers(0, 30), st.sampled_from("abcdefghijklmnopqrstuvwxyz"), st.sampled_from(["sub", "ins", "del"]))
def test_pruned_edit_search_finds_what_brute_force_finds(word, i, ch, op):
    i %= len(word)
    key = {"sub": word[:i] + ch + word[i + 1:], "ins": word[:i] + ch + word[i:], "del": word[:i] + word[i + 1:]}[op]
    m = model()
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(key[:k], key[k:]) for k in range(len(key) + 1)]
    brute = {a + b[1:] for a, b in splits if b}
    brute |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    brute |= {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters}
    brute.discard(key)
    inserts = {a + c + b for a, b in splits for c in letters}
    expected = brute & m.valid if len(key) >= 5 else inserts & m.valid if len(key) == 4 else set()
    assert set(m.edit_candidates(key)) == expected


@given(st.text(alphabet="ab '’\n\t-é.x", max_size=80), st.data())
@settings(max_examples=400, deadline=None)
def test_word_before_scan_agrees_with_its_regex(text, data):
    from cleaner.ocr import _ANY_BEFORE, _before

    s = data.draw(st.integers(0, len(text)))
    mt = _ANY_BEFORE.search(text, max(0, s - 60), s)
    assert _before(text, s) == ((mt.group(1), mt.start(1), "\n" not in mt.group(0)) if mt else None)


LONG_S_PAGE = (
    "The Committee of the Houfe of Commons, having confidered the ftate of the nation, refolved "
    "that the faid bill fhould pafs. It was the firft time that fuch a thing had been faid, and "
    "feveral members were fure that they could not fee the fame reafon for delay.")


def test_long_s_printing_is_read_back_as_s(with_ocr):
    fixed = with_ocr.fix(LONG_S_PAGE)
    for right in ("House of Commons", "considered the state", "resolved that the said bill should",
                  "first time that such", "several members were sure", "could not see the"):
        assert right in fixed, (right, fixed)


def test_long_s_reading_needs_a_page_that_shows_it(with_ocr):
    # one word the lexicon lacks that reads as a common word with s for f is not long-s printing:
    # "liftings" (of sanctions) stays, as does a capitalised name, and real words with an f
    text = "Mr Fing said the liftings of the fee and the fame of the fort came after the sale."
    assert with_ocr.fix(text) == text
    # a name inside a sentence stays even on a long-s page unless the context wants a common word
    page = LONG_S_PAGE + " Mr. Wefton faid little."
    assert "Wefton" in with_ocr.fix(page)
