"""The writing assistant: run an action on a text, part by part, as changes.

The GUI drives `WritingService.run` from a worker thread (it blocks until the
action ends) and gets streamed text, progress and each part's changes through
a `WriteListener`; `stop()` may be called from any thread. The CLI calls the
same method. Each part's changes are ready as soon as that part is done, so
the first change shows long before a long document is finished.

Nothing here ever changes the writer's document: edits come back as a
`ChangeSet` to accept or reject.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from app.core.writing.actions import Action, ActionLibrary
from app.core.writing.requests import (  # noqa: F401 - the service's public data
    PartResult,
    WriteListener,
    WriteRequest,
    WriteResult,
    WriteStats,
    option_values,
)
from app.core.writing.runner import EMPTY, NO_CHANGES, NO_MODEL, ActionRun  # noqa: F401
from app.engine.client import EngineClient
from app.engine.types import LoadOptions, ModelInfo

log = logging.getLogger(__name__)


class WritingService:
    def __init__(self, engine: EngineClient, settings=None, library: ActionLibrary | None = None):
        self.engine = engine
        self.settings = settings
        self._library = library
        self._stop = threading.Event()

    @property
    def library(self) -> ActionLibrary:
        if self._library is None:
            self._library = ActionLibrary()
        return self._library

    # ---------------------------------------------------------------- model
    def ensure_model(self, path: str | Path) -> ModelInfo:
        """Load `path` unless it is the model already loaded (shared with the chat)."""
        resolved = str(Path(path).expanduser().resolve())
        info = self.engine.model_info
        if info is not None and info.path == resolved:
            return info
        if self.settings is None:
            return self.engine.load(LoadOptions(path=resolved))
        return self.engine.load(self.settings.load_options(resolved))

    def stop(self) -> None:
        """End the running action after the token being generated. Safe from any thread."""
        self._stop.set()
        self.engine.cancel(owner=self)

    # ------------------------------------------------------------------ run
    def run(self, request: WriteRequest, listener: WriteListener | None = None) -> WriteResult:
        """Run one action to the end (or until stopped); never raises for engine trouble.

        Raises ActionError for a bad request (unknown action, missing tone,
        language or categories): that is the caller's to fix before running.
        """
        self._stop.clear()
        action = (
            request.action
            if isinstance(request.action, Action)
            else self.library.get(request.action)
        )
        values = option_values(action, request)
        listener = listener or WriteListener()
        run = ActionRun(self, action, request, values, listener)
        return run.execute()
