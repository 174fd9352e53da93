"""``cleaner report PATH… -o FILE.html``: one self-contained HTML page of what would change and why.

The page has no script at all and a Content-Security-Policy that forbids one, loads nothing from
outside, and escapes every piece of input text. Filters by tier and rule are CSS (hidden checkboxes
and radio buttons before ``<main>``). Long documents stay light: only the lines around a change are
laid out; unchanged stretches fold into ``<details>`` (and only their ends are kept when they are
very long), long lines keep only the text next to each change, and past ``MAX_MARKED`` changes the
remaining files are summarised without their text.
"""
from __future__ import annotations

import bisect
import html
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from . import __version__
from .apply import select
from .runner import FileResult, Finding, Job
from .suggestion import Applicability, Suggestion
from .textio import InputError, line_starts, read_text

CONTEXT_LINES = 2  # unchanged lines shown around each change
GAP_KEEP_LINES = 60  # an unchanged stretch folded into <details> keeps this many lines at each end
LONG_LINE = 1000  # a line longer than this keeps only CLIP characters on each side of a change
CLIP = 160
MAX_MARKED = 20_000  # changes highlighted in the page; files past this are summarised only
MAX_INDEX = 5_000  # rows in the summary's list of changes
INDEX_OPEN = 60  # the list of changes starts folded when longer than this
RULE_LINKS = 8  # links to occurrences in each row of the rules table
TIERS = ("safe", "review", "display")
SPUN_AT = 0.5  # a spin score from here up reads as "spun" (as in `cleaner score`)


@dataclass
class Change:
    finding: Finding
    applied: bool  # what `cleaner fix` (with --unsafe if given) would do with it
    anchor: str

    @property
    def s(self) -> Suggestion:
        return self.finding.suggestion


@dataclass
class FileEntry:
    """One input file: its counts, and the changes the page lays out (the first MAX_MARKED of the
    report; the others are only counted, so a big corpus does not sit in memory)."""

    index: int
    result: FileResult
    rendered: list[Change] = field(default_factory=list)
    tally: Counter = field(default_factory=Counter)  # (rule, tier, applied) -> count
    origins: dict[str, str] = field(default_factory=dict)  # rule -> where it is defined
    problem: str | None = None

    @property
    def total(self) -> int:
        return sum(self.tally.values())

    @property
    def limit(self) -> int:
        return len(self.rendered)

    @property
    def shown(self) -> bool:
        return bool(self.rendered)

    def count(self, tier: str | None = None, rule: str | None = None, applied: bool | None = None) -> int:
        return sum(n for (r, t, a), n in self.tally.items()
                   if (tier is None or t == tier) and (rule is None or r == rule) and (applied is None or a == applied))

    @property
    def anchor(self) -> str:
        return f"f{self.index}"

    @property
    def spin(self) -> float:
        return max((c["spin_score"] for c in self.result.spin), default=0.0)


def plan(text: str, findings: Iterable[Finding], unsafe: bool) -> list[tuple[Finding, bool]]:
    """The findings to show, in order and without overlaps, each marked applied or not.

    The applied ones are exactly those ``apply_suggestions(text, select(…, unsafe))`` would splice
    in; the others are shown where they do not overlap one of those.
    """
    findings = sorted(findings, key=lambda f: (f.suggestion.start, f.suggestion.end))
    chosen = {id(s) for s in select([f.suggestion for f in findings], unsafe)}
    applied: list[Finding] = []
    pos = 0
    for f in findings:
        s = f.suggestion
        if id(s) in chosen and s.start >= pos and text[s.start:s.end] == s.original:
            applied.append(f)
            pos = s.end
    starts = [f.suggestion.start for f in applied]
    out = [(f, True) for f in applied]
    taken: list[tuple[int, int]] = []
    for f in findings:
        s = f.suggestion
        if id(s) in chosen or text[s.start:s.end] != s.original:
            continue
        i = bisect.bisect_left(starts, s.end)
        if i > 0 and applied[i - 1].suggestion.end > s.start:
            continue  # overlaps an applied fix
        if taken and taken[-1][1] > s.start:
            continue
        taken.append((s.start, s.end))
        out.append((f, False))
    out.sort(key=lambda fa: (fa[0].suggestion.start, fa[0].suggestion.end))
    return out


