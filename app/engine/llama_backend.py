"""llama.cpp inference, run inside the engine worker process.

`Llama` from llama-cpp-python loads the model and context, but generation is
our own loop on the low-level API: `llama_decode` + llama.cpp's native sampler
chain. The high-level `create_completion` spends Python time per token (it
reaches 0.80-0.87x of llama-bench here); this loop does only the unavoidable
per-token calls, so decoding runs close to llama.cpp's own speed.

The loop also keeps the tokens that sit in the KV cache, so a follow-up turn
evaluates only the tokens after the common prefix.
"""

from __future__ import annotations

import codecs
import ctypes
import json
import logging
import os
import re
import signal
import time
from collections.abc import Callable
from pathlib import Path

import llama_cpp

from app.engine import hardware, kernels, kv_persist, speculative
from app.engine.embed_models import embed_load_settings
from app.engine.gguf import check_gguf
from app.engine.templates import ChatTemplate, choose_template
from app.engine.types import (
    Done,
    EngineError,
    GenerateRequest,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    ModelLoadError,
    SamplingParams,
    TokenBatch,
)

log = logging.getLogger(__name__)

# Tests set this to a signal name (SIGILL, SIGKILL, SIGSEGV) to make the worker die
# for real at its first prompt batch: the only way to reproduce, on any CPU, what a
# build that does not fit the processor does. SIGILL fires only with the default
# kernels and a batch of several tokens, as the real fault does.
FAULT_ENV = "QUILLMATE_FAULT_AT_DECODE"

# Send streamed text at most this often: small batches keep the pipe and the
# GUI cheap while the reply still appears to flow token by token.
FLUSH_SECONDS = 0.03
PROGRESS_SECONDS = 0.25  # heartbeats (and prompt progress) four times a second
KV_TYPES = {"q8_0": llama_cpp.GGML_TYPE_Q8_0, "f16": llama_cpp.GGML_TYPE_F16}


class Cancelled(Exception):
    """Raised inside the loop when the client asked to stop."""


