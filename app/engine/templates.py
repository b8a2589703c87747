"""Chat formatting: the model's own Jinja template, always rendered in a sandbox.

Templates come from GGUF files downloaded from the internet, so they are
untrusted code: llama-cpp-python's Jinja2ChatFormatter renders them in
`ImmutableSandboxedEnvironment`. A model without a template gets ChatML, which
most small instruction-tuned models understand.
"""

from __future__ import annotations

import jinja2
from jinja2.exceptions import SecurityError

from app.engine.types import EngineError

CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


class ChatTemplate:
    """Render a list of {"role", "content"} messages into the prompt text."""

    def __init__(self, template: str, *, bos_token: str, eos_token: str, source: str):
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self.source = source  # "gguf" | "override" | "fallback"
        self.eos_token = eos_token
        try:
            # Two formatters: with the assistant header after the messages (a prompt to
            # answer) and without (a finished conversation, for training data).
            self._formatters = {
                flag: Jinja2ChatFormatter(
                    template=template,
                    eos_token=eos_token,
                    bos_token=bos_token,
                    add_generation_prompt=flag,
                )
                for flag in (True, False)
            }
        except jinja2.TemplateError as exc:
            raise EngineError(f"The chat template ({source}) is not valid Jinja: {exc}") from exc

    def render(self, messages: list[dict[str, str]], *, add_generation_prompt: bool = True) -> str:
        try:
            return self._formatters[add_generation_prompt](messages=messages).prompt
        except SecurityError as exc:
            raise EngineError(
                f"The model's chat template tried something unsafe and was stopped: {exc}"
            ) from exc
        except (jinja2.TemplateError, ValueError, TypeError) as exc:
            raise EngineError(f"The chat template ({self.source}) failed: {exc}") from exc


def choose_template(override: str | None, from_gguf: str | None) -> tuple[str, str]:
    """Pick (template, source): the user's override, the GGUF's own, or ChatML."""
    if override and override.strip():
        return override, "override"
    if from_gguf and from_gguf.strip():
        return from_gguf, "gguf"
    return CHATML_TEMPLATE, "fallback"
