"""Finding models other apps already downloaded, to register them in place (no copies).

Where each app keeps its GGUF files (per platform; `home` lets tests point elsewhere):

- Hugging Face cache: `$HF_HUB_CACHE` or `$HF_HOME/hub` or `~/.cache/huggingface/hub`,
  laid out as `models--org--name/snapshots/<rev>/<file>.gguf` (symlinks into `blobs/`,
  whose names are the files' SHA-256 for LFS files: a free reference hash).
- LM Studio: `~/.lmstudio/models/<publisher>/<repo>/*.gguf`, and the older
  `~/.cache/lm-studio/models` (same layout).
- GPT4All: `~/.local/share/nomic.ai/GPT4All/*.gguf` (Linux),
  `~/Library/Application Support/nomic.ai/GPT4All` (macOS), `%LOCALAPPDATA%\\nomic.ai\\GPT4All`.
- Ollama: `$OLLAMA_MODELS` or `~/.ollama/models`; each
  `manifests/<registry>/<namespace>/<name>/<tag>` is JSON whose layer with mediaType
  `application/vnd.ollama.image.model` names the GGUF blob: `blobs/sha256-<digest>`.

Every candidate goes through the library's GGUF check; what fails is reported, not
registered. Vision projectors (`mmproj`) and incomplete split models are skipped.
"""

from __future__ import annotations

import glob
import json
import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.hub.errors import LibraryError
from app.hub.library import InstalledModel, Library
from app.hub.quants import is_model_file, split_base, split_part

log = logging.getLogger(__name__)

OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class Candidate:
    """A model file found in another app's folder, with what we know about it."""

    path: Path
    origin: str  # "hf-cache" | "lmstudio" | "gpt4all" | "ollama"
    repo: str | None = None
    revision: str | None = None
    hashes: dict[str, str] = field(default_factory=dict)  # file name → known SHA-256
    id_hint: str | None = None


@dataclass
class ScanReport:
    added: list[InstalledModel] = field(default_factory=list)
    known: list[InstalledModel] = field(default_factory=list)  # already in the library
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (path, why)


def hf_cache_dir(home: Path | None = None) -> Path:
    if home is None:
        if os.environ.get("HF_HUB_CACHE"):
            return Path(os.environ["HF_HUB_CACHE"]).expanduser()
        if os.environ.get("HF_HOME"):
            return Path(os.environ["HF_HOME"]).expanduser() / "hub"
        cache = os.environ.get("XDG_CACHE_HOME")
        if cache:
            return Path(cache) / "huggingface" / "hub"
    return (home or Path.home()) / ".cache" / "huggingface" / "hub"


def lmstudio_dirs(home: Path | None = None) -> list[Path]:
    home = home or Path.home()
    return [home / ".lmstudio" / "models", home / ".cache" / "lm-studio" / "models"]


def gpt4all_dirs(home: Path | None = None) -> list[Path]:
    if home is None and sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        return [Path(local) / "nomic.ai" / "GPT4All"] if local else []
    home = home or Path.home()
    if sys.platform == "darwin":
        return [home / "Library" / "Application Support" / "nomic.ai" / "GPT4All"]
    return [home / ".local" / "share" / "nomic.ai" / "GPT4All"]


def ollama_dir(home: Path | None = None) -> Path:
    if home is None and os.environ.get("OLLAMA_MODELS"):
        return Path(os.environ["OLLAMA_MODELS"]).expanduser()
    return (home or Path.home()) / ".ollama" / "models"


# -- finding candidates (no GGUF parsing yet) ------------------------------------------


def find_hf_cache(root: Path) -> list[Candidate]:
    found = []
    for repo_dir in sorted(root.glob("models--*")):
        repo = repo_dir.name[len("models--") :].replace("--", "/")
        snapshots = repo_dir / "snapshots"
        for snapshot in sorted(snapshots.glob("*")) if snapshots.is_dir() else []:
            for path in sorted(snapshot.rglob("*.gguf")):
                if not _first_model_file(path):
                    continue
                hashes = {}
                for sibling in snapshot.glob(_split_glob(path)):
                    blob = _blob_name(sibling)
                    if blob and _SHA256.match(blob):
                        hashes[sibling.name] = blob
                found.append(Candidate(path, "hf-cache", repo, snapshot.name, hashes))
    return found


