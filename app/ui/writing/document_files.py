"""The document behind the editor: new, open, save, save as, recent files, autosave.

Opening and saving go through the Qt-free `app.core.documents` (encodings,
line endings, .docx kept in place); autosave and crash recovery through
`app.core.writing.autosave`. This object adds the dialogs: the unsaved-changes
prompt, "save as UTF-8?" when the file's encoding cannot hold the text, and the
offer to recover work a crashed session left behind.

A large file (a long .docx is seconds of XML parsing) is read on a worker
(`app.ui.tasks`): the editor is read-only until it arrives, and a newer open or
New drops it. Small files open at once, as a writer expects.
"""

from __future__ import annotations

import logging
import time
import zipfile
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.core.documents import (
    Document,
    DocumentError,
    UnencodableText,
    new_document,
    open_document,
    save_document,
)
from app.core.writing import Autosaver, AutosaveStore, Recovery, document_id
from app.core.writing.autosave import AUTOSAVE_SECONDS
from app.ui.tasks import Task, TaskRunner
from app.ui.writing.editor import DocumentEditor

log = logging.getLogger(__name__)

RECENT_KEY = "recent_documents"
RECENT_MAX = 10
OPEN_FILTER = "Documents (*.txt *.md *.markdown *.docx);;All files (*)"
SAVE_FILTER = "Text (*.txt);;Markdown (*.md);;Word document (*.docx)"
Button = QMessageBox.StandardButton
OPEN_THREAD = "write-files"
LARGE_FILE_BYTES = 256 * 1024  # from this much text on a file is read off the GUI thread


