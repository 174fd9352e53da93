"""The review screen's widgets. Each draws one thing from the model and posts messages; none decides."""
from __future__ import annotations

from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from .model import ACCEPTED, EDITED, EXCEPTED, PENDING, REJECTED, Document, Item

MARK = {PENDING: "·", ACCEPTED: "✓", REJECTED: "✗", EDITED: "✎", EXCEPTED: "⊘"}
CONTEXT_CHARS = 400  # at most this much text either side of the focused suggestion


def origin_label(origin: str) -> str:
    """``wordlist.txt:line`` (the file's name, not its full path)."""
    path, sep, line = origin.rpartition(":")
    if sep and line.isdigit():
        return f"{Path(path).name}:{line}"
    return origin


class SuggestionList(ScrollView, can_focus=True):
    """One line per suggestion, drawn on demand: only the visible rows are ever rendered."""

    COMPONENT_CLASSES = {"suggestions--cursor", "suggestions--pending", "suggestions--accepted",
                         "suggestions--rejected", "suggestions--edited", "suggestions--excepted",
                         "suggestions--meta"}

    class Selected(Message):
        def __init__(self, row: int) -> None:
            self.row = row
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.document: Document | None = None
        self.rows: list[int] = []  # indices into document.items shown, in order (the filter's result)
        self.cursor = 0

    def show(self, document: Document | None, rows: list[int], cursor: int) -> None:
        self.document, self.rows = document, rows
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.virtual_size = Size(0, len(rows))  # never wider than the view: rows are cut to fit
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def move_to(self, row: int) -> None:
        old = self.cursor
        self.cursor = max(0, min(row, len(self.rows) - 1))
        self.refresh_row(old)
        self.refresh_row(self.cursor)
        self.scroll_to_cursor()

    def refresh_row(self, row: int) -> None:
        self.refresh_line(row)  # ScrollView maps the row to the screen through the scroll offset

    def scroll_to_cursor(self) -> None:
        if not self.rows:
            return
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def render_line(self, y: int) -> Strip:
        row = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if self.document is None or row >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        it = self.document.items[self.rows[row]]
        s = it.suggestion
        style = self.get_component_rich_style(f"suggestions--{it.state}")
        meta = self.get_component_rich_style("suggestions--meta")
        if row == self.cursor:
            cursor = self.get_component_rich_style("suggestions--cursor")
            style, meta = style + cursor, meta + cursor
        where = f"{it.line}:{it.column}".rjust(9)
        change = f"{s.original} → {it.chosen}".replace("\n", "⏎")
        tail = f" {s.applicability.value} {s.confidence:.2f} "
        room = max(0, width - len(where) - len(tail) - 3)
        if len(change) > room:
            change = change[: max(0, room - 1)] + "…"
        segments = [Segment(f" {MARK[it.state]} ", style), Segment(where, meta), Segment(" " + change.ljust(room), style),
                    Segment(tail, meta)]
        return Strip(segments).crop_extend(0, width, self.rich_style + (style if row == self.cursor else Style()))

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.rows))

    def on_click(self, event) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self.rows):
            self.post_message(self.Selected(row))


class ContextView(Static):
    """The focused suggestion in its paragraph, the other suggestions there marked by their state.

    Every pane has a fixed size and updates without a layout pass, so a keystroke repaints only the
    panes that changed and two rows of the list, however long the document.
    """

    def show(self, document: Document | None, index: int | None) -> None:
        if document is None or index is None or not document.items:
            note = "No suggestions to review." if document and document.ready else "Analysing…"
            self.update(Text(note, style="dim"), layout=False)
            return
        text = document.text
        focus = document.items[index].suggestion
        para = text.rfind("\n\n", 0, focus.start)
        lo = max(para + 2 if para >= 0 else 0, focus.start - CONTEXT_CHARS)
        hi = text.find("\n\n", focus.end)
        hi = min(len(text) if hi < 0 else hi, focus.end + CONTEXT_CHARS)
        if lo > 0 and text[lo - 1] != "\n":  # cut at a word, not inside one
            lo = text.find(" ", lo, focus.start) + 1 or lo
        out = Text("…" if lo > 0 and text[lo - 1] != "\n" else "")
        pos = lo
        for i in document.items_between(lo, hi):
            it = document.items[i]
            s = it.suggestion
            if s.start < pos or s.end > hi:
                continue
            out.append(text[pos:s.start])
            if i == index:
                out.append(s.original, style="bold reverse yellow")
                out.append(f" → {it.chosen}", style="bold green" if it.state in (ACCEPTED, EDITED) else "bold")
            elif it.state in (ACCEPTED, EDITED):
                out.append(it.chosen, style="green")
            elif it.state in (REJECTED, EXCEPTED):
                out.append(s.original, style="dim")
            else:
                out.append(s.original, style="underline")
            pos = s.end
        out.append(text[pos:hi])
        if hi < len(text) and text[hi:hi + 2] != "\n\n":
            out.append("…")
        self.update(out, layout=False)


