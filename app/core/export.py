"""Turning conversations into files and back, without touching the database.

Kept apart from the store so the file formats can be read and tested on their own.
Validation raises ValueError with one line that says what is wrong and where; the
store turns it into a StoreError for the UI.
"""

from __future__ import annotations

import json
import math
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.store import Conversation, Message

FORMAT_NAME = "quillmate.conversation"
FORMAT_VERSION = 1

ROLES = ("system", "user", "assistant")
STATUSES = ("complete", "streaming", "stopped", "interrupted", "error")


def render_markdown(conversation: Conversation, thread: list[Message]) -> str:
    """The thread on show as Markdown for people: one heading per turn."""
    created = datetime.fromtimestamp(conversation.created_at).strftime("%Y-%m-%d %H:%M")
    details = [f"Created {created}"]
    if conversation.model:
        details.append(f"Model: {conversation.model}")
    lines = [f"# {conversation.title}", "", f"*{' · '.join(details)}*", ""]
    if conversation.system_prompt:
        lines += ["## System prompt", "", conversation.system_prompt, ""]
    for message in thread:
        heading = message.role.capitalize()
        if message.status != "complete":
            heading += f" ({message.status})"
        lines += [f"## {heading}", "", message.content, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def conversation_to_dict(conversation: Conversation, messages: list[Message]) -> dict[str, Any]:
    """The whole tree, parents before children, in a plain JSON-ready dict."""
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": conversation.title,
        "system_prompt": conversation.system_prompt,
        "model": conversation.model,
        "settings": conversation.settings,
        "created_at": conversation.created_at,
        "updated_at": conversation.updated_at,
        "leaf_id": conversation.leaf_id,
        "messages": [
            {
                "id": m.id,
                "parent_id": m.parent_id,
                "role": m.role,
                "content": m.content,
                "status": m.status,
                "created_at": m.created_at,
                "meta": m.meta,
            }
            for m in messages
        ],
    }


@dataclass
class ImportedMessage:
    id: int  # the id in the file; the store assigns new ones
    parent_id: int | None
    role: str
    content: str
    status: str
    created_at: float
    meta: dict


@dataclass
class ImportedConversation:
    title: str
    system_prompt: str
    model: str | None
    settings: dict
    created_at: float
    leaf_id: int | None
    messages: list[ImportedMessage] = field(default_factory=list)  # parents first


def parse_conversation(data: dict | str | bytes) -> ImportedConversation:
    """Check an exported conversation and put its messages parents-first.

    Accepts the dict from ``json.load`` or the JSON text itself. Unknown keys are
    ignored so files from a newer minor release still load.
    """
    if isinstance(data, (str, bytes, bytearray)):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object at the top level")
    if data.get("format") != FORMAT_NAME:
        raise ValueError(f'not a Quillmate conversation ("format" is not "{FORMAT_NAME}")')
    version = data.get("version")
    if not _is_int(version) or version < 1:
        raise ValueError('"version" must be a positive integer')
    if version > FORMAT_VERSION:
        raise ValueError(f"written by a newer Quillmate (format version {version})")

    now = time.time()
    conversation = ImportedConversation(
        title=_get(data, "title", (str,), "Imported chat"),
        system_prompt=_get(data, "system_prompt", (str,), ""),
        model=_get(data, "model", (str, type(None)), None),
        settings=_get(data, "settings", (dict,), {}),
        created_at=_get_time(data, "created_at", now),
        leaf_id=_get(data, "leaf_id", (int, type(None)), None),
    )
    raw_messages = data.get("messages", [])
    if not isinstance(raw_messages, list):
        raise ValueError('"messages" must be a list')
    parsed = [_parse_message(raw, index, now) for index, raw in enumerate(raw_messages)]
    conversation.messages = _parents_first(parsed)
    known = {m.id for m in parsed}
    if conversation.leaf_id is not None and conversation.leaf_id not in known:
        raise ValueError(f'"leaf_id" {conversation.leaf_id} is not one of the messages')
    return conversation


def _parse_message(raw: Any, index: int, now: float) -> ImportedMessage:
    where = f"messages[{index}]"
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be an object")
    if not _is_int(raw.get("id")):
        raise ValueError(f'{where} needs an integer "id"')
    role = raw.get("role")
    if role not in ROLES:
        raise ValueError(f"{where} has role {role!r}; expected one of {', '.join(ROLES)}")
    status = raw.get("status", "complete")
    if status not in STATUSES:
        raise ValueError(f"{where} has status {status!r}; expected one of {', '.join(STATUSES)}")
    if status == "streaming":  # nothing is streaming into an imported file
        status = "interrupted"
    return ImportedMessage(
        id=raw["id"],
        parent_id=_get(raw, "parent_id", (int, type(None)), None, where),
        role=role,
        content=_get(raw, "content", (str,), where=where),
        status=status,
        created_at=_get_time(raw, "created_at", now, where),
        meta=_get(raw, "meta", (dict,), {}, where),
    )


def _parents_first(messages: list[ImportedMessage]) -> list[ImportedMessage]:
    """Order so every parent precedes its children; reject duplicates, orphans, cycles."""
    by_id: dict[int, ImportedMessage] = {}
    for message in messages:
        if message.id in by_id:
            raise ValueError(f"message id {message.id} appears twice")
        by_id[message.id] = message
    children: dict[int | None, list[ImportedMessage]] = {}
    for message in messages:
        if message.parent_id is not None and message.parent_id not in by_id:
            raise ValueError(
                f"message {message.id} has parent {message.parent_id}, which is missing"
            )
        children.setdefault(message.parent_id, []).append(message)
    ordered: list[ImportedMessage] = []
    pending = deque(children.get(None, []))
    while pending:
        message = pending.popleft()
        ordered.append(message)
        pending.extend(children.get(message.id, []))
    if len(ordered) != len(messages):
        raise ValueError("the messages' parent links form a cycle")
    return ordered


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_REQUIRED = object()
_JSON_NAMES = {str: "a string", dict: "an object", int: "an integer", type(None): "null"}


def _get(
    obj: dict, key: str, kinds: tuple[type, ...], default: Any = _REQUIRED, where: str = ""
) -> Any:
    """One field of the file, type-checked; ``default`` when absent (or required)."""
    place = f"{where}.{key}" if where else key
    if key not in obj:
        if default is _REQUIRED:
            raise ValueError(f'"{place}" is missing')
        return default
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, kinds):
        expected = " or ".join(_JSON_NAMES[kind] for kind in kinds)
        raise ValueError(f'"{place}" must be {expected}, not {type(value).__name__}')
    return value


def _get_time(obj: dict, key: str, default: float, where: str = "") -> float:
    value = obj.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        place = f"{where}.{key}" if where else key
        raise ValueError(f'"{place}" must be a timestamp in seconds')
    return float(value)
