"""Conversations with the model: the one place that turns store + engine into chat.

The GUI and the CLI both call this; it is Qt-free and every method blocks
until the reply ends, so the GUI runs it on a worker thread. The reply is
written to the store as it grows (every SAVE_SECONDS), so a crash of the app
or of the engine loses at most the last fraction of a second of text.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.core.backends import ENDPOINT_KEY, RemoteBackends
from app.core.store import Message, Store
from app.engine.client import EngineClient
from app.engine.types import (
    Done,
    EngineDied,
    EngineError,
    GenerateRequest,
    ModelInfo,
    SamplingParams,
    TokenBatch,
)
from app.settings import Settings

log = logging.getLogger(__name__)

SAVE_SECONDS = 0.5
NEW_TITLE = "New chat"  # what a conversation is called before its first message
TITLE_LENGTH = 48
NO_MODEL = "No model is chosen yet: open a .gguf model file first."


class ReplyListener(Protocol):
    """Receives a reply as it happens; called on the thread that runs the reply."""

    def reply_started(self, user: Message | None, assistant: Message) -> None: ...

    def text_received(self, text: str) -> None: ...


@dataclass
class ReplyResult:
    message: Message  # the saved assistant message, final state
    done: Done | None  # None when the engine failed
    error: str | None  # one line for the user when the engine failed


class ChatService:
    def __init__(self, store: Store, engine: EngineClient, settings: Settings):
        self.store = store
        self.engine = engine
        self.settings = settings
        self.sources = None  # app.core.sources.SourcesService, for chats with a collection
        self.remotes = RemoteBackends(settings)  # conversations answered by a server
        self._stop = threading.Event()

    # ---------------------------------------------------------------- models
    @property
    def model_info(self) -> ModelInfo | None:
        return self.engine.model_info

    def load_model(self, path: str) -> ModelInfo:
        """Load `path` with its per-model overrides (template, context, GPU layers)."""
        resolved = str(Path(path).expanduser().resolve())
        return self.engine.load(self.settings.load_options(resolved))

    def model_path_for(self, conversation_id: int) -> str | None:
        conversation = self.store.get_conversation(conversation_id)
        return conversation.model or self.settings["default_model"]

    def ensure_model(self, conversation_id: int) -> ModelInfo:
        path = self.model_path_for(conversation_id)
        if not path:
            raise EngineError(NO_MODEL)
        info = self.engine.model_info
        if info is not None and info.path == str(Path(path).expanduser().resolve()):
            return info
        return self.load_model(path)

    def _backend(self, conversation_id: int):
        """(engine, model info) that answers `conversation_id`: a server it names, or ours."""
        conversation = self.store.get_conversation(conversation_id)
        name = conversation.settings.get(ENDPOINT_KEY)
        if name:
            from app.core.endpoints import EndpointError

            try:
                engine = self.remotes.engine(name)
            except EndpointError as exc:
                raise EngineError(str(exc)) from None
            return engine, engine.model_info
        return self.engine, self.ensure_model(conversation_id)

    def close(self) -> None:
        self.remotes.close()

    # --------------------------------------------------------------- replies
    def send(
        self, conversation_id: int, text: str, listener: ReplyListener | None = None
    ) -> ReplyResult:
        """Save the user's message, then reply to it."""
        conversation = self.store.get_conversation(conversation_id)
        user = self.store.add_message(conversation_id, "user", text)
        if conversation.title == NEW_TITLE and text.strip():
            self.store.rename_conversation(conversation_id, title_from(text))
        return self._reply(conversation_id, user, user.id, listener)

    def regenerate(
        self, conversation_id: int, listener: ReplyListener | None = None
    ) -> ReplyResult:
        """A new reply beside the last one (both are kept, as branches)."""
        thread = self.store.thread(conversation_id)
        if not thread:
            raise EngineError("There is nothing to regenerate yet.")
        last = thread[-1]
        parent = last.parent_id if last.role == "assistant" else last.id
        if parent is None:
            raise EngineError("There is nothing to regenerate yet.")
        user = self.store.get_message(parent)
        return self._reply(conversation_id, user, parent, listener)

    def edit_and_resend(
        self, message_id: int, new_text: str, listener: ReplyListener | None = None
    ) -> ReplyResult:
        """Branch the conversation at a past user message with new text."""
        original = self.store.get_message(message_id)
        if original.role != "user":
            raise EngineError("Only your own messages can be edited and resent.")
        user = self.store.add_message(
            original.conversation_id, "user", new_text, parent_id=original.parent_id
        )
        return self._reply(original.conversation_id, user, user.id, listener)

    def continue_reply(
        self, conversation_id: int, listener: ReplyListener | None = None
    ) -> ReplyResult:
        """Reply to the thread as it stands (e.g. after an interrupted reply)."""
        thread = self.store.thread(conversation_id)
        parent = thread[-1].id if thread else None
        return self._reply(conversation_id, None, parent, listener)

    def stop(self) -> None:
        """End the running reply at the next token; its text is kept. Any thread."""
        self._stop.set()
        self.engine.cancel(owner=self)
        self.remotes.cancel()

    def _reply(self, conversation_id, user, parent_id, listener) -> ReplyResult:
        self._stop.clear()
        engine, info = self._backend(conversation_id)
        request = self._request(conversation_id, self._history(conversation_id, parent_id))
        prepared = self._with_sources(conversation_id, request, info)
        assistant = self.store.add_message(
            conversation_id,
            "assistant",
            "",
            parent_id=parent_id,
            status="streaming",
            meta={"model": info.name},
        )
        if listener is not None:
            listener.reply_started(user, assistant)
        parts: list[str] = []
        done: Done | None = None
        error: str | None = None
        status = "complete"
        last_save = time.monotonic()
        try:
            if self._stop.is_set():
                raise _StoppedBeforeStart
            for event in engine.generate(request, owner=self):
                if self._stop.is_set():  # Stop may have come while another mode held it
                    engine.cancel(owner=self)
                if isinstance(event, TokenBatch):
                    parts.append(event.text)
                    if listener is not None:
                        listener.text_received(event.text)
                    now = time.monotonic()
                    if now - last_save >= SAVE_SECONDS:
                        self.store.update_message(assistant.id, "".join(parts))
                        last_save = now
                else:
                    done = event
        except _StoppedBeforeStart:
            status = "stopped"
        except EngineDied as exc:
            status, error = "interrupted", str(exc)
        except EngineError as exc:
            status, error = "error", str(exc)
        text = done.text if done is not None else "".join(parts)
        meta = {"model": info.name}
        if engine is not self.engine:
            meta["endpoint"] = engine.describe()
        adapter = self.settings.adapter_choice(info.path)
        if engine is self.engine and adapter.active_path:  # which replies a tuned model wrote
            meta.update(adapter=Path(adapter.active_path).stem, adapter_scale=adapter.scale)
        if done is not None:
            status = "stopped" if done.finish_reason == "cancelled" else "complete"
            stats = done.stats
            meta.update(
                finish_reason=done.finish_reason,
                tokens_per_second=round(stats.tokens_per_second, 2),
                prompt_tokens=stats.prompt_tokens,
                cached_tokens=stats.cached_tokens,
                completion_tokens=stats.completion_tokens,
                context_used=stats.context_used,
                n_ctx=stats.n_ctx,
                trimmed_messages=stats.trimmed_messages,
            )
        if error:
            meta["error"] = error
        if prepared is not None and text.strip():
            from app.core.sources.chat_turn import finish_turn

            text, source_meta = finish_turn(text, prepared)
            meta.update(source_meta)
        self.store.update_message(assistant.id, text, status=status, meta=meta)
        return ReplyResult(message=self.store.get_message(assistant.id), done=done, error=error)

    def compare_request(self, conversation_id: int) -> GenerateRequest:
        """The request that answers the thread's last user message again (base vs tuned).

        Read-only: nothing is saved and the conversation's branch stays as it is.
        """
        thread = self.store.thread(conversation_id)
        users = [i for i, m in enumerate(thread) if m.role == "user" and m.content]
        if not users:
            raise EngineError("There is no message of yours to answer yet.")
        history = [m for m in thread[: users[-1] + 1] if m.role in ("user", "assistant")]
        return self._request(conversation_id, [m for m in history if m.content])

    def _with_sources(self, conversation_id: int, request: GenerateRequest, info):
        """With a collection attached: the request answers from it (None: no collection)."""
        conversation = self.store.get_conversation(conversation_id)
        from app.core.sources.chat_turn import META_KEY, prepare_turn

        collection = conversation.settings.get(META_KEY)
        if not collection or self.sources is None or not request.messages:
            return None
        if request.messages[-1]["role"] != "user":
            return None
        prepared = prepare_turn(
            self.sources, collection, request.messages, context_tokens=info.n_ctx or 2048
        )
        request.messages = prepared.messages
        return prepared

    def _request(self, conversation_id: int, history: list[Message]) -> GenerateRequest:
        """System prompt + thread, with the conversation's sampling over the app's."""
        conversation = self.store.get_conversation(conversation_id)
        messages = (
            [{"role": "system", "content": conversation.system_prompt}]
            if conversation.system_prompt.strip()
            else []
        )
        messages += [{"role": m.role, "content": m.content} for m in history]
        sampling = SamplingParams.from_dict({**self.settings["sampling"], **conversation.settings})
        return GenerateRequest(messages=messages, sampling=sampling)

    def _history(self, conversation_id: int, parent_id: int | None) -> list[Message]:
        """The thread from the root to `parent_id` (the message being replied to)."""
        if parent_id is None:
            return []
        self.store.set_leaf(conversation_id, parent_id)
        thread = self.store.thread(conversation_id)
        ids = [m.id for m in thread]
        end = ids.index(parent_id) + 1 if parent_id in ids else len(thread)
        return [m for m in thread[:end] if m.role in ("user", "assistant") and m.content]


class _StoppedBeforeStart(Exception):
    pass


def title_from(text: str) -> str:
    """A conversation's title from its first message: the one place titles are made."""
    line = " ".join(text.split())
    if len(line) > TITLE_LENGTH:
        line = line[: TITLE_LENGTH - 1].rstrip() + "…"
    return line or NEW_TITLE
