"""The message protocol between the app and the engine worker process.

Transport: a `multiprocessing` Pipe; every message is one UTF-8 JSON object
sent with `send_bytes` (JSON rather than pickle so the protocol is plain,
documented data that any process could speak).

Requests (app -> worker), each with an integer "id":
  {"op": "load", "options": LoadOptions}          -> "loaded" {"info": ModelInfo}
  {"op": "generate", "request": GenerateRequest}  -> "tokens"* then "done"
  {"op": "tokenize", "text": str, "special": bool} -> "result" {"value": [int]}
  {"op": "set_adapter", "path": str|None, "scale": float} -> "result"
  {"op": "unload"}                                -> "result"
  {"op": "embed", "texts": [str]}                  -> "result" {"value": {"vectors": [[float]],
                                                    "tokens", "truncated", "batches", "largest_batch"}}
  {"op": "vocab_open", "path", "chat_template", "add_generation_prompt"}
                                                  -> "result" {context_length, layers_loaded}
  {"op": "vocab_count", "messages"} / {"op": "vocab_render", "messages"} /
  {"op": "vocab_count_text", "text", "special"}   -> "result" (int or str)
  {"op": "shutdown"}                              (worker saves its KV state, exits; no reply)

Events (worker -> app), carrying the request's "id":
  {"event": "tokens", "text": str, "n": int}     a small batch of generated text
  {"event": "done", "text", "finish_reason", "stats": GenerationStats}
  {"event": "loaded", "info": ModelInfo}
  {"event": "result", "value": ...}
  {"event": "error", "kind": "model_load"|"engine", "message": str}
  {"event": "progress"}                          the worker is busy and alive (heartbeat)

The client checks every event's shape (`decode_event`) before it acts on it: a
message that is not valid UTF-8 JSON of the right shape raises ProtocolError, and
the client kills and replaces the worker that sent it.

Cancel is out of band: the client writes the id of the request to cancel
into a shared integer (`multiprocessing.RawValue`). The worker reads it once
per token and from llama.cpp's abort callback during prompt evaluation,
because a message on the pipe would wait behind the busy token loop.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from app.engine.types import (
    Done,
    GenerateRequest,
    GenerationStats,
    LoadOptions,
    ModelInfo,
    SamplingParams,
)


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, default=_to_json, ensure_ascii=False).encode("utf-8")


class ProtocolError(ValueError):
    """A message that breaks the protocol: bad UTF-8, not JSON, or the wrong shape."""


def decode(data: bytes) -> dict[str, Any]:
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProtocolError(f"not UTF-8 JSON: {exc}") from exc
    if not isinstance(message, dict):
        raise ProtocolError("protocol message is not a JSON object")
    return message


_EVENT_FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "tokens": {"text": str, "n": int},
    "done": {"text": str, "finish_reason": str, "stats": dict},
    "loaded": {"info": dict},
    "result": {},
    "error": {"kind": str, "message": str},
    "progress": {},
}
_STATS = {f.name for f in dataclasses.fields(GenerationStats)}
_INFO = {f.name for f in dataclasses.fields(ModelInfo)}
_INFO_REQUIRED = {
    f.name
    for f in dataclasses.fields(ModelInfo)
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
}


def decode_event(data: bytes) -> dict[str, Any]:
    """An event from the worker, with every field the client reads checked for type."""
    message = decode(data)
    kind = message.get("event")
    if kind not in _EVENT_FIELDS:
        raise ProtocolError(f"unknown event {kind!r}")
    if not isinstance(message.get("id"), int) or isinstance(message.get("id"), bool):
        raise ProtocolError(f"{kind} event without an integer id")
    for name, expected in _EVENT_FIELDS[kind].items():
        value = message.get(name)
        if not isinstance(value, expected) or isinstance(value, bool) and expected is int:
            raise ProtocolError(f"{kind} event: {name!r} is {type(value).__name__}")
    if kind == "done" and not set(message["stats"]) <= _STATS:
        raise ProtocolError("done event: unknown stats fields")
    if kind == "loaded" and not (_INFO_REQUIRED <= set(message["info"]) <= _INFO):
        raise ProtocolError("loaded event: model info fields do not match")
    if kind == "result" and "value" not in message:
        raise ProtocolError("result event without a value")
    return message


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def load_options(data: dict[str, Any]) -> LoadOptions:
    return LoadOptions(**data)


def model_info(data: dict[str, Any]) -> ModelInfo:
    return ModelInfo(**data)


def generate_request(data: dict[str, Any]) -> GenerateRequest:
    data = dict(data)
    data["sampling"] = SamplingParams.from_dict(data.get("sampling"))
    return GenerateRequest(**data)


def done(message: dict[str, Any]) -> Done:
    return Done(
        text=message["text"],
        finish_reason=message["finish_reason"],
        stats=GenerationStats(**message["stats"]),
    )
