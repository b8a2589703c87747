"""The curated catalogue (`models/catalog.toml`): recommended chat models and their quants.

The file lives at the top of the project (people edit it without reading code) and
is installed with the wheel as data (`<prefix>/share/quillmate/catalog.toml`, see
pyproject's data-files). `catalog_path()` finds it in either place; QUILLMATE_CATALOG
points at another file (a frozen app, a test, an organisation's own list).

Catalogue entries carry their attention geometry (layers, KV heads, head size), so the
Models page can tell whether a quant fits *before* anything is downloaded: see
`CatalogModel.kv_bytes_per_token` and app/hub/fit.py.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.hub.errors import LibraryError
from app.paths import shipped

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

log = logging.getLogger(__name__)

CATALOG_ENV = "QUILLMATE_CATALOG"
CATALOG_NAME = "catalog.toml"
KV_BYTES_PER_VALUE = 2  # f16 KV cache, llama.cpp's default (as app/engine/hardware.py)


@dataclass(frozen=True)
class CatalogQuant:
    quant: str
    file: str  # path in the repo
    size: int  # bytes, as the hub lists it


@dataclass(frozen=True)
class CatalogModel:
    id: str
    name: str
    repo: str
    license: str
    context_length: int
    good_at: str
    params: str = ""
    family: str = ""
    recommended: str | None = None
    n_layers: int = 0
    n_kv_heads: int = 0
    head_dim: int = 0
    quants: tuple[CatalogQuant, ...] = field(default_factory=tuple)

    @property
    def kv_bytes_per_token(self) -> int:
        """f16 K and V for every layer: what one token of context costs in memory."""
        return 2 * self.n_layers * self.n_kv_heads * self.head_dim * KV_BYTES_PER_VALUE

    def quant(self, name: str | None = None) -> CatalogQuant:
        """The named quant, else the recommended one, else the first."""
        wanted = (name or self.recommended or "").upper()
        for quant in self.quants:
            if quant.quant.upper() == wanted:
                return quant
        if name:
            known = ", ".join(q.quant for q in self.quants)
            raise LibraryError(f"{self.id} has no {name} quant in the catalogue (it has {known})")
        return self.quants[0]


def catalog_path() -> Path:
    """Where the catalogue is: $QUILLMATE_CATALOG, the source checkout, or the installed data."""
    override = os.environ.get(CATALOG_ENV)
    if override:
        return Path(override).expanduser()
    return shipped(CATALOG_NAME)


def load_catalog(path: str | os.PathLike[str] | None = None) -> list[CatalogModel]:
    """Parse the catalogue; raise LibraryError with the file and the problem if it is broken."""
    path = Path(path) if path else catalog_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LibraryError(f"the model catalogue is missing ({path})") from exc
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LibraryError(f"the model catalogue {path} cannot be read: {exc}") from exc
    models = []
    for index, entry in enumerate(data.get("models", [])):
        try:
            models.append(_model(entry))
        except (KeyError, TypeError, ValueError) as exc:
            raise LibraryError(f"{path}: model #{index + 1} is incomplete ({exc})") from exc
    return models


def find_catalog_model(model_id: str, models: list[CatalogModel] | None = None):
    """The catalogue entry with this id (case-insensitive), or None."""
    wanted = model_id.lower()
    for model in models if models is not None else load_catalog():
        if model.id.lower() == wanted:
            return model
    return None


def _model(entry: dict) -> CatalogModel:
    quants = tuple(
        CatalogQuant(str(q["quant"]), str(q["file"]), int(q["size"])) for q in entry["quants"]
    )
    if not quants:
        raise ValueError("no quants")
    return CatalogModel(
        id=str(entry["id"]),
        name=str(entry["name"]),
        repo=str(entry["repo"]),
        license=str(entry.get("license", "")),
        context_length=int(entry["context_length"]),
        good_at=str(entry.get("good_at", "")),
        params=str(entry.get("params", "")),
        family=str(entry.get("family", "")),
        recommended=entry.get("recommended"),
        n_layers=int(entry.get("n_layers", 0)),
        n_kv_heads=int(entry.get("n_kv_heads", 0)),
        head_dim=int(entry.get("head_dim", 0)),
        quants=quants,
    )