# --------------------------------------------------------------------------- entry point

def write_report(args, cfg, cleaner) -> int:
    from .cli import UsageError, run_files

    if "-" in args.paths:
        raise UsageError("-: a report reads each file twice; save standard input to a file and report on that")
    unsafe = bool(args.unsafe or cfg.unsafe)
    encoding = args.encoding or cfg.encoding
    out_real = os.path.realpath(args.output) if args.output != "-" else None
    job = Job(mode="check", unsafe=unsafe, encoding=encoding)
    status = 0
    entries: list[FileEntry] = []
    budget = MAX_MARKED
    for res in run_files(args, cfg, cleaner, job):
        if out_real and os.path.realpath(res.path) == out_real:
            continue  # an earlier report in the tree being reported on
        if res.error:
            print(f"{res.path}: {res.error}", file=sys.stderr)
            status = 2
        elif res.notice:
            print(f"{res.path}: {res.notice}", file=sys.stderr)
        entry = FileEntry(len(entries) + 1, res, problem=res.error or res.notice)
        if res.findings and not entry.problem:
            try:
                text, _ = read_text(res.path, encoding)
            except (OSError, InputError) as e:
                entry.problem = f"cannot read it again ({e})"
                print(f"{res.path}: {entry.problem}", file=sys.stderr)
                status = 2
                text = None
            if text is not None:
                for k, (f, applied) in enumerate(plan(text, res.findings, unsafe), 1):
                    s = f.suggestion
                    entry.tally[s.rule, s.applicability.value, applied] += 1
                    entry.origins.setdefault(s.rule, s.origin)
                    if budget > 0:
                        entry.rendered.append(Change(f, applied, f"c{entry.index}-{k}"))
                        budget -= 1
            del text
        res.findings = []  # counted or kept in entry.rendered
        entries.append(entry)
    pages = render(entries, unsafe, encoding)
    if args.output == "-":
        sys.stdout.flush()
        for part in pages:
            sys.stdout.buffer.write(part.encode("utf-8", "replace"))
        sys.stdout.flush()
    else:
        from .textio import AtomicWriter

        try:
            w = AtomicWriter(args.output)
        except OSError as e:
            print(f"{args.output}: cannot write ({e.strerror or e})", file=sys.stderr)
            return 2
        try:
            for part in pages:
                # "replace": a file name that is not UTF-8 must not make the page invalid UTF-8
                w.write(part.encode("utf-8", "replace"))
            w.commit()
        except BaseException:
            w.discard()
            raise
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(args.output, 0o666 & ~mask)  # readable as any new file (not the temporary file's 0600)
        n = sum(e.total for e in entries)
        print(f"{args.output}: {len(entries)} file(s), {n} suggestion(s)", file=sys.stderr)
    return status


# --------------------------------------------------------------------------- HTML

def esc(text: str) -> str:
    """Escape for HTML text and attribute values, and make control characters visible."""
    return html.escape(text, quote=True).translate(_CONTROLS)


# C0 controls (but tab and newline) and DEL as their Control Pictures; the HTML parser would turn a
# lone CR into a line break and a NUL into U+FFFD, so the page would not show the text as it is
_CONTROLS = {c: 0x2400 + c for c in range(32) if c not in (9, 10)} | {127: 0x2421}


def render(entries: list[FileEntry], unsafe: bool, encoding: str | None) -> Iterator[str]:
    rules = sorted({r for e in entries for (r, _, _) in e.tally})
    rule_id = {r: f"r{i}" for i, r in enumerate(rules)}
    yield _head(rules, rule_id)
    # the filter controls come first, so that `~ main` selectors reach everything after them
    for t in TIERS:
        yield f'<input type="checkbox" class="flt" id="t-{t}" checked>'
    yield '<input type="radio" class="flt" name="rule" id="r-all" checked>'
    for r in rules:
        yield f'<input type="radio" class="flt" name="rule" id="{rule_id[r]}-on">'
    yield _nav(entries)
    yield "<main>\n"
    yield _summary(entries, rules, rule_id, unsafe, encoding)
    for e in entries:
        if e.shown:
            yield from _file_section(e, rule_id, encoding)
    yield "</main>\n<footer>Generated by cleaner " + esc(__version__) + ". Nothing here runs code: the page has no scripts.</footer>\n</body>\n</html>\n"


