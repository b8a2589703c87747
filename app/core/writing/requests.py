"""What a writing action is asked, what it gives back, and how it reports progress.

Plain data, shared by the service (which the GUI and CLI call) and the runner
(which does the work), so the GUI can build requests and read results without
knowing how an action is run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.writing.actions import Action, ActionError
from app.core.writing.analysis import Analysis
from app.core.writing.changeset import ChangeSet
from app.core.writing.diff import Change
from app.core.writing.notes import DocumentNotes


@dataclass
class WriteRequest:
    """An action on `text` (the selection, or the whole document)."""

    action: str | Action
    text: str
    document: str | None = None  # the whole document when `text` is a selection
    selection_start: int = 0  # where `text` starts in `document`
    cursor: int | None = None  # continue writing: position in `text` (default: its end)
    tone: str | None = None
    language: str | None = None
    categories: list[str] | str | None = None
    title: str = ""
    notes: DocumentNotes = field(default_factory=DocumentNotes)
    sampling: dict = field(default_factory=dict)  # overrides; max_tokens caps each answer
    max_part_tokens: int | None = None  # cap on a part's size (tests, benchmarks)


@dataclass
class PartResult:
    """One part of the text, done: its answer and its changes (whole-text positions)."""

    index: int
    total: int  # parts planned so far (a part found too long is cut again)
    start: int
    end: int
    original: str
    answer: str
    changes: list[Change]
    finish_reason: str
    trimmed: bool  # the model's reply ran past the part and was cut


@dataclass
class WriteStats:
    parts: int = 0
    prompt_tokens: int = 0
    cached_tokens: int = 0
    completion_tokens: int = 0
    engine_seconds: float = 0.0  # prompt evaluation + decoding, as the engine measured
    seconds: float = 0.0  # the whole run
    first_part_seconds: float = 0.0  # run start -> first part's changes ready


@dataclass
class WriteResult:
    action: Action
    status: str  # "complete" | "stopped" | "error" | "empty"
    text: str  # the input
    output: str = ""  # revised text, answer, continuation or raw JSON
    changes: ChangeSet | None = None  # edit, replace and insert actions
    analysis: Analysis | None = None  # analysis actions
    notes: list[str] = field(default_factory=list)  # for the user: split, trimmed…
    error: str | None = None
    stats: WriteStats = field(default_factory=WriteStats)

    @property
    def no_changes(self) -> bool:
        return self.changes is not None and len(self.changes) == 0


class WriteListener:
    """Override what you need; every call comes on the thread that runs the action."""

    def started(self, total_parts: int) -> None:
        pass

    def text_received(self, part: int, text: str) -> None:
        pass

    def part_finished(self, part: PartResult) -> None:
        pass

    def progress(self, done: int, total: int) -> None:
        pass

    def notice(self, message: str) -> None:
        pass


def option_values(action: Action, request: WriteRequest) -> dict[str, str]:
    """The template's fields from the request; raises ActionError for a missing option."""
    categories = request.categories
    if isinstance(categories, str):
        categories = categories.split(",")
    names = list(dict.fromkeys(c.strip() for c in categories or [] if c.strip()))
    values = {
        "tone": (request.tone or action.defaults.get("tone", "")).strip(),
        "language": (request.language or action.defaults.get("language", "")).strip(),
        "categories": ", ".join(names) or action.defaults.get("categories", ""),
        "memory": request.notes.memory.strip(),
        "authors_note": request.notes.authors_note.strip(),
        "title": request.title,
    }
    missing = {
        "tone": "say which tone to rewrite in (for example formal, friendly, concise)",
        "language": "say which language to translate into",
        "categories": "name at least one category",
    }
    for name in action.fields:
        if name in missing and not values[name]:
            raise ActionError(f"{action.title}: {missing[name]}")
    return values
