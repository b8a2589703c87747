"""The "Check submissions" step: every flagged passage, in context, before a batch.

Why a step before grading: screening is cheap (milliseconds per answer), so the
teacher can see what each flag is about before any grade exists, and dismiss a
flag that is wrong. A dismissal is not forgotten: it goes into the next run's
options (who, when, which flag), so the run's record says that a person, not the
detector, cleared it, and the runner leaves that flag off the result.
"""

from __future__ import annotations

import getpass
import html
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.grading.flags import Flag
from app.core.grading.injection import detect_injection
from app.core.grading.submissions import Submission

CONTEXT_CHARS = 240


def screen_submissions(submissions: list[Submission]) -> list[tuple[Submission, Flag]]:
    """(submission, flag) for every flag of every submission, file flags included."""
    found = []
    for submission in submissions:
        flags = list(submission.flags)
        if not submission.error:
            flags += detect_injection(submission.text)
        found += [(submission, flag) for flag in flags]
    return found


def passage_html(text: str, span: tuple[int, int] | None) -> str:
    """The flagged passage highlighted inside a little of the text around it."""
    if not span:
        return "<p>" + html.escape(text[:CONTEXT_CHARS]) + "</p>"
    start, end = span
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return (
        "<p>…" + html.escape(before) + "<b style='background:#ffe08a'>"
        + html.escape(text[start:end]) + "</b>" + html.escape(after) + "…</p>"
    )  # fmt: skip


class CheckDialog(QDialog):
    """Lists the flags of an assignment's submissions; the teacher may dismiss some."""

    def __init__(
        self,
        submissions: list[Submission],
        dismissed: list[dict] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("checkSubmissionsDialog")
        self.setWindowTitle(self.tr("Check submissions"))
        self.resize(820, 520)
        self.dismissed: list[dict] = list(dismissed or [])
        self.found = screen_submissions(submissions)
        self.summary = QLabel(self)
        self.flag_list = QListWidget(self)
        self.flag_list.setObjectName("checkFlagList")
        self.context = QTextBrowser(self)
        self.context.setObjectName("checkContext")
        self.dismiss_button = QPushButton(self.tr("Dismiss this flag"), self)
        self.dismiss_button.setObjectName("checkDismissButton")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.accept)

        side = QHBoxLayout()
        side.addWidget(self.flag_list, 1)
        side.addWidget(self.context, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(side, 1)
        row = QHBoxLayout()
        row.addWidget(self.dismiss_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)

        self.flag_list.currentRowChanged.connect(self._show)
        self.dismiss_button.clicked.connect(self.dismiss_current)
        self._fill()

    def _is_dismissed(self, submission: Submission, flag: Flag) -> bool:
        span = list(flag.span) if flag.span else None
        return any(
            d["submission_id"] == submission.id and d["kind"] == flag.kind and d["span"] == span
            for d in self.dismissed
        )

    def _fill(self) -> None:
        self.flag_list.clear()
        students = {s.id for s, f in self.found if not self._is_dismissed(s, f)}
        for submission, flag in self.found:
            item = QListWidgetItem(f"{submission.student} — {flag.message}")
            if self._is_dismissed(submission, flag):
                item.setText(self.tr("(dismissed) ") + item.text())
                item.setForeground(Qt.GlobalColor.gray)
            self.flag_list.addItem(item)
        self.dismiss_button.setEnabled(bool(self.found))
        if self.found:
            self.summary.setText(
                self.tr(
                    "%n submission(s) flagged; select a flag to see the passage.", "", len(students)
                )  # fmt: skip
            )
            self.flag_list.setCurrentRow(0)
        else:
            self.summary.setText(self.tr("No submission is flagged."))

    def _show(self, row: int) -> None:
        if 0 <= row < len(self.found):
            submission, flag = self.found[row]
            self.context.setHtml(passage_html(submission.text, flag.span))
            self.dismiss_button.setEnabled(not self._is_dismissed(submission, flag))

    def dismiss_current(self) -> None:
        """Dismiss the selected flag: kept, with who and when, for the next run's record."""
        row = self.flag_list.currentRow()
        if not 0 <= row < len(self.found):
            return
        submission, flag = self.found[row]
        if self._is_dismissed(submission, flag):
            return
        self.dismissed.append(
            {
                "submission_id": submission.id,
                "student": submission.student,
                "kind": flag.kind,
                "span": list(flag.span) if flag.span else None,
                "message": flag.message,
                "by": getpass.getuser(),
                "at": time.time(),
            }
        )
        self._fill()
        self.flag_list.setCurrentRow(row)
        self._show(row)
