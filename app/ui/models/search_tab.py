"""Hub search: GGUF repos by downloads; open one to see its files by quant, with fit.

Both calls go to the network, so both run on a worker; a new search supersedes one
still waiting (Orange). Offline, the hub client fails within seconds and the tab shows
one plain line instead of results.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.hub.fit import fit_for_size, this_machine
from app.ui.models.formatting import VERDICT_COLOR, VERDICT_TEXT, size_text
from app.ui.tasks import TaskRunner

RESULT_COLUMNS = (
    QT_TRANSLATE_NOOP("SearchTab", "Repository"),
    QT_TRANSLATE_NOOP("SearchTab", "Downloads"),
    QT_TRANSLATE_NOOP("SearchTab", "Likes"),
    QT_TRANSLATE_NOOP("SearchTab", "Updated"),
)
FILE_COLUMNS = (
    QT_TRANSLATE_NOOP("SearchTab", "Quant"),
    QT_TRANSLATE_NOOP("SearchTab", "Size"),
    QT_TRANSLATE_NOOP("SearchTab", "Fits this computer"),
    QT_TRANSLATE_NOOP("SearchTab", "Parts"),
    QT_TRANSLATE_NOOP("SearchTab", "File"),
    "",
)


def _cell(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns), objectName=name)
    table.setHorizontalHeaderLabels([QCoreApplication.translate("SearchTab", c) for c in columns])
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class SearchTab(QWidget):
    download_requested = Signal(str, str)  # repo, file
    results_shown = Signal(int)
    repo_shown = Signal(str)
    failed = Signal(str)  # the line shown

    def __init__(self, hub, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("searchTab")
        self._hub = hub
        self._runner = runner
        self.box = QLineEdit(
            objectName="hubSearch", placeholderText="Search Hugging Face for GGUF models…"
        )
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(lambda: self.search())
        self.search_button = QPushButton(self.tr("Search"), objectName="searchButton")
        self.search_button.clicked.connect(lambda _c=False: self.search())
        self.message = QLabel("", objectName="hubMessage", wordWrap=True)
        self.message.hide()
        self.results = _table("searchResults", RESULT_COLUMNS)
        self.results.cellDoubleClicked.connect(lambda row, _col: self.open_repo(self._repo_at(row)))
        self.open_button = QPushButton(self.tr("Open"), objectName="openRepo")
        self.open_button.clicked.connect(self._open_selected)
        self.repo_title = QLabel(
            self.tr("Open a repository to see its files."), objectName="repoTitle"
        )
        self.repo_title.setWordWrap(True)
        self.files = _table("repoFiles", FILE_COLUMNS)

        row = QHBoxLayout()
        row.addWidget(self.box, 1)
        row.addWidget(self.search_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.results, 1)
        left_layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.repo_title)
        right_layout.addWidget(self.files, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([380, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

    # -- search ------------------------------------------------------------------------

    def search(self, query: str | None = None) -> None:
        if query is not None:
            self.box.setText(query)
        text = self.box.text().strip()
        if not text:
            return
        self._say("Searching…")
        self._runner.submit(
            lambda _task: self._hub.search(text),
            done=self._show_results,
            failed=self._fail,
            key="search",
        )

    def _show_results(self, results) -> None:
        self.results.setRowCount(0)
        for hit in results:
            row = self.results.rowCount()
            self.results.insertRow(row)
            name = _cell(hit.repo + (" (gated)" if hit.gated else ""))
            name.setData(Qt.ItemDataRole.UserRole, hit.repo)
            self.results.setItem(row, 0, name)
            self.results.setItem(row, 1, _cell(f"{hit.downloads:,}", True))
            self.results.setItem(row, 2, _cell(f"{hit.likes:,}", True))
            updated = hit.last_modified.date().isoformat() if hit.last_modified else ""
            self.results.setItem(row, 3, _cell(updated))
        self._say("" if results else f"No GGUF models match “{self.box.text().strip()}”.")
        self.results_shown.emit(len(results))

    def result_repos(self) -> list[str]:
        return [self._repo_at(r) for r in range(self.results.rowCount())]

    def _repo_at(self, row: int) -> str:
        return self.results.item(row, 0).data(Qt.ItemDataRole.UserRole)

    def _open_selected(self) -> None:
        row = self.results.currentRow()
        if row >= 0:
            self.open_repo(self._repo_at(row))

    # -- one repo ------------------------------------------------------------------------

    def open_repo(self, repo: str) -> None:
        self.repo_title.setText(self.tr("Reading {repo}…").format(repo=repo))
        self.files.setRowCount(0)

        def work(_task):
            details = self._hub.repo_details(repo)
            machine = this_machine()
            return details, [fit_for_size(c.size, machine=machine) for c in details.choices]

        self._runner.submit(work, done=self._show_repo, failed=self._fail_repo, key="repo")

    def _show_repo(self, result) -> None:
        details, verdicts = result
        licence = details.license or "unknown licence"
        self.repo_title.setText(
            f"<b>{details.repo}</b> · {licence} · {details.downloads:,} downloads"
            + ("" if details.choices else " · no GGUF model files")
        )
        self.files.setRowCount(0)
        for choice, verdict in zip(details.choices, verdicts, strict=True):
            row = self.files.rowCount()
            self.files.insertRow(row)
            quant = _cell(choice.label)
            quant.setData(Qt.ItemDataRole.UserRole, choice.first_file)
            self.files.setItem(row, 0, quant)
            self.files.setItem(row, 1, _cell(size_text(choice.size), True))
            fit = _cell(VERDICT_TEXT[verdict.level])
            fit.setForeground(VERDICT_COLOR[verdict.level])
            fit.setToolTip(verdict.reason)
            fit.setData(Qt.ItemDataRole.UserRole, verdict.level)
            self.files.setItem(row, 2, fit)
            parts = f"{len(choice.files)} parts" if choice.is_split else "1"
            self.files.setItem(row, 3, _cell(parts if choice.complete else "incomplete split"))
            self.files.setItem(row, 4, _cell(choice.first_file))
            button = QPushButton(self.tr("Download"), objectName=f"downloadFile_{row}")
            button.setEnabled(choice.complete)
            button.clicked.connect(
                lambda _c=False, r=details.repo, f=choice.first_file: self.download_requested.emit(
                    r, f
                )
            )
            self.files.setCellWidget(row, 5, button)
        self.repo_shown.emit(details.repo)

    def file_rows(self) -> list[dict]:
        """What the files table shows, one dict per quant (for tests and accessibility)."""
        rows = []
        for r in range(self.files.rowCount()):
            rows.append(
                {
                    "quant": self.files.item(r, 0).text(),
                    "file": self.files.item(r, 0).data(Qt.ItemDataRole.UserRole),
                    "size": self.files.item(r, 1).text(),
                    "fit": self.files.item(r, 2).data(Qt.ItemDataRole.UserRole),
                    "parts": self.files.item(r, 3).text(),
                }
            )
        return rows

    def download_row(self, row: int) -> None:
        self.files.cellWidget(row, 5).click()

    # -- messages ------------------------------------------------------------------------

    def _fail(self, message: str) -> None:
        self.results.setRowCount(0)
        self._say(message)
        self.failed.emit(self.message.text())

    def _fail_repo(self, message: str) -> None:
        self.repo_title.setText("")
        self._say(message)
        self.failed.emit(self.message.text())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
