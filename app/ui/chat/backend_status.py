"""The status bar says which backend and model answer the open conversation.

A conversation on a saved server shows "Remote: NAME — URL" in place of the local
model's name (with the settings panel's badge), so nobody sends a private text to a
server without seeing it; back on this computer the local model's name returns.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction

from app.core import endpoints
from app.diagnostics.contention import slow_because_busy
from app.ui.model_state import shown_name


def show_backend(window) -> None:
    name = window.settings_panel.attached_endpoint()
    if name:
        entry = endpoints.saved(window.settings).get(name, {})
        window.model_label.setText(
            QCoreApplication.translate("MainWindow", "Remote: {name} — {url}").format(
                name=name, url=entry.get("url", "?")
            )
        )
        window.model_label.setToolTip(
            QCoreApplication.translate("MainWindow", "This conversation is answered by a server")
        )
    else:
        info = window.services.chat.model_info
        window.model_label.setText(
            shown_name(info)
            if info
            else QCoreApplication.translate("MainWindow", "No model loaded")
        )
        window.model_label.setToolTip(info.path if info else "")
    window.chat_page.update_welcome()


def open_endpoints(window):
    """The Remote servers dialog (one per window, made on first use)."""
    dialog = getattr(window, "endpoints_dialog", None)
    if dialog is None:
        from app.ui.models.endpoints_dialog import EndpointsDialog

        dialog = window.endpoints_dialog = EndpointsDialog(window.settings, window)
        dialog.changed.connect(window.settings_panel.refresh_backends)
    dialog.show()
    dialog.raise_()
    return dialog


def speed_text(window, stats) -> str:
    """ "55.2 tok/s", or with why it is slow when another program takes the CPU."""
    speed = stats.tokens_per_second
    info = window.services.chat.model_info
    key = info.path if info is not None else ""
    best = getattr(window, "_best_speed", {})
    window._best_speed = best
    text = QCoreApplication.translate("MainWindow", "{speed} tok/s").format(speed=f"{speed:.1f}")
    threads = info.n_threads if info is not None else 2
    if slow_because_busy(speed, best.get(key, 0.0), threads):
        text += QCoreApplication.translate(
            "MainWindow", " — slow: the CPU is busy with another program"
        )
    if stats.completion_tokens >= 8:  # a reply long enough to say what this model does
        best[key] = max(best.get(key, 0.0), speed)
    return text


def reading_text(window) -> str:
    """ "Reading 3,996 tokens… 40 %" while a long prompt is read before the first token."""
    done, total = getattr(window.services.engine, "prompt_progress", (0, 0))
    if total < 200 or done >= total:  # a short prompt is read in a blink: say nothing
        return ""
    return QCoreApplication.translate("MainWindow", "Reading {total} tokens… {percent} %").format(
        total=f"{total:,}", percent=int(100 * done / total)
    )


def _show_reading(window) -> None:
    text = reading_text(window) if window.controller.is_busy else ""
    if text:
        window.statusBar().showMessage(text, 1500)


def install_backend_status(window) -> None:
    timer = QTimer(window)
    timer.setInterval(500)
    timer.timeout.connect(lambda: _show_reading(window))
    timer.start()
    window.reading_timer = timer
    window.settings_panel.backend_shown.connect(lambda _name: show_backend(window))
    action = QAction(QCoreApplication.translate("MainWindow", "&Remote servers…"), window)
    action.setObjectName("remoteServersAction")
    action.triggered.connect(lambda: open_endpoints(window))
    window.model_menu.addAction(action)
    window.remote_servers_action = action