_CSS = """
:root{--safe:#c7f0c2;--safe-b:#2f7d32;--review:#ffe6a6;--review-b:#a36b00;--display:#e3e3f7;--display-b:#5555aa;
--del:#ffd6d6;--ins:#d3f5d3;--fg:#1b1b1b;--muted:#666;--line:#ddd;--bg:#fff;--head:#f6f6f6}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{padding:0 1.2rem 2rem}
h1{font-size:1.4rem;margin:.8rem 0 .2rem}
h2{font-size:1.15rem;margin:1.6rem 0 .4rem;word-break:break-all}
h3{font-size:1rem;margin:1.1rem 0 .3rem}
a{color:#1a55b8}
.muted{color:var(--muted)}
[id]{scroll-margin-top:3.4rem}
.flt{position:absolute;opacity:0;width:1px;height:1px;pointer-events:none}
nav.filters{position:sticky;top:0;z-index:2;background:var(--head);border-bottom:1px solid var(--line);
padding:.45rem 1.2rem;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;font-size:.9rem}
nav.filters label{cursor:pointer;border:1px solid #999;border-radius:1rem;padding:.05rem .7rem;user-select:none;background:#fff;
text-decoration:line-through;color:var(--muted)}
nav.filters .note{margin-left:auto;color:var(--muted)}
#t-safe:checked~nav label[for=t-safe]{background:var(--safe);text-decoration:none;color:var(--fg)}
#t-review:checked~nav label[for=t-review]{background:var(--review);text-decoration:none;color:var(--fg)}
#t-display:checked~nav label[for=t-display]{background:var(--display);text-decoration:none;color:var(--fg)}
#r-all:checked~nav label[for=r-all]{background:#dde8fb;text-decoration:none;color:var(--fg)}
#r-all:not(:checked)~nav label[for=r-all]{text-decoration:none;color:var(--fg)}
#r-all:not(:checked)~nav label[for=r-all]::after{content:" (one rule shown: click for all)"}
.flt:focus-visible~nav{outline:2px solid #1a55b8}
table{border-collapse:collapse}
table.stats td,table.stats th,table.list td,table.list th{border:1px solid var(--line);padding:.15rem .5rem;text-align:left;vertical-align:top}
table.list th,table.stats th{background:var(--head)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0}
.card{border:1px solid var(--line);border-radius:.4rem;padding:.35rem .8rem;min-width:7.5rem}
.card b{display:block;font-size:1.25rem}
.tier{display:inline-block;border-radius:.3rem;padding:0 .35rem;font-size:.85em}
.tier.t-safe{background:var(--safe)}.tier.t-review{background:var(--review)}.tier.t-display{background:var(--display)}
.bar{display:inline-block;height:.7em;background:#d55;vertical-align:middle;margin-right:.3em}
details.index>summary,details.fold>summary{cursor:pointer}
.tables{display:flex;flex-wrap:wrap;gap:0 2rem;align-items:flex-start}
.scroll{max-height:15rem;overflow:auto;border-bottom:1px solid var(--line)}
table.rules label{cursor:pointer;font-size:.8rem;border:1px solid #999;border-radius:.8rem;padding:0 .45rem;white-space:nowrap}
table.sbs{width:100%;table-layout:fixed;border:1px solid var(--line);margin:.4rem 0 1rem}
table.sbs col.ln{width:4.2rem}
table.sbs th{background:var(--head);text-align:left;padding:.2rem .5rem;border-bottom:1px solid var(--line)}
table.sbs td{padding:.05rem .5rem;vertical-align:top;white-space:pre-wrap;overflow-wrap:anywhere;
font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
table.sbs td.ln{color:var(--muted);text-align:right;user-select:none;border-right:1px solid var(--line)}
table.sbs td.ln a{color:inherit;text-decoration:none}
table.sbs td.old{border-right:1px solid var(--line)}
table.sbs tr.gap td{background:#fafafa;white-space:normal;font:13px/1.4 system-ui,sans-serif;color:var(--muted)}
table.sbs tr.gap pre{white-space:pre-wrap;overflow-wrap:anywhere;color:var(--fg);margin:.3rem 0;max-height:30rem;overflow:auto}
.clip{color:var(--muted);background:#eee;border-radius:.2rem;font-style:italic;padding:0 .2rem}
mark{color:inherit;border-radius:.15rem;padding:0 .05rem;background:var(--bg);box-shadow:var(--sh);outline:var(--ol)}
mark.o.t-safe{--bg:var(--del);--sh:inset 0 -2px 0 var(--safe-b)}
mark.o.t-review{--bg:var(--del);--sh:inset 0 -2px 0 var(--review-b)}
mark.o.t-display{--bg:#eee;--sh:inset 0 -2px 0 var(--display-b)}
mark.n{--bg:var(--ins);--sh:none;--ol:none}
mark.n.na{--bg:none;--ol:1px dashed #aaa}
mark:target{outline:3px solid #f08c00;outline-offset:1px}
#r-all:not(:checked)~main mark{background:none;box-shadow:none;outline:none}
#r-all:not(:checked)~main tr.chg{display:none}
#t-safe:not(:checked)~main mark.t-safe,#t-review:not(:checked)~main mark.t-review,
#t-display:not(:checked)~main mark.t-display{background:none!important;box-shadow:none!important;outline:none!important}
#t-safe:not(:checked)~main tr.t-safe,#t-review:not(:checked)~main tr.t-review,
#t-display:not(:checked)~main tr.t-display{display:none!important}
footer{color:var(--muted);font-size:.85rem;padding:1rem 1.2rem;border-top:1px solid var(--line)}
@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--muted:#a0a0a0;--line:#444;--bg:#161616;--head:#242424;
--del:#5a2a2a;--ins:#234a23;--safe:#2d5a2d;--review:#5c4a14;--display:#34345a}
a{color:#8cb4ff}nav.filters label{background:#222}table.sbs tr.gap td{background:#1d1d1d}.clip{background:#333}}
@media print{nav.filters{display:none}}
"""


