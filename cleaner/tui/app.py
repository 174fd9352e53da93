"""``cleaner review``: walk through every safe and review-tier suggestion and decide, in context.

The app owns the keys (declared once, in ``ReviewApp.BINDINGS``) and turns them into changes of the
``Session`` model; the widgets only draw. Detection runs in a worker thread, so a big file opens at
once; decisions go to a sidecar beside each file as they are made (so a killed session resumes)
and to an audit log; ``s`` writes the files atomically.
"""
from __future__ import annotations

import bisect
import dataclasses
import sys
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Label
from textual.worker import get_current_worker

from ..engine import Cleaner
from ..files import Excluder, iter_files
from ..textio import BinaryFile, InputError
from ..wordlist import phrase_key
from .model import ACCEPTED, EDITED, EXCEPTED, PENDING, REJECTED, Document, Session
from .store import (AUDIT_SUFFIX, EXCEPTIONS_NAME, SIDECAR_SUFFIX, AuditLog, Exceptions, default_exceptions_path,
                    resume, write_sidecar)
from .widgets import ContextView, DetailView, FileList, StatusBar, SuggestionList

SIDECAR_DELAY = 0.4  # seconds of quiet before decisions are written to the sidecar
TIERS = ("safe", "review")


class PromptScreen(ModalScreen[str | None]):
    """A one-line text prompt (edit a replacement, set a filter); Enter keeps, Escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, title: str, value: str, placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(self.title_text)
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuitScreen(ModalScreen[str]):
    """Asked on ``q`` only when decisions are not yet saved into the files."""

    BINDINGS = [Binding("y", "answer('quit')", "quit without saving"), Binding("s", "answer('save')", "save and quit"),
                Binding("n,escape", "answer('stay')", "stay")]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(f"Unsaved decisions in {', '.join(self.names)}.")
            yield Label("y quit without saving (decisions stay in the sidecar) · s save and quit · n stay")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class ReviewApp(App[int]):
    CSS_PATH = "review.tcss"
    TITLE = "cleaner review"
    ENABLE_COMMAND_PALETTE = False  # every action has its own key; the footer needs the room

    BINDINGS = [
        Binding("a", "accept", "accept"),
        Binding("r", "reject", "reject"),
        Binding("e", "edit", "edit"),
        Binding("u", "undo", "undo"),
        Binding("n,down", "next", "next"),
        Binding("p,up", "previous", "prev"),
        Binding("A", "accept_rule", "accept all"),
        Binding("R", "reject_rule", "reject all"),
        Binding("x", "exception", "exception"),
        Binding("1", "choose(1)", "choose", key_display="1-9"),
        *[Binding(str(k), f"choose({k})", "choose", show=False) for k in range(2, 10)],
        Binding("slash", "filter", "filter", key_display="/"),
        Binding("right_square_bracket", "next_file", "next file", key_display="]", show=False),
        Binding("left_square_bracket", "previous_file", "previous file", key_display="[", show=False),
        Binding("s", "save", "save"),
        Binding("q", "request_quit", "quit"),
    ]

    def __init__(self, documents: list[Document], cleaner: Cleaner, exceptions: Exceptions,
                 skip: set[str] | None = None, unsafe: bool = False) -> None:
        super().__init__()
        self.session = Session(documents)
        self.cleaner = cleaner
        self.exceptions = exceptions
        self.skip = set(skip or ())
        self.unsafe = unsafe
        self.audit = AuditLog()
        self.current = 0
        self.rows: list[int] = []
        self.filter_text = ""
        self.cursors: dict[int, int] = {}  # the item focused in each file, to come back to it
        self._unflushed: set[int] = set()
        self._flush_timer = None
        self._deferred: list[str] = []  # keys pressed while the open file was still being analysed

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield FileList(id="files")
                yield SuggestionList(id="suggestions")
            with Vertical(id="right"):
                yield ContextView(id="context")
                yield DetailView(id="details")
        yield StatusBar(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.list = self.query_one(SuggestionList)
        self.context_view, self.detail_view = self.query_one(ContextView), self.query_one(DetailView)
        self.status_bar, self.file_list = self.query_one(StatusBar), self.query_one(FileList)
        files = self.query_one(FileList)
        files.display = len(self.session.documents) > 1
        files.styles.height = min(len(self.session.documents), 8) + 1  # + its bottom border
        self.list.focus()
        self.show_document(0)
        self.analyse_all()

    @work(thread=True, exclusive=True, group="analyse")
    def analyse_all(self) -> None:
        """Detect in every file, first to last; each file opens for review as soon as it is done."""
        worker = get_current_worker()
        for i, doc in enumerate(self.session.documents):
            if worker.is_cancelled:  # the app is closing: leave the other files alone
                return
            restored, note = 0, None
            try:
                doc.load(doc.analyse(self.cleaner, self.skip))
            except (InputError, OSError) as e:
                doc.error = str(e)
            else:
                try:
                    restored = resume(doc)
                except ValueError as e:  # an unreadable sidecar: review afresh, say so
                    note = str(e)
            self.call_from_thread(self._loaded, i, restored, note)

    def _loaded(self, i: int, restored: int, note: str | None) -> None:
        doc = self.session.documents[i]
        doc.ready = doc.error is None
        if note:
            self.notify(note, severity="warning", timeout=8)
        if restored:
            self.notify(f"{doc.name}: resumed {restored} decision{'s' * (restored != 1)} from the sidecar")
        if doc.error:
            self.notify(f"{doc.path}: {doc.error}", severity="error", timeout=8)
        if i == self.current:
            self.show_document(i, doc.first_pending() if doc.ready else 0)
            if self._deferred:
                self.call_after_refresh(self._replay)
        else:
            self.refresh_files()

    # Keys typed while the open file is still being analysed (the engine is built then too, so it
    # can take a second) are kept and replayed in order once its suggestions are listed: typing
    # ahead, or a script driving the app, loses nothing. A lone q still quits at once.
    _DEFERRABLE = frozenset({"accept", "reject", "edit", "undo", "next", "previous", "accept_rule", "reject_rule",
                             "exception", "choose", "filter", "next_file", "previous_file", "save", "request_quit"})

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        if (isinstance(action, str) and default_namespace in (None, self) and not self.doc.ready
                and self.doc.error is None and action.split("(")[0] in self._DEFERRABLE
                and (action != "request_quit" or self._deferred)):
            self._deferred.append(action)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    async def _replay(self) -> None:
        actions, self._deferred = self._deferred, []
        for action in actions:
            await self.run_action(action)

    # ------------------------------------------------------------------ drawing

    @property
    def doc(self) -> Document:
        return self.session.documents[self.current]

    @property
    def index(self) -> int | None:
        """The focused item's index in the current document, or None when the list is empty."""
        if not self.doc.ready or not self.rows:
            return None
        return self.rows[self.list.cursor]

    def compute_rows(self, doc: Document) -> list[int]:
        f = self.filter_text.strip().lower()
        if not f:
            return list(range(len(doc.items)))
        if f in TIERS:
            return [i for i, it in enumerate(doc.items) if it.suggestion.applicability.value == f]
        return [i for i, it in enumerate(doc.items) if f in it.suggestion.rule.lower()]

    def show_document(self, i: int, item: int | None = None) -> None:
        if self.rows and self.doc.ready:
            self.cursors[self.current] = self.rows[self.list.cursor]
        self.current = i
        doc = self.doc
        self.sub_title = doc.name
        self.rows = self.compute_rows(doc) if doc.ready else []
        if item is None:
            item = self.cursors.get(i, doc.first_pending() if doc.ready else 0)
        self.list.show(doc if doc.ready else None, self.rows, bisect.bisect_left(self.rows, item))
        self.refresh_panes()
        self.refresh_files()

    def refresh_panes(self) -> None:
        doc, index = self.doc, self.index
        self.context_view.show(doc, index)
        self.detail_view.show(doc, index)
        self.refresh_status()

    def refresh_status(self) -> None:
        n = len(self.session.documents)
        files = f"file {self.current + 1}/{n}" if n > 1 else ""
        self.status_bar.show(self.doc, self.list.cursor, len(self.rows), self.filter_text, files)

    def refresh_files(self) -> None:
        if len(self.session.documents) > 1:
            self.file_list.show(self.session.documents, self.current)
        self.refresh_status()

    def go_to_row(self, row: int) -> None:
        if not self.rows:
            return
        self.list.move_to(row)
        self.refresh_panes()

    def on_suggestion_list_selected(self, message: SuggestionList.Selected) -> None:
        self.go_to_row(message.row)

    # ------------------------------------------------------------------ deciding

    def record(self, doc_index: int, changes, decision: str, **extra) -> None:
        doc = self.session.documents[doc_index]
        self.audit.write(doc, (self.audit.entry(doc, doc.items[c.index], decision, **extra) for c in changes))
        self._unflushed.add(doc_index)
        if self._flush_timer is None:
            self._flush_timer = self.set_timer(SIDECAR_DELAY, self.flush_sidecars)
        else:
            self._flush_timer.reset()

    def flush_sidecars(self) -> None:
        self._flush_timer = None
        for i in sorted(self._unflushed):
            try:
                write_sidecar(self.session.documents[i])
            except OSError as e:
                self.notify(f"{self.session.documents[i].path}: decisions not saved: {e.strerror or e}", severity="error")
        self._unflushed.clear()

    def decide_current(self, state: str, replacement: str | None = None) -> None:
        index = self.index
        if index is None:
            self.bell()
            return
        step = self.session.decide(self.current, [index], state, replacement)
        self.record(self.current, step.changes, state)
        self.list.refresh_row(self.list.cursor)
        self.advance()

    def advance(self) -> None:
        """Move to the next pending suggestion after the cursor (or simply the next one)."""
        items, rows, cur = self.doc.items, self.rows, self.list.cursor
        target = next((r for r in range(cur + 1, len(rows)) if items[rows[r]].state == PENDING), None)
        if target is None:
            target = min(cur + 1, len(rows) - 1)
        self.go_to_row(target)
        self.refresh_files()

    def action_accept(self) -> None:
        self.decide_current(ACCEPTED)

    def action_reject(self) -> None:
        self.decide_current(REJECTED)

    def action_choose(self, n: int) -> None:
        index = self.index
        if index is None:
            return
        candidates = self.doc.items[index].candidates
        if n > len(candidates):
            self.notify(f"only {len(candidates)} choice{'s' * (len(candidates) != 1)} here", severity="warning", timeout=2)
            return
        self.decide_current(ACCEPTED, None if n == 1 else candidates[n - 1])

    def action_edit(self) -> None:
        index = self.index
        if index is None:
            return
        it = self.doc.items[index]

        def done(value: str | None) -> None:
            if value is None or self.index != index:
                return
            if value == it.suggestion.replacement:
                self.decide_current(ACCEPTED)
            else:
                self.decide_current(EDITED, value)

        self.push_screen(PromptScreen(f"Replace “{it.suggestion.original}” with:", it.chosen), done)

    def bulk(self, state: str) -> None:
        index = self.index
        if index is None:
            return
        rule = self.doc.items[index].suggestion.rule
        targets = [i for i, it in enumerate(self.doc.items) if it.state == PENDING and it.suggestion.rule == rule]
        if not targets:
            self.notify(f"nothing pending for {rule}", timeout=2)
            return
        step = self.session.decide(self.current, targets, state)
        self.record(self.current, step.changes, state, bulk=rule)
        self.notify(f"{state} {len(targets)} × {rule}", timeout=2)
        self.list.refresh()
        self.advance()

    def action_accept_rule(self) -> None:
        self.bulk(ACCEPTED)

    def action_reject_rule(self) -> None:
        self.bulk(REJECTED)

    def action_exception(self) -> None:
        index = self.index
        if index is None:
            return
        phrase = self.doc.items[index].phrase
        try:
            added = self.exceptions.add(phrase)
        except OSError as e:
            self.notify(f"{self.exceptions.path}: {e.strerror or e}", severity="error")
            return
        targets = {}
        for d, doc in enumerate(self.session.documents):
            hits = [i for i, it in enumerate(doc.items)
                    if it.phrase == phrase and (it.state == PENDING or (d, i) == (self.current, index))]
            if hits:
                targets[d] = hits
        step = self.session.decide_many(targets, EXCEPTED, exception=phrase if added else None)
        for d, hits in targets.items():
            self.record(d, [c for c in step.changes if c.doc == d], EXCEPTED, exception=phrase)
        self.skip.add(phrase_key(phrase))
        self.notify(f"“{phrase}” will not be suggested again ({self.exceptions.path.name})", timeout=3)
        self.list.refresh()
        self.advance()

    def action_undo(self) -> None:
        step = self.session.undo()
        if step is None:
            self.notify("nothing to undo", timeout=2)
            return
        if step.exception:
            try:
                self.exceptions.remove(step.exception)
                self.skip.discard(phrase_key(step.exception))
            except OSError:
                pass
        for d in sorted({c.doc for c in step.changes}):
            self.record(d, [c for c in step.changes if c.doc == d], "undone")
        first = step.changes[0]
        if first.doc != self.current:
            self.show_document(first.doc, first.index)
        else:
            self.list.refresh()
        row = bisect.bisect_left(self.rows, first.index)
        if row < len(self.rows):
            self.go_to_row(row)
        self.refresh_files()

    # ------------------------------------------------------------------ moving

    def action_next(self) -> None:
        self.go_to_row(self.list.cursor + 1)

    def action_previous(self) -> None:
        self.go_to_row(self.list.cursor - 1)

    def action_next_file(self) -> None:
        self.show_document((self.current + 1) % len(self.session.documents))

    def action_previous_file(self) -> None:
        self.show_document((self.current - 1) % len(self.session.documents))

    def action_filter(self) -> None:
        def done(value: str | None) -> None:
            if value is None:
                return
            index = self.index
            self.filter_text = value.strip()
            self.show_document(self.current, index if index is not None else 0)

        self.push_screen(PromptScreen("Filter by rule (part of its name) or tier (safe, review); empty shows all:",
                                      self.filter_text), done)

    # ------------------------------------------------------------------ saving, quitting

    def save_all(self) -> bool:
        ok = True
        for d, doc in enumerate(self.session.documents):
            if not doc.ready:
                continue
            try:
                if doc.dirty:
                    n = doc.save()
                    self.audit.write(doc, [self.audit.entry(doc, None, "saved", applied=n)])
                    self.notify(f"{doc.name}: saved with {n} fix{'es' * (n != 1)}", timeout=3)
                write_sidecar(doc)
            except (InputError, OSError) as e:
                ok = False
                msg = str(e) if isinstance(e, InputError) else (e.strerror or str(e))
                self.notify(f"{doc.path}: {msg}", severity="error", timeout=10)
        self._unflushed.clear()
        self.refresh_files()
        return ok

    def action_save(self) -> None:
        self.save_all()

    def action_request_quit(self) -> None:
        dirty = [d.name for d in self.session.documents if d.dirty]
        if not dirty:
            self.finish()
            return

        def answer(choice: str | None) -> None:
            if choice == "quit":
                self.finish()
            elif choice == "save" and self.save_all():
                self.finish()

        self.push_screen(ConfirmQuitScreen(dirty), answer)

    async def action_quit(self) -> None:  # ctrl+q: the same question as q
        self.action_request_quit()

    def finish(self) -> None:
        self.flush_sidecars()
        self.exit(0)