def find_in_folders(roots: list[Path], origin: str) -> list[Candidate]:
    """LM Studio and GPT4All: plain .gguf files under the folder (publisher/repo/ or flat)."""
    found = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.gguf")):
            if not _first_model_file(path):
                continue
            repo = None
            relative = path.relative_to(root).parts
            if origin == "lmstudio" and len(relative) >= 3:
                repo = f"{relative[0]}/{relative[1]}"
            found.append(Candidate(path, origin, repo))
    return found


def find_ollama(root: Path) -> list[Candidate]:
    """Each manifest → its model blob, named `<name>:<tag>` the way `ollama list` shows it."""
    found = []
    manifests = root / "manifests"
    if not manifests.is_dir():
        return found
    for manifest in sorted(p for p in manifests.rglob("*") if p.is_file()):
        relative = manifest.relative_to(manifests).parts  # registry, namespace, name, tag
        if len(relative) < 3:
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            layers = data.get("layers", [])
            digest = next(
                layer["digest"] for layer in layers if layer.get("mediaType") == OLLAMA_MODEL_LAYER
            )
        except (OSError, ValueError, StopIteration, KeyError, TypeError, AttributeError):
            log.debug("skipping Ollama manifest %s", manifest, exc_info=True)
            continue
        blob = root / "blobs" / digest.replace(":", "-")
        if not blob.is_file():
            continue
        name, tag = relative[-2], relative[-1]
        namespace = "/".join(relative[1:-2])
        shown = name if namespace in ("library", "") else f"{namespace}/{name}"
        hashes = {blob.name: digest[7:]} if digest.startswith("sha256:") else {}
        found.append(
            Candidate(
                blob, "ollama", repo=f"{shown}:{tag}", hashes=hashes, id_hint=f"{shown}-{tag}"
            )
        )
    return found


def find_all(home: Path | None = None) -> list[Candidate]:
    """Every candidate in every known app folder on this machine (or under `home`)."""
    return [
        *find_hf_cache(hf_cache_dir(home)),
        *find_in_folders(lmstudio_dirs(home), "lmstudio"),
        *find_in_folders(gpt4all_dirs(home), "gpt4all"),
        *find_ollama(ollama_dir(home)),
    ]


# -- registering -------------------------------------------------------------------------


def register_candidates(library: Library, candidates: list[Candidate]) -> ScanReport:
    """Check and register each candidate in place; report what was added, known or skipped."""
    report = ScanReport()
    for candidate in candidates:
        known = library.find_by_path(candidate.path)
        if known is not None:
            report.known.append(known)
            continue
        try:
            model = library.register(
                candidate.path,
                source="imported",
                origin=candidate.origin,
                repo=candidate.repo,
                filename=candidate.path.name if candidate.origin != "ollama" else None,
                revision=candidate.revision,
                sha256=candidate.hashes or None,
                id_hint=candidate.id_hint,
            )
        except LibraryError as exc:
            report.skipped.append((candidate.path, str(exc)))
            continue
        report.added.append(model)
    return report


def scan(library: Library, home: Path | None = None) -> ScanReport:
    """Find and register every model other apps keep on this machine."""
    return register_candidates(library, find_all(home))


def _blob_name(path: Path) -> str | None:
    """The `blobs/<name>` a snapshot entry links to (followed hop by hop, so a blob that
    is itself a symlink elsewhere still gives its hub name)."""
    target = path
    for _ in range(8):
        if target.parent.name == "blobs":
            return target.name
        if not target.is_symlink():
            return None
        target = target.parent / os.readlink(target)
    return None


def _split_glob(path: Path) -> str:
    """A glob matching every part of a split model (or just the file itself)."""
    if split_part(path.name) is None:
        return glob.escape(path.name)
    return glob.escape(split_base(path.name)) + "-?????-of-?????.gguf"


def _first_model_file(path: Path) -> bool:
    """A chat model file, and for split models only the first part (the rest come along)."""
    if not is_model_file(path.name):
        return False
    part = split_part(path.name)
    return part is None or part[0] == 1
