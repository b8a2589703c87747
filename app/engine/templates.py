"""Chat formatting: the model's own Jinja template, always rendered in a sandbox.

Templates come from GGUF files downloaded from the internet, so they are
untrusted code: they render in Jinja's `ImmutableSandboxedEnvironment`, set up as
llama-cpp-python's Jinja2ChatFormatter sets it up (same extensions and filters, so a
prompt reads the same as theirs). The sandbox stops attribute tricks but not a loop
of 10^10 steps or a gigabyte of output, so rendering is also bounded: in output
size (a few times the messages' own length) and in time (a line budget checked by a
trace hook on the template's own frames only). A model without a template gets
ChatML, which most small instruction-tuned models understand.
"""

from __future__ import annotations

import sys
import time

import jinja2
import jinja2.ext
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from app.engine.types import EngineError

RENDER_SECONDS = 5.0
RENDER_SLACK_CHARS = 200_000  # markup a template may add beyond twice the messages' text

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
        self.bos_token = bos_token
        self._strftime_now = Jinja2ChatFormatter.strftime_now
        environment = ImmutableSandboxedEnvironment(
            loader=jinja2.BaseLoader(),
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[Jinja2ChatFormatter.IgnoreGenerationTags, jinja2.ext.loopcontrols],
        )
        environment.filters["tojson"] = Jinja2ChatFormatter.tojson
        try:
            self._template = environment.from_string(template)
        except jinja2.TemplateError as exc:
            raise EngineError(f"The chat template ({source}) is not valid Jinja: {exc}") from exc

    def render(self, messages: list[dict[str, str]], *, add_generation_prompt: bool = True) -> str:
        """The prompt text; add_generation_prompt=False renders a finished conversation."""
        size = sum(len(str(m.get("content") or "")) for m in messages)
        limit = 2 * size + RENDER_SLACK_CHARS
        try:
            return self._bounded(messages, add_generation_prompt, limit)
        except SecurityError as exc:
            raise EngineError(
                f"The model's chat template tried something unsafe and was stopped: {exc}"
            ) from exc
        except (jinja2.TemplateError, ValueError, TypeError) as exc:
            raise EngineError(f"The chat template ({self.source}) failed: {exc}") from exc

    def _bounded(self, messages, add_generation_prompt: bool, limit: int) -> str:
        def raise_exception(message: str):
            raise ValueError(message)

        stream = self._template.generate(
            messages=messages,
            eos_token=self.eos_token,
            bos_token=self.bos_token,
            raise_exception=raise_exception,
            add_generation_prompt=add_generation_prompt,
            functions=None,
            function_call=None,
            tools=None,
            tool_choice=None,
            strftime_now=self._strftime_now,
        )
        parts: list[str] = []
        total = 0
        with _time_budget(RENDER_SECONDS):
            for part in stream:
                total += len(part)
                if total > limit:
                    raise EngineError(
                        f"The chat template ({self.source}) wrote more than {limit:,} "
                        "characters for this conversation and was stopped."
                    )
                parts.append(part)
        return "".join(parts)


class _time_budget:  # noqa: N801 - used as a context manager, reads as one
    """Stop template code that runs past `seconds`, even in a loop that writes nothing.

    A trace hook on the template's own frames (Jinja compiles to Python code whose
    file name is "<template>") checks the clock every 1,000 lines; other frames are
    not traced, so the cost is small. The previous trace function is restored.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self):
        self._deadline = time.monotonic() + self.seconds
        self._lines = 0
        self._previous = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc_info):
        sys.settrace(self._previous)
        return False

    def _call(self, frame, event, arg):
        return self._line if frame.f_code.co_filename == "<template>" else None

    def _line(self, frame, event, arg):
        self._lines += 1
        if self._lines % 1000 == 0 and time.monotonic() > self._deadline:
            raise EngineError(
                f"The chat template ran for more than {self.seconds:.0f} s and was stopped."
            )
        return self._line


def choose_template(override: str | None, from_gguf: str | None) -> tuple[str, str]:
    """Pick (template, source): the user's override, the GGUF's own, or ChatML."""
    if override and override.strip():
        return override, "override"
    if from_gguf and from_gguf.strip():
        return from_gguf, "gguf"
    return CHATML_TEMPLATE, "fallback"
