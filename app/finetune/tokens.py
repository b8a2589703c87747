"""Token counts for the dataset preview, exactly as the engine would count them.

The counting itself (the GGUF's vocabulary through llama.cpp, the model's own chat
template) runs in an engine worker process (app.engine.vocab): neither llama.cpp
nor an untrusted template ever runs in the app's own process, and a template that
loops or floods is stopped there. This class is the app's handle on that worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.engine.client import EngineClient


class GGUFTokenCounter:
    """`counter(messages) -> int`: tokens of the rendered chat, for `datasets.prepare`.

    `add_generation_prompt=False` (the default) counts a finished conversation, as
    training sees it; True counts a prompt waiting for the answer, as the engine
    sends it. `chat_template` overrides the GGUF's own, as the per-model setting does.
    Raises ModelLoadError (naming the file) for a file that is not a model.
    """

    def __init__(
        self,
        gguf_path: str | Path,
        *,
        chat_template: str | None = None,
        add_generation_prompt: bool = False,
    ):
        self.path = Path(gguf_path).expanduser()
        self._engine = EngineClient()
        try:
            facts = self._engine.open_vocab(
                str(self.path),
                chat_template=chat_template,
                add_generation_prompt=add_generation_prompt,
            )
        except BaseException:
            self._engine.close()
            raise
        self.context_length: int | None = facts["context_length"]  # training context
        self.layers_loaded: int = facts["layers_loaded"]  # 0: only the vocabulary is read

    def render(self, messages: Sequence[dict[str, str]]) -> str:
        """The chat as the model's template writes it (raises EngineError if it cannot)."""
        return self._engine.vocab_call("vocab_render", messages=[dict(m) for m in messages])

    def count_text(self, text: str, *, special: bool = False) -> int:
        return self._engine.vocab_call("vocab_count_text", text=text, special=special)

    def __call__(self, messages: Sequence[dict[str, str]]) -> int:
        return self._engine.vocab_call("vocab_count", messages=[dict(m) for m in messages])

    def close(self) -> None:
        self._engine.close()

    def __enter__(self) -> GGUFTokenCounter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
