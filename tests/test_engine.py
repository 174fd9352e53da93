"""The engine through its public API: golden cases as data, clean text left alone, and the seed."""
import json
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner import Applicability, Cleaner, apply_suggestions

DATA = Path(__file__).parent / "data"
GOLDEN = json.loads((DATA / "golden.json").read_text(encoding="utf-8"))


def _lines(name: str) -> list[str]:
    return [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]


NEGATIVE = _lines("negative.txt")
NEGATIVE_MORE = _lines("negative_more.txt")


@pytest.fixture(scope="module")
def engine():
    return Cleaner.from_wordlists()


@pytest.mark.parametrize("case", GOLDEN, ids=[c["label"] for c in GOLDEN])
def test_golden(engine, case):
    assert engine.fix(case["original"], unsafe=True) == case["fixed"]


@pytest.mark.parametrize("line", NEGATIVE + NEGATIVE_MORE)
def test_clean_sentence_unchanged(engine, line):
    assert engine.fix(line) == line


@pytest.mark.parametrize("lines", [NEGATIVE, NEGATIVE_MORE], ids=["negative", "negative_more"])
def test_negative_sentences_set_in_clean_prose_unchanged(engine, lines):
    """The clean sentences, six at a time, set among the lines of a clean news article (the seed's
    original, ~1,100 words): a look-alike every ~200 words, denser than real prose has them."""
    article = _reference((DATA / "blinken.gold.txt").read_text(encoding="utf-8")).split("\n")
    for i in range(0, len(lines), 6):
        group = lines[i:i + 6]
        step = len(article) // (len(group) + 1)
        doc = list(article)
        for k, line in enumerate(group):
            doc.insert((k + 1) * step + k, line)
        text = "\n".join(doc) + "\n"
        assert engine.fix(text) == text, group


@pytest.mark.xfail(strict=True, reason="known limit: document evidence adds up over distinct look-alikes, so ~60 "
                   "clean sentences that each hold one (far denser than real prose) read as spun")
def test_all_look_alikes_in_one_document_unchanged(engine):
    text = "\n".join(NEGATIVE + NEGATIVE_MORE) + "\n"
    assert engine.fix(text) == text


def test_every_suggestion_is_well_formed(engine):
    text = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    analysis = engine.analyse(text)
    assert len(analysis.suggestions) > 50
    last_end = -1
    for s in analysis.suggestions:
        assert text[s.start:s.end] == s.original
        assert s.start >= last_end, "suggestions must not overlap"
        last_end = s.end
        assert 0 < s.confidence < 1
        assert s.applicability in Applicability
        assert s.origin.split(":")[0].endswith(".txt") or s.rule.startswith("unicode:")
        assert s.replacement != s.original


def test_seed_fix_is_idempotent(engine):
    text = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    once = engine.fix(text)
    assert once != text
    assert engine.fix(once) == once
    twice_unsafe = engine.fix(engine.fix(text, unsafe=True), unsafe=True)
    assert twice_unsafe == engine.fix(text, unsafe=True)


def test_seed_spin_score_high_and_clean_original_low(engine):
    sys.path.insert(0, str(DATA))
    spun = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    ref = _reference((DATA / "blinken.gold.txt").read_text(encoding="utf-8"))
    assert engine.analyse(spun).spin.score > 0.99
    assert engine.analyse(ref).spin.score < 0.1


def _reference(gold: str) -> str:
    import re

    return re.sub(r"\{\{\??([^{}|]*)\|([^{}|]*)[^{}]*\}\}", lambda m: m.group(2), gold)


def test_seed_clean_original_unchanged(engine):
    ref = _reference((DATA / "blinken.gold.txt").read_text(encoding="utf-8"))
    assert engine.fix(ref) == ref
    assert engine.fix(ref, unsafe=True) == ref


def test_clean_text_api(engine):
    assert cleaner.clean_text("the Center East", cleaner=engine) == "the Middle East"


def test_apply_skips_stale_and_overlapping(engine):
    text = "in the Center East today"
    sugg = engine.suggest(text)
    assert apply_suggestions(text.replace("Center", "Centre"), sugg) == text.replace("Center", "Centre")
    doubled = sugg + sugg
    assert apply_suggestions(text, doubled) == "in the Middle East today"


def test_context_condition_gates_officers(engine):
    near_state = "US and Israeli officers said the talks would resume."
    near_police = "Two police officers said the talks would resume."
    assert any(s.replacement == "officials" for s in engine.suggest(near_state))
    assert not any(s.replacement == "officials" for s in engine.suggest(near_police))


def test_inflection_of_verb_rules(engine):
    sug = {s.original: s.replacement for s in engine.suggest("The plan was assisted by Egypt.")}
    assert sug.get("assisted") == "supported"  # "assist => support" read in the past tense
    sug = {s.original: s.replacement for s in engine.suggest("Talks had turned into a farce; it turns into chaos.")}
    assert sug.get("turned into") == "become"  # participle after "had"
    assert sug.get("turns into") == "becomes"


def test_document_evidence_lifts_ambiguous_rule_only_in_spun_text(engine):
    spun = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    clean = "The committee stated its position. Officials said they had said so before, and said it again."
    tier_spun = {s.original: s.applicability for s in engine.suggest(spun)}
    tier_clean = {s.original: s.applicability for s in engine.suggest(clean)}
    assert tier_spun["stated"] is Applicability.SAFE
    assert tier_clean["stated"] is not Applicability.SAFE


