"""`cleaner review`: every key through App.run_test() + Pilot, saving, the sidecar, snapshots.

Most tests use a small wordlist and article written here, so they are fast and their screens do
not move when the bundled wordlists change; the done-when test uses the seed and the bundled lists.
"""
import asyncio
import functools
import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import Cleaner, Suggestion, apply_suggestions
from cleaner.tui.app import ConfirmQuitScreen, PromptScreen, ReviewApp, build_app
from cleaner.tui.model import ACCEPTED, EDITED, EXCEPTED, PENDING, REJECTED
from cleaner.tui.store import SIDECAR_SUFFIX, AUDIT_SUFFIX, Exceptions
from textual.widgets import Input

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "blinken.spun.txt"

WORDLIST = """\
# A small list for the review tests.
assist => support | aid | help  tier=safe
center east => Middle East  tier=safe
officers => officials  tier=review conf=0.8
stated => said  tier=safe
warfare => war  tier=safe
"""

ARTICLE = """\
The minister stated that the warfare in the Center East must end.

Officers stated they would assist the talks. The warfare had gone on for months.
Aid groups stated that help was needed, and officers agreed.
"""
# In document order, as `cleaner check` lists them with this wordlist (asserted below).
EXPECTED = ["stated", "warfare", "Center East", "Officers", "stated", "assist", "warfare", "stated", "officers"]
SECOND = "They stated the warfare would end.\n"
SIZE = (120, 30)


def sync(test):
    """Run an async test in its own event loop (no pytest-asyncio needed)."""
    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))
    return wrapper


