"""What an editor decides in ``cleaner review``, kept apart from the screen so it can be tested and resumed.

A ``Document`` is one file: its text as read (the base every save is computed from), the
safe and review-tier suggestions in document order (the order and filter of ``cleaner check``),
and one ``Item`` per suggestion holding the editor's decision. A ``Session`` holds the documents
and the undo history. Nothing here draws on a screen.
"""
from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..apply import apply_suggestions
from ..engine import Cleaner
from ..runner import Job, process
from ..suggestion import Applicability, Suggestion
from ..textio import InputError, decode, write_atomic
from ..wordlist import phrase_key

PENDING, ACCEPTED, REJECTED, EDITED, EXCEPTED = "pending", "accepted", "rejected", "edited", "excepted"
APPLIES = (ACCEPTED, EDITED)
# The footer's four counts; an exception is a rejection that also goes into the exceptions list.
COUNTED = {PENDING: PENDING, ACCEPTED: ACCEPTED, REJECTED: REJECTED, EXCEPTED: REJECTED, EDITED: EDITED}
FLOOR = Applicability.REVIEW  # what `cleaner check` lists by default: safe and review tiers


@dataclass(slots=True)
class Item:
    suggestion: Suggestion
    line: int
    column: int
    state: str = PENDING
    replacement: str | None = None  # the editor's choice when it differs from the suggestion's
    applied: bool = False  # already written to the file by a save in this session

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.suggestion.replacement,) + tuple(self.suggestion.alternatives)

    @property
    def chosen(self) -> str:
        return self.suggestion.replacement if self.replacement is None else self.replacement

    @property
    def phrase(self) -> str:
        """The phrase an exception names: the wordlist rule's spun form, else the text itself."""
        return exception_phrase(self.suggestion)


def exception_phrase(s: Suggestion) -> str:
    list_name, sep, key = s.rule.partition(":")
    tail = s.origin.rpartition(":")[2]
    if sep and key and tail.isdigit():  # a wordlist rule: "list:key" defined at "path:line"
        return key
    return phrase_key(s.original)


@dataclass(frozen=True)
class Change:
    """One item's state before a decision, so the decision can be undone."""

    doc: int
    index: int
    state: str
    replacement: str | None


@dataclass
class Step:
    """One undoable action (a key press): the changes it made and the exception it added, if any."""

    changes: list[Change]
    exception: str | None = None


