"""The writing assistant's Qt-free core: actions, track changes, long documents.

What the GUI (and the CLI) use:

- `WritingService(engine, settings)`: `run(WriteRequest, WriteListener) -> WriteResult`
  on a worker thread, `stop()` from any thread, `ensure_model(path)`, `library`.
- `ChangeSet`: a result's changes; `accept(i)` / `reject(i)` return the `TextEdit`
  to apply (one undo step); `accept_all()`, `reject_all()`, `merged()`, `segments()`.
- `ActionLibrary`: built-in and user actions; `save_user_action`, `delete_user_action`.
- `DocumentNotes` / `NotesStore`: per-document memory and author's note.
- `AutosaveStore` / `Autosaver`: autosave and crash recovery.
- Documents (.txt, .md, .docx) are opened and saved by `app.core.documents`.
- Ask about this document: `ask.py` (which part of the document the model sees,
  fenced as data) and `ask_chat.DocumentChat` (the questions as a saved chat).
"""

from app.core.writing.actions import TONES, Action, ActionError, ActionLibrary
from app.core.writing.analysis import Analysis, Highlight
from app.core.writing.autosave import Autosaver, AutosaveStore, Recovery, document_id
from app.core.writing.changeset import ChangeSet
from app.core.writing.diff import Change, TextEdit, compute_changes
from app.core.writing.notes import DocumentNotes, NotesStore
from app.core.writing.service import (
    PartResult,
    WriteListener,
    WriteRequest,
    WriteResult,
    WriteStats,
    WritingService,
)
from app.core.writing.templates import FIELDS, TemplateError

__all__ = [
    "FIELDS",
    "TONES",
    "Action",
    "ActionError",
    "ActionLibrary",
    "Analysis",
    "AutosaveStore",
    "Autosaver",
    "Change",
    "ChangeSet",
    "DocumentNotes",
    "Highlight",
    "NotesStore",
    "PartResult",
    "Recovery",
    "TemplateError",
    "TextEdit",
    "WriteListener",
    "WriteRequest",
    "WriteResult",
    "WriteStats",
    "WritingService",
    "compute_changes",
    "document_id",
]
