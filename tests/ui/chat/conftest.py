"""The chat tests share the adapter fixtures (a real LoRA, a loaded window)."""

from tests.ui.adapters.conftest import adapter, loaded_window, lora_file  # noqa: F401