class Document:
    def __init__(self, path: str | Path, data: bytes, forced_encoding: str | None = None):
        self.path = Path(path)
        self.forced_encoding = forced_encoding
        self.text, self.encoding = decode(data, forced_encoding)
        self.digest = hashlib.sha256(data).hexdigest()  # of the bytes on disk, to notice outside edits
        self.items: list[Item] = []
        self.counts: Counter[str] = Counter()
        self.ready = False
        self.dirty = False  # decisions not yet written to the file
        self.error: str | None = None
        self._starts: list[int] = []
        self._disk_shift: list[tuple[int, int]] = []  # (base offset, cumulative delta) after a save
        self.disk_text = self.text  # the file's text as last read or saved

    @classmethod
    def open(cls, path: str | Path, forced_encoding: str | None = None) -> "Document":
        with open(path, "rb") as fh:
            return cls(path, fh.read(), forced_encoding)

    @property
    def name(self) -> str:
        return self.path.name

    # ------------------------------------------------------------ suggestions

    def analyse(self, cleaner: Cleaner, skip: Iterable[str] = ()) -> list[Item]:
        """The suggestions ``cleaner check`` lists for this file (same chunking, order and tiers).

        Pure with respect to the document: returns items, ``load`` installs them (so a worker
        thread can analyse while the screen runs); the app sets ``ready`` once they are shown.
        """
        res = process(str(self.path), Job(mode="check", encoding=self.forced_encoding), cleaner)
        if res.error or res.notice:
            raise InputError(res.error or res.notice)
        skip = set(skip)
        items = []
        for f in res.findings:
            s = f.suggestion
            if s.applicability.rank < FLOOR.rank or self.text[s.start:s.end] != s.original:
                continue
            if skip and exception_phrase(s) in skip:
                continue
            items.append(Item(s, f.line, f.column))
        return items

    def load(self, items: list[Item]) -> None:
        self.items = items
        self._starts = [it.suggestion.start for it in items]
        self.counts = Counter(COUNTED[it.state] for it in items)

    def set_state(self, i: int, state: str, replacement: str | None = None) -> Change:
        it = self.items[i]
        before = Change(-1, i, it.state, it.replacement)
        self.counts[COUNTED[it.state]] -= 1
        it.state, it.replacement = state, replacement
        self.counts[COUNTED[state]] += 1
        self.dirty = True
        return before

    def items_between(self, start: int, end: int) -> range:
        """Indices of the items that start inside ``[start, end)`` (items are in document order)."""
        return range(bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end))

    def first_pending(self) -> int:
        return next((i for i, it in enumerate(self.items) if it.state == PENDING), 0)

    # ------------------------------------------------------------ saving

    def chosen_suggestions(self) -> list[Suggestion]:
        return [it.suggestion.with_replacement(it.chosen) for it in self.items if it.state in APPLIES]

    def fixed_text(self) -> str:
        return apply_suggestions(self.text, self.chosen_suggestions())

    def save(self) -> int:
        """Write the text with the accepted and edited fixes applied; return how many were applied.

        Refuses (``InputError``) when the file changed on disk since it was read or last saved.
        """
        try:
            with open(self.path, "rb") as fh:
                current = hashlib.sha256(fh.read()).hexdigest()
        except OSError as e:
            raise InputError(e.strerror or str(e)) from None
        if current != self.digest:
            raise InputError("changed on disk since it was opened; not saved (reopen it to review the new text)")
        chosen = self.chosen_suggestions()
        fixed = apply_suggestions(self.text, chosen)
        try:
            data = self.encoding.encode(fixed)
        except UnicodeEncodeError as e:
            bad = [it.chosen for it in self.items if it.state in APPLIES and not self.encoding.can_encode(it.chosen)]
            what = f"“{bad[0]}”" if bad else repr(e.object[e.start:e.end])
            raise InputError(f"{what} cannot be written in {self.encoding.name}; edit or reject it, then save") from None
        write_atomic(self.path, data)
        self.digest = hashlib.sha256(data).hexdigest()
        shift, delta = [], 0
        for it in self.items:
            it.applied = it.state in APPLIES
            if it.applied:
                delta += len(it.chosen) - len(it.suggestion.original)
                shift.append((it.suggestion.end, delta))
        self._disk_shift = shift
        self.disk_text = fixed
        self.dirty = False
        return len(chosen)

    def disk_offset(self, offset: int) -> int:
        """Where a base-text offset (outside any applied fix) sits in the file as last saved."""
        i = bisect.bisect_right(self._disk_shift, (offset, float("inf"))) - 1
        return offset + (self._disk_shift[i][1] if i >= 0 else 0)



@dataclass
class Session:
    """The open documents and the undo history that spans them."""

    documents: list[Document]
    history: list[Step] = field(default_factory=list)

    def decide(self, doc: int, indices: Iterable[int], state: str, replacement: str | None = None,
               exception: str | None = None) -> Step:
        d = self.documents[doc]
        changes = []
        for i in indices:
            c = d.set_state(i, state, replacement)
            changes.append(Change(doc, c.index, c.state, c.replacement))
        step = Step(changes, exception)
        self.history.append(step)
        return step

    def decide_many(self, targets: dict[int, list[int]], state: str, exception: str | None = None) -> Step:
        changes = []
        for doc, indices in targets.items():
            d = self.documents[doc]
            for i in indices:
                c = d.set_state(i, state)
                changes.append(Change(doc, c.index, c.state, c.replacement))
        step = Step(changes, exception)
        self.history.append(step)
        return step

    def undo(self) -> Step | None:
        if not self.history:
            return None
        step = self.history.pop()
        for c in reversed(step.changes):
            self.documents[c.doc].set_state(c.index, c.state, c.replacement)
        return step

    @property
    def dirty(self) -> bool:
        return any(d.dirty for d in self.documents)
