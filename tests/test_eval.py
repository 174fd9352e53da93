"""`cleaner eval` scores cleaned text against gold markup or an original, word by word."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import cli
from cleaner.evaluate import pair_case, parse_gold, score_case

DATA = Path(__file__).parent / "data"
GOLD = "The {{highest|top}} diplomat {{stated|said}} the {{warfare|war}} {{?significance|importance}} was {{Center East|Middle East}} news."
SPUN = "The highest diplomat stated the warfare significance was Center East news."


def test_gold_markup_parses_to_the_spun_text_and_word_segments():
    case = parse_gold("g", GOLD)
    assert case.spun == SPUN
    assert [(s.spun, s.alt_text, s.optional) for s in case.segments][3:] == [
        ("significance", ["importance"], True), ("Center East", ["Middle East"], False)]
    assert (case.segments[-1].a, case.segments[-1].b) == (8, 10)


def test_counts_hits_misses_wrong_edits_and_damage():
    case = parse_gold("g", GOLD)
    out = "The top diplomat said the battle significance was Middle Eastern news."
    s = score_case(case, out).summary()
    # top, said, Middle East... no: "Middle Eastern" is wrong; warfare -> battle wrong
    assert (s["tp"], s["fn"], s["fp_wrong"], s["fp_damage"]) == (2, 2, 2, 0)
    damaged = score_case(case, "The top diplomat said the war significance was Middle East gossip.").summary()
    assert (damaged["tp"], damaged["fn"], damaged["fp_damage"]) == (4, 0, 1)
    assert damaged["precision"] == pytest.approx(0.8)
    assert damaged["wrong_per_1000"] == pytest.approx(1000 / 12, abs=0.01)


def test_perfect_output_has_no_errors_and_unchanged_text_reduces_nothing():
    case = parse_gold("g", GOLD)
    perfect = score_case(case, "The top diplomat said the war significance was Middle East news.").summary()
    assert perfect["precision"] == perfect["recall"] == 1.0 and perfect["wer_after"] == 0.0
    assert perfect["error_reduction"] == 1.0
    idle = score_case(case, SPUN).summary()
    assert idle["recall"] == 0.0 and idle["error_reduction"] == 0.0 and idle["wer_before"] > 0.3


def test_optional_segment_fixed_counts_as_neither_hit_nor_miss():
    case = parse_gold("g", GOLD)
    s = score_case(case, "The top diplomat said the war importance was Middle East news.").summary()
    assert (s["tp"], s["fn"], s["fp_wrong"], s["fp_damage"]) == (4, 0, 0, 0)


def test_a_partly_repaired_segment_is_a_wrong_edit_counted_as_partial():
    # the shared scorer counts it wrong; eval also says it left the segment nearer the original
    case = pair_case("p", "There were quite a few individuals at the rally.", "There were many people at the rally.")
    s = score_case(case, "There were quite a few people at the rally.").summary()
    assert (s["tp"], s["fn"], s["fp_wrong"], s["fp_partial"]) == (0, 1, 1, 1)
    other = score_case(case, "There were quite a few folks at the rally.").summary()
    assert (other["fp_wrong"], other["fp_partial"]) == (1, 0)  # no nearer: a wrong word, not a partial repair
    assert score_case(case, "There were many people at the rally.").summary()["fp_partial"] == 0


def test_pair_alignment_finds_the_substitutions():
    case = pair_case("p", "He stated the warfare is over.", "He said the war is over now.")
    assert [(s.spun, s.alt_text) for s in case.segments] == [("stated", ["said"]), ("warfare", ["war"]), ("over", ["over now"])]
    s = score_case(case, "He said the war is over.").summary()
    assert (s["tp"], s["fn"], s["fp_damage"]) == (2, 1, 0)


def test_cli_on_the_seed_gold(capsys):
    assert cli.main(["eval", str(DATA / "blinken.gold.txt"), "--format", "json", "--tiers"]) == 0
    res = json.loads(capsys.readouterr().out)
    total = res["total"]
    assert total["segments"] > 150 and total["words"] > 1000
    assert total["wer_before"] > 0.2
    assert total["tp"] + total["fn"] == total["segments"]
    assert set(res["tiers"]) == {"safe", "review", "display"}
    assert res["tiers"]["safe"]["edits"] > 0


def test_cli_pair_text_and_show(tmp_path, capsys):
    spun, orig = tmp_path / "s.txt", tmp_path / "o.txt"
    spun.write_text("Mr Blinken stated his message to leaders was clear.\n", encoding="utf-8")
    orig.write_text("Mr Blinken said his message to leaders was clear.\n", encoding="utf-8")
    assert cli.main(["eval", "--pair", str(spun), str(orig), "--show"]) == 0
    out = capsys.readouterr().out
    assert "precision" in out and "error reduction" in out and str(spun) in out


def test_cli_reports_missing_files_and_no_input(tmp_path):
    r = subprocess.run([sys.executable, "-m", "cleaner", "eval", str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert r.returncode == 2 and "nope.txt: cannot read" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "cleaner", "eval"], capture_output=True, text=True)
    assert r.returncode == 2 and "--pair" in r.stderr


def _spinner():
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "spin.py"
    spec = importlib.util.spec_from_file_location("bench_spin", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_synthetic_spinner_is_consistent_and_its_gold_scores_perfectly():
    spin = _spinner()
    table = {"war": ["warfare"], "big": ["large"], "in the region": ["within the area"], "region": ["part"]}
    text = "War is big. The war in the region was big and the region was War-torn."
    spun, gold = spin.spin(text, seed=1, rate=1.0, table=table)
    assert spun == "Warfare is large. The warfare within the area was large and the part was Warfare-torn."
    case = parse_gold("spin", gold)
    assert case.spun == spun
    assert score_case(case, text).summary()["recall"] == 1.0
    # both directions: members replace each other, and a replacement is never spun again
    both = {"big": ["large"], "large": ["big"]}
    assert spin.spin("a big and a large dog", seed=0, rate=1.0, table=both)[0] == "a large and a big dog"


def test_synthetic_spinner_dictionary_is_separate_and_well_formed():
    spin = _spinner()
    groups = spin.load_groups(both=False)
    assert len(groups) > 3000
    assert all(src not in outs and outs for src, outs in list(groups.items())[::40])
    both = spin.load_groups(both=True)
    assert len(both) > len(groups)


def test_synthetic_spinner_leaves_braces_for_one_member_groups():
    spin = _spinner()
    spun, gold = spin.spin("the lone word and war", seed=0, rate=1.0, table={"lone": [], "war": ["warfare"]})
    assert spun == "the {lone} word and warfare"


def test_cli_pair_reports_character_error_rates_for_ocr(tmp_path, capsys):
    ocr, truth = tmp_path / "page.txt", tmp_path / "truth.txt"
    ocr.write_text("Tbe cat sat ofthe mat.\nThe infor-\nmation is here.\n", encoding="utf-8")
    truth.write_text("The cat sat of the mat.\nThe information\nis here.\n", encoding="utf-8")
    assert cli.main(["eval", "--ocr", "--format", "json", "--pair", str(ocr), str(truth)]) == 0
    rates = json.loads(capsys.readouterr().out)["error_rates"][str(ocr)]
    # "Tbe", "ofthe" and the hyphenation: 4 character edits in 48 characters before, none after
    assert rates["cer_before"] == pytest.approx(4 / 48)
    assert rates["cer_after"] == 0.0 and rates["cer_reduction"] == 1.0
    assert cli.main(["eval", "--pair", str(ocr), str(truth)]) == 0  # without --ocr nothing is repaired
    out = capsys.readouterr().out
    assert "CER 0.0833 -> 0.0833 (reduction 0.0%)" in out


def test_label_contextual_labels_each_proposal_against_the_original(tmp_path):
    """benchmarks/label_contextual.py: a proposal on a word the spinner changed is right when it
    gives back the original's word, other when it gives another; on a word it left, genuine."""
    import importlib.util

    path = Path(__file__).parent.parent / "benchmarks" / "label_contextual.py"
    spec = importlib.util.spec_from_file_location("label_contextual", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    spun = "The firm stated the well being plan was vital."
    orig = "The company said the health plan was important."
    got = mod.labels(spun, orig)
    assert got[spun.index("firm")] == ("spun", "company")
    assert got[spun.index("plan")] == ("genuine", "plan")
    assert got[spun.index("well")] == ("spun", "health")  # two words for one: the block's words
    # end to end through the command line, on the seed with its original from the gold file
    seed = Path(__file__).parent.parent / "seeds" / "blinken.spun.txt"
    gold = (Path(__file__).parent / "data" / "blinken.gold.txt").read_text(encoding="utf-8")
    original = re.sub(r"\{\{([^|{}]*)\|([^|{}]*)(?:\|[^{}]*)?\}\}", r"\2", gold)
    (tmp_path / "orig.txt").write_text(original, encoding="utf-8")
    run = subprocess.run([sys.executable, str(path), str(seed), str(tmp_path / "orig.txt"),
                          "--tsv", str(tmp_path / "out.tsv")], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    rows = [line.split("\t") for line in (tmp_path / "out.tsv").read_text(encoding="utf-8").splitlines()]
    total = int(run.stdout.split()[0])
    assert total == len(rows) > 0
    assert {r[2] for r in rows} <= {"right", "other", "genuine"}
    # every proposal the stage applies on the seed is right (default fix has precision 1.0 there)
    assert all(r[2] == "right" for r in rows if r[8] == "safe")
