"""The Fine-tune mode page: Data → Settings → Train, and the Runs on disk.

The page holds the data (examples and their preview) and the settings, and
checks them before a start; TrainingControl (training.py) owns the one run that
may train at a time. The tabs only show and ask. Blocking work (reading a source,
counting tokens, estimating, registering the adapter) goes to one worker thread;
the training itself runs in the worker process that app.finetune.runner starts,
watched by a QTimer (RunWatcher). Without the `[finetune]` extra the page is a
panel that says what to install, and nothing else is built.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QStackedLayout, QTabWidget, QWidget

from app.finetune import extras, publish
from app.finetune.estimate import estimate_for_preview
from app.finetune.runner import TrainingRun
from app.ui.finetune.data_tab import DataTab
from app.ui.finetune.data_work import (
    TokenCounters,
    build_preview,
    read_examples,
)
from app.ui.finetune.missing_extra import MissingExtraPanel
from app.ui.finetune.runs_panel import RunsPanel
from app.ui.finetune.settings_form import SettingsForm, base_models
from app.ui.finetune.train_panel import TrainPanel
from app.ui.finetune.training import TrainingControl
from app.ui.tasks import TaskRunner, one_line

log = logging.getLogger(__name__)

THREAD_NAME = "finetune-worker"
ESTIMATE_DELAY_MS = 250  # spin boxes emit on every click: estimate once they settle
CLOSE_WAIT_S = 10.0  # at close, wait this long for a training step to end and checkpoint


class FinetunePage(QWidget):
    status_message = Signal(str)
    adapter_ready = Signal(str)  # a finished adapter, registered in the library
    run_finished = Signal(dict)  # the worker's "finished" event, after the page handled it

    def __init__(
        self,
        store,
        *,
        database: str | Path,
        runs_root: str | Path,
        adapters_dir: str | Path,
        library=None,
        own_library: bool = False,
        default_model: Callable[[], str | None] = lambda: None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("finetunePage")
        self.store = store
        self.database = Path(database)
        self.runs_root = Path(runs_root)
        self.adapters_dir = Path(adapters_dir)
        self.library = library
        self._own_library = own_library  # closed with the page
        self._default_model = default_model
        self.is_closed = False
        self.missing = extras.missing_packages()
        self.available = not self.missing
        self.examples = None
        self.choice = None
        self.preview = None
        self._preview_key: tuple | None = None  # (base model, max length) of the preview
        self.estimate = None
        layout = QStackedLayout(self)
        if not self.available:
            self.missing_panel = MissingExtraPanel(self.missing, self)
            layout.addWidget(self.missing_panel)
            return

        self.tasks = TaskRunner(self, thread_name=THREAD_NAME)
        self.counters = TokenCounters()
        self.data = DataTab(store, self.database, self)
        self.settings_form = SettingsForm(self)
        self.train = TrainPanel(self)
        self.runs = RunsPanel(self.runs_root, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.data, self.tr("1 · Data"))
        self.tabs.addTab(self.settings_form, self.tr("2 · Settings"))
        self.tabs.addTab(self.train, self.tr("3 · Train"))
        self.tabs.addTab(self.runs, self.tr("Runs"))
        layout.addWidget(self.tabs)
        self._estimate_timer = QTimer(self)
        self._estimate_timer.setSingleShot(True)
        self._estimate_timer.setInterval(ESTIMATE_DELAY_MS)
        self._estimate_timer.timeout.connect(self.update_estimate)

        self.data.read_requested.connect(self.read_data)
        self.settings_form.changed.connect(self._on_settings_changed)
        self.control = TrainingControl(
            self.train,
            self.runs,
            self.tasks,
            library=library,
            show_train=lambda: self.tabs.setCurrentWidget(self.train),
            parent=self,
        )
        self.control.status_message.connect(self.status_message)
        self.control.adapter_ready.connect(self.adapter_ready)
        self.control.run_finished.connect(self.run_finished)
        self.train.start_requested.connect(self.start)
        self.train.pause_requested.connect(self.control.pause)
        self.train.resume_requested.connect(self.control.resume)
        self.train.cancel_requested.connect(self.control.cancel)
        self.runs.resume_requested.connect(self.control.resume_run)
        self.runs.delete_requested.connect(self.control.delete_run)
        self.settings_form.set_models(base_models(library), self._default_model())
        self.update_estimate()  # says what is missing for an estimate
        self.train.show_status(self.tr("Read the data (Data tab), check the settings, then start."))

    # ---- refreshing ------------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self.available and not self.is_closed:
            self.refresh()

    def refresh(self) -> None:
        """Conversations, models and runs change elsewhere: list them again on show."""
        self.data.sources.refresh()
        self.settings_form.set_models(base_models(self.library), self.settings_form.base_path())
        self.runs.refresh()

    # ---- data ------------------------------------------------------------------------
    def read_data(self) -> None:
        choice = self.data.sources.choice()
        problem = choice.problem()
        base = self.settings_form.base_path()
        if problem or not base:
            self.data.set_busy(False, problem or "Choose a base model on the Settings tab.")
            return
        key = (base, self.settings_form.max_length.value())
        store, database, counters = self.store, self.database, self.counters

        def work(_task):
            examples = read_examples(choice, store, database)
            return examples, build_preview(examples, counters, key[0], key[1])

        def done(result) -> None:
            self.choice = choice
            self.examples = result[0]
            self._set_preview(result[1], key)

        self.data.set_busy(True, self.tr("Reading and counting tokens…"))
        self.tasks.submit(work, done=done, failed=self._data_failed, key="data")

    def _reprepare(self) -> None:
        """The base model or maximum length changed: count and check the examples again."""
        base = self.settings_form.base_path()
        if self.examples is None or not base:
            return
        key = (base, self.settings_form.max_length.value())
        examples, counters = self.examples, self.counters
        self.data.set_busy(True, self.tr("Counting tokens again…"))
        self.tasks.submit(
            lambda _task: build_preview(examples, counters, key[0], key[1]),
            done=lambda preview: self._set_preview(preview, key),
            failed=self._data_failed,
            key="data",
        )

    def _set_preview(self, preview, key: tuple) -> None:
        self.preview = preview
        self._preview_key = key
        self.data.preview.show_preview(preview)
        n = len(preview.train)
        self.data.set_busy(False, "" if n else self.tr("Nothing to train on: see the warnings."))
        if n and not self.control.training:
            self.train.show_status(
                self.tr("{n} examples read: check the settings, then start.").format(n=n)
            )
        if key != self._current_key():  # the settings changed while it counted
            self._reprepare()
        self.schedule_estimate()

    def _data_failed(self, message: str) -> None:
        self.data.set_busy(
            False, self.tr("Could not read the data: {message}").format(message=message)
        )

    # ---- settings and estimate -------------------------------------------------------------
    def _on_settings_changed(self) -> None:
        # While data is being read or counted, _set_preview catches up when it is done:
        # starting a recount now would supersede (and lose) a new read.
        stale = self._current_key() != self._preview_key
        if self.examples is not None and stale and not self.tasks.busy("data"):
            self._reprepare()
        self.schedule_estimate()

    def _current_key(self) -> tuple:
        return (self.settings_form.base_path(), self.settings_form.max_length.value())

    def schedule_estimate(self) -> None:
        self._estimate_timer.start()

    def update_estimate(self) -> None:
        label = self.settings_form.estimate
        base = self.settings_form.base_path()
        if not base:
            label.setText(self.tr("Choose a base model to see how long training will take."))
            return
        if self.preview is None or not self.preview.train:
            label.setText(self.tr("Read the data (Data tab) to see how long training will take."))
            return
        settings = self.settings_form.settings()
        try:
            settings.validate()
        except ValueError as exc:
            label.setText(self.tr("These settings cannot work: {exc}.").format(exc=exc))
            return
        preview, root = self.preview, self.runs_root

        def done(estimate) -> None:
            self.estimate = estimate
            label.setText(
                self.tr(
                    "Estimate: {describe}. LoRA trains {trainable_params:,} parameters."
                ).format(describe=estimate.describe(), trainable_params=estimate.trainable_params)
            )

        self.tasks.submit(
            lambda _task: estimate_for_preview(base, settings, preview, root),
            done=done,
            failed=lambda message: label.setText(
                self.tr("No estimate: {message}").format(message=message)
            ),
            key="estimate",
        )

    # ---- training ----------------------------------------------------------------------
    @property
    def run(self) -> TrainingRun | None:
        """The run the Train tab is about (None before the first start)."""
        return self.control.run if self.available else None

    @property
    def run_path(self) -> str | None:
        return self.control.run_path if self.available else None

    @property
    def training(self) -> bool:
        return self.available and self.control.training

    def start(self) -> TrainingRun | None:
        """Create a run from the preview and the settings, and start its worker."""
        if self.training:
            return None
        model = self.settings_form.base_model()
        problem = None
        if model is None:
            problem = "Choose a base model on the Settings tab."
        elif self.tasks.busy("data"):
            problem = "The data is still being read; start again in a moment."
        elif self.preview is None:
            problem = "Read the data on the Data tab first."
        elif not self.preview.train:
            problem = "The data has no example to train on (see the Data tab's warnings)."
        settings = self.settings_form.settings()
        if problem is None:
            try:
                settings.validate()
            except ValueError as exc:
                problem = f"These settings cannot work: {exc}."
        if problem is not None:
            self.train.show_status(problem)
            return None
        name = self.train.name.text().strip() or default_name(model.path)
        self.train.name.setText(name)
        try:
            run = TrainingRun.create(
                self.runs_root,
                name=name,
                base_model=model.path,
                train=self.preview.train,
                validation=self.preview.validation,
                settings=settings,
                data_source=self.choice.label if self.choice else "",
                base_model_id=model.model_id,
                out_path=publish.adapter_path(self.library, self.adapters_dir, name),
                train_tokens=self.preview.total_tokens,
            )
        except (OSError, ValueError) as exc:
            self.train.show_status(
                self.tr("Could not create the run: {one_line}").format(one_line=one_line(exc))
            )
            return None
        self.control.watch(run)
        return run

    # ---- closing ---------------------------------------------------------------------------
    def shutdown(self, wait_s: float | None = None) -> None:
        """Pause a training run (it checkpoints: resumable next time) and stop the workers."""
        if self.is_closed:
            return
        self.is_closed = True
        if not self.available:
            self._close_library()
            return
        self._estimate_timer.stop()
        self.control.shutdown(CLOSE_WAIT_S if wait_s is None else wait_s)
        self.tasks.shutdown()
        self.counters.close()
        self._close_library()

    def _close_library(self) -> None:
        if self._own_library and self.library is not None:
            self.library.close()


def default_name(base_path: str) -> str:
    stem = Path(base_path).name.split(".")[0] or "model"
    return f"{stem}-{time.strftime('%Y%m%d-%H%M')}"
