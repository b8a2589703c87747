"""Accept or reject changes one by one; the merged text follows the decisions.

Nothing in the writer's document changes until they accept: a pending change
counts as rejected. `accept(i)` and `reject(i)` return the one `TextEdit` to
apply to the current merged text (positions relative to where the original
text starts in the document), so the GUI can make each decision one undo step.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.writing.diff import Change, TextEdit, compute_changes

ACCEPTED, REJECTED, PENDING = "accepted", "rejected", "pending"


class ChangeSet:
    """The changes between an original and a revised text, and the writer's decisions."""

    def __init__(self, original: str, revised: str, changes: list[Change] | None = None):
        self.original = original
        self.revised = revised
        self.changes: list[Change] = (
            compute_changes(original, revised) if changes is None else list(changes)
        )
        self._state: dict[int, str] = {c.index: PENDING for c in self.changes}
        self._by_index = {c.index: c for c in self.changes}

    @classmethod
    def from_parts(cls, original: str, revised: str, changes: Iterable[Change]) -> ChangeSet:
        """A set built from per-chunk changes already computed (positions in `original`)."""
        return cls(original, revised, list(changes))

    # ------------------------------------------------------------ decisions
    def __len__(self) -> int:
        return len(self.changes)

    def state(self, index: int) -> str:
        return self._state[index]

    @property
    def pending(self) -> list[Change]:
        return [c for c in self.changes if self._state[c.index] == PENDING]

    def accept(self, index: int) -> TextEdit | None:
        """Take change `index`; returns the edit to apply, None if already taken."""
        return self._decide(index, ACCEPTED)

    def reject(self, index: int) -> TextEdit | None:
        """Keep the original at change `index`; an edit only if it had been accepted."""
        return self._decide(index, REJECTED)

    def accept_all(self) -> list[TextEdit]:
        """Accept every pending change; edits are in reverse order, safe to apply one by one."""
        return self._decide_all(ACCEPTED)

    def reject_all(self) -> list[TextEdit]:
        """Reject every change; edits (reverse order) undo the accepted ones."""
        return self._decide_all(REJECTED)

    def _decide_all(self, state: str) -> list[TextEdit]:
        # Going backwards, a decision never moves the changes still to come, so the
        # starts computed once up front stay right (linear, not quadratic).
        starts = self._merged_starts()
        edits = []
        for position, change in zip(reversed(starts), reversed(self.changes), strict=True):
            edit = self._decide(change.index, state, start=position)
            if edit is not None:
                edits.append(edit)
        return edits

    def _decide(self, index: int, state: str, *, start: int | None = None) -> TextEdit | None:
        change = self._by_index[index]
        before = self._state[index] == ACCEPTED
        after = state == ACCEPTED
        edit = None
        if before != after:
            if start is None:
                start = self.merged_start(index)
            shown, wanted = (change.new, change.old) if before else (change.old, change.new)
            edit = TextEdit(start, start + len(shown), wanted)
        self._state[index] = state
        return edit

    # ------------------------------------------------------------ positions
    def merged_start(self, index: int) -> int:
        """Where change `index` begins in the merged text (as the decisions stand now)."""
        shift = 0
        target = self._by_index[index]
        for change in self.changes:
            if change is target:
                break
            if self._state[change.index] == ACCEPTED:
                shift += len(change.new) - len(change.old)
        return target.start + shift

    def _merged_starts(self) -> list[int]:
        starts, shift = [], 0
        for change in self.changes:
            starts.append(change.start + shift)
            if self._state[change.index] == ACCEPTED:
                shift += len(change.new) - len(change.old)
        return starts

    def merged_span(self, index: int) -> tuple[int, int]:
        """The change's text span in the merged text: its new text if accepted, else old."""
        change = self._by_index[index]
        start = self.merged_start(index)
        shown = change.new if self._state[index] == ACCEPTED else change.old
        return start, start + len(shown)

    # ---------------------------------------------------------------- texts
    def merged(self, *, pending_accepted: bool = False) -> str:
        """The original with accepted changes applied (pending ones too if asked)."""
        take = {ACCEPTED, PENDING} if pending_accepted else {ACCEPTED}
        return merge(self.original, self.changes, lambda c: self._state[c.index] in take)

    def segments(self) -> list[tuple[str, str]]:
        """(kind, text) pieces for an inline view: "equal", "delete", "insert"."""
        pieces: list[tuple[str, str]] = []
        position = 0
        for change in self.changes:
            if change.start > position:
                pieces.append(("equal", self.original[position : change.start]))
            if change.old:
                pieces.append(("delete", change.old))
            if change.new:
                pieces.append(("insert", change.new))
            position = change.end
        if position < len(self.original):
            pieces.append(("equal", self.original[position:]))
        return pieces


def merge(original: str, changes: Iterable[Change], take) -> str:
    """`original` with the changes for which `take(change)` is true applied."""
    parts: list[str] = []
    position = 0
    for change in changes:
        parts.append(original[position : change.start])
        parts.append(change.new if take(change) else change.old)
        position = change.end
    parts.append(original[position:])
    return "".join(parts)
