"""Reading GGUF file names: the quantization, split parts, and stable model ids.

Hub repos name their files by convention, not by schema: `Model-Q4_K_M.gguf`
(bartowski), `Model.Q4_1.gguf` (QuantFactory), `model-q4_k_m-00001-of-00002.gguf`
(split by llama.cpp's gguf-split). These helpers turn a repo's file list into the
choices a user makes: one entry per quant, with every part of a split model in it,
so a split GGUF is downloaded, sized and registered as one model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

# A quant label stands alone between separators: Q4_K_M, IQ3_XXS, Q8_0, BF16, F16...
_QUANT = re.compile(
    r"(?<![A-Za-z0-9])(I?Q[1-8](?:_[A-Z0-9]{1,4}){0,3}|BF16|F16|FP16|F32|MXFP4(?:_MOE)?)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"-(\d{5})-of-(\d{5})$")
# Vision projectors and imatrix data ship beside models but are not chat models.
_NOT_A_MODEL = re.compile(r"(^|[-_.])(mmproj|imatrix)([-_.]|$)", re.IGNORECASE)

# What `pull REPO` takes when the user names no quant: the usual quality/size sweet spot first.
PREFERRED_QUANTS = (
    "Q4_K_M", "Q4_K_S", "Q4_K_L", "Q5_K_M", "IQ4_XS", "Q4_0", "Q4_1", "Q5_K_S",
    "Q6_K", "Q8_0",
)  # fmt: skip


def quant_of(filename: str) -> str | None:
    """The quant label in a file name ("Q4_K_M"), upper-case, or None when there is none."""
    stem = split_base(PurePosixPath(filename).name)
    matches = _QUANT.findall(stem)
    return matches[-1].upper() if matches else None


def split_part(filename: str) -> tuple[int, int] | None:
    """(part, of) for `…-00001-of-00003.gguf`, else None."""
    stem = PurePosixPath(filename).name
    if stem.lower().endswith(".gguf"):
        stem = stem[:-5]
    match = _SPLIT.search(stem)
    return (int(match.group(1)), int(match.group(2))) if match else None


def split_base(filename: str) -> str:
    """The file name without `.gguf` and without a split suffix: what all parts share."""
    name = filename[:-5] if filename.lower().endswith(".gguf") else filename
    return _SPLIT.sub("", name)


def is_model_file(filename: str) -> bool:
    """A .gguf that is a model (not a vision projector or an imatrix)."""
    name = PurePosixPath(filename).name
    return name.lower().endswith(".gguf") and not _NOT_A_MODEL.search(name)


@dataclass
class RemoteFile:
    """One file on the hub: its path in the repo, size and LFS SHA-256 (None if unknown)."""

    name: str
    size: int | None = None
    sha256: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}

    @classmethod
    def from_dict(cls, data: dict) -> RemoteFile:
        return cls(data["name"], data.get("size"), data.get("sha256"))


@dataclass
class GGUFChoice:
    """One downloadable model in a repo: a quant, as one file or all parts of a split file."""

    base: str  # path in the repo without .gguf and split suffix
    quant: str | None
    files: list[RemoteFile] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(f.size or 0 for f in self.files)

    @property
    def is_split(self) -> bool:
        return len(self.files) > 1

    @property
    def complete(self) -> bool:
        """False when a split model is missing some of its parts."""
        part = split_part(self.files[0].name) if self.files else None
        return part is None or len(self.files) == part[1]

    @property
    def first_file(self) -> str:
        return self.files[0].name

    @property
    def label(self) -> str:
        return self.quant or PurePosixPath(self.base).name


def group_gguf_files(files: list[RemoteFile]) -> list[GGUFChoice]:
    """Group a repo's .gguf files into choices (split parts together), smallest first."""
    groups: dict[str, GGUFChoice] = {}
    for remote in files:
        if not is_model_file(remote.name):
            continue
        base = split_base(remote.name)
        choice = groups.setdefault(base, GGUFChoice(base, quant_of(remote.name)))
        choice.files.append(remote)
    for choice in groups.values():
        choice.files.sort(key=lambda f: split_part(f.name) or (0, 0))
    return sorted(groups.values(), key=lambda c: (c.size, c.base))


def pick_choice(choices: list[GGUFChoice], quant: str | None = None, file: str | None = None):
    """The choice the user asked for (by quant or file name), or the preferred one.

    Returns (choice, None) or (None, reason) so the caller can word the error.
    """
    usable = [c for c in choices if c.complete]
    if file:
        for choice in usable:
            names = {f.name for f in choice.files} | {
                PurePosixPath(f.name).name for f in choice.files
            }
            if file in names or file == choice.base:
                return choice, None
        return None, f"no file named {file}"
    if quant:
        wanted = quant.upper()
        matching = [c for c in usable if c.quant == wanted]
        if matching:
            return matching[0], None
        return None, f"no {wanted} file"
    if len(usable) == 1:
        return usable[0], None
    for preferred in PREFERRED_QUANTS:
        for choice in usable:
            if choice.quant == preferred:
                return choice, None
    return None, "several files and none of the usual quants; pass --quant or --file"


def model_id_from_name(name: str) -> str:
    """A short, stable, readable id from a file or model name.

    "SmolLM2-135M-Instruct.Q4_1.gguf" → "smollm2-135m-instruct-q4_1";
    "Qwen2.5-7B-Instruct-Q4_K_M-00001-of-00002.gguf" → "qwen2.5-7b-instruct-q4_k_m".
    A dot survives only between two digits (version numbers), everything else that is
    not a letter, digit or underscore becomes one dash.
    """
    base = split_base(PurePosixPath(name).name).lower()
    base = re.sub(r"(?<!\d)\.|\.(?!\d)", "-", base)
    base = re.sub(r"[^a-z0-9_.]+", "-", base)
    base = re.sub(r"-{2,}", "-", base).strip("-._")
    return base or "model"
