"""Which engine answers a conversation: this computer's, or a saved remote server.

A conversation whose settings name an endpoint (`settings["endpoint"]`) is answered by
that server through `RemoteEngine`, the same interface as the local engine, so the
chat loop, saving and Stop are the same. One RemoteEngine per endpoint is kept for the
session (its HTTP connection is reused) and closed with the app.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

ENDPOINT_KEY = "endpoint"  # conversation.settings[ENDPOINT_KEY]: a saved endpoint's name


class RemoteBackends:
    def __init__(self, settings):
        self.settings = settings
        self._engines: dict[str, object] = {}
        self._lock = threading.Lock()

    def engine(self, name: str):
        """The loaded RemoteEngine for endpoint `name` (EndpointError / EngineError)."""
        from app.core import endpoints  # the HTTP client loads only when a server is used

        with self._lock:
            engine = self._engines.get(name)
            if engine is None:
                engine = endpoints.engine_for(self.settings, name)
                self._engines[name] = engine
        if engine.model_info is None:
            engine.load()
        return engine

    def cancel(self) -> None:
        for engine in list(self._engines.values()):
            engine.cancel()

    def close(self) -> None:
        with self._lock:
            engines, self._engines = list(self._engines.values()), {}
        for engine in engines:
            engine.close()


def confirmed(settings, name: str) -> bool:
    """The user agreed once that text may be sent to endpoint `name`."""
    return bool((settings["endpoints"] or {}).get(name, {}).get("confirmed"))


def confirm(settings, name: str) -> None:
    saved = dict(settings["endpoints"] or {})
    if name in saved:
        saved[name] = {**saved[name], "confirmed": True}
        settings["endpoints"] = saved
