"""The Qt-free services the GUI and the CLI share, created in one place."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.chat import ChatService
from app.core.store import Store
from app.engine.client import EngineClient
from app.paths import AppPaths, app_paths
from app.settings import Settings


@dataclass
class Services:
    paths: AppPaths
    settings: Settings
    store: Store
    engine: EngineClient
    chat: ChatService

    @classmethod
    def create(cls, paths: AppPaths | None = None) -> Services:
        """Open settings and store; the engine process starts on first use."""
        paths = (paths or app_paths()).ensure()
        settings = Settings(paths.settings_file)
        store = Store(paths.database)
        engine = EngineClient()
        return cls(paths, settings, store, engine, ChatService(store, engine, settings))

    def close(self) -> None:
        self.engine.close()
        self.store.close()
