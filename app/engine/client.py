"""The app's side of the engine: start the worker, talk to it, survive its death.

Both faces use this class: the CLI directly, the GUI through a Qt adapter that
calls it from a worker thread. Calls are serialised by a lock (one model, one
request at a time); `cancel()` may be called from any thread.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from app.engine import deaths, kernels, protocol
from app.engine.types import (
    Done,
    EngineDied,
    EngineError,
    GenerateRequest,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    ModelLoadError,
    TokenBatch,
)

log = logging.getLogger(__name__)

# After a cancel, wait this long for the worker to stop by itself (llama.cpp's
# abort callback ends even a long prompt evaluation in ~0.5 s); past it the
# worker is killed and restarted so Stop always takes effect.
CANCEL_GRACE_SECONDS = 1.5


# How long each call may go without a word from the worker before it counts as hung
# and is killed. The worker sends a "progress" event at least every second while it
# evaluates a prompt, so only a worker that is truly stuck stays silent this long.
@dataclass
class Deadlines:
    generate: float = 120.0  # seconds of silence while generating
    load_base: float = 60.0  # loading: this much plus load_per_gb for each GB of file
    load_per_gb: float = 60.0
    tokenize: float = 30.0
    other: float = 120.0  # set_adapter, unload
    embed: float = 120.0  # seconds of silence while embedding (a heartbeat per batch)

    def for_load(self, path: str) -> float:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
        return self.load_base + self.load_per_gb * size / 1e9


# close() waits this long for a running call to finish before it kills the worker.
CLOSE_WAIT_SECONDS = 2.0

# A worker asked to shut down may first save its KV cache (app.engine.kv_persist).
SHUTDOWN_WAIT_SECONDS = 10.0

# Texts per "embed" request: large enough to fill several batches, small enough that
# one reply stays a few MB and a death loses little work.
EMBED_CHUNK = 256

# A prompt batch of at least this many tokens, decoded with the default kernels and
# without a crash, proves them on this build and CPU (the AMX fault needs a batch).
PROVING_BATCH = 16

# Deaths that unproven default kernels can cause. The AMX fault is SIGILL on some VMs
# and SIGSEGV on others (an Intel Xeon VM here: the same build, the same batch), so a
# crash of either kind before the kernels are proven is retried once with safe ones.
KERNEL_FAULTS = (-signal.SIGILL, -signal.SIGSEGV, -signal.SIGBUS)


class EngineClient:
    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")
        self._lock = threading.RLock()
        self._process = None
        self._conn = None
        self._cancel = self._ctx.RawValue(ctypes.c_longlong, 0)
        self._next_id = 0
        self._active_id = 0
        self._active_owner: object | None = None  # who asked for the running request
        self._cancel_requested_at: float | None = None
        self._loaded: LoadOptions | None = None
        self._adapter: tuple[str | None, float] = (None, 1.0)
        self._auto_kernels = False  # the caller asked for "auto": a SIGILL may fall back
        self._kernels_proven = False
        self._fault_signal: int | None = None  # a crash of unproven kernels: safe must prove it
        self._closing = False  # close() killed the worker: not a death to report
        self.deadlines = Deadlines()
        self._vocab: dict[str, Any] | None = None  # open_vocab's arguments, for restarts
        self.model_info: ModelInfo | None = None
        # (prompt tokens read, of how many) of the running request, from the worker's
        # heartbeats: the window says "Reading 3,996 tokens… 40 %" before the first token.
        self.prompt_progress: tuple[int, int] = (0, 0)
        # Counts of the last embed() call: tokens, truncated texts, batches decoded.
        self.last_embed: dict[str, int] = {}

    # ------------------------------------------------------------ lifecycle
    @property
    def worker_pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def is_alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _start(self) -> None:
        from app.engine.worker import run

        parent, child = self._ctx.Pipe(duplex=True)
        log_path = str(deaths.engine_log())
        process = self._ctx.Process(
            target=run,
            args=(child, self._cancel, log_path),
            name="quillmate-engine",
            daemon=True,
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        log.info("engine worker started (pid %s)", process.pid)

    def _ensure_worker(self) -> None:
        """Start a worker if there is none; after a death, reload the last model."""
        if self.is_alive():
            return
        self._discard_worker()
        self._start()
        if self._vocab is not None:
            self._call({"op": "vocab_open", **self._vocab}, self.deadlines.tokenize)
        if self._loaded is not None:
            self.model_info = self._request_loaded(self._loaded)
            if self._adapter[0]:
                self._call(
                    {"op": "set_adapter", "path": self._adapter[0], "scale": self._adapter[1]},
                    self.deadlines.other,
                )

    def _discard_worker(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
        self._process = self._conn = None

    def _died(self) -> EngineDied:
        """The worker is gone: name how it died, learn from it, and clear it away."""
        exitcode = None
        if self._process is not None:
            self._process.join(timeout=5)
            exitcode = self._process.exitcode
        if self._closing:
            self._discard_worker()
            return EngineDied("The engine was closed.", exitcode=exitcode)
        loaded = self._loaded
        mode = loaded.kernels if loaded is not None else "default"
        if exitcode == -signal.SIGILL and mode == "default":
            kernels.remember("safe", "the worker died of SIGILL with the default kernels")
            self._kernels_proven = True
        death = deaths.report(exitcode, loaded.path if loaded else None, mode)
        self._discard_worker()
        return EngineDied(death.message, exitcode=exitcode, log_file=death.log_file)

    def _fall_back_to_safe(self, error: EngineDied) -> bool:
        """After a kernel fault with default kernels chosen by "auto", switch to safe ones.

        SIGILL always counts. SIGSEGV and SIGBUS count unless the default kernels are
        proven on this build and CPU: then such a crash is the model's or llama.cpp's,
        and retrying would only hide it. The safe retry then has
        to run a real batch before "safe" is stored (see `_note_proof`).
        """
        loaded = self._loaded
        if error.exitcode not in KERNEL_FAULTS or not self._auto_kernels or loaded is None:
            return False
        if loaded.kernels != "default":
            return False
        if error.exitcode != -signal.SIGILL:
            if (kernels.verdict() or {}).get("mode") == "default":
                return False
            self._fault_signal = error.exitcode
        name = signal.Signals(-error.exitcode).name
        log.warning("the default kernels died of %s here: retrying with safe kernels", name)
        self._loaded = replace(loaded, kernels="safe")
        return True

    def _note_proof(self, stats: GenerationStats, *, proves_default: bool = True) -> None:
        """Learn from a batch that ran. An embedding model's batch never proves the
        default kernels: its weights (F16 BERT) take other kernels than a chat model's
        quantised ones, which is where the AMX fault strikes (seen here: embeddings ran,
        the chat model then segfaulted, and a stored "default" stopped the fallback)."""
        if self._fault_signal is not None and self._loaded is not None:
            batch = stats.prompt_tokens - stats.cached_tokens
            if self._loaded.kernels == "safe" and batch >= PROVING_BATCH:
                name = signal.Signals(-self._fault_signal).name
                kernels.remember(
                    "safe",
                    f"the worker died of {name} with the default kernels; safe kernels "
                    f"then ran a prompt batch of {batch} tokens",
                )
                self._fault_signal = None
            return
        if not proves_default:
            return
        if self._kernels_proven or self._loaded is None or self._loaded.kernels != "default":
            return
        self._kernels_proven = True
        batch = stats.prompt_tokens - stats.cached_tokens
        if batch >= PROVING_BATCH and kernels.verdict() is None:
            kernels.remember("default", f"a prompt batch of {batch} tokens ran correctly")
        elif batch < PROVING_BATCH:
            self._kernels_proven = False  # not proof yet: wait for a longer prompt

    def _hung(self, what: str, seconds: float) -> EngineDied:
        """Kill a worker that has said nothing for too long; the next call starts afresh."""
        log.warning("engine worker silent for %.0f s during %s: killing it", seconds, what)
        self._discard_worker()
        return EngineDied(
            f"The engine stopped responding ({what}: no answer for {seconds:.0f} s) and was "
            f"stopped. {deaths.SAVED}"
        )

    def _malformed(self, detail: str) -> EngineDied:
        log.error("engine worker sent a malformed message (%s): restarting it", detail)
        self._discard_worker()
        return EngineDied(f"The engine sent a malformed reply ({detail}). {deaths.SAVED}")

    def close(self) -> None:
        """Stop the worker: ask politely, then kill. Never waits long behind a stuck call.

        A call running in another thread holds the lock; after CLOSE_WAIT_SECONDS the
        worker is killed under it, which ends that call with EngineDied at once.
        """
        locked = self._lock.acquire(timeout=CLOSE_WAIT_SECONDS)
        if not locked:
            self._closing = True
            process = self._process
            if process is not None and process.is_alive():
                log.warning("a call is still running at close: killing the engine worker")
                process.kill()
            locked = self._lock.acquire(timeout=CLOSE_WAIT_SECONDS)
        try:
            if self._process is None:
                return
            try:
                if self._process.is_alive() and not self._closing:
                    self._conn.send_bytes(protocol.encode({"op": "shutdown"}))
                    self._process.join(timeout=SHUTDOWN_WAIT_SECONDS)
            except OSError:
                pass
            self._discard_worker()
        finally:
            self._closing = False
            if locked:
                self._lock.release()

    # ---------------------------------------------------------- the protocol
    def _send(self, message: dict[str, Any]) -> int:
        self._next_id += 1
        message["id"] = self._next_id
        self._active_id = self._next_id
        self._cancel_requested_at = None
        try:
            self._conn.send_bytes(protocol.encode(message))
        except OSError as exc:
            raise self._died() from exc
        return self._next_id

    def _receive(self, request_id: int, deadline: float, what: str = "generate") -> dict:
        """Next event for `request_id`, checked for shape.

        Raises EngineDied if the worker is gone, has been silent for `deadline`
        seconds, or sent something that is not a valid event (then it is killed:
        a worker that garbles its pipe cannot be trusted with the next request).
        """
        heard = time.monotonic()
        while True:
            try:
                ready = self._conn.poll(0.1)
            except OSError:
                ready = True  # recv will raise and tell us the pipe is gone
            if not ready:
                if not self._process.is_alive():
                    raise self._died()
                if self._cancel_overdue():
                    log.warning(
                        "engine did not stop within %.1fs; restarting it", CANCEL_GRACE_SECONDS
                    )
                    self._discard_worker()
                    return {"event": "killed", "id": request_id}
                if time.monotonic() - heard > deadline:
                    raise self._hung(what, deadline)
                continue
            try:
                data = self._conn.recv_bytes()
            except (EOFError, OSError) as exc:
                raise self._died() from exc
            heard = time.monotonic()
            try:
                message = protocol.decode_event(data)
            except protocol.ProtocolError as exc:
                raise self._malformed(str(exc)) from exc
            if message["event"] == "progress":
                done, total = message.get("done"), message.get("total")
                if isinstance(done, int) and isinstance(total, int) and total:
                    self.prompt_progress = (done, total)
            elif message["id"] == request_id:
                return message

    def _cancel_overdue(self) -> bool:
        started = self._cancel_requested_at
        return started is not None and time.monotonic() - started > CANCEL_GRACE_SECONDS

    def _call(self, message: dict[str, Any], deadline: float) -> Any:
        request_id = self._send(message)
        reply = self._receive(request_id, deadline, str(message.get("op")))
        _raise_for_error(reply)
        if reply.get("event") == "killed":
            raise EngineError("The request was cancelled.")
        return reply

    def _request_loaded(self, options: LoadOptions) -> ModelInfo:
        reply = self._call(
            {"op": "load", "options": options}, self.deadlines.for_load(options.path)
        )
        return protocol.model_info(reply["info"])

    # ------------------------------------------------------------------ API
    def load(self, options: LoadOptions) -> ModelInfo:
        """Load a model (unloading the previous one); raises ModelLoadError.

        kernels="auto" resolves here to the verdict stored for this build and CPU
        (default kernels until one is stored), so the worker never guesses.
        """
        with self._lock:
            self._loaded = None
            self._adapter = (None, 1.0)
            self._auto_kernels = options.kernels not in ("default", "safe")
            self._fault_signal = None
            options = replace(options, kernels=kernels.resolve(options.kernels))
            self._ensure_worker()
            try:
                self.model_info = self._request_loaded(options)
            except ModelLoadError:
                self.model_info = None
                raise
            self._loaded = replace(options)
            self._adapter = (options.adapter, options.adapter_scale)
            return self.model_info

    @property
    def kernels(self) -> str | None:
        """The kernels the loaded model runs with ("default" or "safe"), None if none."""
        return self._loaded.kernels if self._loaded is not None else None

    def generate(
        self, request: GenerateRequest, *, owner: object | None = None
    ) -> Iterator[TokenBatch | Done]:
        """Stream TokenBatch events, then one Done. Raises EngineDied if the worker dies.

        Abandoning the iterator early cancels the request and waits for the
        worker to finish it, so the next request never meets a busy worker.
        `owner` (any object, e.g. the service asking) lets `cancel(owner=...)` stop
        this request only: modes share the engine, and one mode's Stop must never
        cut another mode's request.
        """
        with self._lock:
            if self._loaded is None:
                raise EngineError("No model is loaded.")
            sent = [0]  # token batches already given to the caller
            try:
                yield from self._generate_once(request, owner, sent)
            except EngineDied as error:
                # A build that does not fit the CPU dies before the first token: the
                # user gets the reply from safe kernels instead of an error.
                if sent[0] or not self._fall_back_to_safe(error):
                    raise
                yield from self._generate_once(request, owner, sent)

    def _generate_once(self, request: GenerateRequest, owner: object | None, sent: list[int]):
        self._ensure_worker()
        self._active_owner = owner
        self.prompt_progress = (0, 0)
        request_id = self._send({"op": "generate", "request": request})
        text: list[str] = []
        finished = False
        try:
            while True:
                event = self._receive(request_id, self.deadlines.generate)
                kind = event.get("event")
                if kind == "tokens":
                    self.prompt_progress = (0, 0)  # the prompt is read
                    text.append(event["text"])
                    sent[0] += 1
                    yield TokenBatch(text=event["text"], n_tokens=event["n"])
                elif kind == "done":
                    finished = True
                    done = protocol.done(event)
                    self._note_proof(done.stats)
                    yield done
                    return
                elif kind == "killed":
                    finished = True
                    stats = GenerationStats()
                    yield Done(text="".join(text), finish_reason="cancelled", stats=stats)
                    return
                else:
                    finished = True
                    _raise_for_error(event)
        finally:
            if not finished and self.is_alive():
                self.cancel()
                self._drain(request_id)
            self._active_owner = None

    def _drain(self, request_id: int) -> None:
        try:
            while self._receive(request_id, self.deadlines.generate).get("event") == "tokens":
                pass
        except EngineError:
            pass

    def complete(self, request: GenerateRequest, *, owner: object | None = None) -> Done:
        """Generate without streaming (grading, tests)."""
        done = None
        for event in self.generate(request, owner=owner):
            if isinstance(event, Done):
                done = event
        return done

    def cancel(self, owner: object | None = None) -> None:
        """Stop the running request at the next token. Safe from any thread.

        With `owner`, only a request generated with that owner is stopped.
        """
        if owner is not None and owner is not self._active_owner:
            return
        self._cancel.value = self._active_id
        if self._cancel_requested_at is None:
            self._cancel_requested_at = time.monotonic()

    def tokenize(self, text: str, *, special: bool = False) -> list[int]:
        with self._lock:
            if self._loaded is None:
                raise EngineError("No model is loaded.")
            self._ensure_worker()
            message = {"op": "tokenize", "text": text, "special": special}
            return self._call(message, self.deadlines.tokenize)["value"]

    def open_vocab(
        self, path: str, *, chat_template: str | None = None, add_generation_prompt: bool = False
    ) -> dict[str, Any]:
        """Open only a GGUF's vocabulary and template in the worker, for counting tokens.

        Returns {"context_length", "layers_loaded"}; then `vocab_call` counts and renders.
        """
        with self._lock:
            args = {
                "path": path,
                "chat_template": chat_template,
                "add_generation_prompt": add_generation_prompt,
            }
            self._vocab = None
            self._ensure_worker()
            reply = self._call({"op": "vocab_open", **args}, self.deadlines.for_load(path))
            self._vocab = args
            return reply["value"]

    def vocab_call(self, op: str, **fields: Any) -> Any:
        """ "vocab_count" / "vocab_render" / "vocab_count_text" on the open vocabulary."""
        with self._lock:
            if self._vocab is None:
                raise EngineError("No vocabulary is open.")
            self._ensure_worker()
            return self._call({"op": op, **fields}, self.deadlines.tokenize)["value"]

    def embed(self, texts: list[str]) -> list[list[float]]:
        """L2-normalised vectors for `texts` from a model loaded with embedding=True.

        Sent in chunks of EMBED_CHUNK texts; a text longer than the model's context is
        cut to fit and counted in `last_embed["truncated"]`. A worker that dies of
        SIGILL with kernels chosen by "auto" is restarted with safe kernels and the
        chunk embedded again; any other death raises EngineDied.
        """
        with self._lock:
            if self._loaded is None:
                raise EngineError("No model is loaded.")
            if not self._loaded.embedding:
                raise EngineError("The loaded model was not loaded for embeddings.")
            totals = {"texts": 0, "tokens": 0, "truncated": 0, "batches": 0}
            vectors: list[list[float]] = []
            for start in range(0, len(texts), EMBED_CHUNK):
                chunk = list(texts[start : start + EMBED_CHUNK])
                try:
                    value = self._embed_once(chunk)
                except EngineDied as error:
                    if not self._fall_back_to_safe(error):
                        raise
                    value = self._embed_once(chunk)
                if self._cancel.value >= self._next_id and start + EMBED_CHUNK < len(texts):
                    # cancel() came while this chunk was finishing: stop before the next
                    raise EngineError("The request was cancelled.")
                vectors.extend(value["vectors"])
                totals["texts"] += len(chunk)
                for key in ("tokens", "truncated", "batches"):
                    totals[key] += value[key]
            self.last_embed = totals
            return vectors

    def _embed_once(self, texts: list[str]) -> dict[str, Any]:
        self._ensure_worker()
        value = self._call({"op": "embed", "texts": texts}, self.deadlines.embed)["value"]
        if not _embed_reply_ok(value, len(texts)):
            raise self._malformed("embed reply of the wrong shape")
        self._note_proof(
            GenerationStats(prompt_tokens=value["largest_batch"]), proves_default=False
        )
        return value

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text))

    @property
    def adapter(self) -> tuple[str | None, float]:
        """(path, scale) of the attached LoRA adapter; (None, 1.0) when none."""
        return self._adapter

    def exclusive(self) -> threading.RLock:
        """Hold the engine across several requests (`with engine.exclusive():`).

        Every request takes this re-entrant lock, so a sequence under it (say, one
        reply without the adapter and one with) sees no other mode's request or
        adapter switch in between.
        """
        return self._lock

    def set_adapter(self, path: str | None, scale: float = 1.0) -> None:
        """Attach a GGUF LoRA adapter at `scale` (None detaches); kept across restarts."""
        with self._lock:
            if self._loaded is None:
                raise EngineError("No model is loaded.")
            self._ensure_worker()
            self._call({"op": "set_adapter", "path": path, "scale": scale}, self.deadlines.other)
            self._adapter = (path, scale)
            # A restart reloads self._loaded: it must carry the adapter as it is now,
            # not the one the model was first loaded with.
            self._loaded = replace(self._loaded, adapter=path, adapter_scale=scale)

    def unload(self) -> None:
        with self._lock:
            self._loaded = None
            self.model_info = None
            if self.is_alive():
                self._call({"op": "unload"}, self.deadlines.other)


def _embed_reply_ok(value: Any, n_texts: int) -> bool:
    """One vector of numbers per text, all of one width, and integer counts."""
    if not isinstance(value, dict) or not isinstance(value.get("vectors"), list):
        return False
    counts = ("tokens", "truncated", "batches", "largest_batch")
    if not all(isinstance(value.get(k), int) for k in counts):
        return False
    vectors = value["vectors"]
    if len(vectors) != n_texts:
        return False
    widths = {len(v) if isinstance(v, list) else -1 for v in vectors}
    if len(widths) > 1 or -1 in widths:
        return False
    return all(isinstance(x, float | int) for v in vectors[:1] for x in v)


def _raise_for_error(message: dict[str, Any]) -> None:
    if message.get("event") != "error":
        return
    if message.get("kind") == "model_load":
        raise ModelLoadError(message["message"])
    raise EngineError(message["message"])