def test_a_longer_surer_expression_replaces_the_phrase_match_inside_it(tmp_path):
    lst = tmp_path / "list.txt"
    lst.write_text("nation => country  tier=review conf=0.5\n"
                   "/\\bIslamic Nation\\b/ => Islamic State  tier=safe\n"
                   "/(?i)\\ba lot of the (nation)\\b/ => much of the \\1  tier=safe\n"
                   "/(?i)\\bpeople of the nation\\b/ => people of the country  tier=review conf=0.4\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([lst], bundled=False)
    found = {(s.original, s.replacement) for s in cleaner.analyse(
        "The Islamic Nation struck. Rain fell on a lot of the nation. The people of the nation voted.").suggestions}
    # the expression holds the phrase match and is a surer rule: it alone is suggested there
    assert ("Islamic Nation", "Islamic State") in found and ("Nation", "country") not in found
    # one that carries the word through unchanged leaves the phrase its fix (settling then runs it)
    assert ("nation", "country") in found and not any(o.startswith("a lot of") for o, _ in found)
    # a less sure expression does not displace the phrase rule
    assert not any(o.startswith("people of") for o, _ in found)


def test_regular_expression_rules_count_as_evidence(tmp_path):
    # the same stand-ins written as phrase rules and as regular expressions weigh the same
    text = ("The firm stated it would grow as a consequence of demand. " * 3
            + "Sales rose, in line with the firm. Talks failed in line with the report. ") * 2
    phrase = tmp_path / "phrase.txt"
    phrase.write_text("as a consequence of => because of  tier=safe\n"
                      "in line with => according to  tier=review conf=0.5\n"
                      "stated => said  tier=review conf=0.5\n", encoding="utf-8")
    regex = tmp_path / "regex.txt"
    regex.write_text("/(?i)\\bas a consequence of\\b/ => because of  tier=safe\n"
                     "/(?i)\\bin line with\\b/ => according to  tier=review conf=0.5\n"
                     "stated => said  tier=review conf=0.5\n", encoding="utf-8")
    a = Cleaner.from_wordlists([phrase], bundled=False).analyse(text)
    b = Cleaner.from_wordlists([regex], bundled=False).analyse(text)
    assert a.spin.fingerprints == b.spin.fingerprints == 1
    assert abs(a.spin.log_odds - b.spin.log_odds) < 1e-9
    # a safe expression is one fingerprint however many different texts it matches
    runs = tmp_path / "runs.txt"
    runs.write_text("/(?i)\\b(\\d+) operates\\b/ => \\1 runs  tier=safe\n", encoding="utf-8")
    c = Cleaner.from_wordlists([runs], bundled=False).analyse("They won by 28 operates, then by 310 operates.")
    assert c.spin.fingerprints == 1


def test_short_spun_paragraphs_are_repaired_and_their_originals_left_alone(engine):
    """A paragraph of about 100 words holds too few stand-ins for the long-text evidence threshold;
    the boost starts earlier for short texts (evidence.boost_offset). Pooled over the seed cut
    into such paragraphs, recall was 0.64 before that and is 0.88 now."""
    from cleaner.evaluate import Score, parse_gold, score_case

    lines = (DATA / "blinken.gold.txt").read_text(encoding="utf-8").split("\n")
    chunks, cur = [], []
    for line in lines:
        cur.append(line)
        if sum(len(x.split()) for x in cur) >= 100:
            chunks.append("\n".join(cur) + "\n")
            cur = []
    assert len(chunks) >= 8
    total = Score()
    for chunk in chunks:
        case = parse_gold("chunk", chunk)
        total.add(score_case(case, engine.fix(case.spun)))
        ref = _reference(chunk)
        assert engine.fix(ref) == ref
    summary = total.summary()
    assert summary["recall"] >= 0.8
    assert summary["precision"] >= 0.97


def test_spinner_braces_are_offered_for_review_not_dropped_by_default(engine):
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    text = seed + "\nThe fund paid 40 million {dollars} to {that a} company.\n"
    found = [s for s in engine.analyse(text).suggestions if s.rule == "spinner:braces"]
    assert [(s.original, s.replacement, s.applicability) for s in found] == [
        ("{dollars}", "dollars", Applicability.REVIEW), ("{that a}", "that a", Applicability.REVIEW)]
    assert "40 million {dollars} to {that a} company" in engine.fix(text)
    assert "40 million dollars to that a company" in engine.fix(text, unsafe=True)


def _seed() -> str:
    return (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("line, in_spun_text", [
    # "have but to" (= need only) is old English prose; a spinner makes it from "have yet to"
    ("We have but to speak the word; we may pick and choose.\n", None),
    ("The group has but to reply.\n", "The group has yet to reply.\n"),
    ("A number of residents were hurt when the tent collapsed on Monday.\n",
     "Several residents were hurt when the tent collapsed on Monday.\n"),
    ("Quite a few residents left.\n", "Many residents left.\n"),
    ("Rates over the past yr rose, and a 30-yr loan costs more.\n",
     "Rates over the past year rose, and a 30-year loan costs more.\n"),
    ("Prices have risen just lately.\n", "Prices have risen recently.\n"),
    ("It was the best 12 months for sales.\n", "It was the best year for sales.\n"),
    ("A younger male was arrested.\n", "A young man was arrested.\n"),
    ("Figures from the statistics workplace were late.\n", "Figures from the statistics office were late.\n"),
    ("They expanded into the recreation and took possession.\n", "They expanded into the game and took possession.\n"),
    ("Prices fell 2 %, in keeping with figures from the bureau.\n", "Prices fell 2 %, according to figures from the bureau.\n"),
    ("Prices fell, in keeping with the Labor Department.\n", "Prices fell, according to the Labor Department.\n"),
    ("They failed to form a secure authorities and handed out authorities contracts.\n",
     "They failed to form a stable government and handed out government contracts.\n"),
    ("Regulators approved the medication on Thursday; his blood pressure medication is older.\n",
     "Regulators approved the drug on Thursday; his blood pressure medication is older.\n"),
    ("Police talked about it was too early to say. \u201cWe wait,\u201d she talked about.\n", None),
    ("The fire destroyed roughly 30 homes.\n", "The fire destroyed about 30 homes.\n"),
    ("It rained all week, however the match went ahead.\n", "It rained all week, but the match went ahead.\n"),
    ("The council said the cash would go to schools.\n", "The council said the money would go to schools.\n"),
    ("The coach instructed gamers that the new rules were onerous.\n", "The coach told players that the new rules were hard.\n"),
    ("The value of petrol has risen.\n", "The price of petrol has risen.\n"),
    ("Borrowing costs keep excessive.\n", "Borrowing costs keep high.\n"),
    ("The school had not knowledgeable them.\n", "The school had not informed them.\n"),
    ("He scored twice to present his side a 2-1 victory.\n", "He scored twice to give his side a 2-1 victory.\n"),
    ("Doctors said the patient was stable after present process surgery.\n", "Doctors said the patient was stable after undergoing surgery.\n"),
    ("Ministers are under pressure to behave on climate change.\n", "Ministers are under pressure to act on climate change.\n"),
    ("The long-lasting building was damaged.\n", "The iconic building was damaged.\n"),
    ("The bank saved interest rates on hold.\n", "The bank kept interest rates on hold.\n"),
    ("The senator vowed to dam the nomination.\n", "The senator vowed to block the nomination.\n"),
    ("Stay out of the solar during the hottest part of the day.\n", "Stay out of the sun during the hottest part of the day.\n"),
    ("Students will sit exams in individual for the first time.\n", "Students will sit exams in person for the first time.\n"),
    ("Hackers gained entry to the private knowledge of millions.\n", "Hackers gained access to the personal data of millions.\n"),
    ("Volunteers assisted the families.\n", "Volunteers helped the families.\n"),
    ("The mayor pressured residents to stay indoors, and he was pressured to resign.\n",
     "The mayor urged residents to stay indoors, and he was forced to resign.\n"),
    ("Police arrived quickly after the blast.\n",
     "Police arrived shortly after the blast.\n"),
    ("Many residents are angry at the council's failure to behave.\n",
     "Many residents are angry at the council's failure to act.\n"),
    ("Police arrested a person in reference to the attack.\n",
     "Police arrested a person in connection with the attack.\n"),
    ("The plant made use of 500 workers.\n",
     "The plant used 500 workers.\n"),
    ("Protests followed the demise of a younger man in custody.\n",
     "Protests followed the death of a younger man in custody.\n"),
    ("The council has obtained more than 200 complaints.\n",
     "The council has received more than 200 complaints.\n"),
    ("The scheme will run, supplied that funding is approved.\n",
     "The scheme will run, provided that funding is approved.\n"),
    ("Most adults supported the coverage, the minister said.\n",
     "Most adults supported the policy, the minister said.\n"),
    ("The firm is on track to satisfy its targets.\n",
     "The firm is on track to meet its targets.\n"),
    ("She posted a video showing the injury to her car.\n",
     "She posted a video showing the damage to her car.\n"),
    ("Gunmen slayed 89 people in a concert hall.\n",
     "Gunmen killed 89 people in a concert hall.\n"),
    ("It has strict laws on surveillance, embracing the interception of calls.\n",
     "It has strict laws on surveillance, including the interception of calls.\n"),
    ("The manager was sacked after a string of poor outcomes in the league.\n",
     "The manager was sacked after a string of poor results in the league.\n"),
    ("He scored a header from a nook in the tenth minute.\n",
     "He scored a header from a corner in the tenth minute.\n"),
    ("Fans booed the staff off the pitch.\n",
     "Fans booed the team off the pitch.\n"),
    ("The outbreak has killed 30 and contaminated 200 people.\n",
     "The outbreak has killed 30 and infected 200 people.\n"),
    ("The blast killed 30 and injured a whole lot extra.\n",
     "The blast killed 30 and injured hundreds more.\n"),
    ("The chief will step down, the board introduced.\n",
     "The chief will step down, the board announced.\n"),
    ("It is the largest maker of business plane.\n",
     "It is the largest maker of commercial aircraft.\n"),
    ("Pupils eligible for free school meals rose.\n",
     "Pupils eligible for free school meals rose.\n"),
    ("The album debuted at number one, promoting 150,000 copies.\n",
     "The album debuted at number one, selling 150,000 copies.\n"),
    ("The shadow cabinet met to discuss the celebration's response.\n",
     "The shadow cabinet met to discuss the party's response.\n"),
    ("The gunman fled after the capturing, police said.\n",
     "The gunman fled after the shooting, police said.\n"),
    ("The cause isn't but known.\n",
     "The cause isn't yet known.\n"),
    ("The company plans to put off 500 workers.\n",
     "The company plans to lay off 500 workers.\n"),
    ("Profits beat forecasts, sending its shares hovering.\n",
     "Profits beat forecasts, sending its shares soaring.\n"),
    ("The firm will compensate prospects for the error.\n",
     "The firm will compensate customers for the error.\n"),
    ("Walkers should verify the weather forecast.\n",
     "Walkers should check the weather forecast.\n"),
    ("The police authorities said the road was shut.\n", "The police officials said the road was shut.\n"),
    ("Sales rose, in line with figures from the ministry.\n",
     "Sales rose, according to figures from the ministry.\n"),
    ("I think or not it's time to go.\n", "I think it's time to go.\n"),
    ("We left early in order that we could rest.\n", "We left early so that we could rest.\n"),
    ("The functionaries met in the capital.\n", "The officials met in the capital.\n"),
    ("She asked concerning costs of approximately 40 new homes.\n",
     "She asked about costs of about 40 new homes.\n"),
    ("The talks went on, nonetheless they failed.\n", "The talks went on, but they failed.\n"),
    ("He flew to Latest Jersey and then Recent York.\n", "He flew to New Jersey and then New York.\n"),
    ("The report discovered that one in five homes is damp.\n", "The report found that one in five homes is damp.\n"),
    ("Airline shares rose as journey demand recovered.\n", "Airline shares rose as travel demand recovered.\n"),
    ("Voters want to know the place their money goes.\n", "Voters want to know where their money goes.\n"),
    ("An avalanche swept away a gaggle of skiers.\n", "An avalanche swept away a group of skiers.\n"),
    # choose=context: the trigram model picks the option at each match
    ("Flood sufferers were taken by ambulance to safety. Cancer sufferers wait in hospital.\n",
     "Flood victims were taken by ambulance to safety. Cancer patients wait in hospital.\n"),
])
def test_an_ambiguous_rule_leaves_clean_prose_and_fires_in_spun_text(engine, line, in_spun_text):
    assert engine.fix(line) == line
    assert engine.fix(line, unsafe=True) == line
    if in_spun_text is not None:
        assert engine.fix(_seed() + "\n" + line).endswith("\n" + in_spun_text)


def test_talked_about_is_said_only_where_it_is_the_articles_stand_in_for_said(engine):
    line = "Police talked about it was too early to say. \u201cWe wait,\u201d she talked about.\n"
    # the seed's stand-in for "said" is "stated": there "talked about" is the writer's
    assert engine.fix(_seed() + "\n" + line).endswith("\n" + line)
    spun = _seed().replace(" stated", " talked about")
    fixed = engine.fix(spun + "\n" + line)
    assert fixed.endswith("\nPolice said it was too early to say. \u201cWe wait,\u201d she said.\n")
    assert fixed.count(" talked about") == 1  # "whose mediators he talked about had been": a pronoun before it keeps it


def test_turned_into_before_to_is_not_became(engine):
    # "turned into" stands for "became", but "became to walk" is no English: the writer's "turned to"
    spun = _seed() + "\nHe turned into to walk away, and the town turned into a ghost town.\n"
    assert engine.fix(spun).endswith("\nHe turned into to walk away, and the town became a ghost town.\n")


def test_convey_back_is_bring_back_in_spun_text_and_offered_for_review_elsewhere(engine):
    line = "They hope to convey shoppers back; it conveyed them again.\n"
    fixed = "They hope to bring shoppers back; it brought them back.\n"
    assert engine.fix(line) == line
    assert engine.fix(line, unsafe=True) == fixed
    assert engine.fix(_seed() + "\n" + line).endswith("\n" + fixed)


def test_pointed_out_is_said_only_where_said_has_vanished(engine):
    clean = "The plan had failed, the minister pointed out. It was late, pointed out Ms Hall.\n"
    assert engine.fix(clean) == clean
    spun = _seed()
    # the seed's writer says "said" through "stated": a stand-in that another one outnumbers is left
    assert engine.fix(spun + "\n" + clean).endswith(clean)
    said_gone = spun.replace(" stated", " pointed out")
    assert engine.fix(said_gone + "\n" + clean).endswith("The plan had failed, the minister said. It was late, said Ms Hall.\n")
    # with an object it is not "said"
    obj = "The minister pointed out the flaws in the plan.\n"
    assert engine.fix(said_gone + "\n" + obj).endswith(obj)


def test_in_text_directives_exempt_regions_and_lines(engine):
    text = ("The Center East talks.\n<!-- cleaner: off -->\nA spinner wrote \"the Center East\".\n"
            "<!-- Cleaner: on -->\nThe Center East again. # cleaner: ignore\nCenter East.\n")
    want = text.replace("The Center East talks", "The Middle East talks").replace("\nCenter East.", "\nMiddle East.")
    assert engine.fix(text) == want
    assert engine.fix(text, unsafe=True) == want
    offered = [s.original for s in engine.suggest(text)]
    assert offered == ["Center East", "Center East"]
    # an "off" with no "on" runs to the end; a later chunk can start inside it
    assert engine.fix("Center East.\ncleaner: off\nCenter East.\n") == "Middle East.\ncleaner: off\nCenter East.\n"
    assert engine.analyse("x cleaner: off\n").ends_off
    assert engine.fix("Center East.\n") == "Middle East.\n"
    assert engine.settle(engine.analyse("Center East.\ncleaner: on\nCenter East.\n", off=True)) == \
        "Center East.\ncleaner: on\nMiddle East.\n"


def test_one_canonical_word_does_not_shield_a_crowded_out_stand_in(engine):
    # a both-directions spin turns a few genuine stand-ins into canonical words: one "said" among
    # six "stated" is still far below English's ratio, so the stand-ins are repaired
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    text = seed + "\nA spokesman said the talks would go on.\n"
    analysis = engine.analyse(text)
    assert analysis.spin.canonical_counts["said"] == 1
    assert 0 < analysis.spin.canonical_share("stated", "said") < 0.3
    fixed = engine.fix(text)
    assert " stated " not in fixed and fixed.count(" said ") >= 5
    # a canonical word as common beside the stand-in as English makes it counts fully
    from cleaner.evidence import SpinEvidence

    even = SpinEvidence(1.0, 1000, 0, 30.0, canonical_counts={"said": 40}, spun_counts={"stated": 2})
    assert even.canonical_share("stated", "said") == 1.0
    assert even.canonical_share("stated", "absent") == 0.0


SPUN_CONTEXT = [  # review-tier rules: applied when the document around them reads as spun
    # 2026-11-29 (seventh session): "were" spun as "had been" after a plural subject; not after a
    # singular one, a capitalised name or "if they"
    ("The folks had been angry and the talks had been stalled, though Harris had been hopeful.",
     "The people were angry and the talks were stalled, though Harris had been hopeful."),
    ("If they had been told, the towns had been ready.",
     "If they had been told, the towns were ready."),
    # "as a result of" before a clause in the present is "because", before a noun "because of"
    ("Sales fell as a result of customers cut back, and prices rose as a result of rising costs.",
     "Sales fell because customers cut back, and prices rose because of rising costs."),
    # "and not using" for "without", "reasonably priced" for "affordable" (below the review line)
    ("He was held and not using a warrant, far from reasonably priced homes.",
     "He was held without a warrant, far from affordable homes."),
    # "medication" bare is "drugs", after an article or before a noun it modifies "drug"
    ("Police seized medication and money, and a medication found in the car went to medication testing.",
     "Police seized drugs and money, and a drug found in the car went to drug testing."),
    # a capitalised word before it may be a name ("Williams had been"), so it is left
    ("Williams had been calm, but the talks had been tense.",
     "Williams had been calm, but the talks were tense."),
    # 2026-11-29 (sixth session): one-word stand-ins below the review line, lifted in a spun article
    ("The fans were joyful after the finest win of the season.",
     "The fans were happy after the best win of the season."),
    ("Many families reside in the city, and the menace of floods is unimaginable to them.",
     "Many families live in the city, and the threat of floods is impossible to them."),
    ("Visitors stroll past the artwork in the chilly morning under the bushes.",
     "Visitors walk past the art in the cold morning under the trees."),
    ("The probability of rain is virtually zero, and the scorching heat goes on.",
     "The chance of rain is almost zero, and the scorching heat goes on."),
    ("Rates rose for the eleventh improve in a row as the party was dropping management of the economy.",
     "Rates rose for the eleventh increase in a row as the party was losing control of the economy."),
    ("Fuel remained briefly provide, and dozens extra were hurt as the union refused to again down.",
     "Fuel remained in short supply, and dozens more were hurt as the union refused to back down."),
    ("How usually do you get extra for much less? Some researchers level to the Republican discipline.",
     "How often do you get more for less? Some researchers point to the Republican field."),
    ("She recently up to date her business itemizing, and the rest paid the tab as a substitute.",
     "She recently updated her business listing, and the rest paid the tab instead."),
    ("We preserve fearing it, and the foyer group stood as much as the plan to search out out more.",
     "We keep fearing it, and the lobby group stood up to the plan to find out more."),
    ("Uber had an fascinating response, and there was as soon as a time they all the time had rules.",
     "Uber had an interesting response, and there was once a time they always had rules."),
    ("Look at no matter you're pondering of, since extra lenient laws put folks in hurt's approach.",
     "Look at whatever you're thinking of, since more lenient laws put people in harm's way."),
    ("Total, another examine rated drugs of a lot greater high quality than these seen on the deep internet.",
     "Overall, another study rated drugs of much higher quality than those seen on the deep web."),
    # session of 2026-11-27 (night): surveys, decisions, treatments, careers, "many of whom", "no longer"
    ("A snap survey discovered that voters were split, and the choice was welcomed by ministers.",
     "A snap survey found that voters were split, and the decision was welcomed by ministers."),
    ("He said he would give it some thought, and the remedies for patients were limited.",
     "He said he would think about it, and the treatments for patients were limited."),
    ("Oil prices fell on the information, and supplies may very well be disrupted.",
     "Oil prices fell on the news, and supplies could be disrupted."),
    ("The actor built his profession on stage over decades, and his brokers said he died peacefully.",
     "The actor built his career on stage over decades, and his agents said he died peacefully."),
    ("Savers, lots of whom are retired, will see the affect on their incomes.",
     "Savers, many of whom are retired, will see the impact on their incomes."),
    ("Talking to reporters, she said the rules are now not fit for purpose, and the storm will develop into a hurricane.",
     "Speaking to reporters, she said the rules are no longer fit for purpose, and the storm will become a hurricane."),
    # session of 2026-11-27: injuries, diagnoses, worries, changes, the rest of, "will probably be"
    ("Lawmakers handed the measure after MPs backed the movement in a vote, and the asylum seekers were housed in motels.",
     "Lawmakers passed the measure after MPs backed the motion in a vote, and the asylum seekers were housed in hotels."),
    ("The creator's new novel won a prize, and the e-book was shortlisted for the Booker.",
     "The author's new novel won a prize, and the book was shortlisted for the Booker."),
    ("The aspect are sixth in the league after the striker's harm in coaching, and the driving force crashed.",
     "The side are sixth in the league after the striker's injury in training, and the driver crashed."),
    ("The hotel is positioned near the station, and the deliberate strike makes use of new rules.",
     "The hotel is located near the station, and the planned strike uses new rules."),
    ("It is unattainable to say, and the government's insurance policies were presupposed to help.",
     "It is impossible to say, and the government's policies were supposed to help."),
    ("Prices rose barely, and water provides ran low while the attention-grabbing plan was in any other case sound.",
     "Prices rose slightly, and water supplies ran low while the interesting plan was otherwise sound."),
    ("Prospects complained they could not entry their accounts, and the agency has since fastened the issue.",
     "Customers complained they could not access their accounts, and the agency has since fixed the issue."),
    ("The aged residents complained concerning the canine, and he labored as a builder.",
     "The elderly residents complained about the dog, and he worked as a builder."),
    ("Support convoys were blocked, and the update will probably be rolled out after a slender majority backed it.",
     "Aid convoys were blocked, and the update will be rolled out after a narrow majority backed it."),
    ("The Justice Division stated her accidents were minor after she was identified with dementia.",
     "The Justice Department said her injuries were minor after she was diagnosed with dementia."),
    ("Officers said they were frightened that the modifications would hurt the enterprise, which faced monetary losses.",
     "Officers said they were worried that the changes would hurt the business, which faced financial losses."),
    ("He will miss the relaxation of the season, which will probably be tough, and the collection finale airs on Netflix.",
     "He will miss the rest of the season, which will be tough, and the series finale airs on Netflix."),
    ("No person was hurt, at the very least 20 homes were damaged, and the park reopened to the general public.",
     "Nobody was hurt, at least 20 homes were damaged, and the park reopened to the public."),
    ("The scheme goals to make investments £2bn, and the plan was broadly criticised.",
     "The scheme aims to invest £2bn, and the plan was widely criticised."),
    ("Ladies have lately been presently moved owing to the assault.",
     "Women have recently been currently moved due to the attack."),
    ("He defined that previous to the raid the deaths were attributable to shelling.",
     "He explained that prior to the raid the deaths were due to shelling."),
    ("The group has but to reply.", "The group has yet to reply."),
    ("The vaccine is out there to all adults, officials have determined to act, and the plan is anticipated to pass.",
     "The vaccine is available to all adults, officials have decided to act, and the plan is expected to pass."),
    # the text a fix wrote is never read as spun again ("disasters" here is not a stand-in for "crises")
    ("Floods and other pure disasters hit the region.", "Floods and other natural disasters hit the region."),
    ("Every little thing changed, and residents were told to keep away from the troublesome area.",
     "Everything changed, and residents were told to avoid the difficult area."),
    # "traffic" spun as "site visitors", the month "May" as "Might"
    ("Site visitors was diverted after the crash, and the museum will reopen in Might.",
     "Traffic was diverted after the crash, and the museum will reopen in May."),
    ("Studies counsel that many voters really feel let down.",
     "Studies suggest that many voters feel let down."),
    # singular and plural counterparts of noun rules, and "raise" read as "lift" in its verb forms
    ("Firefighters battled fireplaces as smoke spread, and the EU raised the ban on imports.",
     "Firefighters battled fires as smoke spread, and the EU lifted the ban on imports."),
    ("Unemployment charges rose after several failed tries to reach a deal.",
     "Unemployment rates rose after several failed attempts to reach a deal."),
    ("Emergency providers were known as to the scene as protesters gathered outdoors parliament.",
     "Emergency services were called to the scene as protesters gathered outside parliament."),
    ("The practice was delayed for 2 hours, and the Home Secretary defended the coverage.",
     "The train was delayed for two hours, and the Home Secretary defended the policy."),
    ("The government hopes the scheme will spice up exports, and the social community removed faux accounts.",
     "The government hopes the scheme will boost exports, and the social network removed fake accounts."),
    ("Countries corresponding to France objected, and the team went all the best way to the final.",
     "Countries such as France objected, and the team went all the way to the final."),
    ("The victim was taken to a close-by hospital, and the findings recommend a link to diet.",
     "The victim was taken to a nearby hospital, and the findings suggest a link to diet."),
    ("Prices rose faster than anticipated, and prosecutors dropped the costs.",
     "Prices rose faster than expected, and prosecutors dropped the charges."),
    ("Biden had a name with Xi, then she went procuring with her mother.",
     "Biden had a call with Xi, then she went shopping with her mother."),
    ("Civilians have been instructed to maneuver to the south, and troops are working within the space.",
     "Civilians have been told to move to the south, and troops are working in the area."),
    ("Moscow accused Kyiv of concentrating on civilians as the prime minister known as a snap election.",
     "Moscow accused Kyiv of targeting civilians as the prime minister called a snap election."),
    ("Winds of as much as 150mph and temperatures forecast to succeed in 40C, and the jab was 90% efficient.",
     "Winds of up to 150mph and temperatures forecast to reach 40C, and the jab was 90% effective."),
    ("Anybody with info is asked to call police.", "Anyone with information is asked to call police."),
    ("The talks are stalled on the second, officials said.",
     "The talks are stalled at the moment, officials said."),
    # "worldwide" before a noun is the stand-in; after one (an adverb) it is English
    ("The worldwide exit of users worldwide was educated on data.",
     "The international exit of users worldwide was trained on data."),
    # session of 2026-11-29 (fifth): verbs and phrases from the domain probe batches
    ("Families were urged to chop their energy use, and the fire unfold to the roof.",
     "Families were urged to cut their energy use, and the fire spread to the roof."),
    ("The vote comes after per week of rows; the star was recognized with most cancers.",
     "The vote comes after a week of rows; the star was diagnosed with cancer."),
    ("The CDC really useful the vaccine, and the court agreed to listen to the case of his shopper, his lawyer said.",
     "The CDC recommended the vaccine, and the court agreed to hear the case of his client, his lawyer said."),
    ("The carmaker will invest £1bn in its UK vegetation.", "The carmaker will invest £1bn in its UK plants."),
    ("He was taken to hospital the place he later died, struggling together with his injuries.",
     "He was taken to hospital where he later died, struggling with his injuries."),
    ("Fuel may cost more because of the autumn within the pound.",
     "Fuel may cost more because of the fall in the pound."),
    ("Police imagine the two men knew each other; he never meant to trigger offence, and voters face a transparent alternative.",
     "Police believe the two men knew each other; he never meant to cause offence, and voters face a clear alternative."),
    ("Remains of a villa were uncovered throughout work on a new estate, and the polls were fallacious.",
     "Remains of a villa were uncovered during work on a new estate, and the polls were wrong."),
    ("MPs returned to Westminster after the summer, and ministers met at Downing Street. The prime minister told them the federal government would act.",
     "MPs returned to Westminster after the summer, and ministers met at Downing Street. The prime minister told them the government would act."),
    ("The breach affected around 2 million prospects, and demand from prospects fell.",
     "The breach affected around 2 million customers, and demand from customers fell."),
    # the seed's spinner writes "federal government" for any "government": no cue needed nearby
    ("The federal government has introduced plans to build 300,000 homes a year.",
     "The government has announced plans to build 300,000 homes a year."),
    ("The federal government in Washington said the Senate would vote.",
     "The federal government in Washington said the Senate would vote."),
    # "since the" spun as one phrase: no article is left before the noun
    ("Prices have doubled for the reason that begin of the warfare, and for the reason that 2008 he has led.",
     "Prices have doubled since the start of the war, and since 2008 he has led."),
]


def test_a_spun_form_inside_a_phrase_a_rule_writes_is_left_alone(engine):
    # "natural disasters" is what "pure disasters" becomes, and "played a significant role in" what
    # "performed a significant function in" becomes; a second run must not read "disasters" or
    # "significant" inside them as stand-ins ("crises", "meaningful"), or fixing twice would differ
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    spun = ("Pure disasters hit the region, growing requires went unheard, the envoy performed a significant "
            "function in the talks and the president will tackle the nation.")
    once = engine.fix(seed + "\n" + spun + "\n", unsafe=True)
    assert once.endswith("\nNatural disasters hit the region, growing calls for went unheard, the envoy played a "
                         "significant role in the talks and the president will address the nation.\n")
    assert engine.fix(once, unsafe=True) == once
    # the same phrases written by a person are left alone too, in a document that reads as spun
    assert engine.fix(seed + "\nNatural disasters played a significant role in it.\n", unsafe=True).endswith(
        "\nNatural disasters played a significant role in it.\n")


def test_a_numeral_replaced_at_a_sentence_start_gets_a_capital(engine):
    # "1000's" has no case to copy; at the start of a sentence (or after an opening quote) its
    # replacement is capitalised, elsewhere not
    text = "1000's of people fled. He said 1000's of people fled.\n\"1000's were hurt,\" she said.\n"
    assert engine.fix(text) == ("Thousands of people fled. He said thousands of people fled.\n"
                                "\"Thousands were hurt,\" she said.\n")
    # a paragraph after a headline (which has no full stop) starts a sentence; a wrapped line does not
    text = "Hospitals cancel operations\n\n1000's of patients wait, and\n1000's more are on lists.\n"
    assert engine.fix(text) == ("Hospitals cancel operations\n\nThousands of patients wait, and\n"
                                "thousands more are on lists.\n")
    # so does the text after a news dateline; a dash after a capitalised word mid-sentence does not
    text = ("TUCSON, Ariz. (AP) — 1000's of teachers went on strike.\n\n"
            "LONDON (Reuters) - 1000's of flights were cut. The EU — 1000's of miles away — said so.\n")
    assert engine.fix(text) == ("TUCSON, Ariz. (AP) — Thousands of teachers went on strike.\n\n"
                                "LONDON (Reuters) - Thousands of flights were cut. The EU — thousands of miles "
                                "away — said so.\n")


def test_a_dash_beside_a_word_is_not_repaired_into_a_fix(engine):
    # "-Center" is a dash and a word, not a damaged word: the dash must not vanish into the fix of
    # "Center East", nor "--The" be "repaired" to "the"; an inner hyphen or a digit still is damage
    assert engine.fix("He flew -Center East talks.\n") == "He flew -Center East talks.\n"
    assert [(r.original, r.repaired) for r in engine.repairer.repairs("said --The report; -war-fare-")] == [
        ("war-fare", "warfare")]
    assert engine.fix("The war-fare cupboard and the wel1 being ministry met.\n") == \
        "The war cabinet and the health ministry met.\n"


@pytest.mark.parametrize("spun,fixed", SPUN_CONTEXT)
def test_review_rules_apply_in_a_spun_document(engine, spun, fixed):
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    assert engine.fix(seed + "\n" + spun + "\n").endswith("\n" + fixed + "\n")


def test_numbers_after_months_names_and_labels_are_not_spelled_out(engine):
    # the digit rules ("1 => one") skip numbers that label things: dates, types, sections, times
    text = "On March 7 the type 2 vote in section 3 began at 7 p.m. sharp.\n"
    assert not [s for s in engine.suggest(text) if s.original.isdigit()]


def test_noun_rules_match_their_plurals_in_a_spun_document(engine):
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    fixed = engine.fix(seed + "\nThe disasters raised difficulties for the region.\n")
    assert fixed.endswith("\nThe crises raised issues for the region.\n")


LICENCES = Path("/usr/share/common-licenses")


@pytest.mark.skipif(not (LICENCES / "GPL-3").is_file() or not (LICENCES / "Apache-2.0").is_file(),
                    reason="no licence texts on this machine")
def test_long_text_of_several_documents_is_weighed_stretch_by_stretch(engine):
    """A corpus file: a spun article between two clean licences. The article's evidence must not
    lift the licences' genuine "stated", "additional", "solely" (it did when a text was one
    document: 20+ words changed), and the article is repaired as it is alone."""
    gpl = (LICENCES / "GPL-3").read_text(encoding="utf-8")
    apache = (LICENCES / "Apache-2.0").read_text(encoding="utf-8")
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    assert engine.fix(gpl) == gpl and engine.fix(apache) == apache
    text = gpl + "\n\n" + seed + "\n\n" + apache
    out = engine.fix(text)
    assert out == gpl + "\n\n" + engine.fix(seed) + "\n\n" + apache
    parts = engine.analyse(text).parts
    # three stretches, cut in the blank lines between the documents
    assert len(parts) == 3 and parts[0][0] == 0 and parts[2][1] == len(text)
    assert len(gpl) - 1 <= parts[1][0] <= len(gpl) + 2
    assert len(gpl) + 1 + len(seed) <= parts[1][1] <= len(gpl) + 4 + len(seed)
    assert parts[0][1] == parts[1][0] and parts[1][1] == parts[2][0]
    assert [p.score > 0.5 for _, _, p in parts] == [False, True, False]


def test_stretches_cut_where_the_stand_ins_start_and_stop():
    from cleaner.evidence import stretches

    para = "word " * 40 + "\n\n"  # 202 characters
    text = para * 30
    # paragraphs 10..19 carry three fingerprints each; the rest none
    positions = [i * len(para) + k for i in range(10, 20) for k in (0, 50, 100)]
    cuts = stretches(text, positions, [2.5] * len(positions))
    assert cuts == [(0, 10 * len(para)), (10 * len(para), 20 * len(para)), (20 * len(para), len(text))]
    # one stray fingerprint in a clean text does not open a spun stretch
    assert stretches(text, [5 * len(para)], [2.5]) == [(0, len(text))]
    assert stretches("no paragraphs here", [0], [2.5]) == [(0, 18)]


def test_suggestions_stay_frozen_with_their_fast_constructor():
    # Suggestion's __init__ stores fields through its slot descriptors (the engine builds one per
    # match); the value type must still be immutable, hashable and equal by value
    import dataclasses

    from cleaner.suggestion import Applicability, Suggestion

    a = Suggestion(1, 4, "war", "war", 0.9, Applicability.SAFE, "r")
    b = Suggestion(start=1, end=4, original="war", replacement="war", confidence=0.9,
                   applicability=Applicability.SAFE, rule="r")
    assert a == b and hash(a) == hash(b) and a.origin == "" and a.alternatives == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.start = 2
    assert a.with_replacement("conflict").replacement == "conflict" and a.replacement == "war"
    assert Suggestion.from_dict(a.to_dict()) == a


def test_replacements_follow_the_documents_spelling(engine):
    british = "The Labour party had organised a rally, and the center-proper opposition stayed away."
    american = "The labor union had organized a rally, and the center-proper opposition stayed away."
    neither = "The rally was big, and the center-proper opposition stayed away."
    assert "centre-right opposition" in engine.fix(british)
    assert "center-right opposition" in engine.fix(american)
    assert "center-right opposition" in engine.fix(neither)
    # a spinner's American stand-in ("minimize") does not outvote the writer's British words
    mixed = "Councils criticised the plan in favour of a scheme to minimize traffic; the center-proper opposition agreed."
    assert "centre-right opposition" in engine.fix(mixed)
    got = [s for s in engine.suggest(british) if s.original == "center-proper"]
    assert got and got[0].replacement == "centre-right" and "“centre-right”" in got[0].message


def test_as_a_result_of_reads_because_before_a_clause_and_because_of_before_a_noun(engine):
    # review-tier: applied where the document reads as spun, so the sentences end the spun seed
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    cases = {
        "The college cut 200 jobs as a result of falling numbers.":
            "The college cut 200 jobs because of falling numbers.",
        "The match was called off as a result of the pitch was flooded.":
            "The match was called off because the pitch was flooded.",
        "They left as a result of they were angry.": "They left because they were angry.",
        "Prices rose as a result of the storm, which has hit farms.":
            "Prices rose because of the storm, which has hit farms.",
        "It was delayed as a result of of the storm.": "It was delayed because of the storm.",
        "It was delayed as a result of prices climbed.": "It was delayed because prices climbed.",
        "It was delayed as a result of increased demand.": "It was delayed because of increased demand.",
        "It began late on account of technical issues.": "It began late because of technical issues.",
        "It closed on account of the newly elected mayor.": "It closed because of the newly elected mayor.",
    }
    for spun, want in cases.items():
        assert engine.fix(seed + "\n\n" + spun + "\n").rstrip().rsplit("\n", 1)[-1] == want


def test_percent_follows_the_documents_spelling_unless_the_writer_chose(tmp_path):
    lst = tmp_path / "rate.txt"
    lst.write_text("/(?i)\\b(\\d+) ?(per cent|percent) up\\b/ => \\1 \\2 higher  tier=safe\n"
                   "pct => per cent  tier=safe\n"
                   "pcts => percent  tier=safe\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([lst], bundled=False)
    american = "The organization in the center of town said sales were "
    assert cleaner.fix(american + "5 pct.") == american + "5 percent."
    assert cleaner.fix(american + "5 pcts.") == american + "5 percent."
    # the regex rule keeps the writer's "per cent" ("5 per cent up" -> "5 per cent higher")
    assert cleaner.fix(american + "5 per cent up.") == american + "5 per cent higher."
    british = "The organisation in the centre of town said sales were "
    assert cleaner.fix(british + "5 pct.") == british + "5 per cent."
    assert cleaner.fix(british + "5 pcts.") == british + "5 per cent."
    assert cleaner.fix(british + "5 percent up.") == british + "5 percent higher."
    neither = "Sales were "
    assert cleaner.fix(neither + "5 pct.") == neither + "5 per cent."


@pytest.mark.parametrize("choose, text, want", [
    ("", "They asked for assist after the storm.", "They asked for support after the storm."),
    ("choose=context", "They asked for assist after the storm.", "They asked for help after the storm."),
    ("choose=context", "It helps those who assist themselves.", "It helps those who help themselves."),
    # the first option stands where the model does not prefer another by a clear margin
    ("choose=context", "He gave his assist to the rebels.", "He gave his support to the rebels."),
])
def test_choose_context_lets_the_trigram_model_pick_among_a_rules_options(tmp_path, choose, text, want):
    lst = tmp_path / "assist.txt"
    lst.write_text(f"assist => support | aid | help  tier=safe  {choose}\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([lst], bundled=False)
    assert cleaner.fix(text) == want
    got = [s for s in cleaner.suggest(text) if s.original == "assist"]
    assert len(got) == 1 and got[0].replacement not in got[0].alternatives
    assert sorted((got[0].replacement, *got[0].alternatives)) == ["aid", "help", "support"]


def test_a_spelling_rule_is_not_undone_by_the_documents_spelling(tmp_path):
    lst = tmp_path / "house.txt"
    lst.write_text("colour => color  tier=safe\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([lst], bundled=False)
    text = "The theatre was organised in the colour of the season."
    assert cleaner.fix(text) == "The theatre was organised in the color of the season."


def test_a_stand_in_outnumbered_by_another_of_the_same_word_is_left(tmp_path):
    # the spinner gives "said" one stand-in throughout an article: with "stated" four times, the
    # one "acknowledged" is the writer's word, not a second stand-in for "said"
    lst = tmp_path / "said.txt"
    lst.write_text("acknowledged => said  tier=review conf=0.5\n"
                   "stated => said  tier=review conf=0.5\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([lst], bundled=False)
    from cleaner.evidence import SpinEvidence

    ev = SpinEvidence(1.0, 500, 0, 30.0, spun_counts={"stated": 4, "acknowledged": 1},
                      rivals={"acknowledged": 4})
    assert ev.outnumbered("acknowledged") and not ev.outnumbered("stated")
    text = ("The minister stated the plan was ready. An aide stated it would cost more. "
            "The office stated that talks went on, and a spokesman stated the date. "
            "The minister acknowledged the delay.")
    analysis = cleaner.analyse(text)
    assert analysis.spin.rivals == {"acknowledged": 4}
    conf = {s.original: s.confidence for s in analysis.suggestions}
    assert conf["acknowledged"] < conf["stated"]
    # alone, "acknowledged" is weighed as "stated" is
    alone = cleaner.analyse(text.replace("stated", "announced"))
    assert alone.spin.rivals == {}


def test_article_mismatch_marks_the_stand_in_after_it():
    from cleaner import articles

    text = ("It was a actual test, an try at most, not an hour, a one-off, a unique, a European or "
            "an MP's job, and a and.")
    found = [(a, text[s:e]) for a, s, e in articles.mismatches(text)]
    assert found == [("a", "actual"), ("an", "try")]
    assert articles.agrees("a", "real") and not articles.agrees("a", "important")
    assert articles.agrees("an", "attempt") and not articles.agrees("an", "try")
    assert articles.agrees("an", "hour") and articles.agrees("a", "unit")
    # one-word rules give their words, phrase rules the one word they change
    got = articles.word_map([("actual victory", ("real victory",)), ("vital", ("crucial", "important")),
                             ("in the past", ("ago",)), ("main", ("major",)), ("main", ("major",)),
                             ("main", ("primary",))])
    assert got == {"actual": ("real",), "vital": ("crucial", "important"), "main": ("major", "primary")}


def test_word_map_pairs_the_words_of_two_word_changes_only_where_rules_agree():
    from cleaner import articles

    r1, r2, r3, r4, r5 = (object() for _ in range(5))
    got = articles.word_map([
        ("warfare cupboard", ("war cabinet",), r1), ("warfare zone", ("war zone",), r2),
        ("greater danger", ("higher risk",), r3), ("greater floor", ("higher ground",), r4),
        ("greater than", ("more than",), r5),
        ("irregular woodland", ("random forest",), r1),  # one rule only: not paired
        ("out and in", ("in and out",), r2),  # a reordering: "out" is on the other side
        ("the colour purple", ("the color violet",), r3), ("colour violet", ("color blue",), r4),  # spellings
    ])
    # "cupboard -> cabinet" has one rule, but "warfare -> war" has a one-word change beside it
    assert got["warfare"] == ("war",) and "cupboard" not in got
    assert got["greater"] == ("higher", "more")  # two rules against one
    assert "irregular" not in got and "woodland" not in got and "out" not in got
    assert "colour" not in got and got.get("purple") is None


def test_article_mismatch_repairs_in_spun_text_and_only_proposes_in_clean(engine):
    spun = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    text = spun + "\nThe envoy called it a actual turning point.\n"
    assert "a real turning point" in engine.fix(text)
    clean = "The envoy called it a actual turning point, and the talks went on for an hour."
    assert engine.fix(clean) == clean
    got = [s for s in engine.suggest(clean) if s.original == "actual"]
    assert got and got[0].rule == "article-mismatch" and got[0].applicability is not Applicability.SAFE
    # where several of the word's replacements fit the article, the one the bigram model reads far
    # better before the next word comes first: "a research institute", not "a diagnosis institute"
    text = spun + "\nShe moved to a analysis institute in California.\n"
    assert "to a research institute in" in engine.fix(text)


def test_article_mismatch_puts_the_agreeing_alternative_first(tmp_path):
    lst = tmp_path / "vital.txt"
    lst.write_text("vital => crucial | important  tier=review conf=0.7\n", encoding="utf-8")
    cleaner = Cleaner.from_wordlists([lst], bundled=False)
    sug = {s.start: s for s in cleaner.suggest("It is an vital step, and a vital one.")}
    first, second = sorted(sug.values(), key=lambda s: s.start)
    assert (first.replacement, first.alternatives) == ("important", ("crucial",))
    assert first.confidence > second.confidence
    assert second.replacement == "crucial"


def test_a_known_stand_in_in_a_new_context_is_put_back_only_in_spun_text(engine):
    """cleaner.contextual: "lively" stands in for "active" in the wordlists' phrases; in a spun
    document the bigram model finds "most active volcanoes" far likelier than "most lively"."""
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    line = "Scientists watched one of the most lively volcanoes on Earth, and imported uncooked materials."
    fixed = engine.fix(seed + "\n" + line + "\n")
    assert "the most active volcanoes" in fixed and "imported raw materials" in fixed
    got = [s for s in engine.suggest(seed + "\n" + line + "\n") if s.rule == "context:ngram"]
    assert {s.original for s in got} >= {"lively", "uncooked"}
    assert all("trigram model favours" in s.message for s in got)
    # a capitalised stand-in that opens a sentence is put back with its capital
    opening = engine.fix(seed + "\nThe plant stopped. Uncooked materials were scarce.\n")
    assert opening.endswith("The plant stopped. Raw materials were scarce.\n")
    # the same line alone, or in clean prose, is left as it is
    assert engine.fix(line) == line
    assert not [s for s in engine.suggest(line) if s.rule == "context:ngram"]
    # a canonical word present in the document says the stand-in is the writer's own
    with_active = seed + "\nThe active volcanoes were watched.\n" + line + "\n"
    assert not [s for s in engine.suggest(with_active) if s.rule == "context:ngram" and s.original == "lively"]


def test_contextual_reads_the_neighbours_as_the_language_model_does():
    from cleaner import contextual, lm

    text = 'He said, "the most lively volcano." Then: lively. (lively)'
    for i in [text.index("lively"), text.index("lively", 30), text.rindex("lively")]:
        e = i + len("lively")
        assert contextual._left_word(text, i) == lm._left_anchor([text[max(0, i - 40):i]])
        assert contextual._right_word(text, e) == lm._right_anchor([text[e:e + 40]])


def _safe_rules(tmp_path, *rules: str) -> Cleaner:
    """A cleaner with only these rules, each safe."""
    lst = tmp_path / "rules.txt"
    lst.write_text("".join(f"{r}  tier=safe\n" for r in rules), encoding="utf-8")
    return Cleaner.from_wordlists([lst], bundled=False)


def test_a_rule_that_reads_a_fix_in_a_longer_phrase_applies_as_a_second_run_would(tmp_path):
    # a fix can complete a phrase another rule knows; that rule applies in the same run, since a
    # second run would apply it to the fixed text and fixing twice must equal fixing once
    cleaner = _safe_rules(tmp_path, "by means of => through", "excessive => high", "high decide => high judge",
                          "through the pandemic => during the pandemic", "a lot => much", "as much as => up to",
                          "/\\blengthy-([a-z]+)\\b/ => long-\\1", "long-time period => long-term")
    for spun, want in [("It spread by means of the pandemic.", "It spread during the pandemic."),
                       ("The excessive decide ruled.", "The high judge ruled."),
                       ("Shares rose as a lot as 24%.", "Shares rose up to 24%."),
                       ("It has a lengthy-time period plan.", "It has a long-term plan.")]:
        once = cleaner.fix(spun)
        assert once == want and cleaner.fix(once) == once


def test_contextual_reads_a_fixed_neighbour_as_its_replacement():
    from cleaner import contextual
    from cleaner.suggestion import Suggestion

    text = "the well being  programs and"
    fix = Suggestion(4, 14, "well being", "health", 0.99, Applicability.SAFE, "r", "o")
    at = text.index("programs")
    assert contextual._fixed_left(text, at, 0, {fix.end: fix.replacement}) == ["health"]
    assert contextual._fixed_left(text, at, 0, {}) is None
    assert contextual._fixed_right(text, 3, len(text), {fix.start: fix.replacement}) == ["health"]
    # a replacement of two words gives the trigram model both
    assert contextual._fixed_left(text, at, 0, {fix.end: "health care"}) == ["health", "care"]
    # a fix that ends in punctuation, or is not next to the word, says nothing
    assert contextual._fixed_left(text, at, 0, {fix.end: "health,"}) is None
    assert contextual._fixed_left(text, at + 1, 0, {fix.end: fix.replacement}) is None
    # a hyphenated replacement is read as _left_word reads the text: "Podgorica-based" ends in "based"
    text = "a Podgorica-primarily based analysis company"
    at = text.index("analysis")
    assert contextual._fixed_left(text, at, 0, {at - 1: "Podgorica-based"})[-1] == "based" == contextual._left_word(
        "a Podgorica-based analysis", len("a Podgorica-based "))


def test_contextual_reads_two_words_each_side_and_stops_at_the_sentence():
    from cleaner import contextual, lm

    text = "He said: the most lively volcano erupted. Lively ones"
    at = text.index("lively")
    e = at + len("lively")
    assert contextual._left_words(text, at) == ("most", "the")
    assert contextual._right_words(text, e) == ("volcano", "erupted")
    at2 = text.index("the")
    assert contextual._left_words(text, at2) == (lm.START, None)  # the colon ends what it reads
    end = text.index("erupted") + len("erupted")
    assert contextual._right_words(text, end) == (lm.END, None)


def test_the_trigram_table_agrees_with_its_source_and_backs_off_to_bigrams():
    """log10 probabilities as PocketSphinx's own scorer gives them for these trigrams (checked when
    the table was built; quantised to 1/32 of a log10 unit), and Katz back-off where none is kept."""
    from cleaner import lm

    tri = lm.trigrams()
    assert abs(tri.logprob("a", "law", "firm") - -1.05) < 0.05
    assert abs(tri.logprob("the", "company", "said") - -1.60) < 0.05
    assert abs(tri.logprob("in", "the", "region") - -2.57) < 0.05
    assert tri.logprob("the", "middle", "east") > tri.logprob("the", "center", "east") + 3
    # a history the table does not hold: the bigram estimate, as the bigram table gives it
    assert tri.logprob("zzzz", "the", "region") == tri.bigram("the", "region")
    # what the trigram adds: "a law firm" is far likelier than "a law company"; the bigram alone
    # ("law firm" against "law company") says less
    gap3 = tri.logprob("a", "law", "firm") - tri.logprob("a", "law", "company")
    gap2 = tri.bigram("law", "firm") - tri.bigram("law", "company")
    assert gap3 > gap2 > 0


@pytest.mark.parametrize("original, replacement, want", [
    ("stated", "said", "said"),
    ("Stated", "said", "Said"),
    ("WARFARE", "war", "WAR"),
    ("Chief of Workers", "chief of staff", "Chief of Staff"),
    ("the Structure", "the constitution", "the Constitution"),  # a capital inside, word for word
    ("the structure", "the constitution", "the constitution"),
    ("center east", "Middle East", "Middle East"),  # a replacement's own capitals stay
    # a name whose last word the spinner replaced by a lower-case phrase is still title case ...
    ("European Central Financial institution", "european central bank", "European Central Bank"),
    # ... but word for word, a lower-case last word after a sentence's capital stays lower case
    ("The Israeli navy", "the israeli military", "The Israeli military"),
])
def test_transfer_case(original, replacement, want):
    from cleaner.casing import transfer_case

    assert transfer_case(original, replacement) == want


def test_a_word_surely_spun_once_is_fixed_wherever_it_is_offered_for_review():
    # the spinner gives a word one stand-in per article: a review-tier "sufferers" -> "patients"
    # is applied where another "sufferers" -> "patients" is applied anyway, in a spun stretch only
    from types import SimpleNamespace

    from cleaner.engine import _consistent
    from cleaner.suggestion import Suggestion

    def sug(start, original, replacement, conf, tier):
        return Suggestion(start, start + len(original), original, replacement, conf, tier, "r", "o", "m")

    found = [sug(0, "sufferers", "patients", 0.95, Applicability.SAFE),
             sug(20, "Sufferers", "Patients", 0.7, Applicability.REVIEW),
             sug(40, "sufferers", "victims", 0.7, Applicability.REVIEW),  # another replacement
             sug(60, "warfare", "war", 0.7, Applicability.REVIEW),  # no sure occurrence
             sug(80, "sufferers", "patients", 0.3, Applicability.DISPLAY)]  # too weak to lift
    spun = _consistent(found, lambda _pos: SimpleNamespace(boost=2.0))
    assert [x.applicability for x in spun] == [Applicability.SAFE, Applicability.SAFE, Applicability.REVIEW,
                                               Applicability.REVIEW, Applicability.DISPLAY]
    assert spun[1].confidence >= 0.9 and spun[1].replacement == "Patients"
    # in a stretch that does not read as spun nothing is lifted
    assert _consistent(found, lambda _pos: SimpleNamespace(boost=0.0)) == found


def test_a_lot_of_becomes_many_before_a_plural_and_much_before_a_singular(engine):
    """The spinner puts "a lot of" for both "many of" and "much of"; the noun after the determiner
    tells which (regular-expression rules in wordlists/news-spinner.txt)."""
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    for spun, want in [("A lot of the players were tired.", "Many of the players were tired."),
                       ("Rain is forecast for a lot of the nation.", "Rain is forecast for much of the country."),
                       ("He spent a lot of his time abroad.", "He spent much of his time abroad."),
                       ("A lot of the news was bad.", "Much of the news was bad."),
                       ("She lost a lot of her savings.", "She lost much of her savings."),
                       ("A lot of these people left.", "Many of these people left."),
                       ("A lot of them left.", "Many of them left.")]:
        assert engine.fix(seed + "\n\n" + spun + "\n").endswith("\n" + want + "\n"), spun
        # in clean prose it is English and stays
        assert engine.fix(spun) == spun


def test_the_contextual_stage_weighs_a_british_spelling_as_its_known_form(engine):
    # the trigram counts hold mostly American spellings: "authorised" must not read as rare
    # English next to "legal", of which the wordlists make it a stand-in ("authorized battle")
    line = "The drug has been authorised to be used in adults with advanced cancer.\n"
    assert engine.fix(_seed() + "\n" + line).endswith("\n" + line)


def test_contextual_stage_honours_a_rules_not_near_condition(engine):
    """The trigram model alone prefers "Jail officials say" in a spun article; the "officers"
    rule's not-near=jail says the word is genuine there, and the contextual stage listens."""
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    line = "Jail officers say the wing is full."
    got = [s for s in engine.suggest(seed + "\n" + line + "\n") if s.start > len(seed)]
    assert not [s for s in got if s.original == "officers"]
    assert any(c.negated and "jail" in c.words for c, _ in engine.vetoes["officers"])


def test_contextual_stage_leaves_the_tail_of_a_longer_stand_in(engine):
    """"site visitors" stands for "traffic" as a whole: a one-word fix of "visitors" after "site"
    would leave half a stand-in ("Site traffic"), so the contextual stage leaves it to the phrase's
    rule."""
    from cleaner import contextual

    text = "The site visitors was backed up for miles on the way home after the crash."
    alone = contextual.Finder({"visitors": ("traffic",)})
    assert [s.replacement for s in contextual.suggest(text, [], [(0, len(text), 4.0)], alone)] == ["traffic"]
    headed = contextual.Finder({"visitors": ("traffic",)}, {}, {"visitors": frozenset({"site"})})
    assert contextual.suggest(text, [], [(0, len(text), 4.0)], headed) == []
    # the bundled lists give the heads: only where the phrase's replacement drops the first word
    assert "site" in engine.heads["visitors"] and "excessive" in engine.heads["college"]
    assert "a" not in engine.heads.get("assembly", ())  # "a assembly" -> "a meeting" keeps the "a"
    assert ("a assembly" in engine.matcher.variants and "assembly" in engine.word_map)


def test_a_fix_after_an_article_must_read_right_after_it(engine):
    # the spinner leaves articles as they are ("an try", "a everlasting" in the seed), so a spun word
    # that agrees with its article stood for a word that agrees too: "an assist" was "an aid", and
    # "a difficulty" was no "an issue" (the only replacement the lists give), so it is left for review
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    fixed = engine.fix(seed + "\nThe money was an assist to farmers. It was a difficulty for them.\n")
    assert fixed.endswith("\nThe money was an aid to farmers. It was a difficulty for them.\n")
    review = [s for s in engine.suggest(seed + "\nIt was a difficulty for them.\n") if s.original == "difficulty"]
    assert [(s.replacement, s.applicability.value) for s in review] == [("issue", "review")]
    assert "would not read" in review[0].message


def test_a_sure_fix_carries_to_the_same_word_elsewhere_in_a_spun_article(engine):
    # the seed's "assembly with Mr Netanyahu" is surely "meeting" (a rule's context says so); the
    # spinner gives a word one stand-in throughout, so a bare "this assembly was" follows it, where
    # the trigram model reads "meeting" far likelier; "later the assembly voted" does not (an
    # assembly votes, a meeting does not)
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    tail = "He said this assembly was useful. Later the assembly voted on the bill.\n"
    found = [s for s in engine.suggest(seed + "\n" + tail) if s.start > len(seed)]
    assert [(s.original, s.replacement, s.applicability.value) for s in found] == [("assembly", "meeting", "safe")]
    assert "same stand-in" in found[0].message
    # in a clean document nothing carries: no rule is sure of anything there
    assert engine.fix("The minister spoke at the assembly. " + tail) == "The minister spoke at the assembly. " + tail


def test_a_sure_fix_does_not_carry_where_the_stand_in_reads_far_better_two_words_on(engine):
    # the seed surely puts "released" back for "launched" (near "hostages"); "police launched a
    # probe" elsewhere in the same article is the writer's own word: with one word each side the
    # bigram model let it through ("launched a" against "released a"), two words on it does not
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    assert any(s.original == "launched" and s.replacement == "released" for s in engine.suggest(seed))
    tail = "Police launched a probe into the alleged fraud.\n"
    assert engine.fix(seed + "\n" + tail).endswith("\n" + tail)


def test_a_regex_rules_literal_canonical_present_in_the_document_holds_it_back(engine):
    # "had been" -> "were" is a regular-expression rule below the review line; the spinner
    # replaces every "were", so an article that still has its "were"s keeps its "had been"s
    seed = (Path(__file__).parent.parent / "seeds" / "blinken.spun.txt").read_text(encoding="utf-8")
    alone = seed + "\nThe talks had been held in secret.\n"
    assert engine.fix(alone).endswith("\nThe talks were held in secret.\n")
    beside = seed + "\nThe talks had been held in secret. The men were there. They were late.\n"
    assert engine.fix(beside).endswith("\nThe talks had been held in secret. The men were there. They were late.\n")
    held = [s for s in engine.suggest(beside) if s.original == "had been"]
    assert held and held[0].applicability.value == "review"


def test_an_expression_wins_over_a_display_only_word_it_carries_through(engine):
    # "each nations" -> "both nations" keeps "nations", which a display-tier rule reports as a
    # stand-in for "countries"; a fix that is only ever reported must not block the expression
    got = engine.suggest("They said each nations agreed.\n")
    assert [(s.original, s.replacement, s.applicability.value) for s in got] == [
        ("each nations", "both nations", "safe")]
    assert any(r.key == "nations" and r.tier.value == "display" for r in engine.rules)
