"""Autosave and crash recovery for documents being edited (Qt-free).

While a document has unsaved changes the editor hands its text to an
`Autosaver` on every change; the text is written to `<data>/autosave/` at most
every few seconds (and on `flush()`), atomically, so a crash or power cut loses
a few seconds at most. A clean save or close discards the copy. At start-up,
`AutosaveStore.recoverable()` lists the copies left by a process that is no
longer running: those are the ones to offer back to the writer.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil

from app.paths import app_paths

log = logging.getLogger(__name__)

AUTOSAVE_SECONDS = 5.0


def _this_process() -> tuple[int, float]:
    process = psutil.Process()
    return process.pid, round(process.create_time(), 2)


def _running(pid: int, started: float) -> bool:
    """True if the process that wrote a copy is still running (not a reused pid)."""
    try:
        return round(psutil.Process(pid).create_time(), 2) == started
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return False


def document_id(path: str | Path | None) -> str:
    """A stable id for a saved document (its path), a fresh one for a new document."""
    if path is None:
        return "new-" + uuid.uuid4().hex[:16]
    resolved = str(Path(path).expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:24]


@dataclass
class Recovery:
    """An autosaved copy: what the writer had, and of which file."""

    doc_id: str
    text: str
    path: Path | None  # the file it belongs to; None for a document never saved
    kind: str
    saved_at: float  # time.time() of the copy

    def differs_from_file(self) -> bool:
        """False when the file on disk already holds this text (nothing to recover)."""
        if self.path is None or not self.path.exists():
            return True
        from app.core.documents import DocumentError, open_document

        try:
            return open_document(self.path).text != self.text
        except DocumentError:
            return True


class AutosaveStore:
    def __init__(self, folder: Path | None = None):
        self.folder = folder or app_paths().data / "autosave"

    def _file(self, doc_id: str) -> Path:
        return self.folder / f"{doc_id}.json"

    def save(self, doc_id: str, text: str, *, path: str | Path | None = None, kind="text") -> None:
        pid, started = _this_process()
        record = {
            "doc_id": doc_id,
            "path": str(Path(path).expanduser().resolve()) if path else None,
            "kind": kind,
            "saved_at": time.time(),
            "pid": pid,
            "started": started,
            "text": text,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(doc_id)
        tmp = target.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)

    def discard(self, doc_id: str) -> None:
        self._file(doc_id).unlink(missing_ok=True)

    def load(self, doc_id: str) -> Recovery | None:
        record = self._read(self._file(doc_id))
        return _recovery(record) if record else None

    def recoverable(self) -> list[Recovery]:
        """Copies written by processes that are gone (crashed or killed), newest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for file in self.folder.glob("*.json"):
            record = self._read(file)
            if record is None or _running(record.get("pid", -1), record.get("started", 0.0)):
                continue
            found.append(_recovery(record))
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    def _read(self, file: Path) -> dict | None:
        try:
            record = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("autosave copy %s unreadable (%s)", file, exc)
            return None
        return record if isinstance(record, dict) and "text" in record else None


def _recovery(record: dict) -> Recovery:
    return Recovery(
        doc_id=str(record.get("doc_id")),
        text=str(record["text"]),
        path=Path(record["path"]) if record.get("path") else None,
        kind=str(record.get("kind", "text")),
        saved_at=float(record.get("saved_at", 0.0)),
    )


class Autosaver:
    """One document's autosave: call `changed()` on edits, `saved()` after a real save."""

    def __init__(
        self,
        store: AutosaveStore,
        doc_id: str,
        *,
        path: str | Path | None = None,
        kind: str = "text",
        interval: float = AUTOSAVE_SECONDS,
        clock=time.monotonic,
    ):
        self.store, self.doc_id, self.path, self.kind = store, doc_id, path, kind
        self.interval = interval
        self._clock = clock
        self._last_write = -float("inf")
        self._pending: str | None = None

    def changed(self, text: str) -> bool:
        """Note the new text; writes it if the last copy is older than the interval."""
        self._pending = text
        if self._clock() - self._last_write >= self.interval:
            return self.flush()
        return False

    def flush(self) -> bool:
        """Write the pending text now (on a timer, on quit); True if something was written."""
        if self._pending is None:
            return False
        self.store.save(self.doc_id, self._pending, path=self.path, kind=self.kind)
        self._pending = None
        self._last_write = self._clock()
        return True

    def saved(self, path: str | Path | None = None) -> None:
        """The document was saved for real: the copy is no longer needed."""
        self._pending = None
        self.store.discard(self.doc_id)
        if path is not None:
            self.path = path
