"""The settings file: small, versioned JSON with forward migrations.

A newer app may read an older file: each migration lifts the data one version
and the old file is backed up first (napari's habit), so a bad migration never
loses a user's settings. Unknown keys are kept, so a downgrade loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.engine.types import LoadOptions

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2

DEFAULT_SAMPLING: dict[str, Any] = {
    "temperature": 0.7,
    "top_p": 0.95,
    "top_k": 40,
    "min_p": 0.05,
    "repeat_penalty": 1.1,
    "max_tokens": 1024,
    "seed": -1,
}


def defaults() -> dict[str, Any]:
    return {
        "version": SETTINGS_VERSION,
        "theme": "system",  # system | light | dark
        "language": "auto",  # auto (the system locale) | en | zh_CN: app/ui/i18n.py
        "default_model": None,  # path to a .gguf
        "recent_models": [],
        # path -> {"chat_template": str, "n_ctx": int, "n_gpu_layers": int,
        #          "adapter": path, "adapter_scale": float, "adapter_enabled": bool}
        "model_overrides": {},
        "sampling": dict(DEFAULT_SAMPLING),
        "system_prompt": "You are a helpful assistant.",
        "n_threads": None,  # None: physical cores
        # Downloads left unfinished at exit, at the next start: "ask" | "always" | "never".
        "resume_downloads": "ask",
        # Remote OpenAI-compatible servers: name -> {"url", "model", "api_key_env",
        # "timeout", "ca_file"}. The API key itself is never stored here.
        "endpoints": {},
        "embedding_model": None,  # a GGUF embedding model for Sources (None: the starter)
        "first_run_done": False,  # the welcome page was seen (app/ui/first_run.py)
        "text_scale": 100,  # percent of the system's font size (app/ui/theme.py)
        # KV cache states kept on disk so long chats and grading rubrics reopen fast
        # after a restart (app.engine.kv_persist), in the cache folder; 0: off.
        "kv_state_max_mb": 1024,
    }


def kv_state_dir() -> Path:
    """Where the engine keeps KV cache states: the app's cache folder (rebuildable data)."""
    from app.paths import app_paths

    return app_paths().cache / "kv-states"


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 kept sampling keys at the top level; version 2 groups them.
    sampling = dict(DEFAULT_SAMPLING)
    for key in list(DEFAULT_SAMPLING):
        if key in data:
            sampling[key] = data.pop(key)
    data["sampling"] = sampling
    data.setdefault("model_overrides", {})
    data["version"] = 2
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = int(data.get("version", 1))
    while version < SETTINGS_VERSION:
        data = MIGRATIONS[version](data)
        version = int(data["version"])
    return data


@dataclass(frozen=True)
class AdapterChoice:
    """A model's LoRA adapter as the user left it (see Settings.adapter_choice)."""

    path: str | None  # the adapter .gguf; None: no adapter chosen
    scale: float = 1.0
    enabled: bool = True

    @property
    def active_path(self) -> str | None:
        """The file to apply now: None when no adapter is chosen or it is switched off."""
        return self.path if self.enabled else None


class Settings:
    """Load, change and save the settings file atomically."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.data: dict[str, Any] = defaults()
        self.load()

    def load(self) -> None:
        if not self.path.exists():
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("settings file is not a JSON object")
        except (OSError, ValueError) as exc:
            backup = self.path.with_suffix(".broken.json")
            log.warning("Settings file %s unreadable (%s); kept as %s", self.path, exc, backup)
            shutil.copyfile(self.path, backup)
            return
        if int(raw.get("version", 1)) < SETTINGS_VERSION:
            backup = self.path.with_name(f"{self.path.stem}.v{raw.get('version', 1)}.bak.json")
            shutil.copyfile(self.path, backup)
            raw = migrate(raw)
        merged = defaults()
        merged.update(raw)
        merged["sampling"] = {**DEFAULT_SAMPLING, **raw.get("sampling", {})}
        self.data = merged
        if self.data["version"] != raw.get("version"):
            self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.save()

    def model_override(self, model_path: str) -> dict[str, Any]:
        overrides = self.data["model_overrides"]
        found = overrides.get(str(model_path))
        if found is None:  # the same file by another spelling (a symlinked folder)
            found = overrides.get(str(Path(model_path).expanduser().resolve()), {})
        return dict(found)

    def set_model_override(self, model_path: str, **values: Any) -> None:
        current = self.model_override(model_path)
        current.update(values)
        current = {k: v for k, v in current.items() if v is not None}
        self.data["model_overrides"][str(model_path)] = current
        self.save()

    def load_options(
        self, model_path: str, *, n_ctx: int | None = None, n_threads: int | None = None
    ) -> LoadOptions:
        """How to load `model_path`: its per-model overrides, then the app's settings.

        Every face (chat, write, grade, CLI) loads models through this, so a
        template override or context size set once applies everywhere.
        """
        override = self.model_override(model_path)
        adapter = self.adapter_choice(model_path)
        max_mb = int(self.data.get("kv_state_max_mb") or 0)
        return LoadOptions(
            path=str(model_path),
            n_ctx=n_ctx or override.get("n_ctx"),
            n_threads=n_threads or self.data["n_threads"],
            n_gpu_layers=override.get("n_gpu_layers"),
            chat_template=override.get("chat_template"),
            kv_cache=override.get("kv_cache") or "f16",
            adapter=adapter.active_path,
            adapter_scale=adapter.scale,
            state_dir=str(kv_state_dir()) if max_mb > 0 else None,
            state_max_bytes=max(max_mb, 1) << 20,
        )

    # ---- the LoRA adapter chosen for a model (kept in its override) ----------------
    def adapter_choice(self, model_path: str) -> AdapterChoice:
        """The adapter the user chose for this model, its strength and whether it is on.

        It is part of the model's override, so every load (chat, write, grade, CLI)
        applies it; a file that has gone is treated as no adapter, so a deleted
        adapter never stops its model from loading.
        """
        override = self.model_override(model_path)
        path = override.get("adapter")
        if path and not Path(path).is_file():
            path = None
        return AdapterChoice(
            path=path,
            scale=float(override.get("adapter_scale", 1.0)),
            enabled=bool(override.get("adapter_enabled", True)),
        )

    def set_adapter_choice(
        self, model_path: str, path: str | None, *, scale: float = 1.0, enabled: bool = True
    ) -> None:
        """Remember the adapter for `model_path` (path None: no adapter)."""
        if path is None:
            current = self.model_override(model_path)
            for key in ("adapter", "adapter_scale", "adapter_enabled"):
                current.pop(key, None)
            self.data["model_overrides"][str(model_path)] = current
            self.save()
            return
        self.set_model_override(
            model_path, adapter=str(path), adapter_scale=float(scale), adapter_enabled=enabled
        )

    def forget_adapter(self, adapter_path: str) -> None:
        """Drop a removed adapter from every model that had it chosen."""
        changed = False
        for override in self.data["model_overrides"].values():
            if override.get("adapter") == str(adapter_path):
                for key in ("adapter", "adapter_scale", "adapter_enabled"):
                    override.pop(key, None)
                changed = True
        if changed:
            self.save()

    def remember_model(self, model_path: str) -> None:
        recent = [p for p in self.data["recent_models"] if p != str(model_path)]
        self.data["recent_models"] = [str(model_path), *recent][:10]
        self.data["default_model"] = str(model_path)
        self.save()