def _rule_css(rules: list[str], rule_id: dict[str, str]) -> str:
    """One rule at a time: with a rule chosen everything is hidden or plain, and its own rows and
    marks come back. Each selector ends in the rule's class, so a browser checks a mark against its
    own rule only (``mark:not(.rN)`` for every rule made a 10 MB page three times slower to open)."""
    if not rules:
        return ""
    ids = [rule_id[r] for r in rules]
    show = ",".join(f"#{i}-on:checked~main tr.chg.{i}" for i in ids)
    back = ",".join(f"#{i}-on:checked~main mark.{i}" for i in ids)
    on = ",".join(f"#{i}-on:checked~main label[for={i}-on]" for i in ids)
    return (f"{show}{{display:table-row}}\n{back}{{background:var(--bg);box-shadow:var(--sh);outline:var(--ol)}}\n"
            f"{on}{{font-weight:bold;background:#dde8fb}}\n")


def _head(rules: list[str], rule_id: dict[str, str]) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        # nothing may run and nothing may load: only the inline stylesheet below is allowed
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "base-uri 'none'; form-action 'none'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"cleaner " + esc(__version__) + "\">\n"
        "<title>cleaner report</title>\n<style>" + _CSS + _rule_css(rules, rule_id) + "</style>\n</head>\n<body>\n"
    )


