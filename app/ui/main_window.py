"""The main window: conversations | chat | settings, menus and a status bar.

The window wires the feature widgets together and owns the things they share:
the ChatController (one engine, one worker thread), the model being loaded,
the LoRA adapter on it (app/ui/adapters: one switch for every mode), and the
status bar (model and adapter, speed and context of the last reply, Undo after
a delete, transient messages).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.ui import conversation_files, i18n
from app.ui.accessibility import name_widgets
from app.ui.adapters.install import install_adapters
from app.ui.chat.backend_status import speed_text
from app.ui.chat.install import install_chat_mode, install_chat_status
from app.ui.edit_menu import install_edit_menu
from app.ui.grading.install import install_grade_mode
from app.ui.help_menu import about_text, install_help
from app.ui.language_menu import install_language_menu, install_text_size_menu, theme_label
from app.ui.model_state import shown_name
from app.ui.models.install import install_models_mode
from app.ui.models.model_settings import ModelSettingsDialog
from app.ui.sources.install import install_sources
from app.ui.theme import THEME_MODES, ThemeManager
from app.ui.writing.install import install_write_mode

log = logging.getLogger(__name__)

UNDO_SECONDS = 10
MODEL_FILTER = "GGUF models (*.gguf);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, services, theme: ThemeManager | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Quillmate"))
        self.resize(1200, 780)
        self.services = services
        self.store = services.store
        self.settings = services.settings
        self._started = False
        self._closed = False
        self._choosing: str | None = None  # a model the user picked, loading now
        self._undo_ids: list[int] = []

        if theme is None:
            theme = ThemeManager(QApplication.instance(), self.settings, self)
            theme.apply()
        self.theme = theme
        # Each mode (Chat, Write, Grade, Models) is one page of a stack, picked
        # from a slim bar at the left, as LM Studio and GPT4All do.
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("modePages")
        self.mode_bar = QToolBar("Modes", self)
        self.mode_bar.setObjectName("modeBar")
        self.mode_bar.setMovable(False)
        self.mode_bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, self.mode_bar)
        self._mode_group = QActionGroup(self)
        self.modes: dict[str, QAction] = {}
        self._builders: dict[str, Callable[[], None]] = {}  # modes built on first show
        self._finetune_page = None
        install_chat_mode(self)
        self.setCentralWidget(self.pages)
        self.write_page = install_write_mode(self)
        self.grade_page = install_grade_mode(self)
        self.models_page = install_models_mode(self)

        self._build_status_bar()
        self._build_menus()
        # One adapter switch for every mode (they share the engine), beside the model name.
        self.adapters = install_adapters(self, self.model_menu, status_index=3)
        self.add_lazy_mode("finetune", self.tr("Fine-tune"), self._build_finetune)
        self.sources_ui = install_sources(self)
        install_chat_status(self)
        self._connect()
        name_widgets(self)  # every control a screen reader reaches has a name
        self.chat_page.view.set_dark(self.theme.is_dark)

        ids = self.sidebar.conversation_ids()
        if ids:
            self.open_conversation(ids[0])
        else:
            self.new_chat()

    # ---- modes -----------------------------------------------------------------
    def add_mode(self, key: str, title: str, page: QWidget) -> QAction:
        """Add a page with its button in the mode bar (Ctrl+1, Ctrl+2… in order).

        Adding a key again replaces that mode's page (tests swap in pages wired
        to local servers).
        """
        self._builders.pop(key, None)  # a real page replaces a lazy mode's placeholder
        if key in self.modes:
            index = list(self.modes).index(key)
            old = self.pages.widget(index)
            self.pages.removeWidget(old)
            self.pages.insertWidget(index, page)
            old.deleteLater()
            return self.modes[key]
        self.pages.addWidget(page)
        action = QAction(title, self, checkable=True)
        action.setObjectName(f"mode_{key}")
        action.setData(title)
        action.setShortcut(f"Ctrl+{len(self.modes) + 1}")
        action.triggered.connect(lambda _checked=False, k=key: self.show_mode(k))
        self._mode_group.addAction(action)
        self.mode_bar.addAction(action)
        self.modes[key] = action
        if len(self.modes) == 1:
            action.setChecked(True)
        return action

    def add_lazy_mode(self, key: str, title: str, build: Callable[[], None]) -> QAction:
        """A mode whose page `build` makes (through add_mode) the first time it is shown.

        Keeps start-up under a second: a page the user may never open costs nothing
        until then.
        """
        action = self.add_mode(key, title, QWidget())
        self._builders[key] = build
        return action

    def _build_lazy(self, key: str) -> None:
        build = self._builders.pop(key, None)
        if build is not None:
            build()
            name_widgets(self)

    def _build_finetune(self) -> None:
        from app.ui.finetune.install import install_finetune_mode

        install_finetune_mode(self)  # sets self.finetune_page

    @property
    def finetune_page(self):
        """The Fine-tune page (built now if it has not been shown yet)."""
        self._build_lazy("finetune")
        return self._finetune_page

    @finetune_page.setter
    def finetune_page(self, page) -> None:
        self._finetune_page = page

    def show_mode(self, key: str) -> None:
        self._build_lazy(key)
        action = self.modes[key]
        action.setChecked(True)
        self.pages.setCurrentIndex(list(self.modes).index(key))
        self._update_title()

    def current_mode(self) -> str:
        return list(self.modes)[self.pages.currentIndex()]

    # ---- building --------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_chat_action = self._action(
            file_menu, self.tr("&New chat"), self.new_chat, "Ctrl+N"
        )
        self.open_model_action = self._action(
            file_menu,
            self.tr("&Open model file…"),
            self.open_model_file,
            QKeySequence.StandardKey.Open,
        )
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Import conversation JSON…"), self.import_conversation)
        self._action(
            file_menu,
            self.tr("Export conversation as &Markdown…"),
            lambda: self.export_conversation("markdown"),
        )
        self._action(
            file_menu,
            self.tr("Export conversation as &JSON…"),
            lambda: self.export_conversation("json"),
        )
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        model_menu = bar.addMenu(self.tr("&Model"))
        self.model_menu = model_menu
        model_menu.addAction(self.open_model_action)
        self.model_settings_action = self._action(
            model_menu, self.tr("Model &settings…"), self.edit_model_settings
        )
        self.compare_action = self._action(
            model_menu, self.tr("&Compare with base model…"), self.compare_with_base
        )

        view_menu = bar.addMenu(self.tr("&View"))
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for mode in THEME_MODES:
            action = QAction(theme_label(mode), self, checkable=True)
            action.setChecked(mode == self.theme.mode)
            action.triggered.connect(lambda _checked, m=mode: self.set_theme(m))
            group.addAction(action)
            theme_menu.addAction(action)
            self.theme_actions[mode] = action
        install_text_size_menu(self, view_menu)
        install_language_menu(self, view_menu)
        self.settings_action = QAction(self.tr("Conversation &settings"), self, checkable=True)
        self.settings_action.setShortcut("Ctrl+,")
        self.settings_action.toggled.connect(self.chat_page.settings_button.setChecked)
        view_menu.addAction(self.settings_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About Quillmate"), self.show_about)
        install_help(self, help_menu)
        install_edit_menu(self, before=model_menu.menuAction())

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        status.setObjectName("statusBar")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busyIndicator")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setFixedWidth(90)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()

        self.undo_box = QWidget(self)
        self.undo_box.setObjectName("undoBox")
        self.undo_label = QLabel(self.undo_box)
        self.undo_label.setObjectName("undoLabel")
        self.undo_button = QPushButton(self.tr("Undo"), self.undo_box)
        self.undo_button.setObjectName("undoDeleteButton")
        self.undo_button.clicked.connect(self.undo_delete)
        row = QHBoxLayout(self.undo_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.undo_label)
        row.addWidget(self.undo_button)
        self.undo_box.hide()
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_SECONDS * 1000)
        self._undo_timer.timeout.connect(self._expire_undo)

        self.model_label = QLabel(self.tr("No model loaded"), self)
        self.model_label.setObjectName("modelLabel")
        self.speed_label = QLabel("", self)
        self.speed_label.setObjectName("speedLabel")
        self.context_label = QLabel("", self)
        self.context_label.setObjectName("contextLabel")
        for widget in (
            self.undo_box,
            self.busy_bar,
            self.model_label,
            self.speed_label,
            self.context_label,
        ):
            status.addPermanentWidget(widget)

    def _connect(self) -> None:
        sb, page, panel, ctl = self.sidebar, self.chat_page, self.settings_panel, self.controller
        sb.conversation_selected.connect(self.open_conversation)
        sb.new_chat_requested.connect(self.new_chat)
        sb.conversation_deleted.connect(self._on_deleted)
        sb.conversation_renamed.connect(self._on_renamed)
        sb.search_hit_activated.connect(self.open_conversation)
        sb.export_requested.connect(lambda cid, fmt: self.export_conversation(fmt, cid))

        page.conversation_created.connect(self._on_created)
        page.conversation_changed.connect(self._on_conversation_changed)
        page.status_message.connect(self.show_message)
        page.reply_stats.connect(self.show_stats)
        page.about_to_send.connect(panel.commit)
        page.settings_toggled.connect(self._toggle_settings)
        page.open_model_requested.connect(self.open_model_file)
        page.starter_requested.connect(self.choose_model)
        page.model_loading.connect(self._on_model_loading)
        panel.model_changed.connect(lambda _path: page.update_welcome())

        ctl.model_loading.connect(self._on_model_loading)
        ctl.model_loaded.connect(self._on_model_loaded)
        ctl.model_load_failed.connect(self._on_model_load_failed)
        ctl.busy_changed.connect(self._on_busy_changed)
        ctl.error.connect(self._on_reply_error)
        self.theme.theme_changed.connect(page.view.set_dark)

    # ---- start and close -------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self, self.load_default_model)

    def load_default_model(self) -> bool:
        """Warm up the default model in the background, once the window shows."""
        path = self.settings["default_model"]
        if self._closed or not path or not Path(path).is_file():
            return False
        if self.controller.is_busy or self.services.chat.model_info is not None:
            return False
        self.controller.load_model(path)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        if not self._closed:
            self._closed = True
            self.settings_panel.commit()
            self.chat_page.shutdown_compare()
            self.controller.shutdown(timeout=10)
            self.adapters.shutdown()
            self.sources_ui.shutdown()
            self._undo_timer.stop()
            try:
                self.store.purge_deleted()
            except Exception:  # the store may already be closed
                log.debug("purge at close failed", exc_info=True)
        super().closeEvent(event)

    # ---- conversations -------------------------------------------------------------
    def open_conversation(self, cid: int | None, message_id: int | None = None) -> None:
        self.settings_panel.commit()
        self.chat_page.open_conversation(cid, message_id)
        self.sidebar.select_conversation(cid)
        conv = self.chat_page.conversation()
        self.settings_panel.set_conversation(conv)
        self._update_title()
        self._show_last_stats()

    def new_chat(self) -> None:
        if self.sidebar.search_box.text():
            self.sidebar.set_search_text("")
        self.open_conversation(None)

    def _create_conversation(self, title: str):
        draft = i18n.localize_draft(self.settings_panel.draft())
        return self.store.create_conversation(title=title, **draft)

    def _on_created(self, cid: int) -> None:
        self.sidebar.refresh(select=cid)
        self.settings_panel.set_conversation(self.store.get_conversation(cid))
        self._update_title()

    def _on_conversation_changed(self, _cid: int) -> None:
        self.sidebar.refresh()
        if self.sidebar.search_box.text():
            self.sidebar.run_search()
        self._update_title()

    def _on_renamed(self, cid: int, title: str) -> None:
        if cid == self.chat_page.conversation_id:
            self.chat_page.title_label.setText(title)
            self._update_title()

    def _update_title(self) -> None:
        """The open chat's title in Chat; the mode's name in the others."""
        mode = self.current_mode() if self.modes else "chat"
        if mode != "chat":
            self.setWindowTitle(self.tr("{data} — Quillmate").format(data=self.modes[mode].data()))
            return
        conv = self.chat_page.conversation()
        title = conv.title if conv is not None else "New chat"
        self.setWindowTitle(self.tr("{title} — Quillmate").format(title=title))

    def _on_deleted(self, cid: int, title: str) -> None:
        if cid == self.chat_page.conversation_id:
            self.open_conversation(None)
        if self.controller.replying_conversation == cid:
            self.controller.cancel()
        self._undo_ids.append(cid)
        self.undo_label.setText(self.tr("Deleted “{title}”").format(title=title))
        self.undo_box.show()
        self._undo_timer.start()

    def undo_delete(self) -> None:
        if not self._undo_ids:
            return
        cid = self._undo_ids.pop()
        self.store.restore_conversation(cid)
        self.sidebar.refresh(select=cid)
        self.open_conversation(cid)
        if not self._undo_ids:
            self._expire_undo()
        self.show_message(self.tr("Conversation restored."), 3000)

    def _expire_undo(self) -> None:
        self._undo_timer.stop()
        self._undo_ids.clear()
        self.undo_box.hide()

    # ---- models ----------------------------------------------------------------------
    def open_model_file(self) -> None:
        start = (
            str(Path(self.settings["default_model"] or "").parent)
            if self.settings["default_model"]
            else str(self.services.paths.models)
        )
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a model file"), start, MODEL_FILTER
        )
        if path:
            self.choose_model(path)

    def edit_model_settings(self) -> ModelSettingsDialog | None:
        """Template override, context and GPU layers of the loaded (or default) model."""
        info = self.services.chat.model_info
        path = info.path if info is not None else self.settings["default_model"]
        if not path:
            self.show_message(self.tr("Open a model first: its settings belong to the model file."))
            return None
        dialog = ModelSettingsDialog(self.settings, path, self)
        dialog.accepted.connect(lambda: self._apply_model_settings(path))
        dialog.open()
        return dialog

    def compare_with_base(self):
        """The open chat's last message answered without and with the adapter."""
        self.show_mode("chat")
        return self.chat_page.compare_with_base()

    def _apply_model_settings(self, path: str) -> None:
        info = self.services.chat.model_info
        if info is not None and info.path == path:
            self.controller.load_model(path)  # reload so the new settings apply now

    def choose_model(self, path: str) -> None:
        """Load `path`; once it loads it becomes the default (and this chat's model)."""
        if not Path(path).is_file():
            self._model_error(self.tr("The model file {path} does not exist.").format(path=path))
            return
        self._choosing = str(path)
        self.controller.load_model(path)

    def _on_model_loading(self, path: str) -> None:
        name = Path(path).name
        self.model_label.setText(self.tr("Loading {name}…").format(name=name))
        self.chat_page.welcome.set_loading(True, self.tr("Loading {name}…").format(name=name))
        self.show_message(self.tr("Loading {name}…").format(name=name))

    def _on_model_loaded(self, info) -> None:
        self.model_label.setText(shown_name(info))
        self.model_label.setToolTip(
            f"{info.path}\ncontext {info.n_ctx} tokens · {info.n_threads} threads"
            + (f" · {info.n_gpu_layers} GPU layers" if info.gpu_offload else "")
        )
        self.chat_page.welcome.set_loading(False)
        self.chat_page.welcome.show_status("")
        if self._choosing is not None:
            self._choosing = None
            self.settings.remember_model(info.path)
            conv = self.chat_page.conversation()
            if conv is not None and conv.model and conv.model != info.path:
                self.store.update_conversation(conv.id, model=info.path)
            self.settings_panel.set_conversation(self.chat_page.conversation())
            self.chat_page.hide_error()
        self.chat_page.update_welcome()
        seconds = f" in {info.load_seconds:.1f} s" if info.load_seconds else ""
        self.show_message(
            self.tr("Loaded {shown_name}{seconds}.").format(
                shown_name=shown_name(info), seconds=seconds
            ),
            4000,
        )

    def _on_model_load_failed(self, message: str) -> None:
        self._choosing = None
        self.chat_page.welcome.set_loading(False)
        info = self.services.chat.model_info
        self.model_label.setText(
            shown_name(info) if info is not None else self.tr("No model loaded")
        )
        self._model_error(message)

    def _on_reply_error(self, message: str) -> None:
        # A send that had to load its model and failed: the page shows the message.
        self.chat_page.welcome.set_loading(False)
        info = self.services.chat.model_info
        self.model_label.setText(
            shown_name(info) if info is not None else self.tr("No model loaded")
        )
        self.show_message(message, 8000)

    def _model_error(self, message: str) -> None:
        self.chat_page.welcome.show_status(message, error=True)
        self.chat_page.show_error(message)
        self.show_message(message, 8000)

    def _on_busy_changed(self, busy: bool) -> None:
        # No busy cursor: the window stays usable while the engine works.
        self.busy_bar.setVisible(busy)

    # ---- status bar -----------------------------------------------------------------
    def show_message(self, text: str, timeout_ms: int = 5000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def show_stats(self, stats) -> None:
        if stats is None:
            self.speed_label.clear()
            self.context_label.clear()
            return
        self.speed_label.setText(speed_text(self, stats))
        self.context_label.setText(
            self.tr("Context {context_used} / {n_ctx}").format(
                context_used=stats.context_used, n_ctx=stats.n_ctx
            )
        )

    def _show_last_stats(self) -> None:
        """The numbers of the conversation's last reply, from its saved meta."""
        for entry in reversed(self.chat_page.view.entries()):
            meta = getattr(entry.message, "meta", None) or {}
            if entry.message.role == "assistant" and "tokens_per_second" in meta:
                self.speed_label.setText(
                    self.tr("{value:.1f} tok/s").format(value=meta["tokens_per_second"])
                )
                used, n_ctx = meta.get("context_used"), meta.get("n_ctx")
                self.context_label.setText(
                    self.tr("Context {used} / {n_ctx}").format(used=used, n_ctx=n_ctx)
                    if n_ctx
                    else ""
                )
                return
        self.show_stats(None)

    # ---- view -----------------------------------------------------------------------
    def set_theme(self, mode: str) -> None:
        self.theme.set_mode(mode)
        self.theme_actions[mode].setChecked(True)

    def _toggle_settings(self, visible: bool) -> None:
        self.settings_panel.setVisible(visible)
        if self.settings_action.isChecked() != visible:
            self.settings_action.setChecked(visible)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Quillmate"), about_text(self))

    # ---- import and export (app/ui/conversation_files.py) ---------------------------
    def import_conversation(self, path: str | None = None) -> int | None:
        return conversation_files.import_conversation(self, path)

    def export_conversation(self, fmt: str, cid: int | None = None, path: str | None = None):
        return conversation_files.export_conversation(self, fmt, cid, path)
