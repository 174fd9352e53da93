"""The shipped wordlists are well-formed, and the checker itself catches each kind of error."""
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.wordlist import WordlistError, bundled_paths, lint, load, parse, phrase_key


def test_bundled_lists_exist_and_lint_clean():
    paths = bundled_paths()
    assert paths, "no bundled wordlists found"
    assert lint(paths) == []


def test_bundled_rules_have_replacements_that_differ():
    for p in bundled_paths():
        for r in load(p).rules:
            assert r.replacement.strip()
            assert phrase_key(r.replacement) != r.key, r.origin


@pytest.mark.parametrize(
    "text, message",
    [
        ("center east Middle East", "expected 'spun => canonical"),
        ("center east => Middle East tier=sure", "tier must be safe, review or display"),
        ("center east => Middle East colour=red", "unknown field 'colour'"),
        ("center east => Middle East conf=2", "conf must be a number between 0 and 1"),
        ("center east =>  tier=safe", "empty replacement"),
        ("stated => said near=@nosuch", "unknown class '@nosuch'"),
        ("stated => said pos=adverb", "pos must be one of"),
        ("stated => said window=99", "window must be a whole number"),
        ("assist => help  choose=best", "choose must be one of"),
        ("assist => help  choose=context", "choose=context needs alternatives"),
        ("/colou(r/ => color", "bad regular expression"),
        ("/colou?r/ => color  pos=verb", "pos= does not apply to a regular-expression rule"),
    ],
)
def test_parse_errors_name_file_and_line(text, message):
    with pytest.raises(WordlistError) as e:
        parse("# header\n" + text + "\n", "lists/x.txt")
    assert str(e.value).startswith("lists/x.txt:2: ")
    assert message in str(e.value)


def _lint_text(tmp_path: Path, text: str) -> list[str]:
    f = tmp_path / "list.txt"
    f.write_text(text, encoding="utf-8")
    return [str(p) for p in lint([f])]


def test_lint_catches_unsorted(tmp_path):
    out = _lint_text(tmp_path, "b => c\na => d\n")
    assert any(":2: not sorted" in p for p in out)


def test_lint_catches_duplicates(tmp_path):
    out = _lint_text(tmp_path, "a => b\na => b tier=safe\n")
    assert any(":2: duplicate of line 1" in p for p in out)


def test_lint_allows_same_phrase_with_different_conditions(tmp_path):
    assert _lint_text(tmp_path, "assist => aid after=humanitarian\nassist => support\n") == []


def test_lint_catches_cycles(tmp_path):
    out = _lint_text(tmp_path, "big => large\nlarge => big\n")
    assert any("cycle" in p for p in out)


def test_lint_catches_chained_replacement(tmp_path):
    out = _lint_text(tmp_path, "a => b\nb => c\n")
    assert any("is itself a spun form" in p for p in out)


def test_lint_catches_an_expression_whose_match_ends_in_a_space(tmp_path):
    # the replacement is trimmed, so "components of the" would come out as "parts ofthe"
    out = _lint_text(tmp_path, "/(?i)\\bcomponents of (?=(?:the )?country\\b)/ => parts of\n")
    assert any(":1: the expression's match ends in a space" in p for p in out)
    # the space inside the lookahead is fine, and so is a lookahead that ends a match on a word
    assert _lint_text(tmp_path, "/(?i)\\bcomponents of(?= (?:the )?country\\b)/ => parts of\n") == []
    assert _lint_text(tmp_path, "/(?i)\\bfoo (bar)(?=x)(?!y)/ => baz \\1\n") == []
    # a closing word boundary does not hide the space before a lookahead
    out = _lint_text(tmp_path, "/(?i)\\bperformed (?=behind|at)\\b/ => played\n")
    assert any(":1: the expression's match ends in a space" in p for p in out)


