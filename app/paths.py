"""Every folder the app uses, in one place.

The folders come from platformdirs so they follow each platform's conventions.
QUILLMATE_HOME overrides all of them (portable installs, tests): nothing then
touches the user's real folders.
"""

from __future__ import annotations

import os
import sys
import sysconfig
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

    @property
    def sources(self) -> Path:
        """One index file per Sources collection (removing one deletes its file)."""
        return self.data / "sources"

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
            "sources": self.sources,
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
    config = Path(dirs.user_config_dir)
    return AppPaths(
        config, _chosen_data_folder(config) or Path(dirs.user_data_dir),
        Path(dirs.user_cache_dir), Path(dirs.user_log_dir),
    )  # fmt: skip


LOCATION_FILE = "location.json"


def _chosen_data_folder(config: Path) -> Path | None:
    """The data folder the user chose on first run (config/location.json), if any.

    Kept apart from settings.json because the settings live in the config folder and
    the data folder must be known before anything is opened.
    """
    import json

    try:
        chosen = json.loads((config / LOCATION_FILE).read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Path(chosen).expanduser() if isinstance(chosen, str) and chosen else None


def choose_data_folder(folder: str | Path) -> Path:
    """Use `folder` for conversations, models and adapters from the next start on.

    Nothing is moved: the old folder stays as it is. Under QUILLMATE_HOME (portable
    use, tests) the choice is written beside the settings all the same.
    """
    import json

    folder = Path(folder).expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    config = app_paths().config
    config.mkdir(parents=True, exist_ok=True)
    (config / LOCATION_FILE).write_text(json.dumps({"data": str(folder)}), encoding="utf-8")
    return folder


# The source checkout's folder for each kind of shipped data; an installed wheel has
# them all under <prefix>/share/quillmate/ (pyproject.toml's data-files), a frozen
# bundle (packaging/quillmate.spec) under <sys._MEIPASS>/share/quillmate/.
_SOURCE_FOLDERS = {"prompts": "resources/prompts", "rubrics": "resources/rubrics",
                   "catalog.toml": "models/catalog.toml", "icons": "resources/icons",
                   "translations": "resources/translations"}  # fmt: skip


def shipped(name: str) -> Path:
    """Where shipped data is: the source checkout, else the installed copy.

    `name` is "prompts", "rubrics", "catalog.toml", "icons" or "translations".
    Returns the first candidate that exists, else the source checkout's path (so an
    error message names it).
    """
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        return Path(sys._MEIPASS) / "share" / "quillmate" / name
    source = Path(__file__).resolve().parents[1] / _SOURCE_FOLDERS[name]
    candidates = [source]
    for scheme in (None, f"{os.name}_user"):
        try:
            data = sysconfig.get_path("data", scheme) if scheme else sysconfig.get_path("data")
        except KeyError:
            continue
        candidates.append(Path(data) / "share" / "quillmate" / name)
    candidates.append(Path(sys.prefix) / "share" / "quillmate" / name)
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return source