def _nav(entries: list[FileEntry]) -> str:
    tiers = {t: sum(e.count(tier=t) for e in entries) for t in TIERS}
    chips = "".join(f'<label for="t-{t}" title="show or hide {t}-tier suggestions">{t} ({tiers[t]})</label>' for t in TIERS)
    return (f'<nav class="filters" aria-label="filters"><strong>Show</strong> {chips}'
            f'<label for="r-all" title="show every rule">all rules</label>'
            f'<a href="#summary">summary</a><a href="#changes">changes</a>'
            f'<span class="note">highlight: <mark class="o t-safe">original</mark> → <mark class="n t-safe">cleaned</mark>'
            f' · <mark class="n na t-review">not applied</mark></span></nav>\n')


def _card(label: str, value: str) -> str:
    return f'<div class="card"><span class="muted">{esc(label)}</span><b>{value}</b></div>'


def _summary(entries: list[FileEntry], rules: list[str], rule_id: dict[str, str], unsafe: bool, encoding: str | None) -> str:
    total = sum(e.total for e in entries)
    tiers = {t: sum(e.count(tier=t) for e in entries) for t in TIERS}
    applied = sum(e.count(applied=True) for e in entries)
    words = sum(e.result.words for e in entries)
    chars = sum(e.result.chars for e in entries)
    with_changes = sum(1 for e in entries if e.total)
    problems = [e for e in entries if e.problem]
    mode = "safe and review-tier fixes (--unsafe)" if unsafe else "safe fixes only (review-tier ones are shown, not applied)"
    out = [
        '<section id="summary"><h1>cleaner report</h1>',
        f'<p class="muted">{esc(time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))} · the cleaned text applies {esc(mode)}. '
        'Hover a highlighted phrase for its rule, confidence and tier.</p>',
        '<div class="cards">',
        _card("files", f"{len(entries):,}"),
        _card("with changes", f"{with_changes:,}"),
        _card("words", f"{words:,}"),
        _card("characters", f"{chars:,}"),
        _card("suggestions", f"{total:,}"),
        _card("applied", f"{applied:,}"),
    ]
    out += [_card(f"{t} tier", f'<span class="tier t-{t}">{tiers[t]:,}</span>') for t in TIERS]
    out.append("</div>")
    if problems:
        out.append('<p id="problems"><b>Not reported:</b> ' + "; ".join(
            f"{esc(e.result.path)} <span class=\"muted\">({esc(e.problem or '')})</span>" for e in problems) + "</p>")
    out.append('<div class="tables"><div>')
    out.append(_files_table(entries))
    out.append("</div>")
    if rules:
        out.append(f"<div>{_rules_table(entries, rules, rule_id)}</div></div>")
        out.append(_index(entries, rule_id))
    else:
        out.append('</div><p id="changes">Nothing to change.</p>')
    hidden = [e for e in entries if e.total > e.limit]
    if hidden:
        n = sum(e.total - e.limit for e in hidden)
        out.append(f'<p class="clip">The page highlights the first {MAX_MARKED:,} suggestions; {n:,} more in '
                   f'{len(hidden):,} file(s) are counted above but not laid out. '
                   'Use <code>cleaner check --format jsonl</code> for all of them, or report on fewer files.</p>')
    out.append("</section>\n")
    return "".join(out)


def _files_table(entries: list[FileEntry]) -> str:
    out = [f'<h3>Files ({len(entries):,})</h3><div class="scroll"><table class="stats"><tr><th>file</th><th class="num">words</th><th class="num">spin score</th>']
    out += [f'<th class="num">{t}</th>' for t in TIERS]
    out.append('<th class="num">applied</th></tr>')
    for e in entries:
        tiers = {t: e.count(tier=t) for t in TIERS}
        name = esc(e.result.path)
        link = f'<a href="#{e.anchor}">{name}</a>' if e.shown else name
        spin = e.spin
        verdict = "spun" if spin >= SPUN_AT else "clean"
        bar = f'<span class="bar" style="width:{round(spin * 3, 2)}em"></span>' if spin else ""
        status = f' <a class="muted" href="#problems" title="{esc(e.problem)}">(not reported)</a>' if e.problem else ""
        out.append(f"<tr><td>{link}{status}</td><td class=\"num\">{e.result.words:,}</td>"
                   f'<td class="num" title="{verdict}">{bar}{spin:.3f}</td>')
        out += [f'<td class="num">{tiers[t] or ""}</td>' for t in TIERS]
        out.append(f'<td class="num">{e.count(applied=True) or ""}</td></tr>')
    out.append("</table></div>")
    return "".join(out)