def test_cli_lint_reports_and_exit_codes(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("zeta => z\nalpha => a\n", encoding="utf-8")
    assert main(["wordlists", "lint", str(bad)]) == 1
    assert f"{bad}:2: not sorted" in capsys.readouterr().out
    assert main(["wordlists", "lint", "--fix", str(bad)]) == 0
    assert bad.read_text(encoding="utf-8") == "alpha => a\nzeta => z\n"
    assert main(["wordlists", "lint"]) == 0


def test_lint_fix_keeps_a_last_rule_without_a_line_break_whole(tmp_path):
    # a file whose last line has no line break: moved up by sorting, that rule must not run into
    # the rule after it ("home => House ...home costs => ...")
    from cleaner.wordlist import load

    wl = tmp_path / "mine.txt"
    wl.write_text("home costs => house prices\nyr => year\nhome => House", encoding="utf-8")
    assert main(["wordlists", "lint", "--fix", str(wl)]) == 0
    assert wl.read_text(encoding="utf-8") == "home => House\nhome costs => house prices\nyr => year\n"
    assert [r.key for r in load(wl).rules] == ["home", "home costs", "yr"]


def test_user_wordlist_is_used(tmp_path, capsys):
    wl = tmp_path / "mine.txt"
    wl.write_text("# my rules\nfrobnicated => fixed  tier=safe\n", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("It was frobnicated.\n", encoding="utf-8")
    assert main(["fix", "--wordlist", str(wl), str(src)]) == 0
    assert capsys.readouterr().out == "It was fixed.\n"


def test_regular_expression_rule_with_groups(tmp_path, capsys):
    wl = tmp_path / "mine.txt"
    wl.write_text("/\\b[Cc]olou?r(s?)\\b/ => hue\\1  tier=safe\n", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("Colours, a colour and a color; not discoloured.\n", encoding="utf-8")
    assert main(["fix", "--wordlist", str(wl), str(src)]) == 0
    assert capsys.readouterr().out == "Hues, a hue and a hue; not discoloured.\n"


def test_regular_expression_rules_are_skipped_only_when_a_literal_they_need_is_absent(tmp_path, capsys):
    from cleaner.engine import needles

    assert needles(r"\b([A-Za-z]+)-12 months\b") == ("-12 months",)
    assert needles(r"\b(?:Arduous|Laborious)-(line|won)\b") == ("Arduous", "Laborious")  # case kept
    assert needles(r"(?i)\bwell being-([a-z]+)") == ("\0well being-",)  # looked for in lower case
    assert needles(r"(a|aa)+$") == ()  # nothing it always needs
    assert needles(r"\p{Lu}+") == ()  # syntax only the regex module knows: always run
    # the needle is compared in lower case, so a case-insensitive rule still sees upper-case text
    wl = tmp_path / "mine.txt"
    wl.write_text("/(?i)\\bwell being-([a-z]+)\\b/ => health-\\1  tier=safe\n", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("WELL BEING-CARE and Well being-related costs.\n", encoding="utf-8")
    assert main(["fix", "--no-default-wordlists", "--wordlist", str(wl), str(src)]) == 0
    assert capsys.readouterr().out == "HEALTH-CARE and Health-related costs.\n"
    # a case-sensitive needle ("Class "), which the matcher finds in its lower-cased text: the
    # rule still runs, and still matches case-sensitively
    wl.write_text("/\\bClass ([1-5])\\s+storm\\b/ => Category \\1 storm  tier=safe\n", encoding="utf-8")
    src.write_text("A Class 4\nstorm, a class 3 storm.\n", encoding="utf-8")
    assert main(["fix", "--no-default-wordlists", "--wordlist", str(wl), str(src)]) == 0
    assert capsys.readouterr().out == "A Category 4\nstorm, a class 3 storm.\n"


def test_regular_expression_rules_run_near_their_needles_as_on_the_whole_text():
    """A rule with a needle runs only around each occurrence of it; what it finds is what a run
    over the whole text finds: matches across a line break, at the very start and end, far apart."""
    import random

    import regex

    from cleaner.engine import Cleaner
    from cleaner.wordlist import parse

    rule = "/\\b([A-Za-z]+)-12\\s+months\\b/ => \\1-year  tier=safe\n"
    engine = Cleaner(parse(rule, "mine.txt").rules, fuzzy=False, normalise=False)
    rng = random.Random(7)
    filler = "Plain words about nothing much, with no needle in them at all and a few more. "
    parts = ["five-12 months plans"]
    for _ in range(60):
        parts.append(filler * rng.randint(0, 40))
        parts.append(rng.choice(["a two-12\nmonths deal", "the ten-12 months wait", "six-12  months",
                                 "a 6-12 months range", "x-12 monthsly"]))
    parts.append("and a three-12 months")
    text = " ".join(parts)
    found = [(s.start, s.end, s.replacement) for s in engine.suggest(text)]
    whole = [(m.start(), m.end(), m.expand("\\1-year"))
             for m in regex.finditer(r"\b([A-Za-z]+)-12\s+months\b", text)]
    assert found == whole and len(whole) > 40


def test_catastrophic_regular_expression_is_dropped_not_hung(tmp_path):
    """(a|aa)+$ on forty a's backtracks for minutes; the rule's time limit stops it."""
    import subprocess
    import sys
    import time

    wl = tmp_path / "mine.txt"
    wl.write_text("/(a|aa)+$/ => x  tier=safe\n", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("the Center East " + "a" * 40 + "!\n", encoding="utf-8")
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "cleaner", "fix", "--wordlist", str(wl), str(src)],
                       capture_output=True, text=True, timeout=120)
    assert time.monotonic() - t0 < 60
    assert r.returncode == 0
    assert r.stdout == "the Middle East " + "a" * 40 + "!\n"  # the other rules still ran
    assert f"{wl}:1: regular expression took longer than" in r.stderr and "Traceback" not in r.stderr



def test_committed_inflection_table_matches_lemminflect_for_the_bundled_lists():
    """cleaner/data/inflections.tsv is what scripts/build_inflections.py makes from the bundled lists
    (re-run the script after changing a pos= rule)."""
    import importlib.util

    script = Path(__file__).parent.parent / "scripts" / "build_inflections.py"
    spec = importlib.util.spec_from_file_location("build_inflections", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    committed = [tuple(line.rstrip("\n").split("\t")) for line in mod.OUT.read_text(encoding="utf-8").splitlines()
                 if not line.startswith("#")]
    assert committed == mod.rows()


def test_user_pos_rule_words_missing_from_the_table_are_inflected_by_lemminflect(tmp_path):
    from cleaner import Cleaner

    wl = tmp_path / "mine.txt"
    wl.write_text("bequeath => give  pos=verb  tier=safe\n", encoding="utf-8")
    engine = Cleaner.from_wordlists([wl], bundled=False)
    assert engine.fix("She bequeathed it and he is bequeathing more.") == "She gave it and he is giving more."


def test_a_class_may_name_a_class_defined_above(tmp_path):
    from cleaner import Cleaner
    from cleaner.wordlist import WordlistError, load

    wl = tmp_path / "c.txt"
    wl.write_text("@class months = may june\n@class dated = @months day\n"
                  "1 => one  not-after=@dated  tier=safe\n", encoding="utf-8")
    engine = Cleaner.from_wordlists([wl], bundled=False)
    assert engine.fix("On June 1 and day 1 we met 1 man.") == "On June 1 and day 1 we met one man."
    bad = tmp_path / "bad.txt"
    bad.write_text("@class dated = @later day\n@class later = x\n", encoding="utf-8")
    with pytest.raises(WordlistError, match=r"bad\.txt:1: unknown class '@later'"):
        load(bad)


def test_audit_lists_safe_phrases_that_may_be_clean_english(tmp_path):
    import subprocess
    import sys

    wl = tmp_path / "mine.txt"
    wl.write_text("a agency => a company  tier=safe\n"
                  "family budgets => household budgets  tier=safe\n"
                  "legal community => criminal network  after=the  tier=safe\n"
                  "the reason for the crash => the cause of the crash  tier=review\n"
                  "well being ministry => health ministry  tier=safe\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cleaner", "wordlists", "audit", str(wl)],
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    # only the unconditional safe phrase made of word pairs English uses; not the one with an
    # article of the wrong sound, the conditional one, the review one, or the spun one
    assert lines == [f"{wl}:2: safe rule 'family budgets' may be clean English (the bigram model has seen "
                     "every word pair in it): check it, or use tier=review"]
    wl.write_text("well being ministry => health ministry  tier=safe\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "cleaner", "wordlists", "audit", str(wl)],
                       capture_output=True, text=True)
    assert (r.returncode, r.stdout) == (0, "")
