"""Per-document memory and author's note (story helpers), kept between sessions.

Memory holds facts the model must keep (names, setting, what happened); the
author's note is style guidance. Both are added to every request on that
document. They are small, so each document's pair is a JSON file in the data
folder, named by a hash of the document's path: nothing is written into the
user's own document.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from app.paths import app_paths

log = logging.getLogger(__name__)


@dataclass
class DocumentNotes:
    memory: str = ""
    authors_note: str = ""

    def is_empty(self) -> bool:
        return not (self.memory.strip() or self.authors_note.strip())


def _key(document_path: str | Path) -> str:
    resolved = str(Path(document_path).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:32]


class NotesStore:
    """Read and write each document's notes (folder: <data>/writing-notes)."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or app_paths().data / "writing-notes"

    def _file(self, document_path: str | Path) -> Path:
        return self.folder / f"{_key(document_path)}.json"

    def load(self, document_path: str | Path) -> DocumentNotes:
        path = self._file(document_path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return DocumentNotes()
        except (OSError, ValueError) as exc:
            log.warning("notes file %s unreadable (%s); starting empty", path, exc)
            return DocumentNotes()
        return DocumentNotes(
            memory=str(data.get("memory", "")), authors_note=str(data.get("authors_note", ""))
        )

    def save(self, document_path: str | Path, notes: DocumentNotes) -> None:
        path = self._file(document_path)
        if notes.is_empty():
            path.unlink(missing_ok=True)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        data = {**asdict(notes), "document": str(Path(document_path).expanduser().resolve())}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, path)