@pytest.fixture
def work(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLEANER_EXCEPTIONS", raising=False)
    (tmp_path / "spin.txt").write_text(WORDLIST, encoding="utf-8")
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def engine(work: Path) -> Cleaner:
    return Cleaner.from_wordlists([work / "spin.txt"], bundled=False)


def make_app(work: Path, *names: str) -> ReviewApp:
    paths = [work / n for n in (names or ("article.txt",))]
    return build_app(paths, engine(work), work / ".cleaner-exceptions.txt")


async def ready(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_in(pilot, text: str) -> None:
    """Replace the prompt's text (as select-all and typing would) and press Enter."""
    field = pilot.app.screen.query_one(Input)
    field.value = text
    await pilot.press("end", "enter")


def states(app: ReviewApp, doc: int = 0) -> list[str]:
    return [it.state for it in app.session.documents[doc].items]


def focused(app: ReviewApp) -> str:
    return app.doc.items[app.index].suggestion.original


# --------------------------------------------------------------------------- done-when 1, through Pilot

@pytest.fixture(scope="module")
def bundled():
    return Cleaner.from_wordlists()


@sync
async def test_seed_a_a_a_r_s_q_saves_first_three_check_suggestions(tmp_path, monkeypatch, bundled):
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "seed.txt"
    copy.write_bytes(SEED.read_bytes())
    r = subprocess.run([sys.executable, "-m", "cleaner", "check", "--format", "json", str(copy)],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    findings = json.loads(r.stdout)
    assert len(findings) > 4
    app = build_app([copy], bundled, tmp_path / "exceptions.txt")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert [it.suggestion.to_dict() for it in app.doc.items] == [
            {k: v for k, v in f.items() if k not in ("path", "line", "column", "spin_score")} for f in findings]
        for key in "aaars":
            await pilot.press(key)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0 and not app.is_running
    seed = SEED.read_text(encoding="utf-8")
    expected = apply_suggestions(seed, [Suggestion.from_dict(f) for f in findings[:3]])
    assert copy.read_text(encoding="utf-8") == expected != seed


class SlowCleaner(Cleaner):
    """An engine whose analysis takes a while, like the first one on a cold start."""

    def analyse(self, text):
        time.sleep(0.8)
        return super().analyse(text)


@sync
async def test_keys_typed_while_analysing_are_replayed_once_ready(tmp_path, monkeypatch, bundled):
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "seed.txt"
    copy.write_bytes(SEED.read_bytes())
    app = build_app([copy], SlowCleaner(bundled.rules), tmp_path / "exceptions.txt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not app.doc.ready  # still analysing: the keys below arrive early
        for key in "aaars":
            await pilot.press(key)
        await ready(pilot)
        await pilot.pause()
        assert states(app)[:5] == [ACCEPTED, ACCEPTED, ACCEPTED, REJECTED, PENDING]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0 and not app.is_running
    seed = SEED.read_text(encoding="utf-8")
    first = app.doc.items[:3]
    assert copy.read_text(encoding="utf-8") == apply_suggestions(seed, [it.suggestion for it in first]) != seed


# --------------------------------------------------------------------------- every key

@sync
async def test_list_matches_check_order_and_tiers(work):
    r = subprocess.run([sys.executable, "-m", "cleaner", "check", "--format", "json", "--no-default-wordlists",
                        "--wordlist", "spin.txt", "article.txt"], capture_output=True, text=True, cwd=work, timeout=60)
    findings = json.loads(r.stdout)
    assert [f["original"] for f in findings] == EXPECTED
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert [(it.suggestion.start, it.suggestion.applicability.value) for it in app.doc.items] == [
            (f["start"], f["applicability"]) for f in findings]
        assert focused(app) == "stated" and app.doc.counts[PENDING] == len(EXPECTED)


@sync
async def test_a_accepts_and_r_rejects_then_move_on(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "r")
        assert states(app)[:3] == [ACCEPTED, REJECTED, PENDING]
        assert app.index == 2
        assert (app.doc.counts[ACCEPTED], app.doc.counts[REJECTED], app.doc.counts[PENDING]) == (1, 1, 7)
        status = str(app.query_one("#status").render())
        assert "accepted 1" in status and "rejected 1" in status and "pending 7" in status


@sync
async def test_n_and_p_move_without_deciding(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("n", "n")
        assert focused(app) == "Center East"
        await pilot.press("p")
        assert focused(app) == "warfare"
        await pilot.press("p", "p")  # stops at the first
        assert app.index == 0
        assert set(states(app)) == {PENDING}


@sync
async def test_e_edits_the_replacement_as_free_text(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        await type_in(pilot, "announced")
        assert states(app)[0] == EDITED and app.doc.items[0].chosen == "announced"
        await pilot.press("e", "escape")  # Escape cancels: nothing decided
        assert states(app)[1] == PENDING
        await pilot.press("s")
    assert (work / "article.txt").read_text(encoding="utf-8") == ARTICLE.replace("stated", "announced", 1)


@sync
async def test_u_undoes_the_last_decision(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "r", "u")
        assert states(app)[:2] == [ACCEPTED, PENDING] and app.index == 1
        await pilot.press("u")
        assert set(states(app)) == {PENDING} and app.index == 0
    lines = (work / ("article.txt" + AUDIT_SUFFIX)).read_text(encoding="utf-8").splitlines()
    assert [json.loads(ln)["decision"] for ln in lines] == ["accepted", "rejected", "undone", "undone"]


@sync
async def test_A_and_R_decide_every_pending_suggestion_of_the_rule(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("r")  # the first "stated" rejected by hand: A leaves it alone
        await pilot.press("p", "A")
        assert states(app)[0] == REJECTED
        assert [it.state for it in app.doc.items if it.suggestion.original == "stated"] == [REJECTED, ACCEPTED, ACCEPTED]
        await pilot.press("u")
        assert [it.state for it in app.doc.items if it.suggestion.original == "stated"] == [REJECTED, PENDING, PENDING]
        app.go_to_row(1)
        await pilot.press("R")
        assert [it.state for it in app.doc.items if it.suggestion.original == "warfare"] == [REJECTED, REJECTED]
        assert states(app)[2] == PENDING


@sync
async def test_digits_choose_among_alternatives(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.go_to_row(EXPECTED.index("assist"))
        await pilot.press("2")  # 1 support, 2 aid, 3 help
        item = app.doc.items[EXPECTED.index("assist")]
        assert item.state == ACCEPTED and item.chosen == "aid"
        await pilot.press("9")  # "stated" has one candidate only: nothing happens
        assert app.doc.items[app.index].state == PENDING
        await pilot.press("1")
        assert states(app)[EXPECTED.index("assist") + 1] == ACCEPTED
        await pilot.press("s")
    text = (work / "article.txt").read_text(encoding="utf-8")
    assert "would aid the talks" in text and "The war had" in text


@sync
async def test_slash_filters_by_tier_and_by_rule(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, PromptScreen)
        await type_in(pilot, "review")
        assert [app.doc.items[i].suggestion.original for i in app.rows] == ["Officers", "officers"]
        await pilot.press("a")
        assert app.doc.items[EXPECTED.index("Officers")].state == ACCEPTED
        await pilot.press("slash")
        await type_in(pilot, "warfare")
        assert [app.doc.items[i].suggestion.rule for i in app.rows] == ["spin:warfare", "spin:warfare"]
        await pilot.press("slash")
        await type_in(pilot, "")
        assert len(app.rows) == len(EXPECTED)


@sync
async def test_x_adds_an_exception_that_the_next_run_honours(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
        assert [it.state for it in app.doc.items if it.suggestion.rule == "spin:stated"] == [EXCEPTED] * 3
        assert app.doc.counts[REJECTED] == 3 and focused(app) == "warfare"
        await pilot.press("q")
    assert Exceptions(work / ".cleaner-exceptions.txt").load() == ["stated"]
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        originals = [it.suggestion.original for it in app.doc.items]
        assert "stated" not in originals  # (review-tier "officers" may drop: less spin evidence now)
        assert {"warfare", "Center East", "assist"} <= set(originals)


@sync
async def test_undo_of_x_removes_the_exception(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.go_to_row(1)
        await pilot.press("x")
        assert Exceptions(work / ".cleaner-exceptions.txt").load() == ["warfare"]
        await pilot.press("u")
        assert set(states(app)) == {PENDING}
    assert Exceptions(work / ".cleaner-exceptions.txt").load() == []


@sync
async def test_s_saves_atomically_keeping_bom_and_crlf(work):
    raw = b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8")
    (work / "article.txt").write_bytes(raw)
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "r", "a", "s")
        assert not app.session.dirty
    data = (work / "article.txt").read_bytes()
    expected = ARTICLE.replace("stated", "said", 1).replace("the Center East", "the Middle East").replace("\n", "\r\n")
    assert data == b"\xef\xbb\xbf" + expected.encode("utf-8")
    assert not [p for p in work.iterdir() if p.name.endswith(".cleaner-tmp")]


@sync
async def test_q_asks_only_when_decisions_are_unsaved(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "q")
        assert isinstance(app.screen, ConfirmQuitScreen) and app.is_running
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmQuitScreen) and app.is_running
        await pilot.press("q", "y")
        await pilot.pause()
        assert not app.is_running
    assert (work / "article.txt").read_text(encoding="utf-8") == ARTICLE  # quit without saving
    sidecar = json.loads((work / ("article.txt" + SIDECAR_SUFFIX)).read_text(encoding="utf-8"))
    assert [(d["original"], d["decision"]) for d in sidecar["decisions"]] == [("stated", "accepted")]

    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q", "s")  # resumed an unsaved acceptance: asks; s saves and quits
        await pilot.pause()
        assert not app.is_running
    assert (work / "article.txt").read_text(encoding="utf-8") == ARTICLE.replace("stated", "said", 1)


@sync
async def test_q_without_decisions_exits_at_once(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("n", "q")
        await pilot.pause()
        assert not app.is_running and app.return_value == 0


@sync
async def test_several_files_move_between_and_show_progress(work):
    (work / "second.txt").write_text(SECOND, encoding="utf-8")
    app = make_app(work, "article.txt", "second.txt")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "a")
        await pilot.press("right_square_bracket")
        assert app.doc.name == "second.txt" and focused(app) == "stated"
        await pilot.press("r")
        files = str(app.query_one("#files").render())
        assert "article.txt  2/9 decided" in files and "second.txt  1/2 decided" in files
        await pilot.press("left_square_bracket")
        assert app.doc.name == "article.txt" and app.index == 2  # back where it was
        await pilot.press("s")
    assert (work / "article.txt").read_text(encoding="utf-8").startswith("The minister said that the war in")
    assert (work / "second.txt").read_text(encoding="utf-8") == SECOND  # nothing accepted there


# --------------------------------------------------------------------------- sidecar, audit, safety

@sync
async def test_reopening_after_save_resumes_rejections(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "r", "a", "r", "s", "q")
    saved = (work / "article.txt").read_text(encoding="utf-8")
    assert saved.startswith("The minister said that the warfare in the Middle East")
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        got = [(it.suggestion.original, it.line, it.state) for it in app.doc.items]
        assert got[0] == ("warfare", 1, REJECTED)
        # "Officers" was rejected too; it is listed again only if still review tier with less spin left
        assert all(st == (REJECTED if (o, ln) == ("Officers", 3) else PENDING) for o, ln, st in got[1:])
        assert app.doc.items[app.index].state == PENDING and not app.session.dirty


@sync
async def test_decisions_survive_a_small_edit_to_the_file(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.go_to_row(4)
        await pilot.press("r", "a")  # second "stated" rejected, "assist" accepted
        await pilot.press("q", "y")
    edited = "A new opening line.\n\n" + ARTICLE.replace("for months", "for many months")
    (work / "article.txt").write_text(edited, encoding="utf-8")
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        decided = [(it.suggestion.original, it.line, it.state) for it in app.doc.items if it.state != PENDING]
        assert decided == [("stated", 5, REJECTED), ("assist", 5, ACCEPTED)]


@sync
async def test_audit_log_records_each_decision(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a", "r", "s")
    entries = [json.loads(ln) for ln in (work / ("article.txt" + AUDIT_SUFFIX)).read_text(encoding="utf-8").splitlines()]
    assert [e["decision"] for e in entries] == ["accepted", "rejected", "saved"]
    first = entries[0]
    assert {"time", "path", "span", "original", "replacement", "decision"} <= set(first)
    assert ARTICLE[first["span"][0]:first["span"][1]] == first["original"] == "stated"
    assert first["replacement"] == "said" and first["path"].endswith("article.txt")


@sync
async def test_save_refuses_when_the_file_changed_on_disk(work):
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("a")
        (work / "article.txt").write_text(ARTICLE + "Added elsewhere.\n", encoding="utf-8")
        await pilot.press("s")
        assert app.session.dirty
    assert (work / "article.txt").read_text(encoding="utf-8") == ARTICLE + "Added elsewhere.\n"


def test_killed_session_resumes_from_the_sidecar(work):
    """Run the real command in a pseudo-terminal, decide, kill -9 it, and reopen."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, as a user starts it
        os.environ.update(COLUMNS="100", LINES="30", TERM="xterm-256color")
        os.execv(sys.executable, [sys.executable, "-m", "cleaner", "review", "--no-default-wordlists",
                                  "--wordlist", "spin.txt", "article.txt"])
    sidecar = work / ("article.txt" + SIDECAR_SUFFIX)
    audit = work / ("article.txt" + AUDIT_SUFFIX)
    try:
        screen = _read_until(fd, b"pending 9", 60)
        assert b"pending 9" in screen
        for key in (b"a", b"r", b"a"):
            os.write(fd, key)
            time.sleep(0.3)
        deadline = time.time() + 30
        while time.time() < deadline and len(_decisions(sidecar)) < 3:
            _read_until(fd, b"\x00", 0.2)
        assert audit.exists()
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    assert (work / "article.txt").read_text(encoding="utf-8") == ARTICLE
    assert [d["decision"] for d in _decisions(sidecar)] == ["accepted", "rejected", "accepted"]


@sync
async def test_killed_session_reopens_where_it_stopped(work):
    """The second half of the kill test: a sidecar left by a dead session is picked up."""
    (work / ("article.txt" + SIDECAR_SUFFIX)).write_text(json.dumps({"version": 1, "file": "article.txt", "decisions": [
        {"original": "stated", "before": "The minister ", "after": " that the warfare in the Center East must ",
         "rule": "spin:stated", "decision": "accepted"},
        {"original": "warfare", "before": "The minister stated that the ", "after": " in the Center East",
         "rule": "spin:warfare", "decision": "rejected"}]}), encoding="utf-8")
    app = make_app(work)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert states(app)[:3] == [ACCEPTED, REJECTED, PENDING]
        assert app.index == 2 and app.session.dirty
        await pilot.press("s")
    assert (work / "article.txt").read_text(encoding="utf-8") == ARTICLE.replace("stated", "said", 1)


def _decisions(sidecar: Path) -> list[dict]:
    try:
        return json.loads(sidecar.read_text(encoding="utf-8"))["decisions"]
    except (OSError, ValueError):
        return []


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    import select

    buf = b""
    end = time.time() + timeout
    while time.time() < end and needle not in buf:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                buf += os.read(fd, 65536)
            except OSError:
                break
    return buf


def test_cli_review_reports_a_missing_file_in_one_line(work):
    r = subprocess.run([sys.executable, "-m", "cleaner", "review", "missing.txt"], capture_output=True, text=True,
                       cwd=work, timeout=60)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == ["missing.txt: no such file or directory"]


# --------------------------------------------------------------------------- snapshots

def _snap_app(work: Path, *names: str) -> ReviewApp:
    return make_app(work, *names)


def test_snapshot_main_screen(work, snap_compare):
    assert snap_compare(_snap_app(work), terminal_size=SIZE, run_before=ready)


def test_snapshot_after_decisions(work, snap_compare):
    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("a", "r", "n")

    assert snap_compare(_snap_app(work), terminal_size=SIZE, run_before=run_before)


def test_snapshot_edit_prompt(work, snap_compare):
    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("e")

    assert snap_compare(_snap_app(work), terminal_size=SIZE, run_before=run_before)


def test_snapshot_quit_confirmation(work, snap_compare):
    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("a", "q")

    assert snap_compare(_snap_app(work), terminal_size=SIZE, run_before=run_before)


def test_snapshot_several_files(work, snap_compare):
    (work / "second.txt").write_text(SECOND, encoding="utf-8")

    async def run_before(pilot):
        await ready(pilot)
        await pilot.press("a", "right_square_bracket")

    assert snap_compare(_snap_app(work, "article.txt", "second.txt"), terminal_size=SIZE, run_before=run_before)


# --------------------------------------------------------------------------- the model, without a screen

def test_sidecar_matches_repeated_phrases_by_their_context(work):
    from cleaner.tui.model import Document
    from cleaner.tui.store import resume, write_sidecar

    lines = [f"Witness {n} stated the facts in statement number {n}." for n in range(1, 7)]
    path = work / "many.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = Document.open(path)
    doc.load(doc.analyse(engine(work)))
    assert [it.suggestion.original for it in doc.items] == ["stated"] * 6
    doc.set_state(1, REJECTED)
    doc.set_state(3, EDITED, "declared")
    write_sidecar(doc)
    # an edit above and one inside another sentence: the offsets all move, the text around does not
    path.write_text("Preface.\n" + "\n".join(lines).replace("number 5", "no. 5") + "\n", encoding="utf-8")
    again = Document.open(path)
    again.load(again.analyse(engine(work)))
    assert resume(again) == 2
    assert [it.state for it in again.items] == [PENDING, REJECTED, PENDING, EDITED, PENDING, PENDING]
    assert again.items[3].chosen == "declared" and again.dirty


def test_a_corrupt_sidecar_is_reported_not_fatal(work):
    (work / ("article.txt" + SIDECAR_SUFFIX)).write_text("{not json", encoding="utf-8")

    async def go():
        app = make_app(work)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.doc.ready and len(app.doc.items) == len(EXPECTED)
            assert set(states(app)) == {PENDING}

    asyncio.run(go())


@sync
async def test_save_refuses_a_replacement_the_files_encoding_cannot_hold(work):
    (work / "article.txt").write_bytes(ARTICLE.encode("cp1252"))
    app = build_app([work / "article.txt"], engine(work), work / ".cleaner-exceptions.txt", encoding="cp1252")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await type_in(pilot, "declared ☃")
        await pilot.press("s")
        assert app.session.dirty  # not saved: cp1252 has no snowman
        await pilot.press("u", "a", "s")
        assert not app.session.dirty
    assert (work / "article.txt").read_bytes() == ARTICLE.replace("stated", "said", 1).encode("cp1252")


def test_walking_a_directory_skips_what_review_writes(work):
    import argparse

    from cleaner.config import Config
    from cleaner.tui.app import open_documents

    (work / ("article.txt" + SIDECAR_SUFFIX)).write_text('{"version": 1, "decisions": []}', encoding="utf-8")
    (work / ("article.txt" + AUDIT_SUFFIX)).write_text("{}\n", encoding="utf-8")
    (work / ".cleaner-exceptions.txt").write_text("stated\n", encoding="utf-8")
    docs, status = open_documents(argparse.Namespace(paths=[str(work)], exclude=[], follow_links=False), Config())
    assert status == 0
    assert sorted(d.name for d in docs) == ["article.txt", "spin.txt"]
