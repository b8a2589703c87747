"""The Qt-free services the GUI and the CLI share, created in one place.

Every face starts from `Services.create()`. Nothing heavy happens there: the
settings are read, the engine process starts on first use, and the conversation
store is opened on first use too, so a command that never touches conversations
(a grading screen, a user error) leaves no database behind.
"""

from __future__ import annotations

from app.core.chat import ChatService
from app.core.store import Store
from app.engine.client import EngineClient
from app.paths import AppPaths, app_paths
from app.settings import Settings


class Services:
    def __init__(self, paths: AppPaths, settings: Settings, engine: EngineClient):
        self.paths = paths
        self.settings = settings
        self.engine = engine
        self._store: Store | None = None
        self._chat: ChatService | None = None
        self._sources = None

    @classmethod
    def create(cls, paths: AppPaths | None = None) -> Services:
        """Read the settings; the store and the engine process open on first use."""
        paths = (paths or app_paths()).ensure()
        return cls(paths, Settings(paths.settings_file), EngineClient())

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.paths.database)
        return self._store

    @property
    def chat(self) -> ChatService:
        if self._chat is None:
            self._chat = ChatService(self.store, self.engine, self.settings)
            self._chat.sources = self.sources
        return self._chat

    @property
    def sources(self):
        """Collections and their search (app.core.sources); the embedding model starts
        in its own engine process on first use."""
        if self._sources is None:
            from app.core.sources import SourcesService

            self._sources = SourcesService(self.paths.sources, self._embedder)
        return self._sources

    def _embedder(self):
        """The embedding model the settings name, else the starter one where its wheel
        is installed (converted to GGUF once); None: keyword search only."""
        from pathlib import Path

        from app.engine.embedding import Embedder
        from app.hub.embedding_model import (
            ensure_starter_embedding_model,
            starter_embedding_available,
        )

        chosen = self.settings.data.get("embedding_model")
        if chosen and Path(chosen).is_file():
            return Embedder(chosen)
        if starter_embedding_available():
            return Embedder(ensure_starter_embedding_model(self.paths.models / "embeddings"))
        return None

    def close(self) -> None:
        if self._sources is not None:
            self._sources.close()
        if self._chat is not None:
            self._chat.close()
        self.engine.close()
        if self._store is not None:
            self._store.close()
