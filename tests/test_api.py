"""The library API pipelines call: clean_text -> Result, load_cleaner, a picklable Cleaner."""
import pickle
from pathlib import Path

import pytest

import cleaner
from cleaner import Result, apply_suggestions, clean_text, load_cleaner
from cleaner.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine():
    return cleaner.Cleaner.from_wordlists()


def test_result_is_the_fixed_text_and_explains_itself(engine):
    res = clean_text(SEED, cleaner=engine)
    assert isinstance(res, Result) and isinstance(res, str)
    assert res == engine.fix(SEED) and res.text == str(res) and type(res.text) is str
    assert res.changed and len(res.fixes) > 30
    assert all(SEED[s.start:s.end] == s.original for s in res.fixes)
    assert apply_suggestions(SEED, res.fixes) == engine.analyse(SEED).fixed()  # the first pass of fixing
    assert all(s.applicability is cleaner.Applicability.SAFE for s in res.fixes)
    assert set(res.fixes) <= set(res.suggestions)
    assert 0.5 < res.spin_score <= 1  # the seed is spun


def test_unsafe_applies_more(engine):
    safe, unsafe = clean_text(SEED, cleaner=engine), clean_text(SEED, unsafe=True, cleaner=engine)
    assert len(unsafe.fixes) > len(safe.fixes)
    assert unsafe == engine.fix(SEED, unsafe=True)


def test_clean_text_unchanged_and_default_engine():
    text = "A plain sentence about the weather.\n"
    res = clean_text(text)
    assert res == text and not res.changed and res.fixes == [] and res.spin_score < 0.5
    assert clean_text("the Center East") == "the Middle East"  # the default engine, built once
    assert cleaner.default_cleaner() is cleaner.default_cleaner()


def test_result_pickles(engine):
    res = clean_text("Talks in the Center East.", cleaner=engine)
    back = pickle.loads(pickle.dumps(res))
    assert back == res and back.fixes == res.fixes and back.spin_score == res.spin_score
    assert "fixes=1" in repr(back)


def test_load_cleaner_from_config(tmp_path):
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.cleaner]\nignore = ["center east"]\nfuzzy = false\n', encoding="utf-8")
    engine = load_cleaner(cfg)
    assert engine.fuzzy is False
    assert clean_text("the Center East", cleaner=engine) == "the Center East"
    assert clean_text("the State division", cleaner=engine) == "the State Department"
    copy = pickle.loads(pickle.dumps(engine))  # what a worker receives: rules, then its own matcher
    assert copy.fix("the Center East and the State division") == engine.fix("the Center East and the State division")
    cfg.write_text('[tool.cleaner]\nfuzz = false\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'fuzz'"):
        load_cleaner(cfg)
