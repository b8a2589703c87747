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
  {"op": "shutdown"}                              (worker exits, no reply)

Events (worker -> app), carrying the request's "id":
  {"event": "tokens", "text": str, "n": int}     a small batch of generated text
  {"event": "done", "text", "finish_reason", "stats": GenerationStats}
  {"event": "loaded", "info": ModelInfo}
  {"event": "result", "value": ...}
  {"event": "error", "kind": "model_load"|"engine", "message": str}

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


def decode(data: bytes) -> dict[str, Any]:
    message = json.loads(data.decode("utf-8"))
    if not isinstance(message, dict):
        raise ValueError("protocol message is not a JSON object")
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
