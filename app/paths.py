"""Every folder the app uses, in one place.

The folders come from platformdirs so they follow each platform's conventions.
QUILLMATE_HOME overrides all of them (portable installs, tests): nothing then
touches the user's real folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "Quillmate"


@dataclass(frozen=True)
class AppPaths:
    config: Path
    data: Path
    cache: Path
    logs: Path

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def database(self) -> Path:
        return self.data / "quillmate.sqlite3"

    @property
    def models(self) -> Path:
        return self.data / "models"

    @property
    def adapters(self) -> Path:
        return self.data / "adapters"

    def all(self) -> dict[str, Path]:
        return {
            "config": self.config,
            "data": self.data,
            "cache": self.cache,
            "logs": self.logs,
            "settings": self.settings_file,
            "database": self.database,
            "models": self.models,
            "adapters": self.adapters,
        }

    def ensure(self) -> AppPaths:
        for folder in (self.config, self.data, self.cache, self.logs, self.models, self.adapters):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths() -> AppPaths:
    """Return the folders, honouring QUILLMATE_HOME (read on every call, for tests)."""
    home = os.environ.get("QUILLMATE_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(root / "config", root / "data", root / "cache", root / "logs")
    dirs = PlatformDirs(APP_NAME, appauthor=False)
    return AppPaths(
        Path(dirs.user_config_dir),
        Path(dirs.user_data_dir),
        Path(dirs.user_cache_dir),
        Path(dirs.user_log_dir),
    )