def _rules_table(entries: list[FileEntry], rules: list[str], rule_id: dict[str, str]) -> str:
    counts: Counter = Counter()
    tiers: dict[str, set[str]] = {r: set() for r in rules}
    origins: dict[str, str] = {}
    links: dict[str, list[Change]] = {r: [] for r in rules}
    for e in entries:
        for (r, t, _), n in e.tally.items():
            counts[r] += n
            tiers[r].add(t)
        for r, o in e.origins.items():
            origins.setdefault(r, o)
        for c in e.rendered:
            if len(links[c.s.rule]) < RULE_LINKS:
                links[c.s.rule].append(c)
    order = sorted(rules, key=lambda r: (-counts[r], r))
    out = [f'<h3>Rules ({len(rules):,})</h3><div class="scroll"><table class="list rules"><tr><th>rule</th><th>tier</th><th class="num">count</th>'
           '<th>filter</th><th>where</th></tr>']
    for r in order:
        tier = next(t for t in TIERS if t in tiers[r])  # the highest it reaches
        where = " ".join(f'<a href="#{c.anchor}">{i}</a>' for i, c in enumerate(links[r], 1))
        more = f' <span class="muted">+{counts[r] - len(links[r]):,}</span>' if counts[r] > len(links[r]) else ""
        origin = origins.get(r, "")
        title = f' title="defined in {esc(origin)}"' if origin else ""
        out.append(f'<tr class="rule {rule_id[r]}"><td{title}>{esc(r)}</td><td><span class="tier t-{tier}">{tier}</span></td>'
                   f'<td class="num">{counts[r]:,}</td><td><label for="{rule_id[r]}-on">only this</label></td>'
                   f"<td>{where}{more}</td></tr>")
    out.append("</table></div>")
    return "".join(out)


def _index(entries: list[FileEntry], rule_id: dict[str, str]) -> str:
    total = sum(e.limit for e in entries)
    is_open = " open" if total <= INDEX_OPEN else ""
    out = [f'<details class="index" id="changes"{is_open}><summary><h3 style="display:inline">Changes ({total:,})</h3>'
           ' <span class="muted">each links to its place in the text</span></summary>'
           '<table class="list"><tr><th>file</th><th>line</th><th>original</th><th>cleaned</th><th>rule</th>'
           '<th class="num">confidence</th><th>tier</th></tr>']
    rows = 0
    for e in entries:
        name = esc(e.result.path)
        for c in e.rendered:
            if rows >= MAX_INDEX:
                break
            rows += 1
            s = c.s
            tier = s.applicability.value
            new = esc(s.replacement) if c.applied else f'<span class="muted">{esc(s.replacement)} (not applied)</span>'
            out.append(f'<tr class="chg t-{tier} {rule_id[s.rule]}"><td>{name}</td>'
                       f'<td class="num"><a href="#{c.anchor}">{c.finding.line}:{c.finding.column}</a></td>'
                       f"<td>{esc(s.original)}</td><td>{new}</td><td>{esc(s.rule)}</td>"
                       f'<td class="num">{s.confidence:.2f}</td><td><span class="tier t-{tier}">{tier}</span></td></tr>')
    out.append("</table>")
    if total > rows:
        out.append(f'<p class="clip">{total - rows:,} more are highlighted in the files below.</p>')
    out.append("</details>")
    return "".join(out)


# --------------------------------------------------------------------------- one file

def _title(c: Change) -> str:
    s = c.s
    alts = f" (or: {', '.join(s.alternatives)})" if s.alternatives else ""
    state = "applied" if c.applied else ("not applied: review tier, use --unsafe" if s.applicability is Applicability.REVIEW
                                         else "not applied: display tier, never applied automatically")
    return esc(f"{s.rule} · confidence {s.confidence:.2f} · {s.applicability.value} · {state}\n"
               f"“{s.original}” → “{s.replacement}”{alts}" + (f"\n{s.message}" if s.message else ""))


