"""``cleaner report``: one self-contained, script-free HTML page; hostile input stays text."""
from __future__ import annotations

import io
import os
import re
import shutil
import stat
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cleaner import Cleaner
from cleaner.apply import apply_suggestions, select

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "blinken.spun.txt"
HOSTILE = ('Hostile <script>alert(1)</script> in the Center East "onerror=alert(2) '
           "<img src=x onerror=alert(3)> </textarea><!-- ' --> &amp; \x07\x1b\n")
HOSTILE_NAME = "<img src=x onerror=alert(4)>.txt"
CHROMIUM = "/usr/bin/chromium"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list["Node | str"] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list["Node"]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes)]


class Tree(HTMLParser):
    """A small DOM built with the standard library's parser (what the page *is*, not what it says)."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        self.tags.append((tag, d))
        node = Node(tag, d, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def cli(cwd: Path, *args: str) -> tuple[int, str]:
    """``cleaner ARGS`` in ``cwd``, in this process; returns (exit code, standard error)."""
    from cleaner.cli import main

    err = io.StringIO()
    old_cwd, old_err = os.getcwd(), sys.stderr
    os.chdir(cwd)
    sys.stderr = err
    try:
        rc = main([*args, "-j", "1"])
    finally:
        sys.stderr = old_err
        os.chdir(old_cwd)
    return rc, err.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("report-corpus")
    shutil.copy(SEED, d / "seed.txt")
    (d / HOSTILE_NAME).write_text(HOSTILE, encoding="utf-8")
    (d / "crlf.txt").write_bytes(b"He went to the Center\r\nEast and the State\r\ndivision stated it.\r\n")
    (d / "clean.txt").write_text("Nothing to change in this one.\n")
    (d / "bad.txt").write_bytes(b"the Center East \xff\xfe here\n")
    return d


@pytest.fixture(scope="module")
def report(corpus: Path, tmp_path_factory) -> tuple[int, str, str, Path]:
    out = tmp_path_factory.mktemp("report-out") / "r.html"
    rc, err = cli(corpus, "report", ".", "-o", str(out))
    return rc, err, out.read_text(encoding="utf-8"), out


@pytest.fixture(scope="module")
def tree(report) -> Tree:
    return Tree(report[2])


@pytest.fixture(scope="module")
def engine() -> Cleaner:
    return Cleaner.from_wordlists()


def test_report_written_and_bad_file_reported(report) -> None:
    rc, err, page, out = report
    assert rc == 2  # bad.txt is not UTF-8: reported, the others still are
    assert "bad.txt: not UTF-8" in err
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # not the temporary file's 0600
    assert "bad.txt" in page and "not UTF-8" in page


def test_one_self_contained_file_without_scripts(tree: Tree, report) -> None:
    page = report[2]
    tags = {t for t, _ in tree.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "frame", "svg", "base", "form"}
    for tag, attrs in tree.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "src" not in attrs
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href  # only links within the page
    assert "url(" not in page and "@import" not in page
    (csp,) = [a for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in csp["content"] and "script-src" not in csp["content"]


def test_hostile_text_is_escaped(tree: Tree, report) -> None:
    page = report[2]
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"onerror=' not in page and "&quot;onerror=alert(2)" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(4)&gt;.txt" in page
    # the text survives as text: the parsed page shows it exactly (control characters made visible)
    (section,) = [n for n in tree.root.find_all("section", "file") if HOSTILE_NAME in n.text()]
    cells = "".join(td.text() for td in section.find_all("td", "old"))
    assert 'Hostile <script>alert(1)</script> in the Center East "onerror=alert(2) <img src=x onerror=alert(3)>' in cells
    assert "&amp;" in cells and "\u2407\u241b" in cells


def _marks(tree: Tree) -> list[Node]:
    return tree.root.find_all("mark")


def test_center_east_fix_shows_with_rule_confidence_tier_on_hover(tree: Tree) -> None:
    (seed,) = [n for n in tree.root.find_all("section", "file") if "seed.txt" in n.find_all("h2")[0].text()]
    olds = [m for m in seed.find_all("mark", "o") if m.text() == "Center East"]
    news = [m for m in seed.find_all("mark", "n") if m.text() == "Middle East"]
    assert olds and news
    title = olds[0].attrs["title"]
    assert re.search(r"center east · confidence 0\.\d\d · (safe|review)", title), title
    assert "“Center East” → “Middle East”" in title
    assert olds[0].attrs["id"]  # a link target


def test_every_internal_link_has_a_target(tree: Tree) -> None:
    ids = {n.attrs["id"] for n in tree.root.iter() if "id" in n.attrs}
    hrefs = [n.attrs["href"][1:] for n in tree.root.find_all("a") if "href" in n.attrs]
    assert hrefs and set(hrefs) <= ids
    fors = [n.attrs["for"] for n in tree.root.find_all("label")]
    assert fors and set(fors) <= ids


def test_summary_links_to_each_change(tree: Tree, corpus: Path, engine: Cleaner) -> None:
    (index,) = [n for n in tree.root.iter() if n.attrs.get("id") == "changes"]
    links = [a.attrs["href"][1:] for a in index.find_all("a")]
    marked = [m.attrs["id"] for m in tree.root.find_all("mark", "o") if "id" in m.attrs]
    assert links == marked  # one row per change, in page order
    expected = 0
    for name in ("seed.txt", HOSTILE_NAME, "crlf.txt", "clean.txt"):
        text = (corpus / name).read_bytes().decode("utf-8")
        expected += len(engine.analyse(text).suggestions)
    assert len(links) == expected


def test_summary_counts_by_tier_and_rule(tree: Tree, corpus: Path, engine: Cleaner) -> None:
    from collections import Counter

    tiers: Counter = Counter()
    rules: Counter = Counter()
    for name in ("seed.txt", HOSTILE_NAME, "crlf.txt", "clean.txt"):
        for s in engine.analyse((corpus / name).read_bytes().decode("utf-8")).suggestions:
            tiers[s.applicability.value] += 1
            rules[s.rule] += 1
    labels = {n.attrs["for"]: n.text() for n in tree.root.find_all("label")}
    for t in ("safe", "review", "display"):
        assert labels[f"t-{t}"] == f"{t} ({tiers[t]})"
    table = {}
    for tr in tree.root.find_all("tr", "rule"):
        cells = tr.find_all("td")
        table[cells[0].text()] = int(cells[2].text().replace(",", ""))
    assert table == dict(rules)
    # spin score per file, as `cleaner score` gives it
    (stats,) = tree.root.find_all("table", "stats")
    files = {tr.find_all("td")[0].text(): tr.find_all("td")[2].text() for tr in stats.find_all("tr")[1:]}
    spin = engine.analyse(SEED.read_text(encoding="utf-8")).spin.score
    assert files["seed.txt"] == f"{spin:.3f}"


def test_filters_cover_every_tier_and_rule(tree: Tree, report) -> None:
    page = report[2]
    inputs = {n.attrs["id"]: n.attrs for n in tree.root.find_all("input")}
    assert {"t-safe", "t-review", "t-display", "r-all"} <= set(inputs)
    rule_ids = {c for tr in tree.root.find_all("tr", "rule") for c in tr.classes if re.fullmatch(r"r\d+", c)}
    assert rule_ids
    for r in rule_ids:
        assert inputs[f"{r}-on"]["type"] == "radio"
        assert f"#{r}-on:checked~main mark.{r}" in page and f"#{r}-on:checked~main tr.chg.{r}" in page
    for t in ("safe", "review", "display"):
        assert f"#t-{t}:not(:checked)~main mark.t-{t}" in page
    # every highlighted change carries its tier and rule class, so the filters reach it
    marks = [m for sec in tree.root.find_all("section", "file") for m in sec.find_all("mark")]
    assert len(marks) > 300
    for m in marks:
        assert m.classes & {"t-safe", "t-review", "t-display"} and m.classes & rule_ids


def _columns(section: Node) -> tuple[str, str]:
    """The original and cleaned text of a file section, folds included, lines joined with \\n."""
    old, new = [], []
    for tr in section.find_all("tr"):
        if "gap" in tr.classes:
            pre = tr.find_all("pre")
            if pre:
                old.append(pre[0].text())
                new.append(pre[0].text())
        else:
            tds = {c for td in tr.find_all("td") for c in td.classes}
            if "old" in tds:
                old.append(tr.find_all("td", "old")[0].text())
                new.append(tr.find_all("td", "new")[0].text())
    return "\n".join(old), "\n".join(new)


def test_side_by_side_columns_are_the_original_and_the_fixed_text(tree: Tree, engine: Cleaner) -> None:
    (seed,) = [n for n in tree.root.find_all("section", "file") if n.find_all("h2")[0].text() == "seed.txt"]
    text = SEED.read_text(encoding="utf-8")
    old, new = _columns(seed)
    fixed = apply_suggestions(text, select(engine.analyse(text).suggestions))
    assert old == text.rstrip("\n")
    assert new == fixed.rstrip("\n")
    assert new != old


def test_unsafe_applies_review_tier(corpus: Path, tmp_path: Path, engine: Cleaner) -> None:
    out = tmp_path / "u.html"
    rc, _ = cli(corpus, "report", "seed.txt", "-o", str(out), "--unsafe")
    assert rc == 0
    tree = Tree(out.read_text(encoding="utf-8"))
    (seed,) = tree.root.find_all("section", "file")
    text = SEED.read_text(encoding="utf-8")
    suggestions = engine.analyse(text).suggestions
    assert any(s.applicability.value == "review" for s in suggestions)
    assert _columns(seed)[1] == apply_suggestions(text, select(suggestions, unsafe=True)).rstrip("\n")
    assert not seed.find_all("mark", "na") or all("display" in m.attrs["title"] for m in seed.find_all("mark", "na"))


def test_report_inside_the_tree_does_not_report_itself(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    for _ in range(2):
        rc, _ = cli(tmp_path, "report", ".", "-o", "report.html")
        assert rc == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "report.html" not in page.split("<main>", 1)[1]


def test_standard_input_is_refused(tmp_path: Path) -> None:
    rc, err = cli(tmp_path, "report", "-", "-o", "r.html")
    assert rc == 2 and err.count("\n") == 1 and err.startswith("-: ")
    assert not (tmp_path / "r.html").exists()


def test_large_input_is_folded_and_capped(tmp_path: Path, monkeypatch) -> None:
    """A long document: unchanged stretches fold, very long ones keep only their ends, long lines
    are clipped around the change, and past MAX_MARKED changes the text is not laid out."""
    import cleaner.report as report

    monkeypatch.setattr(report, "MAX_MARKED", 25)
    filler = "An unchanged line of ordinary text, nothing to see.\n"
    parts = []
    for i in range(40):
        parts.append(filler * 300)  # 300 unchanged lines between changes
        parts.append("They met in the Center East.\n")
    parts.append("x" * 50_000 + " in the Center East " + "y" * 50_000 + "\n")
    text = "".join(parts)
    (tmp_path / "big.txt").write_text(text)
    n = len(Cleaner.from_wordlists().analyse(text).suggestions)
    assert n > 25
    rc, _ = cli(tmp_path, "report", "big.txt", "-o", "big.html")
    assert rc == 0
    page = (tmp_path / "big.html").read_text(encoding="utf-8")
    tree = Tree(page)
    assert len(page) < 300_000  # the text alone is 730 kB: it is not all laid out
    assert len([m for m in tree.root.find_all("mark", "o") if "id" in m.attrs]) == 25
    folds = tree.root.find_all("details", "fold")
    assert len(folds) >= 20
    assert "more unchanged lines not shown" in page
    assert f"{n - 25} more suggestion(s), not laid out" in page
    assert "x" * 1000 not in page  # the 100,000-character line is clipped
    # the summary still counts every change
    assert f"<b>{n}</b>" in page


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
def test_chromium_renders_the_report(report, tmp_path: Path) -> None:
    page = report[3]
    base = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900"]
    shot = tmp_path / "report.png"
    r = subprocess.run([*base, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists(), r.stderr.decode(errors="replace")[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 900)
    dom = subprocess.run([*base, "--dump-dom", page.as_uri()], capture_output=True, timeout=120).stdout.decode()
    rendered = Tree(dom)
    (summary,) = [n for n in rendered.root.iter() if n.attrs.get("id") == "summary"]
    assert summary.find_all("table", "stats") and "seed.txt" in summary.text()
    assert "script" not in {t for t, _ in rendered.tags}  # the hostile text stayed text in the browser
    assert "<script>alert(1)</script>" in rendered.root.text()
    if os.environ.get("CLEANER_SAVE_SCREENSHOT"):
        shutil.copy(shot, os.environ["CLEANER_SAVE_SCREENSHOT"])


# --------------------------------------------------------------------------- property: columns are exact

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = ["the Center East", "stated", "State division", "Center\nEast", "State\r\ndivision", "word", " ", ", ",
          "\n", "\r\n", "\n\n", "\x0c", "\r", "<b>", "&amp;", "“quoted”", "é"]
VISIBLE = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {127: 0x2421}


def _shown(text: str) -> str:
    """A text as the page shows it: CR of CRLF dropped, control characters as Control Pictures."""
    text = text.replace("\r\n", "\n")
    return (text[:-1] if text.endswith("\n") else text).translate(VISIBLE)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(PIECES), max_size=40), unsafe=st.booleans())
def test_columns_are_exactly_the_text_and_its_fix(parts: list[str], unsafe: bool, engine: Cleaner, tmp_path: Path) -> None:
    import argparse

    from cleaner.config import Config
    from cleaner.report import write_report

    text = "".join(parts)
    src = tmp_path / "t.txt"
    src.write_bytes(text.encode("utf-8"))
    out = tmp_path / "t.html"
    args = argparse.Namespace(paths=[str(src)], output=str(out), unsafe=unsafe, encoding=None, exclude=[],
                              follow_links=False, jobs=1)
    err, old_err = io.StringIO(), sys.stderr
    sys.stderr = err
    try:
        assert write_report(args, Config(), engine) == 0
    finally:
        sys.stderr = old_err
    sections = Tree(out.read_text(encoding="utf-8")).root.find_all("section", "file")
    suggestions = engine.analyse(text).suggestions
    if not suggestions:
        assert sections == []
        return
    (section,) = sections
    old, new = _columns(section)
    assert old == _shown(text)
    assert new == _shown(apply_suggestions(text, select(suggestions, unsafe)))
