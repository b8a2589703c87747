"""Plain data passed between the app, the engine client and the worker.

Everything here is picklable: these objects cross the pipe to the worker
process as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class EngineError(Exception):
    """A request failed; the worker is still alive and usable."""


class EngineDied(EngineError):
    """The worker process ended (crash, abort, kill). The next request starts a new one.

    `exitcode` is the worker's (negative: the signal that ended it), `log_file` the
    crash report with llama.cpp's last output, when one was written.
    """

    def __init__(self, message: str, *, exitcode: int | None = None, log_file: str = ""):
        super().__init__(message)
        self.exitcode = exitcode
        self.log_file = log_file


class ModelLoadError(EngineError):
    """The model file could not be loaded; the message names the file and the problem."""


@dataclass
class LoadOptions:
    path: str
    n_ctx: int | None = None  # None: training context, capped by RAM
    n_threads: int | None = None  # None: physical cores
    n_gpu_layers: int | None = None  # None: all when the build can offload, else 0
    chat_template: str | None = None  # override of the GGUF's template
    n_batch: int = 512
    adapter: str | None = None
    adapter_scale: float = 1.0
    # "auto": what this build proved on this CPU (app.engine.kernels); "default":
    # llama.cpp's fastest kernels; "safe": no extra buffer types (no AMX, no repack).
    kernels: str = "auto"
    # An embedding model (app.engine.embedding): loaded with embedding=True and its
    # pooling, refused when the GGUF is not one; n_ubatch follows n_batch either way.
    embedding: bool = False
    # KV cache type: "f16" (llama.cpp's default), or "q8_0" (half the memory; with flash
    # attention a token's logits are then the same alone or in a batch, which exact
    # speculative decoding needs: f16 takes another code path for one token past 256
    # cells). It costs ~20% of prompt speed on a 2-core CPU, so it is a per-model choice
    # (Model settings), not the default. With "f16" the engine never drafts.
    kv_cache: str = "f16"
    # Where KV cache states are saved so a conversation outlives the worker
    # (app.engine.kv_persist); None: never saved. The folder is kept under
    # state_max_bytes, least recently used files removed first.
    state_dir: str | None = None
    state_max_bytes: int = 1 << 30


@dataclass
class ModelInfo:
    path: str
    name: str
    architecture: str
    n_ctx: int
    n_ctx_train: int
    n_params: int
    n_threads: int
    n_gpu_layers: int
    gpu_offload: bool
    template_source: str  # "gguf" | "override" | "fallback"
    size_bytes: int
    load_seconds: float = 0.0
    kernels: str = "default"  # what the worker loaded with: "default" or "safe"
    n_embd: int = 0  # width of the model's vectors (an embedding model's dimension)
    embedding: bool = False  # loaded for embeddings


@dataclass
class SamplingParams:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 1024
    seed: int = -1  # -1: a fresh random seed every time

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SamplingParams:
        known = {k: v for k, v in (data or {}).items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class GenerateRequest:
    """Either chat `messages` (formatted by the model's template) or a raw `prompt`."""

    messages: list[dict[str, str]] | None = None
    prompt: str | None = None
    sampling: SamplingParams = field(default_factory=SamplingParams)
    stop: list[str] = field(default_factory=list)
    json_schema: dict[str, Any] | None = None
    # Prompt-lookup speculative decoding (app.engine.speculative): True for jobs whose
    # reply repeats the input (proofread, rewrite, quotes), False never, None "auto":
    # the engine drafts only while its measurements say it pays. Output is the same.
    speculative: bool | None = None


@dataclass
class GenerationStats:
    prompt_tokens: int = 0  # tokens in the prompt
    cached_tokens: int = 0  # of those, reused from the KV cache
    completion_tokens: int = 0
    prompt_seconds: float = 0.0  # evaluating the new prompt tokens
    decode_seconds: float = 0.0  # from first to last generated token
    first_token_seconds: float = 0.0  # request received -> first token out
    n_ctx: int = 0
    trimmed_messages: int = 0  # oldest chat messages left out to fit the context
    drafted_tokens: int = 0  # speculative decoding: draft tokens verified...
    accepted_tokens: int = 0  # ...and those the model agreed with (part of completion_tokens)

    @property
    def context_used(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def tokens_per_second(self) -> float:
        if self.completion_tokens <= 1 or self.decode_seconds <= 0:
            return 0.0
        return (self.completion_tokens - 1) / self.decode_seconds


@dataclass
class TokenBatch:
    """A few tokens' text, streamed while generating."""

    text: str
    n_tokens: int


@dataclass
class Done:
    text: str
    finish_reason: str  # "stop" | "length" | "cancelled"
    stats: GenerationStats