def _file_section(e: FileEntry, rule_id: dict[str, str], encoding: str | None) -> Iterator[str]:
    try:
        text, _ = read_text(e.result.path, encoding)
    except (OSError, InputError) as err:  # gone or changed since the first read
        yield f'<section class="file" id="{e.anchor}"><h2>{esc(e.result.path)}</h2><p>cannot read it again ({esc(str(err))})</p></section>\n'
        return
    changes = [c for c in e.rendered if text[c.s.start:c.s.end] == c.s.original]
    left_out = e.total - e.limit
    starts = line_starts(text)
    nlines = len(starts) if not text.endswith("\n") or len(starts) == 1 else len(starts) - 1

    def line_of(offset: int) -> int:  # 0-based
        return bisect.bisect_right(starts, offset) - 1

    visible: list[tuple[int, int]] = []  # inclusive 0-based line ranges, merged
    for c in changes:
        a = max(0, line_of(c.s.start) - CONTEXT_LINES)
        b = min(nlines - 1, line_of(max(c.s.start, c.s.end - 1)) + CONTEXT_LINES)
        if visible and a <= visible[-1][1] + 1:
            visible[-1] = (visible[-1][0], max(visible[-1][1], b))
        else:
            visible.append((a, b))
    tiers = Counter(c.s.applicability.value for c in changes)
    counts = " · ".join(f'<span class="tier t-{t}">{tiers[t]} {t}</span>' for t in TIERS if tiers[t])
    yield (f'<section class="file" id="{e.anchor}"><h2>{esc(e.result.path)}</h2>'
           f'<p class="muted">{e.result.words:,} words · spin score {e.spin:.3f} · {counts} · '
           f'<a href="#summary">back to summary</a></p>\n'
           '<table class="sbs"><colgroup><col class="ln"><col><col></colgroup>'
           "<thead><tr><th>line</th><th>original</th><th>cleaned</th></tr></thead>\n<tbody>")
    ci = 0
    prev_end = -1
    for a, b in visible:
        if a > prev_end + 1:
            yield _gap(text, starts, nlines, prev_end + 1, a - 1)
        for ln in range(a, b + 1):
            ls = starts[ln]
            le = starts[ln + 1] - 1 if ln + 1 < len(starts) else len(text)
            while ci < len(changes) and changes[ci].s.end <= ls and changes[ci].s.start < ls:
                ci += 1
            yield _line_row(e, text, ln, ls, le, changes, ci, rule_id)
        prev_end = b
    if left_out:
        yield (f'<tr class="gap"><td class="ln"></td><td colspan="2" class="clip">lines {prev_end + 2:,}–{nlines:,} '
               f"hold {left_out:,} more suggestion(s), not laid out: the page shows the first {MAX_MARKED:,} "
               "(use <code>cleaner check --format jsonl</code> for all)</td></tr>\n")
    elif prev_end < nlines - 1:
        yield _gap(text, starts, nlines, prev_end + 1, nlines - 1)
    yield "</tbody></table></section>\n"


def _line_text(text: str, starts: list[int], ln: int) -> str:
    ls = starts[ln]
    le = starts[ln + 1] - 1 if ln + 1 < len(starts) else len(text)
    line = text[ls:le]
    if line.endswith("\r") and le < len(text):  # the CR of a CRLF (a lone CR at the end is shown)
        line = line[:-1]
    if len(line) > LONG_LINE:
        line = line[:LONG_LINE] + f" … [{len(line) - LONG_LINE:,} more characters]"
    return line


