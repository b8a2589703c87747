"""The Sources panel: collections of the user's files, indexed in the background.

Reachable from Chat (the conversation settings' "Manage…" and the Sources menu) and
from Write (the same menu). Indexing runs on a worker thread with a progress bar and a
count; Pause stops it after the file in hand, and Index again (or the next start)
goes on from there, since the index is committed file by file. A search box tries the
collection the way a chat will use it, so the user can see what a question finds.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.accessibility import name_widgets
from app.ui.sources import dialogs
from app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

THREAD_NAME = "quillmate-sources"


class SourcesPanel(QDialog):
    """Manage collections; `collections_changed` tells the chat settings to refresh."""

    collections_changed = Signal()
    indexing_finished = Signal(object)  # IndexReport (or None when it failed)
    search_finished = Signal(list)

    def __init__(self, sources, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sourcesPanel")
        self.setWindowTitle(self.tr("Sources"))
        self.resize(760, 560)
        self.sources = sources
        self._runner = TaskRunner(self, thread_name=THREAD_NAME)
        self._pause = threading.Event()
        self.indexing = False

        self.list = QListWidget(self)
        self.list.setObjectName("collectionList")
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.new_button = self._button(self.tr("New collection…"), self.new_collection)
        self.add_folder_button = self._button(self.tr("Add folder…"), self.add_folder)
        self.add_files_button = self._button(self.tr("Add files…"), self.add_files)
        self.index_button = self._button(self.tr("Index again"), self.reindex)
        self.pause_button = self._button(self.tr("Pause"), self.pause)
        self.remove_button = self._button(self.tr("Remove"), self.remove)
        buttons = QHBoxLayout()
        for button in (
            self.new_button, self.add_folder_button, self.add_files_button,
            self.index_button, self.pause_button, self.remove_button,
        ):  # fmt: skip
            buttons.addWidget(button)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("sourcesProgress")
        self.progress.hide()
        self.status = QLabel(self)
        self.status.setObjectName("sourcesStatus")
        self.status.setWordWrap(True)
        self.query = QLineEdit(self)
        self.query.setObjectName("sourcesQuery")
        self.query.setPlaceholderText(self.tr("Try a question on the selected collection"))
        self.query.returnPressed.connect(self.try_search)
        self.results = QTextBrowser(self)
        self.results.setObjectName("sourcesResults")
        self.results.setOpenLinks(False)

        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("Files stay where they are; their index stays in your data folder."), self
        )
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        self.refresh()
        name_widgets(self)

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda: slot())
        return button

    # ---- the list ------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        """Show the collections (read on the GUI thread: a few small SQLite reads)."""
        current = select or self.current_name()
        self.list.clear()
        for info in self.sources.collections.list():
            vectors = (
                self.tr("{n} embedded").format(n=info.embedded)
                if info.embedded
                else self.tr("keyword search only")
            )
            text = self.tr("{name} — {files} files, {passages} passages, {vectors}, {mb} MB").format(
                name=info.name, files=info.files, passages=info.passages, vectors=vectors,
                mb=f"{info.size_bytes / 1e6:.1f}",
            )  # fmt: skip
            if info.failed:
                text += self.tr(" ({n} not indexed)").format(n=info.failed)
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, info.name)
            if info.name == current:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self.current_name() is not None
        for button in (self.add_folder_button, self.add_files_button, self.index_button):
            button.setEnabled(chosen and not self.indexing)
        self.remove_button.setEnabled(chosen and not self.indexing)
        self.new_button.setEnabled(not self.indexing)
        self.pause_button.setEnabled(self.indexing)

    # ---- actions -------------------------------------------------------------------
    def new_collection(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("New collection"), self.tr("Name"))
            if not ok:
                return False
        name = name.strip()
        if not name:
            return False
        self.sources.collections.create(name).close()
        self.refresh(select=name)
        self.collections_changed.emit()
        return True

    def add_folder(self, path: str | None = None) -> bool:
        path = path or dialogs.ask_folder(self, self.tr("Add a folder to the collection"))
        return self._add([path] if path else [])

    def add_files(self, paths: list[str] | None = None) -> bool:
        paths = paths or dialogs.ask_files(self, self.tr("Add files to the collection"))
        return self._add(paths or [])

    def _add(self, paths: list[str]) -> bool:
        name = self.current_name()
        if not paths or name is None:
            return False
        try:
            self.sources.add(name, paths)
        except Exception as exc:  # SourcesError: one line
            self.status.setText(str(exc))
            return False
        return self.reindex()

    def reindex(self) -> bool:
        name = self.current_name()
        if name is None or self.indexing:
            return False
        self.indexing = True
        self._pause.clear()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(self.tr("Indexing {name}…").format(name=name))
        self._update_buttons()
        self._runner.submit(
            lambda task: self.sources.index(name, task.report, self._pause.is_set),
            done=self._indexed,
            failed=self._index_failed,
            progress=self._on_progress,
            ended=self._index_ended,
        )
        return True

    def pause(self) -> None:
        if self.indexing:
            self._pause.set()
            self.status.setText(self.tr("Pausing after this file…"))

    def remove(self) -> bool:
        name = self.current_name()
        if name is None or self.indexing:
            return False
        question = self.tr("Remove {name} and its index? Your files are not touched.")
        if not dialogs.ask_yes_no(self, self.tr("Remove collection"), question.format(name=name)):
            return False
        self.sources.remove(name)
        self.refresh()
        self.collections_changed.emit()
        return True

    # ---- indexing reports (GUI thread) ---------------------------------------------
    def _on_progress(self, progress) -> None:
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        phase = {"reading": self.tr("Reading"), "embedding": self.tr("Embedding passages")}
        label = phase.get(progress.phase, self.tr("Looking for files"))
        current = f" · {progress.current}" if progress.current else ""
        self.status.setText(f"{label} {progress.done}/{progress.total}{current}")

    def _indexed(self, report) -> None:
        lines = [
            self.tr("{added} added, {updated} updated, {unchanged} unchanged, {removed} removed; "
                    "{passages} passages, {embedded} embedded.").format(
                added=report.added, updated=report.updated, unchanged=report.unchanged,
                removed=report.removed, passages=report.passages, embedded=report.embedded,
            )
        ]  # fmt: skip
        if report.stopped:
            lines.insert(0, self.tr("Paused. Index again to go on from here."))
        lines += [self.tr("Not indexed: {why}").format(why=why) for _f, why in report.failed]
        lines += [f"{Path(f).name}: {note}" for f, note in report.notes]
        if report.embedding_note:
            lines.append(report.embedding_note)
        self.status.setText("\n".join(lines))
        self.indexing_finished.emit(report)

    def _index_failed(self, message: str) -> None:
        self.status.setText(self.tr("Indexing stopped: {error}").format(error=message))
        self.indexing_finished.emit(None)

    def _index_ended(self) -> None:
        self.indexing = False
        self.progress.hide()
        self.refresh()
        self.collections_changed.emit()

    # ---- trying a question ---------------------------------------------------------
    def try_search(self) -> None:
        name, query = self.current_name(), self.query.text().strip()
        if name is None or not query:
            return
        self._runner.submit(
            lambda _task: (self.sources.search(name, query), self.sources.search_note(name)),
            done=self._show_results,
            failed=lambda message: self.results.setPlainText(message),
        )

    def _show_results(self, found) -> None:
        hits, note = found
        self.results.clear()
        if note:
            self.results.append(f"<i>{note}</i>")
        if not hits:
            self.results.append(self.tr("No passage matches."))
        for rank, hit in enumerate(hits, start=1):
            page = self.tr(", page {page}").format(page=hit.page) if hit.page is not None else ""
            head = f"<b>{rank}. {Path(hit.file).name}</b>{page}, " + self.tr(
                "lines {a}–{b}"
            ).format(a=hit.line_start, b=hit.line_end)
            self.results.append(head)
            self.results.insertPlainText("\n" + " ".join(hit.text.split())[:300] + "\n")
        self.search_finished.emit(hits)

    def shutdown(self) -> None:
        self._pause.set()
        self._runner.shutdown()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Indexing goes on while the panel is closed; the window's shutdown stops it.
        super().closeEvent(event)