# --------------------------------------------------------------------------- entry point

def open_documents(args, cfg) -> tuple[list[Document], int]:
    """Read every input file (directories are walked as the other commands do); report bad ones."""
    status = 0
    docs = []
    own = ["*" + SIDECAR_SUFFIX, "*" + AUDIT_SUFFIX, EXCEPTIONS_NAME]  # what review writes is not reviewed
    excluder = Excluder(list(cfg.exclude) + list(getattr(args, "exclude", [])) + own)
    encoding = getattr(args, "encoding", None) or cfg.encoding
    for path, problem in iter_files(args.paths, excluder, getattr(args, "follow_links", False)):
        if path == "-":
            problem = "cannot review standard input; save it to a file first"
        if problem is None:
            try:
                docs.append(Document.open(path, encoding))
                continue
            except BinaryFile as e:
                print(f"{path}: {e}", file=sys.stderr)
                continue
            except InputError as e:
                problem = str(e)
            except OSError as e:
                problem = e.strerror or str(e)
        print(f"{path}: {problem}", file=sys.stderr)
        status = 2
    return docs, status


def without_exceptions(cleaner: Cleaner, phrases: list[str]) -> Cleaner:
    """The same engine minus the rules whose spun phrase the editor has made an exception."""
    skip = {phrase_key(p) for p in phrases}
    if not any(r.key in skip for r in cleaner.rules):
        return cleaner
    return dataclasses.replace(cleaner, rules=[r for r in cleaner.rules if r.key not in skip])


def build_app(paths: list[str | Path], cleaner: Cleaner, exceptions_path: Path | None = None,
              encoding: str | None = None, unsafe: bool = False) -> ReviewApp:
    """The app for these files (for tests and scripts: no argument parsing, errors raise)."""
    exceptions = Exceptions(exceptions_path or default_exceptions_path())
    phrases = exceptions.load()
    docs = [Document.open(p, encoding) for p in paths]
    return ReviewApp(docs, without_exceptions(cleaner, phrases), exceptions, {phrase_key(p) for p in phrases}, unsafe)


def run_review(args, cfg, cleaner: Cleaner) -> int:
    docs, status = open_documents(args, cfg)
    if not docs:
        if status == 0:
            print("nothing to review: no text files among the inputs", file=sys.stderr)
        return 2
    exceptions = Exceptions(default_exceptions_path())
    try:
        phrases = exceptions.load()
    except (OSError, UnicodeDecodeError) as e:
        print(f"{exceptions.path}: cannot read the exceptions list: {e}", file=sys.stderr)
        return 2
    app = ReviewApp(docs, without_exceptions(cleaner, phrases), exceptions, {phrase_key(p) for p in phrases},
                    getattr(args, "unsafe", False))
    app.run()
    return status
