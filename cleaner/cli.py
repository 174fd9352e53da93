"""The command line: ``cleaner fix``, ``check``, ``score``, ``eval``, ``wordlists``, ``review``, ``report``.

Exit codes: ``check`` 0 nothing found, 1 findings; every command 2 on an error (one line
``path: message`` on stderr, never a traceback; a bad file does not stop the others).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Iterator, Sequence

from . import __version__
from .config import Config, ConfigError
from .config import load as load_config
from .engine import Cleaner
from .files import Excluder, iter_files
from .runner import FileResult, Job, process
from .suggestion import Applicability
from .wordlist import WordlistError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


# --------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cleaner", description="Repair English text damaged by article spinners, OCR and bad decoding.")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def engine_options(sp: argparse.ArgumentParser) -> None:
        g = sp.add_argument_group("rules")
        g.add_argument("--wordlist", action="append", default=[], metavar="PATH", help="add a wordlist file or directory (repeatable)")
        g.add_argument("--no-default-wordlists", action="store_true", help="do not load the bundled wordlists")
        g.add_argument("--no-fuzzy", action="store_true", help="match known phrases exactly only")
        g.add_argument("--generalise", action="store_true",
                       help="experimental: propose thesaurus synonyms for words no rule names (display tier, never applied)")
        g.add_argument("--ocr", action="store_true", help="also repair OCR errors (mis-read letters, split and joined words, hyphenation)")
        g.add_argument("--config", metavar="PYPROJECT", help="read [tool.cleaner] from this file instead of the nearest pyproject.toml")
        io_ = sp.add_argument_group("input")
        io_.add_argument("--encoding", metavar="NAME", help="decode files that are not UTF-8 with this encoding")
        io_.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching this pattern (repeatable)")
        io_.add_argument("--follow-links", action="store_true", help="follow symbolic links that leave the directory tree")
        io_.add_argument("-j", "--jobs", type=int, default=0, metavar="N", help="worker processes (default: number of CPUs)")

    fx = sub.add_parser("fix", help="print or write the cleaned text", description="Apply safe fixes (and review-tier ones with --unsafe).")
    fx.add_argument("paths", nargs="*", metavar="PATH", help="files or directories; - reads standard input")
    mode = fx.add_mutually_exclusive_group()
    mode.add_argument("-w", "--write", action="store_true", help="rewrite files in place (atomic; untouched files are not rewritten)")
    mode.add_argument("--diff", action="store_true", help="print a unified diff instead of the text")
    fx.add_argument("--unsafe", action="store_true", help="also apply review-tier fixes")
    fx.add_argument("--backup", action="store_true", help="with -w, keep the original as FILE.orig")
    fx.add_argument("--summary", action="store_true", help="print a table of fixes per rule to stderr")
    fx.add_argument("--exit-nonzero-on-fix", action="store_true", help="exit 1 when anything was changed")
    fx.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line on the terminal")
    js = fx.add_argument_group("JSON Lines corpora")
    js.add_argument("--jsonl", metavar="FIELD", help="input is JSON Lines: clean FIELD of every record, keep the rest as it is")
    js.add_argument("--stats-key", metavar="KEY", help="with --jsonl, add {\"fixes\": N, \"spin\": S} to each record under KEY")
    js.add_argument("--strict", action="store_true", help="with --jsonl, stop at the first malformed line (exit 2)")
    engine_options(fx)

    ck = sub.add_parser("check", help="list what would be fixed", description="List suggestions without changing anything.")
    ck.add_argument("paths", nargs="*", metavar="PATH")
    ck.add_argument("--format", choices=("text", "json", "jsonl", "github", "sarif"), default="text")
    ck.add_argument("--all", action="store_true", help="include display-tier suggestions (reported only, never applied)")
    ck.add_argument("--summary", action="store_true", help="print a table of findings per rule to stderr")
    engine_options(ck)

    sc = sub.add_parser("score", help="how spun each document looks", description="Print each file's document-level spin score.")
    sc.add_argument("paths", nargs="*", metavar="PATH")
    sc.add_argument("--format", choices=("text", "json"), default="text")
    engine_options(sc)

    ev = sub.add_parser("eval", help="measure the cleaner on annotated or paired text",
                        description="Score `cleaner fix` on gold files ({{spun|original}} markup) or on --pair SPUN ORIGINAL.")
    ev.add_argument("gold", nargs="*", metavar="GOLD", help="gold-annotated files")
    ev.add_argument("--pair", nargs=2, action="append", default=[], metavar=("SPUN", "ORIGINAL"), help="a spun file and its original (repeatable)")
    ev.add_argument("--unsafe", action="store_true", help="score with review-tier fixes applied too")
    ev.add_argument("--tiers", action="store_true", help="also report precision per tier")
    ev.add_argument("--format", choices=("text", "json"), default="text")
    ev.add_argument("--show", action="store_true", help="list every miss and wrong edit")
    engine_options(ev)

    wl = sub.add_parser("wordlists", help="check and list wordlists")
    wsub = wl.add_subparsers(dest="wl_command", metavar="ACTION")
    lint = wsub.add_parser("lint", help="check wordlists: parse errors, order, duplicates, cycles")
    lint.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the bundled lists)")
    lint.add_argument("--fix", action="store_true", help="sort the rules in place (comments above the first rule stay)")
    wsub.add_parser("path", help="print where the bundled wordlists are")
    au = wsub.add_parser("audit", help="list safe-tier phrases that may be clean English (advice, not errors)")
    au.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: the bundled lists)")

    ln = sub.add_parser("learn", help="propose rules from a corpus one spinner spun",
                        description="Read a corpus of spun articles and propose the substitutions its statistics point to "
                                    "(common words that vanished, thesaurus synonyms that crowd in), as a wordlist of "
                                    "review-tier rules to read before use.")
    ln.add_argument("paths", nargs="+", metavar="PATH", help="files or directories of spun text")
    ln.add_argument("-o", "--output", metavar="FILE", help="write the wordlist here (default: standard output)")
    ln.add_argument("--all", action="store_true", help="also propose stand-ins the bundled wordlists already name")
    ln.add_argument("--encoding", metavar="NAME", help="decode files that are not UTF-8 with this encoding")
    ln.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip files matching this pattern (repeatable)")
    ln.add_argument("--follow-links", action="store_true", help="follow symbolic links that leave the directory tree")

    rv = sub.add_parser("review", help="review suggestions one by one in a terminal app")
    rv.add_argument("paths", nargs="+", metavar="PATH")
    rv.add_argument("--unsafe", action="store_true", help="also show review-tier suggestions (they are shown by default; kept for symmetry)")
    engine_options(rv)

    rp = sub.add_parser("report", help="write a self-contained HTML report of what would change")
    rp.add_argument("paths", nargs="+", metavar="PATH")
    rp.add_argument("-o", "--output", required=True, metavar="FILE.html")
    rp.add_argument("--unsafe", action="store_true", help="show the text as --unsafe would leave it")
    engine_options(rp)
    return p


# --------------------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return COMMANDS[args.command](args)
    except (UsageError, ConfigError) as e:
        _err(str(e))
        return EXIT_ERROR
    except WordlistError as e:
        _err(str(e))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `cleaner fix big.txt | head`): not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def settings(args, lazy: bool = False) -> tuple[Config, Cleaner]:
    """The configuration and the engine; ``lazy`` leaves the engine to build on first use."""
    cfg = load_config(Path(args.config)) if getattr(args, "config", None) else load_config()
    paths = list(cfg.wordlists) + list(getattr(args, "wordlist", []))
    bundled = cfg.default_wordlists and not getattr(args, "no_default_wordlists", False)
    fuzzy = cfg.fuzzy and not getattr(args, "no_fuzzy", False)
    for p in paths:
        if not Path(p).exists():
            raise UsageError(f"{p}: wordlist not found")
    cleaner = Cleaner.from_wordlists(paths, bundled=bundled, exclude=cfg.ignore, fuzzy=fuzzy, ocr=getattr(args, "ocr", False),
                                     generalise=getattr(args, "generalise", False))
    return cfg, cleaner if lazy else cleaner.prepare()


def _inputs(args, cfg: Config) -> list[tuple[str, str | None]]:
    if not args.paths:
        raise UsageError("no input: give files, directories, or - for standard input")
    excluder = Excluder(cfg.exclude + args.exclude)
    return list(iter_files(args.paths, excluder, args.follow_links))


def run_files(args, cfg: Config, cleaner: Cleaner, job: Job, sink=None, progress=None) -> Iterator[FileResult]:
    """Process every input, in order, in parallel where it pays; bad paths come back as errors.

    Several files go to worker processes (their output, if printed, comes back with the result);
    one large file printed to ``sink`` has its chunks cleaned in parallel instead.
    """
    items = _inputs(args, cfg)
    todo = [p for p, problem in items if problem is None]
    jobs = args.jobs or os.cpu_count() or 1
    sizes = {p: _size(p) for p in todo}
    streamed = False
    if progress is not None:
        progress.set_totals(len(todo), sum(sizes.values()) if "-" not in sizes else None)
    if jobs > 1 and len(todo) > 1 and "-" not in todo:  # a worker process cannot read our stdin
        from .parallel import run_parallel

        done = run_parallel(todo, job, cleaner, jobs)
    elif jobs > 1 and len(todo) == 1 and sink is not None and job.mode == "fix" and sizes[todo[0]] > 4 * job.chunk_chars:
        from .parallel import fix_large_file

        step = (lambda n, fixes: progress.advance(n, fixes=fixes)) if progress is not None else None
        done = (fix_large_file(p, job, cleaner, jobs, sink, on_chunk=step) for p in todo)
        streamed = True  # progress was counted chunk by chunk
    else:
        done = (process(p, job, cleaner, sink) for p in todo)
    it = iter(done)
    for path, problem in items:
        if problem is not None:
            yield FileResult(path, error=problem)
        else:
            res = next(it)
            if progress is not None:
                progress.advance(0 if streamed else sizes[path], files=1, fixes=0 if streamed else res.applied)
            yield res


def _size(path: str) -> int:
    try:
        return 0 if path == "-" else os.path.getsize(path)
    except OSError:
        return 0


def _report_problems(res: FileResult) -> bool:
    if res.error:
        _err(f"{res.path}: {res.error}")
        return True
    if res.notice:
        _err(f"{res.path}: {res.notice}")
    return False


def cmd_fix(args) -> int:
    cfg, cleaner = settings(args)
    unsafe = args.unsafe or cfg.unsafe
    encoding = args.encoding or cfg.encoding
    if args.write:
        mode = "write"
        if "-" in args.paths:
            raise UsageError("-: cannot write standard input in place; drop -w to print the result")
    elif args.diff:
        mode = "diff"
    else:
        mode = "fix"
        if any(Path(p).is_dir() for p in args.paths if p != "-"):
            raise UsageError("cannot print a directory: use -w to rewrite its files, or --diff")
    from .progress import Progress, interactive

    progress = Progress.for_run(None, None, quiet=args.quiet, output_to_terminal=mode != "write" and interactive(sys.stdout),
                                unit="records" if args.jsonl else "files")
    if args.jsonl is not None:
        with progress:
            return _fix_jsonl(args, cfg, cleaner, mode, unsafe, progress)
    job = Job(mode=mode, unsafe=unsafe, encoding=encoding, backup=args.backup, keep_findings=args.summary)
    status = EXIT_OK
    changed = False
    results = []
    sink = sys.stdout.buffer if mode == "fix" else None
    with progress:
        for res in run_files(args, cfg, cleaner, job, sink, progress):
            if _report_problems(res):
                status = EXIT_ERROR
            changed |= res.changed
            if res.output and mode in ("diff", "fix"):
                sys.stdout.buffer.write(res.output)
            if args.summary:
                results.append(res)
        sys.stdout.flush()
    if args.summary:
        from .summary import print_summary

        print_summary(results, unsafe=unsafe, applied_only=True)
    if status == EXIT_OK and changed and args.exit_nonzero_on_fix:
        return EXIT_FINDINGS
    return status


def _fix_jsonl(args, cfg: Config, cleaner: Cleaner, mode: str, unsafe: bool, progress) -> int:
    """``fix --jsonl FIELD``: clean one field of every record, print (or with -w rewrite) the lines."""
    from .jsonl import RecordCleaner, clean_stream
    from .textio import AtomicWriter

    if mode == "diff":
        raise UsageError("--jsonl: --diff is not supported; print the records or use -w")
    if args.stats_key is not None and args.stats_key == args.jsonl:
        raise UsageError(f"--stats-key {args.stats_key}: must differ from the cleaned field")
    records = RecordCleaner(cleaner, args.jsonl, args.stats_key, unsafe)
    jobs = args.jobs or os.cpu_count() or 1
    status = EXIT_OK
    items = _inputs(args, cfg)
    progress.set_totals(None, sum(_size(p) for p, problem in items if problem is None) if all(p != "-" for p, _ in items) else None)
    step = lambda st: progress.advance(st.bytes, files=st.records, fixes=st.fixes)  # noqa: E731
    for path, problem in items:
        if problem is not None:
            _err(f"{path}: {problem}")
            status = EXIT_ERROR
            continue
        writer = None
        try:
            fh = sys.stdin.buffer if path == "-" else open(path, "rb")
            with fh:
                sink = sys.stdout.buffer
                if mode == "write":
                    writer = AtomicWriter(path)
                    sink = writer
                stats = clean_stream(fh, sink, records, name=path, jobs=jobs, strict=args.strict, on_error=_err, on_batch=step)
            if stats.errors:
                status = EXIT_ERROR
            if writer is not None:
                complete = not (args.strict and stats.errors)
                if complete and (stats.changed or args.stats_key is not None and stats.records > 0):
                    writer.commit()
                else:
                    writer.discard()
                writer = None
        except OSError as e:
            _err(f"{path}: cannot read ({e.strerror or e})")
            status = EXIT_ERROR
        finally:
            if writer is not None:
                writer.discard()
        if args.strict and status != EXIT_OK:
            break
    sys.stdout.flush()
    return status


def cmd_check(args) -> int:
    cfg, cleaner = settings(args)
    job = Job(mode="check", encoding=args.encoding or cfg.encoding)
    floor = Applicability.DISPLAY if args.all else Applicability.REVIEW
    status = EXIT_OK
    found = False
    results = []
    from .formats import get_formatter

    formatter = get_formatter(args.format, sys.stdout)
    for res in run_files(args, cfg, cleaner, job):
        if _report_problems(res):
            status = EXIT_ERROR
        res.findings = [f for f in res.findings if f.suggestion.applicability.rank >= floor.rank]
        found |= bool(res.findings)
        formatter.add(res)
        results.append(res) if args.summary else None
    formatter.finish()
    if args.summary:
        from .summary import print_summary

        print_summary(results, unsafe=True, applied_only=False)
    if status != EXIT_OK:
        return status
    return EXIT_FINDINGS if found else EXIT_OK


def cmd_score(args) -> int:
    cfg, cleaner = settings(args)
    job = Job(mode="check", encoding=args.encoding or cfg.encoding)
    status = EXIT_OK
    rows = []
    for res in run_files(args, cfg, cleaner, job):
        if _report_problems(res):
            status = EXIT_ERROR
            continue
        if res.notice:
            continue
        best = max((s["spin_score"] for s in res.spin), default=0.0)
        rows.append({"path": res.path, "spin_score": best, "words": res.words, "chunks": res.spin})
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for r in rows:
            verdict = "spun" if r["spin_score"] >= 0.5 else "clean"
            print(f"{r['path']}: spin {r['spin_score']:.3f} ({verdict}, {r['words']} words)")
    return status


def cmd_eval(args) -> int:
    from .evaluate import run_eval

    _, cleaner = settings(args)
    return run_eval(args, cleaner)


def cmd_wordlists(args) -> int:
    from .wordlist import bundled_dir, lint, sort_file

    if args.wl_command == "path":
        print(bundled_dir())
        return EXIT_OK
    if args.wl_command == "audit":
        from .wordlist import audit

        found = audit(args.paths or [str(bundled_dir())])
        for pr in found:
            print(pr)
        return EXIT_FINDINGS if found else EXIT_OK
    if args.wl_command != "lint":
        raise UsageError("usage: cleaner wordlists {lint,path,audit}")
    paths = args.paths or [str(bundled_dir())]
    if args.fix:
        from .wordlist import wordlist_files

        for p in wordlist_files(paths):
            if sort_file(p):
                _err(f"{p}: sorted")
    problems = lint(paths)
    for pr in problems:
        print(pr)
    return EXIT_FINDINGS if problems else EXIT_OK


def cmd_review(args) -> int:
    try:
        from .tui.app import run_review
    except ImportError as e:  # pragma: no cover - textual is a dependency
        raise UsageError(f"the review app is unavailable: {e}") from None
    cfg, cleaner = settings(args, lazy=True)  # built in the app's worker: the window opens at once
    return run_review(args, cfg, cleaner)


def cmd_report(args) -> int:
    from .report import write_report

    cfg, cleaner = settings(args)
    return write_report(args, cfg, cleaner)


def cmd_learn(args) -> int:
    from .learn import learn
    from .textio import InputError, read_text
    from .wordlist import bundled_paths, load

    excluder = Excluder(args.exclude)
    items = list(iter_files(args.paths, excluder, args.follow_links))
    status = EXIT_OK
    for path, problem in items:
        if problem is not None:
            _err(f"{path}: {problem}")
            status = EXIT_ERROR
    files = [p for p, problem in items if problem is None and p != "-"]
    if "-" in (p for p, _ in items):
        raise UsageError("learn reads files (twice): standard input is not supported")
    bad: set[str] = set()

    def texts():
        for path in files:
            if path in bad:
                continue
            try:
                yield read_text(path, args.encoding)[0]
            except (InputError, OSError) as e:
                if path not in bad:
                    bad.add(path)
                    _err(f"{path}: {e}")

    known = set() if args.all else {r.key for p in bundled_paths() for r in load(p).rules}
    proposals = learn(reread=texts, known=known)
    if bad:
        status = EXIT_ERROR
    lines = [
        "# Rules proposed by `cleaner learn` from " + f"{len(files) - len(bad)} file(s). Each stand-in is far commoner here",
        "# than in English, and a frequent word that lists it as a synonym is missing where it occurs.",
        "# Proposals, not facts: read each one before use (delete the wrong ones), then pass the file",
        "# with --wordlist. Counts: this corpus against English of the same length.",
    ] + sorted(p.line() for p in proposals)
    out = "\n".join(lines) + "\n"
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(out)
    _err(f"{len(proposals)} rule(s) proposed")
    return status


COMMANDS = {
    "learn": cmd_learn,
    "fix": cmd_fix,
    "check": cmd_check,
    "score": cmd_score,
    "eval": cmd_eval,
    "wordlists": cmd_wordlists,
    "review": cmd_review,
    "report": cmd_report,
}


def entry() -> None:  # console-script entry point
    sys.exit(main())
