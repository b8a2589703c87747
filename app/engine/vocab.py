"""Count a chat's tokens the way the engine does, without loading the model's weights.

This runs inside an engine worker (ops "vocab_open", "vocab_count", see
app.engine.protocol): it loads llama.cpp and renders the GGUF's own template, both
of which stay out of the app's process. The dataset preview needs a token count per
example (for "longer than the context" warnings and the total): the model's own
chat template renders the messages (sandboxed, app.engine.templates) and llama.cpp's
tokenizer counts them, exactly as LlamaBackend.prompt_tokens does before inference.
The GGUF is opened with `vocab_only`, so only the tokenizer is read: no tensors, no
KV cache, a fraction of a second even for a 70B model.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import llama_cpp
from llama_cpp._internals import LlamaModel

from app.engine.gguf import check_gguf
from app.engine.llama_backend import _special_token_pattern, _token_text
from app.engine.templates import ChatTemplate, choose_template

log = logging.getLogger(__name__)


class VocabCounter:
    """`counter(messages) -> int`: tokens of the rendered chat (in the worker).

    `add_generation_prompt=False` (the default) counts a finished conversation, as
    training sees it; True counts a prompt waiting for the answer, as the engine
    sends it. `chat_template` overrides the GGUF's own, as the per-model setting does.
    """

    def __init__(
        self,
        gguf_path: str | Path,
        *,
        chat_template: str | None = None,
        add_generation_prompt: bool = False,
    ):
        self.path = Path(gguf_path).expanduser()
        header = check_gguf(self.path)  # a clear GGUFError for a file that is not a model
        self.context_length = header.context_length  # the model's training context, or None
        self.add_generation_prompt = add_generation_prompt
        params = llama_cpp.llama_model_default_params()
        params.vocab_only = True
        # LlamaModel rather than Llama(vocab_only=True): Llama would also create a
        # context, which is pointless without weights and warns on stderr.
        self._model = LlamaModel(path_model=str(self.path), params=params, verbose=False)
        template, source = choose_template(chat_template, header.chat_template)
        self.template = ChatTemplate(
            template,
            bos_token=_token_text(self._model, self._model.token_bos()),
            eos_token=_token_text(self._model, self._model.token_eos()),
            source=source,
        )
        # The engine breaks up control-token text inside messages before tokenizing
        # (see LlamaBackend._defuse); the count does the same to match it.
        self._special = _special_token_pattern(self._model.vocab)

    @property
    def layers_loaded(self) -> int:
        """Transformer layers llama.cpp loaded: 0, as only the vocabulary is read."""
        return int(llama_cpp.llama_model_n_layer(self._model.model))

    def render(self, messages: Sequence[dict[str, str]]) -> str:
        """The chat as the model's template writes it (raises EngineError if it cannot)."""
        defused = [self._defuse(dict(m)) for m in messages]
        return self.template.render(defused, add_generation_prompt=self.add_generation_prompt)

    def count_text(self, text: str, *, special: bool = False) -> int:
        return len(self._model.tokenize(text.encode("utf-8"), add_bos=False, special=special))

    def __call__(self, messages: Sequence[dict[str, str]]) -> int:
        # The template writes the BOS token itself when the model wants one.
        return self.count_text(self.render(messages), special=True)

    def close(self) -> None:
        self._model.close()

    def __enter__(self) -> VocabCounter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _defuse(self, message: dict[str, str]) -> dict[str, str]:
        content = message.get("content")
        if content and self._special is not None:
            message["content"] = self._special.sub(lambda m: m[0][0] + "\u2060" + m[0][1:], content)
        return message