class LlamaBackend:
    """One loaded model and its context; not thread-safe (one worker, one loop)."""

    def __init__(self, is_cancelled: Callable[[], bool]):
        self._is_cancelled = is_cancelled
        self.llm: llama_cpp.Llama | None = None
        self.info: ModelInfo | None = None
        self.template: ChatTemplate | None = None
        self._kv_tokens: list[int] = []  # what the KV cache holds, in order
        self._batch_costs = speculative.BatchCosts()  # decode seconds by batch size
        self._can_speculate = False  # exact: batch-invariant KV and a memory that rolls back
        self._special_pattern: re.Pattern | None = None  # control-token texts of the vocab
        self._adapter = None
        self._adapter_key: tuple[str, float] | None = None
        self._persist: kv_persist.KVPersistence | None = None  # KV state files, when on
        # Keep a reference: ctypes callbacks must outlive the C side's use.
        self._abort_cb = llama_cpp.ggml_abort_callback(lambda _data: self._abort_check())
        # Called at most once a second during a prompt (the worker sends a heartbeat),
        # so the client can tell a long prompt from a hung worker.
        self.on_progress: Callable[[int, int], None] | None = None  # (prompt tokens read, of)
        self._prompt_done = 0
        self._prompt_total = 0
        self._last_progress = 0.0
        self._no_abort = llama_cpp.ggml_abort_callback()  # a NULL callback
        self._piece_buf = ctypes.create_string_buffer(256)
        self.kernels = "default"
        self.verbose = False  # the worker sets it when llama.cpp's output goes to a log

    # ---------------------------------------------------------------- loading
    def load(self, options: LoadOptions) -> ModelInfo:
        path = Path(options.path).expanduser()
        header = check_gguf(path)  # raises GGUFError (a ModelLoadError) naming the problem
        embedding = embed_load_settings(options, header)  # {} for a chat model
        self.unload()
        gpu_offload = bool(llama_cpp.llama_supports_gpu_offload())
        n_threads = options.n_threads or hardware.physical_cores()
        n_gpu_layers = (
            options.n_gpu_layers
            if options.n_gpu_layers is not None
            else hardware.default_gpu_layers(gpu_offload)
        )
        n_ctx = embedding.pop("n_ctx", None) or options.n_ctx or hardware.default_context(header)
        kv_type = KV_TYPES.get(options.kv_cache)
        if kv_type is None:
            raise ModelLoadError(f"unknown KV cache type {options.kv_cache!r} (q8_0 or f16)")
        started = time.perf_counter()
        mode = kernels.resolve(options.kernels)
        try:
            with kernels.model_params(mode):
                self.llm = llama_cpp.Llama(
                    model_path=str(path),
                    n_ctx=n_ctx,
                    n_batch=options.n_batch,
                    n_ubatch=options.n_batch,
                    n_threads=n_threads,
                    n_threads_batch=n_threads,
                    n_gpu_layers=n_gpu_layers,
                    # Flash attention with a q8_0 KV cache gives a token the same logits
                    # alone or in a batch (other set-ups differed by up to 0.9 here), which
                    # exact speculative verification needs; with f16, llama.cpp's default.
                    flash_attn=options.kv_cache == "q8_0",
                    type_k=kv_type,
                    type_v=kv_type,
                    verbose=self.verbose,
                    **embedding,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelLoadError(f"{path.name}: llama.cpp could not load it ({exc})") from exc
        template, source = choose_template(options.chat_template, header.chat_template)
        model = self.llm._model
        self.template = ChatTemplate(
            template,
            bos_token=_token_text(model, model.token_bos()),
            eos_token=_token_text(model, model.token_eos()),
            source=source,
        )
        self._kv_tokens = []
        self._batch_costs = speculative.BatchCosts()
        self._can_speculate = (
            speculative.supports_rollback(model.model) and options.kv_cache == "q8_0"
        )
        self._special_pattern = _special_token_pattern(model.vocab)
        self.info = ModelInfo(
            path=str(path),
            name=header.name or path.stem,
            architecture=header.architecture or "unknown",
            n_ctx=llama_cpp.llama_n_ctx(self._ctx),
            n_ctx_train=model.n_ctx_train(),
            n_params=model.n_params(),
            n_threads=n_threads,
            n_gpu_layers=n_gpu_layers,
            gpu_offload=gpu_offload,
            template_source=source,
            size_bytes=header.file_size,
            load_seconds=time.perf_counter() - started,
            kernels=mode,
            n_embd=model.n_embd(),
            embedding=options.embedding,
        )
        self.kernels = mode
        self._persist = _persistence(options, path, self.info, self.llm)
        if options.adapter:
            self.set_adapter(options.adapter, options.adapter_scale)
        log.info("loaded %s (ctx %d, %d threads)", path.name, self.info.n_ctx, n_threads)
        return self.info

    def unload(self) -> None:
        if self.llm is not None:
            self.save_state()  # a quit, or another model: keep what this one computed
            self._free_adapter()
            self.llm.close()
        self.llm = None
        self.info = None
        self.template = None
        self._kv_tokens = []
        self._persist = None

    # ---------------------------------------------------------- state files
    def has_unsaved_state(self) -> bool:
        """Whether an idle moment should be spent saving the KV cache (app.engine.kv_persist)."""
        return self._persist is not None and self._persist.unsaved(self._kv_tokens)

    def save_state(self) -> bool:
        """Save the KV cache to its state folder if it is worth it; never raises."""
        if self._persist is None or self.llm is None:
            return False
        try:
            return self._persist.save_from(llama_cpp, self._ctx, self._kv_tokens)
        except Exception:  # a save is an optimisation: it must never cost a reply
            log.exception("saving the KV state failed")
            return False

    # --------------------------------------------------------------- adapters
    def set_adapter(self, path: str | None, scale: float = 1.0) -> None:
        """Attach a GGUF LoRA adapter at `scale`, or detach with path=None."""
        self._require_model()
        key = (str(path), float(scale)) if path else None
        if key == self._adapter_key:
            return
        if path and (self._adapter_key is None or self._adapter_key[0] != str(path)):
            if not Path(path).is_file():
                raise EngineError(f"{Path(path).name}: adapter file not found")
            self._free_adapter()
            adapter = llama_cpp.llama_adapter_lora_init(self.llm._model.model, str(path).encode())
            if not adapter:
                raise EngineError(f"{Path(path).name}: llama.cpp could not load this LoRA adapter")
            self._adapter = adapter
        if path:
            adapters = (llama_cpp.llama_adapter_lora_p_ctypes * 1)(self._adapter)
            scales = (ctypes.c_float * 1)(float(scale))
            rc = llama_cpp.llama_set_adapters_lora(self._ctx, adapters, 1, scales)
        else:
            rc = llama_cpp.llama_set_adapters_lora(self._ctx, None, 0, None)
            self._free_adapter()
        if rc != 0:
            raise EngineError(f"llama.cpp refused the adapter (code {rc})")
        self._adapter_key = key
        if self._persist is not None:
            self._persist.set_adapter(path, scale)
        self._forget_cache()  # the cached prompt was computed with other weights

    def _free_adapter(self) -> None:
        if self._adapter is not None and self.llm is not None:
            llama_cpp.llama_set_adapters_lora(self._ctx, None, 0, None)
            llama_cpp.llama_adapter_lora_free(self._adapter)
        self._adapter = None
        self._adapter_key = None

    # ------------------------------------------------------------- tokenizing
    def tokenize(self, text: str, *, special: bool = False, add_bos: bool = False) -> list[int]:
        self._require_model()
        return self.llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=special)

    def prompt_tokens(self, request: GenerateRequest) -> tuple[list[int], int]:
        """The prompt as tokens, and how many old chat messages were left out.

        Chat messages go through the model's template. When the conversation
        no longer fits beside room for the answer, the oldest messages (never
        the system prompt or the last message) are left out, as LM Studio's
        rolling window does, rather than failing the turn.
        """
        self._require_model()
        if request.messages is None:
            add_bos = bool(llama_cpp.llama_vocab_get_add_bos(self.llm._model.vocab))
            return self.tokenize(request.prompt or "", special=False, add_bos=add_bos), 0
        n_ctx = self.info.n_ctx
        room = min(max(request.sampling.max_tokens, 1), n_ctx // 2)
        messages = [self._defuse(m) for m in request.messages]
        first = 1 if messages and messages[0].get("role") == "system" else 0
        trimmed = 0
        while True:
            # The template writes the BOS token itself when the model wants one.
            tokens = self.tokenize(self.template.render(messages), special=True, add_bos=False)
            if len(tokens) + room <= n_ctx or len(messages) - first <= 1:
                return tokens, trimmed
            del messages[first]
            trimmed += 1

    def _defuse(self, message: dict[str, str]) -> dict[str, str]:
        """Keep message text from posing as control tokens.

        The rendered chat is tokenized with special tokens on (the template's
        own markers must become control tokens), so a document or a student's
        answer containing "<|im_end|><|im_start|>system" would otherwise open a
        new turn of its own: a prompt injection. A word joiner after the first
        character keeps such text readable but plain.
        """
        content = message.get("content")
        if not content or self._special_pattern is None:
            return message
        defused = self._special_pattern.sub(lambda m: m[0][0] + "\u2060" + m[0][1:], content)
        return message if defused == content else {**message, "content": defused}

    # ------------------------------------------------------------- generating
    def generate(self, request: GenerateRequest, emit: Callable[[TokenBatch], None]) -> Done:
        self._require_model()
        received = time.perf_counter()
        tokens, trimmed = self.prompt_tokens(request)
        n_ctx = self.info.n_ctx
        sampling = request.sampling
        if not tokens:
            raise EngineError("The prompt is empty.")
        if len(tokens) >= n_ctx:
            raise EngineError(
                f"The conversation is {len(tokens)} tokens but the context holds {n_ctx}: "
                "start a new chat or load the model with a larger context."
            )
        stats = GenerationStats(prompt_tokens=len(tokens), n_ctx=n_ctx, trimmed_messages=trimmed)
        max_new = min(
            sampling.max_tokens if sampling.max_tokens > 0 else n_ctx, n_ctx - len(tokens)
        )

        try:
            stats.cached_tokens = self._evaluate_prompt(tokens)
        except Cancelled:
            stats.prompt_seconds = time.perf_counter() - received
            return Done(text="", finish_reason="cancelled", stats=stats)
        prompt_done = time.perf_counter()
        stats.prompt_seconds = prompt_done - received

        sampler = self._make_sampler(sampling, request.json_schema)
        try:
            return self._decode_loop(request, sampler, max_new, emit, stats, received, tokens)
        finally:
            llama_cpp.llama_sampler_free(sampler)

    def _decode_loop(self, request, sampler, max_new, emit, stats, received, prompt) -> Done:
        ctx = self._ctx
        vocab = self.llm._model.vocab
        single = (llama_cpp.llama_token * 1)()
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        stops = [s for s in request.stop if s]
        hold = max((len(s) for s in stops), default=1) - 1
        text = ""  # everything generated so far
        sent = 0  # how much of `text` has been emitted
        last_flush = 0.0  # the first token goes out at once (time to first token)
        finish = "length"
        first_at = None
        is_cancelled = self._is_cancelled
        sample = llama_cpp.llama_sampler_sample
        is_eog = llama_cpp.llama_vocab_is_eog
        decode = llama_cpp.llama_decode
        batch_one = llama_cpp.llama_batch_get_one
        n_generated = 0
        spec = self._speculator(request, sampler, prompt)
        ready: list[int] = []  # sampled, not yet taken; the last is not yet in the KV cache

        while n_generated < max_new:
            if is_cancelled():
                finish = "cancelled"
                break
            if not ready:
                ready = [sample(sampler, ctx, -1)]
            if first_at is None:
                first_at = time.perf_counter()
                stats.first_token_seconds = first_at - received
            ended = False
            for token in ready:  # exactly what plain decoding does with each token
                if is_eog(vocab, token):
                    finish, ended = "stop", True
                    break
                n_generated += 1
                text += decoder.decode(self._piece(vocab, token))
                if stops:
                    cut = _find_stop(text, stops, sent)
                    if cut is not None:
                        text = text[:cut]
                        finish, ended = "stop_string", True
                        break
                if n_generated >= max_new:
                    ended = True  # no need to evaluate a token nobody will sample after
                    break
            if ended:
                break
            if spec is not None:
                ready, rc = spec.advance(ready[-1], max_new - n_generated - 1)
            else:
                single[0] = ready[-1]
                rc = decode(ctx, batch_one(single, 1))
                if rc == 0:
                    self._kv_tokens.append(ready[-1])
                ready = []
            if rc != 0:
                if rc == 2 or is_cancelled():
                    finish = "cancelled"
                    break
                raise EngineError(f"llama_decode failed (code {rc}) while generating")
            now = time.perf_counter()
            if now - last_flush >= FLUSH_SECONDS:
                safe = len(text) - hold if stops else len(text)
                if safe > sent:
                    emit(TokenBatch(text=text[sent:safe], n_tokens=n_generated))
                    sent = safe
                last_flush = now

        if spec is not None:
            spec.close()
            stats.drafted_tokens, stats.accepted_tokens = spec.drafted, spec.accepted
        if finish == "stop_string":
            finish = "stop"
        else:
            text += decoder.decode(b"", final=True)  # a cut-off multi-byte character
        if len(text) > sent:
            emit(TokenBatch(text=text[sent:], n_tokens=n_generated))
        end = time.perf_counter()
        stats.completion_tokens = n_generated
        stats.decode_seconds = end - first_at if first_at else 0.0
        return Done(text=text, finish_reason=finish, stats=stats)

    def _speculator(self, request: GenerateRequest, sampler, prompt: list[int]):
        """Prompt-lookup drafting for this request, or None for plain decoding."""
        if request.speculative is False or not self._can_speculate:
            return None
        policy = speculative.DraftPolicy(self._batch_costs, eager=bool(request.speculative))
        return speculative.Speculator(self._ctx, sampler, self._kv_tokens, prompt, policy)

    def _piece(self, vocab, token: int) -> bytes:
        buf = self._piece_buf
        n = llama_cpp.llama_token_to_piece(vocab, token, buf, len(buf), 0, False)
        if n < 0:  # a longer piece than the buffer: grow it once
            self._piece_buf = buf = ctypes.create_string_buffer(-n)
            n = llama_cpp.llama_token_to_piece(vocab, token, buf, len(buf), 0, False)
        return buf.raw[:n]

    def _evaluate_prompt(self, tokens: list[int]) -> int:
        """Bring the KV cache to `tokens`, reusing the common prefix; return tokens reused."""
        n_common = 0
        for a, b in zip(self._kv_tokens, tokens, strict=False):
            if a != b:
                break
            n_common += 1
        # The last prompt token must be evaluated again to get fresh logits.
        n_common = min(n_common, len(tokens) - 1)
        if self._persist is not None:  # a saved state may hold more of this prompt
            restored = self._persist.restore_into(llama_cpp, self._ctx, tokens, n_common)
            if restored is not None:
                self._kv_tokens, n_common = restored
        mem = llama_cpp.llama_get_memory(self._ctx)
        # llama.cpp calls the abort callback after every graph node (~600 Python
        # calls per token), so it is set only while a prompt is evaluated; the
        # token loop checks for a cancel once per token instead.
        llama_cpp.llama_set_abort_callback(self._ctx, self._abort_cb, None)
        try:
            return self._evaluate_from(tokens, n_common, mem)
        finally:
            self._prompt_done = self._prompt_total = 0  # heartbeats from here on: no prompt
            llama_cpp.llama_set_abort_callback(self._ctx, self._no_abort, None)

    def _evaluate_from(self, tokens: list[int], n_common: int, mem) -> int:
        if not llama_cpp.llama_memory_seq_rm(mem, 0, n_common, -1):
            llama_cpp.llama_memory_clear(mem, True)
            n_common = 0
        self._kv_tokens = tokens[:n_common]
        n_batch = self.llm.n_batch
        pos = n_common
        self._prompt_done, self._prompt_total = pos, len(tokens)
        while pos < len(tokens):
            if self._is_cancelled():
                raise Cancelled
            chunk = tokens[pos : pos + n_batch]
            self._inject_fault(len(chunk))
            array = (llama_cpp.llama_token * len(chunk))(*chunk)
            rc = llama_cpp.llama_decode(self._ctx, llama_cpp.llama_batch_get_one(array, len(chunk)))
            if rc != 0:
                llama_cpp.llama_memory_seq_rm(mem, 0, pos, -1)
                if rc == 2 or self._is_cancelled():
                    raise Cancelled
                raise EngineError(f"llama_decode failed (code {rc}) on the prompt")
            self._kv_tokens.extend(chunk)
            pos += len(chunk)
            self._prompt_done = pos
            self._progress()
        return n_common

    def _make_sampler(self, sampling: SamplingParams, json_schema: dict | None):
        params = llama_cpp.llama_sampler_chain_default_params()
        params.no_perf = True
        chain = llama_cpp.llama_sampler_chain_init(params)
        add = llama_cpp.llama_sampler_chain_add
        vocab = self.llm._model.vocab
        if json_schema is not None:
            from llama_cpp.llama_grammar import LlamaGrammar

            try:
                grammar = LlamaGrammar.from_json_schema(json.dumps(json_schema))
            except (ValueError, KeyError, TypeError, RecursionError) as exc:
                llama_cpp.llama_sampler_free(chain)
                raise EngineError(
                    f"The JSON schema cannot be turned into a grammar: {exc}"
                ) from exc
            # First in the chain: mask what the schema forbids before any
            # truncation, so top-k can never leave only forbidden tokens.
            grammar_sampler = llama_cpp.llama_sampler_init_grammar(
                vocab, grammar._grammar.encode(), grammar._root.encode()
            )
            if not grammar_sampler:
                llama_cpp.llama_sampler_free(chain)
                raise EngineError("llama.cpp rejected the grammar built from the JSON schema")
            add(chain, grammar_sampler)
        # top-k before the penalties: penalising 40 candidates instead of the
        # whole vocabulary saved ~9% of decode time per token here.
        if sampling.top_k > 0:
            add(chain, llama_cpp.llama_sampler_init_top_k(sampling.top_k))
        if sampling.repeat_penalty and sampling.repeat_penalty != 1.0:
            n_vocab = llama_cpp.llama_vocab_n_tokens(vocab)
            penalties = llama_cpp.llama_sampler_init_penalties(
                n_vocab, 64, sampling.repeat_penalty, 0.0, 0.0
            )
            add(chain, penalties)
        if sampling.temperature <= 0:
            add(chain, llama_cpp.llama_sampler_init_greedy())
            return chain
        if 0 < sampling.top_p < 1:
            add(chain, llama_cpp.llama_sampler_init_top_p(sampling.top_p, 1))
        if sampling.min_p > 0:
            add(chain, llama_cpp.llama_sampler_init_min_p(sampling.min_p, 1))
        add(chain, llama_cpp.llama_sampler_init_temp(sampling.temperature))
        seed = sampling.seed if sampling.seed >= 0 else int.from_bytes(os.urandom(4), "little")
        add(chain, llama_cpp.llama_sampler_init_dist(seed))
        return chain

    # ---------------------------------------------------------------- helpers
    def _abort_check(self) -> bool:
        self._progress()
        return bool(self._is_cancelled())

    def _progress(self) -> None:
        now = time.monotonic()
        if self.on_progress is not None and now - self._last_progress >= PROGRESS_SECONDS:
            self._last_progress = now
            self.on_progress(self._prompt_done, self._prompt_total)

    def _inject_fault(self, n_tokens: int) -> None:
        """A kernel fault (SIGILL, or "SIGSEGV@default") strikes default kernels' batches only."""
        name, _, only = (os.environ.get(FAULT_ENV) or "").partition("@")
        kernel_fault = name == "SIGILL" or only == "default"
        if not name or (kernel_fault and (self.kernels != "default" or n_tokens < 2)):
            return
        log.warning("%s set: the worker sends itself %s", FAULT_ENV, name)
        os.kill(os.getpid(), getattr(signal, name))

    @property
    def _ctx(self):
        return self.llm._ctx.ctx

    def _forget_cache(self) -> None:
        if self.llm is not None:
            llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(self._ctx), True)
        self._kv_tokens = []

    def _require_model(self) -> None:
        if self.llm is None:
            raise EngineError("No model is loaded.")