class DetailView(Static):
    """Rule, confidence, tier, candidates (numbered for the 1–9 keys), origin and message."""

    def show(self, document: Document | None, index: int | None) -> None:
        if document is None or index is None or not document.items:
            self.update("", layout=False)
            return
        it: Item = document.items[index]
        s = it.suggestion
        t = Text()
        t.append(f"{s.original}", style="bold yellow")
        t.append(" → ")
        t.append(f"{it.chosen}\n", style="bold green")
        t.append("rule        ", style="dim")
        t.append(f"{s.rule}\n")
        t.append("confidence  ", style="dim")
        t.append(f"{s.confidence:.2f} ({s.applicability.value})\n")
        t.append("origin      ", style="dim")
        t.append(f"{origin_label(s.origin)}\n")
        t.append("decision    ", style="dim")
        t.append(f"{it.state}\n", style="bold")
        t.append("choices     ", style="dim")
        for n, c in enumerate(it.candidates[:9], 1):
            t.append(f"{n}", style="bold reverse")
            t.append(f" {c}  ", style="green" if c == it.chosen else "")
        if it.replacement is not None and it.replacement not in it.candidates:
            t.append("edited: ", style="dim")
            t.append(it.replacement, style="green")
        t.append("\n")
        if s.message:
            t.append(s.message, style="italic dim")
        self.update(t, layout=False)


class StatusBar(Static):
    """Counts for the current file and where the cursor is."""

    def show(self, document: Document | None, row: int, rows: int, filter_text: str, files: str) -> None:
        if document is None:
            self.update("", layout=False)
            return
        c = document.counts
        t = Text()
        t.append(f" {document.name} ", style="bold")
        if files:
            t.append(f"({files}) ")
        if document.error:
            t.append(f" {document.error}", style="bold red")
            self.update(t, layout=False)
            return
        if not document.ready:
            t.append(" analysing…", style="italic")
            self.update(t, layout=False)
            return
        t.append(f" {row + 1 if rows else 0}/{rows} ")
        t.append(f" pending {c['pending']} ", style="bold")
        t.append("·")
        t.append(f" accepted {c['accepted']} ", style="green")
        t.append("·")
        t.append(f" rejected {c['rejected']} ", style="red")
        t.append("·")
        t.append(f" edited {c['edited']} ", style="cyan")
        if filter_text:
            t.append(f"  filter: {filter_text}", style="italic")
        if document.dirty:
            t.append("  [unsaved]", style="bold")
        self.update(t, layout=False)


class FileList(Static):
    """Per-file progress, shown when several files are open."""

    def show(self, documents: list[Document], current: int) -> None:
        t = Text()
        for i, d in enumerate(documents):
            mark = "▶ " if i == current else "  "
            if d.error:
                t.append(f"{mark}{d.name}: {d.error}\n", style="red")
                continue
            if not d.ready:
                t.append(f"{mark}{d.name}  analysing…\n", style="dim")
                continue
            total = len(d.items)
            done = total - d.counts["pending"]
            t.append(f"{mark}{d.name}  {done}/{total} decided{'  [unsaved]' if d.dirty else ''}\n",
                     style="bold" if i == current else "")
        t.rstrip()
        self.update(t, layout=False)
