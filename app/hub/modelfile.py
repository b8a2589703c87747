"""What the library records about a model file, read from its GGUF header.

Every file that enters the library, downloaded or imported, goes through
`app.engine.gguf.check_gguf` first: a truncated download, an HTML error page saved as
.gguf or an unknown tensor type is refused here with the header check's plain
message, instead of making llama.cpp fail (or abort) later.

A split model (`-00001-of-0000N.gguf`) is one model: the first part carries the
metadata, every part carries tensors (gguf-split may leave the first part without
any), and llama.cpp loads the rest when given the first part.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from app.engine.gguf import GGUFError, GGUFHeader, check_gguf, read_gguf_header
from app.hub.errors import LibraryError
from app.hub.quants import quant_of, split_base, split_part


@dataclass
class ModelFacts:
    name: str
    architecture: str
    n_params: int
    quant: str | None
    context_length: int | None
    has_chat_template: bool
    license: str | None
    size_bytes: int
    header: GGUFHeader  # of the first part


def inspect_model(paths: list[Path]) -> ModelFacts:
    """Check every part and gather the metadata; raise LibraryError saying what is wrong."""
    if not paths:
        raise LibraryError("no model file given")
    try:
        if len(paths) == 1:
            headers = [check_gguf(paths[0])]
        else:
            headers = []
            for path in paths:
                header = read_gguf_header(path)
                if header.tensors:
                    header = check_gguf(path)
                headers.append(header)
            if not any(h.tensors for h in headers):
                raise GGUFError(f"{paths[0].name}: no part of this split model has tensors")
    except GGUFError as exc:
        raise LibraryError(str(exc)) from exc
    first = headers[0]
    return ModelFacts(
        name=_model_name(first, paths[0]),
        architecture=first.architecture,
        n_params=sum(h.n_params for h in headers),
        quant=first.file_type_name or quant_of(paths[0].name),
        context_length=first.context_length,
        has_chat_template=bool(first.chat_template),
        license=first.license,
        size_bytes=sum(h.file_size for h in headers),
        header=first,
    )


def split_parts_on_disk(first: Path) -> list[Path]:
    """All parts of a split model given any part (checks they are all there), else [first]."""
    part = split_part(first.name)
    if part is None:
        return [first]
    _, count = part
    base = split_base(first.name)
    parts = [first.with_name(f"{base}-{i:05d}-of-{count:05d}.gguf") for i in range(1, count + 1)]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise LibraryError(
            f"{first.name} is part of a split model and {len(missing)} part(s) are missing "
            f"(first missing: {missing[0]})"
        )
    return parts


def _model_name(header: GGUFHeader, path: Path) -> str:
    """A readable name from the file name; the GGUF's general.name only as a last resort.

    general.name is often a training-run label ("Smollm2 135M 8k Lc100K Mix1 Ep2"),
    while GGUF file names follow the repository's ("SmolLM2-135M-Instruct.Q4_1.gguf").
    """
    from_file = readable(split_base(os.path.basename(path)))
    if from_file:
        return from_file
    name = header.metadata.get("general.name")
    return name.strip() if isinstance(name, str) and name.strip() else path.stem


def readable(stem: str) -> str:
    """ "SmolLM2-135M-Instruct.Q4_1" or "Qwen2.5-7B-Instruct-GGUF" -> "SmolLM2 135M Instruct"."""
    quant = quant_of(stem + ".gguf")
    if quant:
        index = stem.upper().rfind(quant)
        stem = stem[:index] if index > 0 else stem
    stem = re.sub(r"[-_.]?gguf$", "", stem.strip(" -_."), flags=re.IGNORECASE)
    return re.sub(r"[-_]+", " ", stem).strip(" .")
