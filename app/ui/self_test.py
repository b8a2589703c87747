"""`quillmate --self-test`: prove a bundle or an install works, in one command.

Used by CI on the frozen Linux bundle and by users after installing: load the starter
model, answer one prompt, open every mode, close the window, exit 0; any failure
prints one line and exits 1. The engine work runs on a plain thread (never on the
GUI thread); the event loop keeps running and polls for it.
"""

from __future__ import annotations

import logging
import sys
import threading
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 300


def start(window, services) -> None:
    """Schedule the self-test in `window`'s event loop; it ends the loop with the result."""
    outcome: dict[str, object] = {}

    def engine_part() -> None:
        from app.engine.types import GenerateRequest, SamplingParams
        from app.hub.starter import STARTER_INSTALL, starter_model_path

        try:
            path = starter_model_path()
            if path is None:
                raise RuntimeError(f"the starter model is missing ({STARTER_INSTALL})")
            services.chat.load_model(str(path))
            request = GenerateRequest(
                messages=[{"role": "user", "content": "Say hello."}],
                sampling=SamplingParams(temperature=0, max_tokens=8),
            )
            done = services.engine.complete(request)
            if not done.text.strip():
                raise RuntimeError("the model answered nothing")
            outcome["reply"] = done.text.strip()
        except Exception as exc:  # the self-test reports every failure as one line
            outcome["error"] = f"{type(exc).__name__}: {exc}"

    worker = threading.Thread(target=engine_part, name="self-test", daemon=True)
    started = time.monotonic()

    def finish(code: int, line: str) -> None:
        stream = sys.stdout if code == 0 else sys.stderr
        stream.write(f"self-test: {line}\n")
        stream.flush()
        window.close()
        QApplication.instance().exit(code)

    def poll() -> None:
        if worker.is_alive():
            if time.monotonic() - started > TIMEOUT_SECONDS:
                finish(1, f"no reply within {TIMEOUT_SECONDS} s")
            else:
                QTimer.singleShot(100, poll)
            return
        if "error" in outcome:
            finish(1, str(outcome["error"]))
            return
        try:
            for key in list(window.modes):
                window.show_mode(key)
                QApplication.processEvents()
        except Exception as exc:  # a mode that fails to open is the failure reported
            finish(1, f"opening the modes failed: {type(exc).__name__}: {exc}")
            return
        finish(0, f"ok: reply {outcome['reply']!r}; modes {', '.join(window.modes)}")

    def begin() -> None:
        worker.start()
        QTimer.singleShot(100, poll)

    QTimer.singleShot(0, begin)
