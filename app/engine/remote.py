"""A remote OpenAI-compatible server (vLLM, llama-server, Ollama, LM Studio) as an engine.

`RemoteEngine` has EngineClient's interface (load / generate / complete / cancel /
tokenize / exclusive), so chat, writing, grading and materials run unchanged against
a model on another machine. Text goes to that machine only because the user set the
endpoint up; the base URL is always shown (`describe()`).

Streaming is OpenAI's SSE (`stream: true`, one `data:` JSON chunk per delta) through
httpx2, the HTTP client the hub already uses. Stop closes the stream at once. Network
errors and 429/503 before the first token are retried with back-off and logged; a
server that dies mid-reply raises EngineDied, so the caller keeps the partial reply and
marks it interrupted, as it does when the local worker dies.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx2

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

RETRY_STATUS = {429, 502, 503, 504}
# When a server does not say how long its context is (llama-cpp-python's does not),
# prompts are sized for this many tokens; --ctx or the model's settings override it.
DEFAULT_REMOTE_CONTEXT = 4096
RETRY_DELAYS = (0.5, 1.5, 4.0)  # seconds before the 2nd, 3rd and 4th attempt


@dataclass
class Endpoint:
    """Where the server is and how to reach it (the key is never written to settings)."""

    base_url: str  # e.g. http://gpu-box:8000/v1
    api_key: str | None = None
    model: str | None = None  # the server's model id; None: the first it lists
    timeout: float = 60.0  # seconds to connect and between streamed chunks
    verify: bool | str = True  # TLS verification, or the path of a custom CA bundle

    @property
    def root(self) -> str:
        url = self.base_url.rstrip("/")
        return url[: -len("/v1")] if url.endswith("/v1") else url

    @property
    def v1(self) -> str:
        return self.root + "/v1"


class RemoteEngine:
    def __init__(self, endpoint: Endpoint):
        self.endpoint = endpoint
        self._lock = threading.RLock()
        self._cancel = threading.Event()
        self.throttled = 0  # 429/503 answers seen (the batch grader adapts to them)
        self._active_owner: object | None = None
        self._response: httpx2.Response | None = None
        self._http = httpx2.Client(
            timeout=httpx2.Timeout(endpoint.timeout, connect=min(10.0, endpoint.timeout)),
            verify=endpoint.verify,
            headers=self._headers(),
            follow_redirects=False,
        )
        self.model_info: ModelInfo | None = None
        self._no_tokenizer = False
        self.kernels = None
        self.adapter: tuple[str | None, float] = (None, 1.0)

    # ---------------------------------------------------------------- plumbing
    def _headers(self) -> dict[str, str]:
        key = self.endpoint.api_key
        return {"Authorization": f"Bearer {key}"} if key else {}

    def describe(self) -> str:
        """What the status bar shows: which server and model answer."""
        model = self.model_info.name if self.model_info else self.endpoint.model or "?"
        return f"{model} at {self.endpoint.root}"

    def _request(self, method: str, path: str, **kwargs) -> httpx2.Response:
        """One call with retries on network errors and 429/5xx (not for streams)."""
        url = self.endpoint.v1 + path if path.startswith("/") else path
        for delay in (*RETRY_DELAYS, None):
            try:
                response = self._http.request(method, url, **kwargs)
            except httpx2.TransportError as exc:
                if delay is None:
                    raise EngineError(f"{self.endpoint.root} cannot be reached: {exc}") from exc
                log.warning("%s: %s; retrying in %.1f s", url, exc, delay)
            else:
                if response.status_code not in RETRY_STATUS or delay is None:
                    return response
                log.warning("%s: HTTP %s; retrying in %.1f s", url, response.status_code, delay)
            time.sleep(delay)
        raise AssertionError("unreachable")

    def _check(self, response: httpx2.Response) -> None:
        if response.status_code == 401 or response.status_code == 403:
            raise EngineError(
                f"{self.endpoint.root} refused the API key (HTTP {response.status_code})"
            )
        if response.status_code >= 400:
            raise EngineError(
                f"{self.endpoint.root} answered HTTP {response.status_code}: "
                f"{response.text[:300].strip()}"
            )

    # ------------------------------------------------------------------ models
    def list_models(self) -> list[str]:
        return list(self._models())

    def _models(self) -> dict[str, dict[str, Any]]:
        response = self._request("GET", "/models")
        self._check(response)
        try:
            return {str(item["id"]): item for item in response.json()["data"]}
        except (ValueError, KeyError, TypeError) as exc:
            raise EngineError(f"{self.endpoint.root} sent a model list that is not JSON") from exc

    def load(self, options: LoadOptions | None = None) -> ModelInfo:
        """Pick the remote model (nothing is loaded here: the server has it loaded)."""
        with self._lock:
            try:
                models = self._models()
            except EngineError as exc:
                raise ModelLoadError(str(exc)) from exc
            model = self.endpoint.model or next(iter(models), None)
            if model is None or model not in models:
                raise ModelLoadError(
                    f"{self.endpoint.root} has no model {model!r} (it lists: "
                    f"{', '.join(models) or 'none'})"
                )
            self.endpoint.model = model
            n_ctx = (options.n_ctx if options else None) or _context_of(models[model])
            self.model_info = ModelInfo(
                path=f"{self.endpoint.root}#{model}", name=model, architecture="remote",
                n_ctx=n_ctx, n_ctx_train=n_ctx, n_params=0, n_threads=0, n_gpu_layers=0,
                gpu_offload=False, template_source="server", size_bytes=0,
            )  # fmt: skip
            return self.model_info

    # --------------------------------------------------------------- generating
    def generate(
        self, request: GenerateRequest, *, owner: object | None = None
    ) -> Iterator[TokenBatch | Done]:
        with self._lock:
            if self.model_info is None:
                raise EngineError("No model is chosen on the server.")
            self._cancel.clear()
            self._active_owner = owner
            try:
                yield from self._stream(request)
            finally:
                self._active_owner = None
                self._response = None

    def _payload(self, request: GenerateRequest) -> tuple[str, dict[str, Any]]:
        s = request.sampling
        body: dict[str, Any] = {
            "model": self.endpoint.model,
            "stream": True,
            "temperature": s.temperature,
            "top_p": s.top_p,
            "max_tokens": s.max_tokens if s.max_tokens > 0 else None,
            "stop": request.stop or None,
            "stream_options": {"include_usage": True},
        }
        if s.seed is not None and s.seed >= 0:
            body["seed"] = s.seed
        if request.json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "reply", "schema": request.json_schema, "strict": True},
            }
        if request.messages is not None:
            return "/chat/completions", {**body, "messages": request.messages}
        return "/completions", {**body, "prompt": request.prompt or ""}

    def _stream(self, request: GenerateRequest) -> Iterator[TokenBatch | Done]:
        path, body = self._payload(request)
        started = time.perf_counter()
        stats = GenerationStats(n_ctx=self.model_info.n_ctx)
        response = self._open_stream(path, body)
        text: list[str] = []
        finish = "length"
        n = 0
        first_at = None
        try:
            for chunk in _sse_chunks(response):
                if self._cancel.is_set():
                    finish = "cancelled"
                    break
                usage = chunk.get("usage")
                if isinstance(usage, dict):
                    stats.prompt_tokens = int(usage.get("prompt_tokens") or 0)
                    stats.completion_tokens = int(usage.get("completion_tokens") or n)
                for choice in chunk.get("choices") or []:
                    piece = _delta_text(choice)
                    if piece:
                        n += 1
                        if first_at is None:
                            first_at = time.perf_counter()
                            stats.first_token_seconds = first_at - started
                        text.append(piece)
                        yield TokenBatch(text=piece, n_tokens=n)
                    if choice.get("finish_reason"):
                        finish = "stop" if choice["finish_reason"] == "stop" else "length"
        except (httpx2.TransportError, ValueError) as exc:
            if self._cancel.is_set():
                finish = "cancelled"
            else:
                raise EngineDied(
                    f"The server {self.endpoint.root} stopped mid-reply ({exc}); the text "
                    "received so far is kept."
                ) from exc
        finally:
            response.close()
        stats.completion_tokens = stats.completion_tokens or n
        stats.decode_seconds = time.perf_counter() - first_at if first_at else 0.0
        stats.prompt_seconds = stats.first_token_seconds
        yield Done(text="".join(text), finish_reason=finish, stats=stats)

    def _open_stream(self, path: str, body: dict[str, Any]) -> httpx2.Response:
        url = self.endpoint.v1 + path
        for delay in (*RETRY_DELAYS, None):
            try:
                outgoing = self._http.build_request("POST", url, json=body)
                response = self._http.send(outgoing, stream=True)
            except httpx2.TransportError as exc:
                if delay is None or self._cancel.is_set():
                    raise EngineError(f"{self.endpoint.root} cannot be reached: {exc}") from exc
                log.warning("%s: %s; retrying in %.1f s", url, exc, delay)
                time.sleep(delay)
                continue
            if response.status_code in RETRY_STATUS and delay is not None:
                response.close()
                self.throttled += 1  # a batch with several in flight sends fewer
                log.warning("%s: HTTP %s; retrying in %.1f s", url, response.status_code, delay)
                time.sleep(delay)
                continue
            fmt = body.get("response_format") or {}
            if response.status_code >= 400 and fmt.get("type") == "json_schema":
                # A server without json_schema support (llama-cpp-python's answers 500
                # "Input should be 'text' or 'json_object'"): JSON mode with the schema
                # instead; the caller checks the reply against the schema anyway.
                response.read()
                response.close()
                if "response_format" not in response.text:
                    self._check(response)
                schema = body["response_format"]["json_schema"]["schema"]
                body = {**body, "response_format": {"type": "json_object", "schema": schema}}
                continue
            if response.status_code in RETRY_STATUS:
                response.close()
                raise EngineError(
                    f"{self.endpoint.root} stayed busy (HTTP {response.status_code}) after "
                    f"{len(RETRY_DELAYS) + 1} tries; try again later"
                )
            if response.status_code >= 400:
                response.read()
                self._check(response)
            self._response = response
            return response
        raise EngineError(f"{self.endpoint.root} stayed busy; try again later")

    def complete(self, request: GenerateRequest, *, owner: object | None = None) -> Done:
        done = None
        for event in self.generate(request, owner=owner):
            if isinstance(event, Done):
                done = event
        return done

    def cancel(self, owner: object | None = None) -> None:
        """Stop now: the stream is closed, not just abandoned (safe from any thread)."""
        if owner is not None and owner is not self._active_owner:
            return
        self._cancel.set()
        response = self._response
        if response is not None:
            try:
                response.close()
            except Exception:  # closing from another thread may race the reader
                log.debug("closing the stream raised", exc_info=True)

    # ----------------------------------------------------------------- tokens
    def tokenize(self, text: str, *, special: bool = False) -> list[int]:
        """The server's own tokenizer (llama-cpp-python, llama-server and vLLM expose one)."""
        model = self.endpoint.model
        attempts = (
            (self.endpoint.root + "/extras/tokenize", {"input": text, "model": model}),
            (self.endpoint.root + "/tokenize", {"content": text, "prompt": text, "model": model}),
        )
        for url, body in attempts:
            try:
                response = self._http.post(url, json=body)
            except httpx2.TransportError as exc:
                raise EngineError(f"{self.endpoint.root} cannot be reached: {exc}") from exc
            if response.status_code == 200:
                data = response.json()
                tokens = data.get("tokens")
                if isinstance(tokens, list):
                    return [int(t) for t in tokens]
        raise EngineError(f"{self.endpoint.root} offers no tokenizer endpoint")

    def count_tokens(self, text: str) -> int:
        """The server's count, or where it offers no tokenizer (Ollama, LM Studio) an
        estimate that errs high (3 characters a token), so prompts are never cut short."""
        if not self._no_tokenizer:
            try:
                return len(self.tokenize(text))
            except EngineError as exc:
                if "no tokenizer" not in str(exc):
                    raise
                log.warning("%s: counting tokens by estimate", self.endpoint.root)
                self._no_tokenizer = True
        return max(1, -(-len(text) // 3))

    # ------------------------------------------------------------- the rest
    def exclusive(self) -> threading.RLock:
        return self._lock

    def set_adapter(self, path: str | None, scale: float = 1.0) -> None:
        if path:
            raise EngineError("LoRA adapters run only with local models, not on a server.")

    def is_alive(self) -> bool:
        return True

    @property
    def worker_pid(self) -> None:
        return None

    def unload(self) -> None:
        self.model_info = None

    def close(self) -> None:
        self.cancel()
        self._http.close()


def _context_of(item: dict[str, Any]) -> int:
    """The context length a model list entry gives (vLLM, llama-server), else a default."""
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    for value in (item.get("max_model_len"), item.get("context_length"), meta.get("n_ctx_train")):
        if isinstance(value, int) and value > 0:
            return value
    return DEFAULT_REMOTE_CONTEXT


def _sse_chunks(response: httpx2.Response) -> Iterator[dict[str, Any]]:
    """The JSON objects of an SSE stream's `data:` lines, until `[DONE]`."""
    for line in response.iter_lines():
        if not line or not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        chunk = json.loads(data)  # ValueError for malformed JSON: the caller's concern
        if isinstance(chunk, dict):
            yield chunk


def _delta_text(choice: dict[str, Any]) -> str:
    delta = choice.get("delta")
    if isinstance(delta, dict):
        return str(delta.get("content") or "")
    return str(choice.get("text") or "")
