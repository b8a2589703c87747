"""Whether the optional `[finetune]` extra is installed, without importing it.

torch and transformers take seconds to import and hundreds of MB; the GUI and CLI
only ask whether they are there (importlib's find_spec reads no module code).
"""

from __future__ import annotations

import importlib.util

PACKAGES = ("torch", "transformers", "peft", "accelerate", "gguf", "safetensors")
INSTALL_HINT = "pip install 'quillmate[finetune]'  (from a checkout: pip install -e '.[finetune]')"


def missing_packages() -> list[str]:
    """The extra's packages that cannot be imported here."""
    return [name for name in PACKAGES if importlib.util.find_spec(name) is None]


def require() -> None:
    """Raise one plain error naming what to install when the extra is missing."""
    missing = missing_packages()
    if missing:
        raise RuntimeError(
            f"fine-tuning needs {', '.join(missing)}, which are not installed: {INSTALL_HINT}"
        )