def _persistence(options: LoadOptions, path: Path, info: ModelInfo, llm):
    """KV state files for this load, keyed by everything that shapes the KV values."""
    if not options.state_dir or options.embedding:
        return None
    key = {
        "model": kv_persist.model_identity(path),
        "llama_cpp": llama_cpp.__version__,
        "n_ctx": info.n_ctx,
        "kv_cache": options.kv_cache,
        "flash_attn": options.kv_cache == "q8_0",
        "n_batch": llm.n_batch,
        "n_gpu_layers": info.n_gpu_layers,
        "kernels": info.kernels,
    }
    return kv_persist.KVPersistence(options.state_dir, key, options.state_max_bytes)


def _special_token_pattern(vocab) -> re.Pattern | None:
    """A regex matching the text of every control / user-defined token of the vocabulary."""
    flags = llama_cpp.LLAMA_TOKEN_ATTR_CONTROL | llama_cpp.LLAMA_TOKEN_ATTR_USER_DEFINED
    texts = set()
    for token in range(llama_cpp.llama_vocab_n_tokens(vocab)):
        if llama_cpp.llama_vocab_get_attr(vocab, token) & flags:
            text = llama_cpp.llama_vocab_get_text(vocab, token).decode("utf-8", "replace")
            if len(text) > 1:
                texts.add(text)
    if not texts:
        return None
    firsts = "".join(sorted({re.escape(t[0]) for t in texts}))
    alternatives = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
    # The look-ahead on first characters lets the scan skip most positions quickly.
    return re.compile(f"(?=[{firsts}])(?:{alternatives})")


def _token_text(model, token: int) -> str:
    return model.token_get_text(token) if token != -1 else ""


def _find_stop(text: str, stops: list[str], start: int) -> int | None:
    """Index where the earliest stop string begins at or after `start`, else None."""
    found = [i for i in (text.find(s, start) for s in stops) if i != -1]
    return min(found) if found else None
