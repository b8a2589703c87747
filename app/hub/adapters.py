"""LoRA adapters in the library: registered next to the model they were trained on.

An adapter is a small GGUF file (`general.type = adapter`, `adapter.type = lora`) that
llama.cpp applies on top of its base model at a chosen strength. Every file is checked
before it is listed, because llama.cpp's own refusal comes late (when the user switches
the adapter on) and says little: the header must be a LoRA adapter, its architecture
must be the base model's, and each `<name>.lora_a` / `<name>.lora_b` pair must fit the
base tensor `<name>` (llama.cpp would refuse the mismatch, and two "llama" models of
different sizes share the architecture name).

Files the app owns live in `<data>/adapters/` (the fine-tuning worker writes there,
`import_adapter` copies there) and are deleted with their entry; an adapter registered
where it lies elsewhere is only forgotten. The table is schema step 4
(app/hub/schema.py). `Library` exposes all of this; this module holds the checks
and the table access so library.py stays about models.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.engine.gguf import GGUFError, GGUFHeader, check_gguf, read_gguf_header
from app.hub.errors import LibraryError
from app.hub.quants import model_id_from_name

log = logging.getLogger(__name__)

_COLUMNS = "id, name, path, base_model_id, base_sha256, architecture, size_bytes, created_at, meta"


@dataclass
class Adapter:
    id: str
    name: str
    path: str
    base_model_id: str | None  # the library model it was trained on (None: unknown)
    base_sha256: str | None  # that model file's SHA-256, when the library knew it
    architecture: str
    size_bytes: int
    created_at: float
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        return Path(self.path).is_file()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- checks (pure: headers in, LibraryError out) ---------------------------------------


def read_adapter(path: str | Path) -> GGUFHeader:
    """The header of a GGUF LoRA adapter; LibraryError saying what else the file is."""
    target = Path(path).expanduser()
    if not target.is_file():
        raise LibraryError(f"{path}: no such file")
    try:
        header = check_gguf(target)
    except GGUFError as exc:
        raise LibraryError(str(exc)) from exc
    kind = header.metadata.get("general.type")
    if kind != "adapter":
        what = "a model" if kind in (None, "model") else f"general.type '{kind}'"
        raise LibraryError(
            f"{target.name} is not a LoRA adapter ({what}); "
            "models are added with `quillmate models import`"
        )
    adapter_type = header.metadata.get("adapter.type")
    if adapter_type != "lora":
        raise LibraryError(
            f"{target.name}: only LoRA adapters are supported (this one is '{adapter_type}')"
        )
    if not lora_pairs(header):
        raise LibraryError(f"{target.name}: the adapter has no LoRA tensors")
    return header


def lora_pairs(header: GGUFHeader) -> dict[str, tuple[tuple[int, ...], tuple[int, ...]]]:
    """{base tensor name: (lora_a shape, lora_b shape)} of an adapter header."""
    tensors = {t.name: t.shape for t in header.tensors}
    pairs = {}
    for name, shape in tensors.items():
        if name.endswith(".lora_a"):
            base = name[: -len(".lora_a")]
            b = tensors.get(base + ".lora_b")
            if b is not None:
                pairs[base] = (shape, b)
    return pairs


def check_fits(adapter: GGUFHeader, base: GGUFHeader, base_label: str) -> None:
    """Raise LibraryError unless llama.cpp can apply `adapter` to the model `base`.

    Shapes in ggml order: base ne = [n_in, n_out], lora_a ne = [n_in, r],
    lora_b ne = [r, n_out].
    """
    name = adapter.path.name
    if base.metadata.get("general.type") == "adapter":
        raise LibraryError(f"{base_label} is an adapter, not a base model")
    if adapter.architecture != base.architecture:
        raise LibraryError(
            f"{name} was made for '{adapter.architecture or 'unknown'}' models, but "
            f"{base_label} is '{base.architecture or 'unknown'}'"
        )
    shapes = {t.name: t.shape for t in base.tensors}
    for tensor, (a, b) in lora_pairs(adapter).items():
        target = shapes.get(tensor)
        if target is None:
            raise LibraryError(
                f"{name} does not fit {base_label}: the model has no tensor '{tensor}' "
                "(it was trained on another model)"
            )
        fits = (
            len(a) == 2 and len(b) == 2 and len(target) >= 2 and a[1] == b[0]
            and a[0] == target[0] and b[1] == target[1]
        )  # fmt: skip
        if not fits:
            raise LibraryError(
                f"{name} does not fit {base_label}: '{tensor}' is {list(target)} in the model "
                f"but the adapter is made for {[a[0], b[-1]]} (it was trained on another model)"
            )


def model_header(path: str | Path) -> GGUFHeader:
    """A model's header, cached while the file is unchanged (the GUI asks often)."""
    target = Path(path).expanduser().resolve()
    stat = target.stat()
    return _cached_header(str(target), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _cached_header(path: str, _mtime: int, _size: int) -> GGUFHeader:
    return read_gguf_header(path)


# -- the table ---------------------------------------------------------------------------


class AdapterRegistry:
    """The `adapters` table and the files under the adapters folder.

    `library` is the app.hub.library.Library that owns this registry: base models are
    looked up there and its settings are cleaned when an adapter goes.
    """

    def __init__(self, library, adapters_dir: Path):
        self.library = library
        self.db = library.db
        self.adapters_dir = Path(adapters_dir)

    # -- reading ---------------------------------------------------------------------

    def list(self, base_model_id: str | None = None) -> list[Adapter]:
        if base_model_id is None:
            rows = self.db.query(f"SELECT {_COLUMNS} FROM adapters ORDER BY name COLLATE NOCASE")
        else:
            rows = self.db.query(
                f"SELECT {_COLUMNS} FROM adapters WHERE base_model_id = ? "
                "ORDER BY name COLLATE NOCASE",
                (base_model_id,),
            )
        return [_adapter(row) for row in rows]

    def get(self, adapter_id: str) -> Adapter | None:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM adapters WHERE id = ?", (adapter_id,))
        return _adapter(rows[0]) if rows else None

    def find_by_path(self, path: str | Path) -> Adapter | None:
        wanted = Path(path).expanduser().resolve()
        for adapter in self.list():
            if Path(adapter.path).resolve() == wanted:
                return adapter
        return None

    def for_model(self, model_path: str | Path) -> list[Adapter]:
        """Adapters that can go on the model file at `model_path`.

        Those registered for it (by library id or by path), then those with no known
        base that fit it. Missing files are left out.
        """
        target = Path(model_path).expanduser().resolve()
        model = next((m for m in self.library.list() if Path(m.path).resolve() == target), None)
        chosen: list[Adapter] = []
        for adapter in self.list():
            if not adapter.exists:
                continue
            if model is not None and adapter.base_model_id == model.id:
                chosen.append(adapter)
            elif adapter.meta.get("base_path") and Path(adapter.meta["base_path"]) == target:
                chosen.append(adapter)
            elif adapter.base_model_id is None and not adapter.meta.get("base_path"):
                if self._fits(adapter, target):
                    chosen.append(adapter)
        return chosen

    def resolve(self, id_or_path: str) -> Path:
        """The adapter file for an id (or unique id prefix) or a path to an adapter .gguf."""
        candidate = Path(id_or_path).expanduser()
        if candidate.is_file():
            read_adapter(candidate)  # a clear refusal for a model or a damaged file
            return candidate.resolve()
        adapter = self.get(id_or_path) or self.get(id_or_path.lower())
        if adapter is None:
            matches = [a for a in self.list() if a.id.startswith(id_or_path.lower())]
            if len(matches) > 1:
                names = ", ".join(a.id for a in matches[:5])
                raise LibraryError(f"'{id_or_path}' could be several adapters: {names}")
            adapter = matches[0] if matches else None
        if adapter is None:
            raise LibraryError(
                f"{id_or_path}: no such adapter file, and no adapter has this id "
                "(see `quillmate models adapters`)"
            )
        if not adapter.exists:
            raise LibraryError(
                f"{adapter.id}: its file is missing ({adapter.path}); "
                f"`quillmate models remove-adapter {adapter.id}` forgets it"
            )
        return Path(adapter.path)

    # -- adding ------------------------------------------------------------------------

    def register(
        self,
        path: str | Path,
        *,
        base_model_id: str | None = None,
        base_model_path: str | Path | None = None,
        name: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Adapter:
        """Check the adapter (against its base when known) and list it where it lies.

        The base is a library model id, or the path of a model file (a library model's,
        or any .gguf: then its path is kept in meta["base_path"]). Registering a path
        that is already listed updates that entry (a retrained adapter written again).
        """
        target = Path(path).expanduser()
        header = read_adapter(target)
        base_id, base_sha, base_path = self._check_base(header, base_model_id, base_model_path)
        label = name or _header_name(header) or target.stem
        facts = dict(meta or {})
        if base_path is not None:
            facts["base_path"] = base_path
        existing = self.find_by_path(target)
        with self.db.transaction() as conn:
            if existing is not None:
                merged = {**existing.meta, **facts}
                conn.execute(
                    "UPDATE adapters SET name = ?, base_model_id = ?, base_sha256 = ?, "
                    "architecture = ?, size_bytes = ?, meta = ? WHERE id = ?",
                    (
                        name or existing.name,
                        base_id or existing.base_model_id,
                        base_sha or existing.base_sha256,
                        header.architecture,
                        header.file_size,
                        json.dumps(merged),
                        existing.id,
                    ),
                )
                new_id = existing.id
            else:
                new_id = self._free_id(conn, label)
                conn.execute(
                    f"INSERT INTO adapters ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        new_id, label, str(target.resolve()), base_id, base_sha,
                        header.architecture, header.file_size, time.time(), json.dumps(facts),
                    ),
                )  # fmt: skip
        log.info("registered adapter %s (%s, base %s)", new_id, target, base_id or base_path)
        adapter = self.get(new_id)
        assert adapter is not None
        return adapter

    def import_file(
        self,
        path: str | Path,
        *,
        base_model_id: str | None = None,
        base_model_path: str | Path | None = None,
        name: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Adapter:
        """Copy an adapter .gguf into the adapters folder and register the copy.

        Checked before copying, so a refused file leaves nothing behind. The copy keeps
        working when the original is moved or deleted (adapters are small).
        """
        source = Path(path).expanduser()
        if source.is_dir():
            raise LibraryError(f"{path} is a folder, not an adapter .gguf file")
        header = read_adapter(source)
        self._check_base(header, base_model_id, base_model_path)
        if self._owns(source):
            return self.register(
                source, base_model_id=base_model_id, base_model_path=base_model_path,
                name=name, meta=meta,
            )  # fmt: skip
        known = self.find_by_path(source)
        if known is not None:
            return known
        target = self.new_path(name or _header_name(header) or source.stem)
        shutil.copyfile(source, target)
        try:
            return self.register(
                target, base_model_id=base_model_id, base_model_path=base_model_path,
                name=name or _header_name(header) or source.stem,
                meta={**(meta or {}), "imported_from": str(source.resolve())},
            )  # fmt: skip
        except BaseException:
            target.unlink(missing_ok=True)
            raise

    def new_path(self, name: str) -> Path:
        """A free `<adapters>/<id>.gguf` to write a new adapter to (the trainer uses it)."""
        self.adapters_dir.mkdir(parents=True, exist_ok=True)
        base = model_id_from_name(name)
        candidate, n = self.adapters_dir / f"{base}.gguf", 2
        while candidate.exists():
            candidate, n = self.adapters_dir / f"{base}-{n}.gguf", n + 1
        return candidate

    # -- removing ------------------------------------------------------------------------

    def remove(self, adapter_id: str, delete_file: bool | None = None) -> str:
        """Drop the entry; delete the file when the app owns it (or when asked).

        `delete_file=None` deletes only files inside the adapters folder; True deletes
        the file wherever it is; False never deletes. Any model that had this adapter
        switched on forgets it. Returns one line saying what happened.
        """
        adapter = self.get(adapter_id)
        if adapter is None:
            raise LibraryError(f"{adapter_id}: no adapter has this id")
        path = Path(adapter.path)
        delete = self._owns(path) if delete_file is None else delete_file
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM adapters WHERE id = ?", (adapter.id,))
        self._forget_in_settings(adapter.path)
        if delete and path.exists():
            path.unlink()
            return f"removed adapter {adapter.id} (deleted {path})"
        return f"forgot adapter {adapter.id}; its file stays where it is ({path})"

    # -- helpers ------------------------------------------------------------------------

    def _check_base(self, header, base_model_id, base_model_path):
        """(base id, base sha256, base path kept in meta) after checking the fit."""
        if base_model_id is not None:
            model = self.library.get(base_model_id) or self.library.get(base_model_id.lower())
            if model is None:
                raise LibraryError(
                    f"{base_model_id}: no installed model has this id (see `quillmate models list`)"
                )
            check_fits(header, _base_header(model.path, model.id), model.id)
            return model.id, model.sha256, None
        if base_model_path is not None:
            target = Path(base_model_path).expanduser()
            model = next(
                (m for m in self.library.list() if Path(m.path).resolve() == target.resolve()),
                None,
            )
            if model is not None:
                check_fits(header, _base_header(model.path, model.id), model.id)
                return model.id, model.sha256, None
            check_fits(header, _base_header(target, target.name), target.name)
            return None, None, str(target.resolve())
        return None, None, None

    def _fits(self, adapter: Adapter, model_path: Path) -> bool:
        try:
            check_fits(read_adapter(adapter.path), model_header(model_path), model_path.name)
        except (LibraryError, GGUFError, OSError):
            return False
        return True

    def _owns(self, path: Path) -> bool:
        try:
            path.expanduser().resolve().relative_to(self.adapters_dir.resolve())
        except ValueError:
            return False
        return True

    def _free_id(self, conn, name: str) -> str:
        base = model_id_from_name(name)
        taken = {row[0] for row in conn.execute("SELECT id FROM adapters")}
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def _forget_in_settings(self, adapter_path: str) -> None:
        settings = self.library._settings_or_none()
        if settings is not None:
            settings.forget_adapter(adapter_path)


def _base_header(path: str | Path, label: str) -> GGUFHeader:
    try:
        return model_header(path)
    except FileNotFoundError as exc:
        raise LibraryError(f"{label}: its model file is missing ({path})") from exc
    except GGUFError as exc:
        raise LibraryError(str(exc)) from exc


def _header_name(header: GGUFHeader) -> str | None:
    name = header.metadata.get("general.name")
    return name.strip() if isinstance(name, str) and name.strip() else None


def _adapter(row) -> Adapter:
    return Adapter(
        id=row["id"],
        name=row["name"],
        path=row["path"],
        base_model_id=row["base_model_id"],
        base_sha256=row["base_sha256"],
        architecture=row["architecture"],
        size_bytes=row["size_bytes"],
        created_at=row["created_at"],
        meta=json.loads(row["meta"] or "{}"),
    )