class DocumentFiles(QObject):
    document_changed = Signal(object)  # Document: a new one, opened or recovered
    saved = Signal(object)  # Document, after a save
    message = Signal(str)  # one line for the status bar
    recent_changed = Signal()
    open_failed = Signal(str)  # one line: a document read in the background could not open

    def __init__(self, editor: DocumentEditor, settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = editor
        self.settings = settings
        self.parent_widget = parent
        self.store = AutosaveStore()
        self.document: Document = new_document()
        self.autosaver = Autosaver(self.store, document_id(None))
        self.tasks = TaskRunner(self, thread_name=OPEN_THREAD)
        self._opening: Task | None = None
        self._was_read_only = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(AUTOSAVE_SECONDS * 1000))
        self._timer.timeout.connect(self.autosave_now)
        editor.textChanged.connect(self._on_text_changed)

    # ---- state ------------------------------------------------------------------------------
    @property
    def is_modified(self) -> bool:
        return self.editor.document().isModified()

    @property
    def title(self) -> str:
        name = self.document.name if self.document.path else self.tr("Untitled")
        return name + (" •" if self.is_modified else "")

    @property
    def opening(self) -> bool:
        """A large document is being read in the background."""
        return self._opening is not None

    def _set(self, document: Document, text: str, *, modified: bool = False, doc_id=None) -> None:
        self._drop_opening()
        self._timer.stop()
        self.document = document
        self.editor.setPlainText(text)
        self.editor.document().setModified(modified)
        self.autosaver = Autosaver(
            self.store, doc_id or document_id(document.path), path=document.path, kind=document.kind
        )
        self.document_changed.emit(document)

    # ---- commands ------------------------------------------------------------------------------
    def new(self) -> bool:
        if not self.maybe_save():
            return False
        self.autosaver.saved()  # nothing of the old document is worth keeping now
        self._set(new_document(), "")
        return True

    def open(self, path: str | Path | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.parent_widget, self.tr("Open a document"), self._start_folder(), OPEN_FILTER
            )
            if not path:
                return False
        if not self.maybe_save():
            return False
        if is_large(path):
            return self._open_in_background(Path(path))
        try:
            document = open_document(path)
        except DocumentError as exc:
            self._error(self.tr("Could not open the document"), str(exc))
            return False
        self._opened(document)
        return True

    def _open_in_background(self, path: Path) -> bool:
        """Read `path` on the worker; True: it is being opened."""
        self._drop_opening()
        self._was_read_only = self.editor.isReadOnly()  # a write run may hold it so
        self.editor.setReadOnly(True)
        self.message.emit(self.tr("Opening {0}…").format(path.name))

        def failed(message: str) -> None:
            self._drop_opening()
            self.open_failed.emit(message)
            self._error(self.tr("Could not open the document"), message)

        self._opening = self.tasks.submit(
            lambda _task: open_document(path),
            done=self._opened,
            failed=failed,
        )
        return self._opening is not None

    def _drop_opening(self) -> None:
        """Forget a document still being read (a newer one, New, recovery)."""
        if self._opening is not None:
            self.tasks.cancel(self._opening)
            self._opening = None
            self.editor.setReadOnly(self._was_read_only)

    def _opened(self, document: Document) -> None:
        self.autosaver.saved()
        self._set(document, document.text)
        self._remember(document.path)
        for note in document.notes:
            self.message.emit(note)
        self.message.emit(self.tr("Opened {name}.").format(name=document.name))

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(None)

    def save_as(self, path: str | Path | None = None) -> bool:
        if path is None:
            start = str(self.document.path or Path(self._start_folder()) / "Untitled.txt")
            path, _ = QFileDialog.getSaveFileName(
                self.parent_widget, self.tr("Save the document"), start, SAVE_FILTER
            )
            if not path:
                return False
        return self._save_to(Path(path))

    def _save_to(self, path: Path | None, encoding: str | None = None) -> bool:
        text = self.editor.text()
        try:
            notes = save_document(self.document, text, path, encoding=encoding)
        except UnencodableText as exc:
            answer = QMessageBox.question(
                self.parent_widget,
                self.tr("Save as UTF-8?"),
                self.tr("{exc}.\n\nSave the document as UTF-8 instead?").format(exc=exc),
                Button.Yes | Button.No,
                Button.Yes,
            )
            if answer == Button.Yes:
                return self._save_to(path, "utf-8")
            return False
        except DocumentError as exc:
            self._error(self.tr("Could not save the document"), str(exc))
            return False
        self.editor.document().setModified(False)
        self._timer.stop()
        self.autosaver.saved(self.document.path)
        self.autosaver = Autosaver(
            self.store,
            document_id(self.document.path),
            path=self.document.path,
            kind=self.document.kind,
        )
        self._remember(self.document.path)
        for note in notes:
            self.message.emit(note)
        self.message.emit(self.tr("Saved {name}.").format(name=self.document.name))
        self.saved.emit(self.document)
        return True

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False when the writer cancels."""
        if not self.is_modified:
            return True
        answer = QMessageBox.question(
            self.parent_widget,
            self.tr("Unsaved changes"),
            self.tr("Save the changes to {name}?").format(name=self.document.name),
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )
        if answer == Button.Save:
            return self.save()
        if answer == Button.Discard:
            self.autosaver.saved()  # the writer chose to drop them
            self.editor.document().setModified(False)
            return True
        return False

    # ---- autosave and recovery --------------------------------------------------------------
    def _on_text_changed(self) -> None:
        if self.is_modified and not self._timer.isActive():
            self._timer.start()

    def autosave_now(self) -> bool:
        """Write the unsaved text to the autosave folder (timer, quit)."""
        self._timer.stop()
        if not self.is_modified:
            return False
        wrote = self.autosaver.changed(self.editor.text())
        return self.autosaver.flush() or wrote

    def offer_recovery(self) -> Recovery | None:
        """At start: offer back work a crashed or killed session left unsaved."""
        for recovery in self.store.recoverable():
            if not recovery.differs_from_file():
                self.store.discard(recovery.doc_id)
                continue
            name = recovery.path.name if recovery.path else "an unsaved document"
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(recovery.saved_at))
            answer = QMessageBox.question(
                self.parent_widget,
                self.tr("Recover unsaved work?"),
                self.tr(
                    "Quillmate found unsaved work in {name} from {when}, left by a session that did not close properly.\n\nRecover it?"
                ).format(name=name, when=when),
                Button.Yes | Button.No,
                Button.Yes,
            )
            if answer != Button.Yes:
                self.store.discard(recovery.doc_id)
                continue
            self._recover(recovery)
            return recovery
        return None

    def _recover(self, recovery: Recovery) -> None:
        document = new_document()
        if recovery.path is not None and recovery.path.exists():
            try:
                document = open_document(recovery.path)
            except DocumentError as exc:
                self.message.emit(
                    self.tr("The file could not be reopened ({exc}); recovered as new.").format(
                        exc=exc
                    )
                )
        elif recovery.path is not None:
            document.path = recovery.path  # the file is gone: save recreates it
        self._set(document, recovery.text, modified=True, doc_id=recovery.doc_id)
        self.message.emit(
            self.tr("Recovered unsaved work in {name}: save it to keep it.").format(
                name=document.name
            )
        )

    def close(self) -> None:
        """The window is closing and the writer has decided about unsaved changes."""
        self.tasks.shutdown()
        self._timer.stop()
        if self.is_modified:
            self.autosave_now()
        else:
            self.autosaver.saved()

    # ---- recent files ------------------------------------------------------------------------
    def recent(self) -> list[str]:
        return list(self.settings.data.get(RECENT_KEY, []))

    def _remember(self, path: Path | None) -> None:
        if path is None:
            return
        entry = str(Path(path).expanduser().resolve())
        recent = [p for p in self.recent() if p != entry]
        self.settings[RECENT_KEY] = [entry, *recent][:RECENT_MAX]
        self.recent_changed.emit()

    def _start_folder(self) -> str:
        recent = self.recent()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def _error(self, title: str, message: str) -> None:
        self.message.emit(message)
        QMessageBox.warning(self.parent_widget, title, message)


def is_large(path: str | Path) -> bool:
    """Worth reading on the worker: a .docx counts by its text's XML, unzipped."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:  # missing or unreadable: open_document says why, at once
        return False
    if path.suffix.lower() == ".docx":
        # The zip's directory says how big the XML is without unzipping it (the
        # styles of an empty document alone are ~36 KB on disk).
        try:
            with zipfile.ZipFile(path) as archive:
                size = archive.getinfo("word/document.xml").file_size
        except (OSError, KeyError, zipfile.BadZipFile):
            pass  # broken: judged by its size on disk; open_document says what is wrong
    return size >= LARGE_FILE_BYTES