def _gap(text: str, starts: list[int], nlines: int, a: int, b: int) -> str:
    """Unchanged lines a..b (0-based, inclusive), folded; a very long stretch keeps only its ends."""
    n = b - a + 1
    if n <= 2 * GAP_KEEP_LINES:
        body = "\n".join(_line_text(text, starts, i) for i in range(a, b + 1))
    else:
        head = "\n".join(_line_text(text, starts, i) for i in range(a, a + GAP_KEEP_LINES))
        tail = "\n".join(_line_text(text, starts, i) for i in range(b - GAP_KEEP_LINES + 1, b + 1))
        body = f"{head}\n\n[… {n - 2 * GAP_KEEP_LINES:,} more unchanged lines not shown …]\n\n{tail}"
    what = f"line {a + 1}" if n == 1 else f"lines {a + 1}–{b + 1}"
    return (f'<tr class="gap"><td class="ln"></td><td colspan="2"><details class="fold"><summary>{what} unchanged '
            f"({n:,} line{'s' if n != 1 else ''})</summary><pre>{esc(body)}</pre></details></td></tr>\n")


def _line_row(e: FileEntry, text: str, ln: int, ls: int, le: int, changes: list[Change], ci: int,
              rule_id: dict[str, str]) -> str:
    if le > ls and text[le - 1] == "\r" and le < len(text):
        le -= 1  # the CR of a CRLF is not shown
    pieces: list[tuple[str, object]] = []  # ("text", str) | ("chg", (Change, start, end, first))
    pos = ls
    i = ci
    while i < len(changes) and changes[i].s.start < le + 1:
        c = changes[i]
        cs, ce = max(c.s.start, ls), min(c.s.end, le)
        if c.s.end <= ls and not (c.s.start == c.s.end == ls):
            i += 1
            continue
        if cs > pos:
            pieces.append(("text", text[pos:cs]))
        pieces.append(("chg", (c, cs, ce, c.s.start >= ls)))
        pos = max(pos, ce)
        if c.s.end > le:
            break  # continues on the next line
        i += 1
    if pos < le:
        pieces.append(("text", text[pos:le]))
    long_line = le - ls > LONG_LINE
    old: list[str] = []
    new: list[str] = []
    for k, (kind, val) in enumerate(pieces):
        if kind == "text":
            seg = _clip(val, k > 0, k < len(pieces) - 1) if long_line else esc(val)
            old.append(seg)
            new.append(seg)
            continue
        c, cs, ce, first = val
        s = c.s
        cls = f"t-{s.applicability.value} {rule_id[s.rule]}"
        title = _title(c)
        anchor = f' id="{c.anchor}"' if first else ""
        old.append(f'<mark class="o {cls}"{anchor} title="{title}">{esc(text[cs:ce])}</mark>')
        if c.applied:
            part = _replacement_part(text, s, cs, first)
            if part is not None:
                new.append(f'<mark class="n {cls}" title="{title}">{esc(part)}</mark>')
        else:
            new.append(f'<mark class="n na {cls}" title="{title}">{esc(text[cs:ce])}</mark>')
    num = ln + 1
    return (f'<tr><td class="ln"><a href="#{e.anchor}-l{num}" id="{e.anchor}-l{num}">{num}</a></td>'
            f'<td class="old">{"".join(old)}</td><td class="new">{"".join(new)}</td></tr>\n')


def _replacement_part(text: str, s: Suggestion, at: int, first: bool) -> str | None:
    """What the cleaned column shows for the piece of a (multi-line) span that starts at ``at``.

    A replacement with as many line breaks as the original is spread over the same lines, so the
    two columns stay aligned; any other goes whole on the first line.
    """
    parts = s.replacement.split("\n")
    if len(parts) == 1 or len(parts) != s.original.count("\n") + 1:
        return s.replacement.replace("\r\n", "\n") if first else None
    part = parts[text.count("\n", s.start, at)]
    return part[:-1] if part.endswith("\r") else part


def _clip(seg: str, after_change: bool, before_change: bool) -> str:
    """An unchanged piece of a very long line: keep only CLIP characters next to each change."""
    keep_head = CLIP if after_change else 0
    keep_tail = CLIP if before_change else 0
    if not after_change and not before_change:
        keep_head = CLIP * 2
    if len(seg) <= keep_head + keep_tail + 40:
        return esc(seg)
    cut = len(seg) - keep_head - keep_tail
    return (esc(seg[:keep_head]) + f'<span class="clip">[… {cut:,} characters …]</span>'
            + (esc(seg[len(seg) - keep_tail:]) if keep_tail else ""))
