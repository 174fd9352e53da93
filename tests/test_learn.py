"""`cleaner learn`: a substitution a spinner made throughout a corpus is proposed; clean text of
the same kind does not propose it."""
import re
import subprocess
import sys
from pathlib import Path

from cleaner.learn import deviance, learn

DATA = Path(__file__).parent / "data"


def _original() -> str:
    gold = (DATA / "blinken.gold.txt").read_text(encoding="utf-8")
    return re.sub(r"\{\{\??([^{}|]*)\|([^{}|]*)[^{}]*\}\}", lambda m: m.group(2), gold)


def _corpora() -> tuple[list[str], list[str]]:
    clean = [_original()] * 20  # ~20,000 words: "said" is expected about 20 times
    spun = [re.sub(r"\bsaid\b", "stated", t) for t in clean]  # the spinner replaces every occurrence
    return clean, spun


def test_a_replaced_word_and_its_stand_in_are_found_only_in_the_spun_corpus():
    clean, spun = _corpora()
    found = {(p.spun, p.canonical) for p in learn(reread=lambda: iter(spun))}
    assert ("stated", "said") in found
    assert ("stated", "said") not in {(p.spun, p.canonical) for p in learn(reread=lambda: iter(clean))}


def test_deviance_is_zero_when_observed_matches_expected_and_grows_with_the_gap():
    assert deviance(10, 10.0) == 0.0
    assert deviance(0, 10.0) == 20.0
    assert deviance(40, 10.0) > deviance(20, 10.0) > 0


def test_cli_writes_a_wordlist_that_lints_and_reports_bad_paths(tmp_path):
    _, spun = _corpora()
    corpus = tmp_path / "site"
    corpus.mkdir()
    for i, text in enumerate(spun):
        (corpus / f"{i:02d}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "learned.txt"
    run = subprocess.run([sys.executable, "-m", "cleaner", "learn", "--all", str(corpus), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert any(line.startswith("stated => said  tier=review") for line in text.splitlines())
    lint = subprocess.run([sys.executable, "-m", "cleaner", "wordlists", "lint", str(out)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    # without --all, a stand-in the bundled lists already name is not proposed again
    again = subprocess.run([sys.executable, "-m", "cleaner", "learn", str(corpus)], capture_output=True, text=True)
    assert "stated => said" not in again.stdout
    missing = subprocess.run([sys.executable, "-m", "cleaner", "learn", str(tmp_path / "nope")], capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.startswith(str(tmp_path / "nope") + ": ")
    assert "Traceback" not in missing.stderr
