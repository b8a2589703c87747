"""The Grade mode page: Rubric | Assignment | Review | Materials tabs over a run bar.

The run bar (Grade, Pause, Resume, Cancel, progress with time left) stays in
view on the grading tabs; the Materials tab (quizzes and exercises for the
class) has its own Generate / Stop. Grading runs on GradeController's worker thread; the page only
reads and writes the grading store on the GUI thread, one short transaction at a
time. A run left unfinished (paused, cancelled, app closed) is offered for resume
when the page opens.

"Regrade selected" puts the chosen results of a run back to pending (once the
teacher agrees to lose the changes made to those) and runs the same worker over
the run: only they are graded again; every other result and its overrides stay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.grading import GradingOptions, GradingStore, Progress, RunInfo
from app.core.grading.regrade import plan_regrade
from app.ui.count_bar import CountBar
from app.ui.grading import dialogs
from app.ui.grading.assignment_tab import AssignmentTab
from app.ui.grading.check_dialog import CheckDialog
from app.ui.grading.materials_tab import MaterialsTab
from app.ui.grading.review_tab import ReviewTab
from app.ui.grading.rubric_tab import RubricTab
from app.ui.grading.worker import GradeController

log = logging.getLogger(__name__)

RESUMABLE = ("paused", "cancelled", "interrupted", "pending")


def time_left(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"about {max(1, round(seconds))} s left"
    return f"about {round(seconds / 60)} min left"


class GradePage(QWidget):
    status_message = Signal(str)
    run_finished = Signal(int, str)  # run id, state (finished, paused, cancelled…)

    def __init__(
        self,
        store: GradingStore,
        engine,
        *,
        model_path: Callable[[], str | None] = lambda: None,
        load_model: Callable[[], None] = lambda: None,
        model_loading: Callable[[], bool] = lambda: False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("gradePage")
        self.store = store
        self.base_options = GradingOptions()  # what the UI does not set (tests shrink it)
        self.run_id: int | None = None  # the run the bar is about
        self._model_path = model_path
        self._model_loading = model_loading
        self._deferred: int | None = None  # a run waiting for the chat's model load
        self._regrading: tuple[int, int] | None = None  # (results left alone, to regrade)
        self._closed = False
        self.controller = GradeController(store, engine, load_model, self)

        self.rubrics = RubricTab(store, self)
        self.assignment = AssignmentTab(store, self.rubrics.commit, self)
        self.review = ReviewTab(store, self)
        self.materials = MaterialsTab(
            engine,
            load_model=load_model,
            model_loading=model_loading,
            draft_path=Path(store.path).with_name("materials-draft.json"),
            parent=self,
        )
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.rubrics, self.tr("Rubrics"))
        self.tabs.addTab(self.assignment, self.tr("Assignment"))
        self.tabs.addTab(self.review, self.tr("Review"))
        self.tabs.addTab(self.materials, self.tr("Materials"))
        self.tabs.setCurrentWidget(self.assignment)

        self.resume_banner = QFrame(self)
        self.resume_banner.setObjectName("resumeBanner")
        self.resume_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_label = QLabel(self.resume_banner)
        self.resume_label.setWordWrap(True)
        self.banner_resume_button = QPushButton(self.tr("Resume"), self.resume_banner)
        self.dismiss_button = QPushButton(self.tr("Dismiss"), self.resume_banner)
        banner = QHBoxLayout(self.resume_banner)
        banner.addWidget(self.resume_label, 1)
        banner.addWidget(self.banner_resume_button)
        banner.addWidget(self.dismiss_button)
        self.resume_banner.hide()
        self._offered: int | None = None

        self.check_button = QPushButton(self.tr("Check submissions"), self)
        self.check_button.setObjectName("checkButton")
        self.check_button.setToolTip(
            self.tr("List every flagged passage before grading; dismiss the wrong ones")
        )
        self.check_dialog: CheckDialog | None = None
        self.grade_button = QPushButton(self.tr("Grade all"), self)
        self.grade_button.setObjectName("gradeButton")
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.resume_button = QPushButton(self.tr("Resume"), self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.progress_bar = CountBar(self.tr("%v of %m"), self.tr("Not started"), self)
        self.progress_bar.setObjectName("gradeProgress")
        self.progress_label = QLabel("", self)
        self.progress_label.setObjectName("gradeProgressLabel")
        self.run_bar = QWidget(self)
        bar = QHBoxLayout(self.run_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.check_button,
            self.grade_button,
            self.pause_button,
            self.resume_button,
            self.cancel_button,
        ):
            bar.addWidget(widget)
        bar.addWidget(self.progress_bar, 1)
        bar.addWidget(self.progress_label, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.resume_banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.run_bar)

        for source in (self.rubrics, self.assignment, self.review, self.materials):
            source.status_message.connect(self.status_message)
        self.tabs.currentChanged.connect(
            lambda _i: self.run_bar.setVisible(self.tabs.currentWidget() is not self.materials)
        )
        self.review.regrade_requested.connect(self.regrade)
        self.rubrics.library_changed.connect(self.assignment.refresh_rubrics)
        self.assignment.assignment_changed.connect(self.review.set_assignment)
        self.check_button.clicked.connect(self.check_submissions)
        self.grade_button.clicked.connect(self.start_grading)
        self.pause_button.clicked.connect(self.pause)
        self.resume_button.clicked.connect(lambda: self.resume())
        self.cancel_button.clicked.connect(self.cancel)
        self.banner_resume_button.clicked.connect(self._resume_offered)
        self.dismiss_button.clicked.connect(self.resume_banner.hide)
        self.controller.progress.connect(self._on_progress)
        self.controller.result_saved.connect(self.review.result_saved)
        self.controller.run_finished.connect(self._on_run_finished)
        self.controller.failed.connect(self._on_failed)
        self.controller.busy_changed.connect(lambda _busy: self._update_buttons())
        self.review.set_assignment(self.assignment.assignment_id)
        self._update_buttons()

    @property
    def is_closed(self) -> bool:
        return self._closed

    @property
    def is_running(self) -> bool:
        return self.controller.is_busy or self._deferred is not None

    # ---- starting and stopping -----------------------------------------------------------
    def start_grading(self) -> int | None:
        """Grade every submission of the assignment in a new run; returns its id."""
        if self.is_running:
            return None
        aid = self.assignment.save()
        if aid is None:
            return None
        if not self.store.submissions(aid):
            self.status_message.emit(self.tr("Add submissions to grade first."))
            return None
        path = self._model_path()
        options = replace(
            self.assignment.options(self.base_options),
            dismissed=self.store.dismissals(aid),
        )
        run_id = self.store.create_run(aid, options, model=Path(path).name if path else "")
        self.review.set_assignment(aid)
        self.review.show_run(run_id)
        self.tabs.setCurrentWidget(self.review)
        self._start(run_id)
        return run_id

    def check_submissions(self) -> CheckDialog | None:
        """Open the "Check submissions" step for the assignment (not modal-blocking)."""
        aid = self.assignment.save()
        if aid is None:
            return None
        submissions = self.store.submissions(aid)
        if not submissions:
            self.status_message.emit(self.tr("Add submissions to check first."))
            return None
        dialog = CheckDialog(submissions, self.store.dismissals(aid), self)
        # Kept with the assignment at once: a restart before the run loses none.
        dialog.finished.connect(lambda _code: self.store.set_dismissals(aid, dialog.dismissed))
        self.check_dialog = dialog
        dialog.open()
        return dialog

    def resume(self, run_id: int | None = None) -> bool:
        """Grade what is still pending in `run_id` (the bar's run by default)."""
        run_id = run_id if run_id is not None else self.run_id
        if run_id is None or self.is_running:
            return False
        run = self.store.get_run(run_id)
        if run.assignment_id != self.assignment.assignment_id:
            self.assignment.open_assignment(run.assignment_id)
        self.review.show_run(run_id)
        self.tabs.setCurrentWidget(self.review)
        self._start(run_id)
        return True

    def regrade(self, result_ids: list[int]) -> bool:
        """Grade these results of the review's run again; every other result stays.

        The run takes the assignment as it is now (a changed task or rubric) after
        the teacher agrees, as they must to lose their own changes to these results.
        """
        run = self.review.run
        if self.is_running or run is None or not result_ids:
            return False
        if run.assignment_id == self.assignment.assignment_id and self.assignment.save() is None:
            return False
        plan = plan_regrade(self.store, run.id, result_ids)
        if not plan.result_ids:
            return False
        n = len(plan.result_ids)
        title = f"Regrade {n} submission{'s' if n > 1 else ''}?"
        warnings = plan.warnings()
        if warnings and not dialogs.ask_yes_no(self, title, "\n\n".join(warnings)):
            return False
        plan.apply(self.store)
        counts = self.store.counts(run.id)
        pending = counts.get("pending", 0)
        self._regrading = (sum(counts.values()) - pending, pending)
        self.review.refresh()
        self.tabs.setCurrentWidget(self.review)
        self._start(run.id)
        return True

    def _start(self, run_id: int) -> None:
        self.run_id = run_id
        self.resume_banner.hide()
        counts = self.store.counts(run_id)
        total = sum(counts.values())
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(total - counts.get("pending", 0))
        if self._regrading is not None:
            self.progress_bar.setRange(0, max(self._regrading[1], 1))
            self.progress_bar.setValue(0)
        if self._model_loading():
            self._deferred = run_id
            self.progress_label.setText(self.tr("Waiting for the model to finish loading…"))
        else:
            self.progress_label.setText(self.tr("Starting…"))
            self.controller.start(run_id)
        self._update_buttons()

    def model_ready(self, *_args) -> None:
        """The chat's model load ended: start the run that waited for it."""
        run_id, self._deferred = self._deferred, None
        if run_id is not None and not self._closed:
            self.controller.start(run_id)
        self._update_buttons()

    def pause(self) -> None:
        if self._deferred is not None:
            self._deferred = None
            self._stopped("paused")
            return
        if self.controller.is_busy:
            self.controller.pause()
            self.progress_label.setText(self.tr("Pausing after this submission…"))
            self.pause_button.setEnabled(False)

    def cancel(self) -> None:
        """Stop at once; what was graded is kept and the rest can be resumed."""
        deferred, self._deferred = self._deferred, None
        busy = self.controller.is_busy
        self.controller.cancel()  # the runner marks the run cancelled as it stops
        if busy or deferred is not None:
            self._stopped("cancelled")

    def _stopped(self, state: str) -> None:
        self._regrading = None
        counts = self.store.counts(self.run_id) if self.run_id is not None else {}
        left = counts.get("pending", 0)
        self.progress_label.setText(
            self.tr("{state} · {left} left to grade").format(
                state=self._state_name(state), left=left
            )
        )
        self.review.refresh()
        self._update_buttons()
        if self.run_id is not None:
            self.run_finished.emit(self.run_id, state)

    def _update_buttons(self) -> None:
        running = self.is_running
        self.grade_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.cancel_button.setEnabled(running)
        resumable = False
        if not running and self.run_id is not None:
            try:
                resumable = self.store.counts(self.run_id).get("pending", 0) > 0
            except Exception:  # the run was deleted, or the store closed
                resumable = False
        self.resume_button.setEnabled(resumable)
        self.review.set_regrade_allowed(not running)

    # ---- reports from the worker ---------------------------------------------------------
    def _on_progress(self, progress: Progress) -> None:
        done, total, verb = progress.done, progress.total, "Grading"
        if self._regrading is not None:  # count only what is being regraded
            done, total, verb = done - self._regrading[0], self._regrading[1], "Regrading"
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if progress.state == "running":
            parts = [f"{verb} {min(done + 1, total)} of {total}"]
            if progress.current:
                parts.append(progress.current)
            if progress.eta_seconds is not None:
                parts.append(time_left(progress.eta_seconds))
            self.progress_label.setText(" · ".join(parts))

    def _state_name(self, state: str) -> str:
        """A grading run's state (app/core/grading/store_rows.py RUN_STATES), shown."""
        names = {
            "pending": self.tr("Pending"),
            "running": self.tr("Running"),
            "paused": self.tr("Paused"),
            "cancelled": self.tr("Cancelled"),
            "interrupted": self.tr("Interrupted"),
            "finished": self.tr("Finished"),
        }
        return names.get(state, state.capitalize())

    def _on_run_finished(self, run_id: int, state: str) -> None:
        counts = self.store.counts(run_id)
        total = sum(counts.values())
        regraded, self._regrading = self._regrading, None
        if state == "finished":
            review = counts.get("needs_review", 0) + counts.get("error", 0)
            if regraded:
                graded = self.tr("{n} regraded").format(n=regraded[1])
            else:
                graded = self.tr("{n} graded").format(n=total)
            text = self.tr("Finished: {graded}").format(graded=graded)
            if review:
                text += self.tr(", {review} to review").format(review=review)
        else:
            left = counts.get("pending", 0)
            text = self.tr("{state} · {left} of {total} left to grade").format(
                state=self._state_name(state), left=left, total=total
            )
        offset, size = regraded if regraded else (0, total)
        self.progress_bar.setRange(0, max(size, 1))
        self.progress_bar.setValue(total - counts.get("pending", 0) - offset)
        self.progress_label.setText(text)
        self.review.refresh()
        self._update_buttons()
        self.status_message.emit(
            self.tr("Grading {first}{rest}.").format(first=text[0].lower(), rest=text[1:])
        )
        self.run_finished.emit(run_id, state)

    def _on_failed(self, message: str) -> None:
        self._regrading = None
        self.progress_label.setText(self.tr("Stopped: {message}").format(message=message))
        self.status_message.emit(self.tr("Grading stopped: {message}").format(message=message))

    # ---- resume at start -----------------------------------------------------------------
    def offer_unfinished(self) -> RunInfo | None:
        """Show a banner for the newest run with submissions still to grade."""
        try:
            runs = [r for r in self.store.unfinished_runs() if r.state in RESUMABLE]
        except Exception:
            log.warning("could not look for unfinished runs", exc_info=True)
            return None
        runs = [r for r in runs if r.id != self.controller.current_run]
        if not runs:
            self.resume_banner.hide()
            return None
        run = runs[0]
        counts = self.store.counts(run.id)
        left, total = counts.get("pending", 0), sum(counts.values())
        self._offered = run.id
        self.run_id = self.run_id if self.run_id is not None else run.id
        self.resume_label.setText(
            self.tr(
                "Grading of “{title}” was {state}: {left} of {total} submissions still to grade."
            ).format(
                title=run.assignment.title,
                state=self._state_name(run.state).lower(),
                left=left,
                total=total,
            )
        )
        self.resume_banner.show()
        self._update_buttons()
        return run

    def _resume_offered(self) -> None:
        if self._offered is not None:
            self.resume(self._offered)

    # ---- closing -------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop grading (the run stays resumable), join the worker, close the store."""
        if self._closed:
            return
        self._closed = True
        self._deferred = None
        self.controller.shutdown()
        self.materials.shutdown()
        self.assignment.shutdown()
        self.review.shutdown()
        self.store.close()
