"""Ask about this document as a real conversation: saved, streamed, stoppable.

A question about a document is a chat turn like any other, so it goes through
ChatService (which saves the reply as it streams and keeps the conversation
in the store, where Chat mode lists it too). What this adds is the document:
before each question the conversation's system prompt is rebuilt from the
document as it is now (or the selection), sized to what the context has left.
An unchanged document gives the same system prompt, so the engine reuses its
KV cache and a follow-up question costs only its new tokens.

It has its own ChatService, so its stop flag is its own: stopping a question
never touches a reply the Chat mode is running (they share the engine, which
runs one request at a time). Blocking: the GUI calls `ask` on a worker thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.core.chat import NO_MODEL, ChatService, ReplyResult
from app.core.store import Message, Store
from app.core.writing.ask import (
    ANSWER_TOKENS,
    EMPTY_DOCUMENT,
    MESSAGE_TOKENS,
    AskError,
    Excerpt,
    answer_room,
    build_excerpt,
    conversation_title,
    document_budget,
    fenced_counter,
    system_prompt,
)
from app.engine.client import EngineClient
from app.engine.types import EngineError, ModelInfo

log = logging.getLogger(__name__)

# A stand-in excerpt with the longest range sentence, to measure the prompt's overhead.
_PROBE = Excerpt("selection", "", 0, 0, 9_999_999, 999_999, 8_888_888)
_FIT_TRIES = 3


@dataclass
class Question:
    """A question and the document as it stood when the writer asked it."""

    text: str
    document: str
    title: str = "Untitled"
    selection: tuple[int, int] = (0, 0)  # (start, end); equal: no selection
    cursor: int = 0
    model: str | None = None  # answer with this model (the one the app has loaded)


@dataclass
class AskResult:
    conversation_id: int
    excerpt: Excerpt
    reply: ReplyResult


class AskListener:
    """Override what you need; every call comes on the thread that runs `ask`."""

    def context_ready(self, excerpt: Excerpt) -> None:
        pass

    def reply_started(self, user: Message | None, assistant: Message) -> None:
        pass

    def text_received(self, text: str) -> None:
        pass


class DocumentChat:
    def __init__(self, store: Store, engine: EngineClient, settings):
        self.store = store
        self.engine = engine
        self.settings = settings
        self.chat = ChatService(store, engine, settings)

    def new_conversation(
        self, document_title: str, model: str | None = None, system_prompt: str = ""
    ) -> int:
        """A conversation in the store, titled after the document, for its questions."""
        conversation = self.store.create_conversation(
            title=conversation_title(document_title),
            system_prompt=system_prompt,
            model=model,
            settings={"max_tokens": self._answer_tokens()},
        )
        return conversation.id

    def _answer_tokens(self) -> int:
        """The app's answer length, capped: the context is mostly for the document."""
        max_tokens = int(self.settings["sampling"].get("max_tokens") or ANSWER_TOKENS)
        return min(max_tokens, ANSWER_TOKENS)

    def ask(
        self,
        conversation_id: int | None,
        question: Question,
        listener: AskListener | None = None,
    ) -> AskResult:
        """Put the document in the conversation's context, then ask; blocks until answered.

        `conversation_id` None starts the document's conversation, once the
        question is known to be askable, so a failed first question leaves no
        empty chat behind. Raises AskError (empty question or document,
        context too small) and EngineError (no model) before anything is saved.
        """
        listener = listener or AskListener()
        if not question.text.strip():
            raise AskError("Type a question first.")
        if not question.document.strip():
            raise AskError(EMPTY_DOCUMENT)
        info = self._ensure_model(conversation_id, question.model)
        excerpt, prompt = self.prepare(conversation_id, question, info.n_ctx)
        if conversation_id is None:
            conversation_id = self.new_conversation(question.title, info.path, prompt)
        else:
            conversation = self.store.get_conversation(conversation_id)
            if conversation.system_prompt != prompt or conversation.model != info.path:
                self.store.update_conversation(
                    conversation_id, system_prompt=prompt, model=info.path
                )
        listener.context_ready(excerpt)
        reply = self.chat.send(conversation_id, question.text, listener)
        return AskResult(conversation_id, excerpt, reply)

    def stop(self) -> None:
        """End the answer at the next token; its text is kept. Any thread."""
        self.chat.stop()

    def _ensure_model(self, conversation_id: int | None, model: str | None) -> ModelInfo:
        """The model the app has loaded, else the conversation's, else the default."""
        path = model
        if not path and conversation_id is not None:
            path = self.store.get_conversation(conversation_id).model
        path = path or self.settings["default_model"]
        if not path:
            raise EngineError(NO_MODEL)
        info = self.engine.model_info
        if info is not None and info.path == str(Path(path).expanduser().resolve()):
            return info
        return self.chat.load_model(path)

    # ------------------------------------------------------------------ sizing
    def prepare(
        self, conversation_id: int | None, question: Question, n_ctx: int
    ) -> tuple[Excerpt, str]:
        """The excerpt that fits beside the question, the answer and the history."""
        count = self.engine.count_tokens
        fenced = fenced_counter(count)
        if conversation_id is None:
            overrides, thread = {"max_tokens": self._answer_tokens()}, []
        else:
            overrides = self.store.get_conversation(conversation_id).settings
            thread = self.store.thread(conversation_id)
        sampling = {**self.settings["sampling"], **overrides}
        answer = answer_room(n_ctx, int(sampling.get("max_tokens") or ANSWER_TOKENS))
        asked = count(question.text) + MESSAGE_TOKENS
        history = sum(
            count(m.content) + MESSAGE_TOKENS
            for m in thread
            if m.role in ("user", "assistant") and m.content
        )
        overhead = count(system_prompt(_PROBE, question.title)) + MESSAGE_TOKENS
        budget = document_budget(
            n_ctx, overhead=overhead, question=asked, history=history, answer=answer
        )
        for _ in range(_FIT_TRIES):
            excerpt = build_excerpt(
                question.document, question.selection, question.cursor, budget, fenced
            )
            prompt = system_prompt(excerpt, question.title)
            over = count(prompt) + MESSAGE_TOKENS - (overhead + budget)
            if over <= 0:
                return excerpt, prompt
            log.debug("document prompt %d tokens over its budget; cutting again", over)
            budget -= over
            if budget < 1:
                break
        raise AskError("The document could not be fitted into the model's context.")
