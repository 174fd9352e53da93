"""The on-disk cache of parsed wordlists and built matchers (cleaner/cache.py): a second start
reads what the first one made, and the output never depends on whether it did."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import cache, wordlist
from cleaner.engine import Cleaner
from cleaner.matcher import PhraseMatcher

TEXT = "They met in the Center East, and the warfare cupboard stated no.\n"
WANT = "They met in the Middle East, and the war cabinet said no.\n"
LIST = "center east => Middle East  tier=safe\nstated => said  tier=safe\nwarfare cupboard => war cabinet  tier=safe\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(where))
    return where


def _list(tmp_path, text=LIST):
    p = tmp_path / "mine.txt"
    p.write_text(text, encoding="utf-8")
    return p


def _fail(*args, **kwargs):
    raise AssertionError("the cache should have answered")


def test_a_second_engine_comes_from_the_cache_and_cleans_the_same(tmp_path, cache_dir, monkeypatch):
    lst = _list(tmp_path)
    assert Cleaner.from_wordlists([lst], bundled=False).fix(TEXT) == WANT
    kinds = sorted(p.name.split("-")[0] for p in cache_dir.glob("*.pickle"))
    assert kinds == ["matcher", "wordlist"]
    # neither the parser nor the matcher builder may run now
    monkeypatch.setattr(wordlist, "parse", _fail)
    monkeypatch.setattr(PhraseMatcher, "build", _fail)
    again = Cleaner.from_wordlists([lst], bundled=False)
    assert again.fix(TEXT) == WANT
    assert [s.replacement for s in again.suggest(TEXT)] == ["Middle East", "war cabinet", "said"]


def test_an_edited_wordlist_is_read_again(tmp_path, cache_dir):
    lst = _list(tmp_path)
    assert Cleaner.from_wordlists([lst], bundled=False).fix(TEXT) == WANT
    lst.write_text(LIST.replace("=> said", "=> told"), encoding="utf-8")
    assert Cleaner.from_wordlists([lst], bundled=False).fix(TEXT) == WANT.replace("said", "told")


def test_a_damaged_entry_is_passed_over(tmp_path, cache_dir):
    lst = _list(tmp_path)
    Cleaner.from_wordlists([lst], bundled=False).fix(TEXT)
    for p in cache_dir.glob("*.pickle"):
        p.write_bytes(p.read_bytes()[:100])  # cut short, as a full disk or a crash would leave it
    assert Cleaner.from_wordlists([lst], bundled=False).fix(TEXT) == WANT


def test_off_writes_nothing_and_an_unusable_directory_is_no_error(tmp_path, monkeypatch):
    lst = _list(tmp_path)
    monkeypatch.setenv("CLEANER_CACHE_DIR", "off")
    assert cache.directory() is None
    assert Cleaner.from_wordlists([lst], bundled=False).fix(TEXT) == WANT
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocked / "cache"))
    assert Cleaner.from_wordlists([lst], bundled=False).fix(TEXT) == WANT
    assert blocked.read_text(encoding="utf-8") == "not a directory"


def test_a_wordlist_error_is_reported_whether_or_not_a_good_version_was_cached(tmp_path, cache_dir):
    lst = _list(tmp_path)
    Cleaner.from_wordlists([lst], bundled=False)
    lst.write_text(LIST + "broken line without an arrow\n", encoding="utf-8")
    with pytest.raises(wordlist.WordlistError, match=r"mine\.txt:4: "):
        Cleaner.from_wordlists([lst], bundled=False)


def test_old_entries_are_dropped(tmp_path, cache_dir):
    for i in range(cache.KEEP + 4):
        cache.put("wordlist", str(i).encode(), i)
    assert len(list(cache_dir.glob("wordlist-*.pickle"))) == cache.KEEP
    assert cache.get("wordlist", str(cache.KEEP + 3).encode()) == cache.KEEP + 3


def test_the_cli_gives_the_same_output_with_a_cold_and_a_warm_cache(tmp_path):
    seed = Path(__file__).parent.parent / "seeds" / "blinken.spun.txt"
    env = dict(os.environ, CLEANER_CACHE_DIR=str(tmp_path / "cache"))
    runs = [subprocess.run([sys.executable, "-m", "cleaner", "fix", str(seed)], env=env,
                           capture_output=True, text=True, encoding="utf-8") for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0] and runs[0].stderr == runs[1].stderr == ""
    assert runs[0].stdout == runs[1].stdout and "Middle East" in runs[0].stdout
    assert {p.name.split("-")[0] for p in (tmp_path / "cache").glob("*.pickle")} == {"wordlist", "matcher"}
