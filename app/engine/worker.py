"""The engine worker: a child process that owns the llama.cpp model.

llama.cpp is native code: a bad file, an out-of-memory or a driver fault can
abort the whole process. Keeping it here means such a failure ends this
process only; the app notices the closed pipe and starts a fresh worker.
The protocol is described in `app.engine.protocol`.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from typing import Any

from app.engine import protocol
from app.engine.types import EngineError, ModelLoadError

log = logging.getLogger(__name__)


def run(conn, cancel_value, log_path: str | None = None) -> None:
    """Serve requests from `conn` until shutdown or until the app goes away."""
    # The app handles Ctrl+C; the worker must not die of the same SIGINT mid-write.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if log_path:
        _send_stderr_to(log_path)
    logging.basicConfig(level=os.environ.get("QUILLMATE_ENGINE_LOG", "WARNING"))
    from app.engine.llama_backend import LlamaBackend  # imported here: it loads llama.cpp

    current = {"id": 0}
    backend = LlamaBackend(is_cancelled=lambda: cancel_value.value >= current["id"])
    backend.verbose = bool(log_path)

    def send(message: dict[str, Any]) -> None:
        conn.send_bytes(protocol.encode(message))

    backend.on_progress = lambda done=0, total=0: send(
        {"event": "progress", "id": current["id"], "done": done, "total": total}
    )

    while True:
        try:
            _save_when_idle(conn, backend)
            message = protocol.decode(conn.recv_bytes())
        except (EOFError, OSError):
            break  # the app closed the pipe or died: nothing left to serve
        except protocol.ProtocolError:
            log.exception("ignoring a malformed request")
            continue
        op = message.get("op")
        request_id = int(message.get("id", 0))
        current["id"] = request_id
        if op == "shutdown":
            break
        if op == "generate":
            _inject_reply_fault(conn, request_id)
        try:
            send(_handle(backend, op, message, request_id, send))
        except ModelLoadError as exc:
            send({"event": "error", "id": request_id, "kind": "model_load", "message": str(exc)})
        except EngineError as exc:
            send({"event": "error", "id": request_id, "kind": "engine", "message": str(exc)})
        except (EOFError, OSError, BrokenPipeError):
            break
        except Exception as exc:  # a bug must reach the user as a message, not a silent hang
            log.exception("engine request %s failed", op)
            send({"event": "error", "id": request_id, "kind": "engine", "message": repr(exc)})
    backend.unload()


# Save the KV cache to its state folder after this long without a request: never
# while the user waits for a reply, and back-to-back requests (a grading run) go on
# without a pause. The state is also saved at shutdown (backend.unload).
IDLE_SAVE_SECONDS = 2.0


def _save_when_idle(conn, backend) -> None:
    if backend.has_unsaved_state() and not conn.poll(IDLE_SAVE_SECONDS):
        backend.save_state()


# Tests set this to make a real worker misbehave on its next generate: "garbage"
# (bytes that are not UTF-8 JSON), "bad_shape" (a tokens event with a number for
# text) or "hang" (silence forever). The client must survive all three.
FAULT_REPLY_ENV = "QUILLMATE_FAULT_REPLY"


def _inject_reply_fault(conn, request_id: int) -> None:
    fault = os.environ.get(FAULT_REPLY_ENV)
    if fault == "garbage":
        conn.send_bytes(b"\xff\xfe{not json")
    elif fault == "bad_shape":
        conn.send_bytes(protocol.encode({"event": "tokens", "id": request_id, "text": 42, "n": 1}))
    elif fault == "hang":
        while True:
            time.sleep(3600)


_vocab: dict[str, Any] = {}  # the open VocabCounter of this worker, if any


def _vocab_op(op: str, message: dict[str, Any]) -> Any:
    """Token counting on a GGUF's vocabulary only (app.engine.vocab)."""
    if op == "vocab_open":
        from app.engine.vocab import VocabCounter

        if "counter" in _vocab:
            _vocab.pop("counter").close()
        counter = VocabCounter(
            message["path"],
            chat_template=message.get("chat_template"),
            add_generation_prompt=bool(message.get("add_generation_prompt")),
        )
        _vocab["counter"] = counter
        return {"context_length": counter.context_length, "layers_loaded": counter.layers_loaded}
    counter = _vocab.get("counter")
    if counter is None:
        raise EngineError("No vocabulary is open.")
    if op == "vocab_count":
        return counter(message["messages"])
    if op == "vocab_render":
        return counter.render(message["messages"])
    if op == "vocab_count_text":
        return counter.count_text(message["text"], special=bool(message.get("special")))
    raise EngineError(f"unknown engine request {op!r}")


def _send_stderr_to(log_path: str) -> None:
    """Point file descriptor 2 at the engine log.

    llama.cpp writes its own diagnostics (what it loaded, why it failed) to stderr
    from native code; at the descriptor level they reach the log too, so when the
    process dies the client can quote its last lines.
    """
    try:
        fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError:
        return  # no log folder: keep the inherited stderr
    os.dup2(fd, 2)
    os.close(fd)


def _handle(backend, op: str | None, message: dict[str, Any], request_id: int, send):
    if op == "load":
        info = backend.load(protocol.load_options(message["options"]))
        return {"event": "loaded", "id": request_id, "info": info}
    if op == "generate":
        request = protocol.generate_request(message["request"])

        def emit(batch):
            send({"event": "tokens", "id": request_id, "text": batch.text, "n": batch.n_tokens})

        done = backend.generate(request, emit)
        return {
            "event": "done",
            "id": request_id,
            "text": done.text,
            "finish_reason": done.finish_reason,
            "stats": done.stats,
        }
    if op == "tokenize":
        tokens = backend.tokenize(message["text"], special=bool(message.get("special")))
        return {"event": "result", "id": request_id, "value": tokens}
    if op == "set_adapter":
        backend.set_adapter(message.get("path"), float(message.get("scale", 1.0)))
        return {"event": "result", "id": request_id, "value": None}
    if op == "unload":
        backend.unload()
        return {"event": "result", "id": request_id, "value": None}
    if op == "embed":
        from app.engine.embed_backend import embed_texts

        texts = message.get("texts")
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise EngineError("embed needs a list of texts")
        return {"event": "result", "id": request_id, "value": embed_texts(backend, texts)}
    if op and op.startswith("vocab_"):
        return {"event": "result", "id": request_id, "value": _vocab_op(op, message)}
    raise EngineError(f"unknown engine request {op!r}")
