"""One run of a writing action: the plan, the parts, and what came back.

A long text is processed in parts that fit the context (the first one small,
so the first change shows soon); each part's answer is cleaned, diffed and
handed to the listener as soon as it is done; the answers are joined back
exactly. Analysis and "explain" use the text's start when it is too long;
continue writing uses the end of the text before the cursor. Every trim or
split is told to the writer as a note.
"""

from __future__ import annotations

import logging
import time
from collections import deque

from app.core.writing.actions import Action
from app.core.writing.analysis import AnalysisError, parse_analysis
from app.core.writing.changeset import ChangeSet, merge
from app.core.writing.chunking import (
    Chunk,
    TokenEstimator,
    fit_chunk,
    head_for_tokens,
    plan_chunks,
    tail_for_tokens,
)
from app.core.writing.context import document_window
from app.core.writing.diff import Change, compute_changes
from app.core.writing.prompts import chat_request, prompt_overhead, story_prompt
from app.core.writing.replies import SENTENCE_END, clean_reply, ran_past
from app.core.writing.requests import PartResult, WriteListener, WriteRequest, WriteResult
from app.engine.client import EngineClient
from app.engine.types import Done, EngineError, GenerateRequest, SamplingParams, TokenBatch

log = logging.getLogger(__name__)

NO_MODEL = "No model is loaded: choose a .gguf model first."
NO_CHANGES = "No changes suggested."
EMPTY = "There is no text to work on: select some text or write something first."
# Largest part for edits: smaller parts show the first change sooner, and small
# models keep to their instructions better on short texts.
EDIT_PART_TOKENS = 512
# The first part of a long edit is smaller, so the first change shows sooner
# (its prompt prefix is then cached for the parts after it).
FIRST_PART_TOKENS = 128
ANSWER_PART_TOKENS = 2048
MARGIN_TOKENS = 16


class Stopped(Exception):
    """The writer pressed Stop."""


class ActionRun:
    """One run of an action: the plan, the parts, and what came back."""

    def __init__(self, service, action, request, values, listener):
        self.service = service
        self.engine: EngineClient = service.engine
        self.action: Action = action
        self.request: WriteRequest = request
        self.values = values
        self.listener: WriteListener = listener
        self.result = WriteResult(action=action, status="complete", text=request.text)
        self.started = time.perf_counter()

    # ----------------------------------------------------------------- main
    def execute(self) -> WriteResult:
        result = self.result
        try:
            if self.engine.model_info is None:
                raise EngineError(NO_MODEL)
            if self.action.output == "insert":
                self._continue_writing()
            elif "text" not in self.action.fields:  # works on {document} alone
                if not (self.request.document or self.request.text).strip():
                    result.status = "empty"
                    self._note(EMPTY)
                else:
                    self._whole()
            elif not self.request.text.strip():
                result.status = "empty"
                self._note(EMPTY)
            elif self.action.output == "analysis" or self.action.long_text == "trim":
                self._whole()
            else:
                self._in_parts()
        except Stopped:
            result.status = "stopped"
        except EngineError as exc:
            result.status, result.error = "error", str(exc)
        result.stats.seconds = time.perf_counter() - self.started
        return result

    def _note(self, message: str) -> None:
        self.result.notes.append(message)
        self.listener.notice(message)

    def _sampling(self, answer_tokens: int) -> SamplingParams:
        settings = self.service.settings
        base = dict(settings["sampling"]) if settings is not None else {}
        if self.action.temperature is not None:
            base["temperature"] = self.action.temperature
        overrides = dict(self.request.sampling)
        cap = overrides.pop("max_tokens", None)
        base.update(overrides)
        base["max_tokens"] = max(1, min(answer_tokens, cap) if cap else answer_tokens)
        return SamplingParams.from_dict(base)

    def _count(self, text: str) -> int:
        return self.engine.count_tokens(text) if text else 0

    @property
    def n_ctx(self) -> int:
        return self.engine.model_info.n_ctx

    def _with_document(self) -> None:
        """Fill {document}: the whole document, or a window around the selection."""
        if "document" not in self.action.fields and "{document}" not in self.action.system:
            return
        document = self.request.document if self.request.document is not None else self.request.text
        available = self.n_ctx - self._overhead() - MARGIN_TOKENS
        if not self.action.is_edit:
            available -= self.action.max_tokens or 512
        # A third of what is left: the rest is for the text and, for edits, the answer.
        budget = max(available // 3, 64)
        window, shortened = document_window(
            document,
            self.request.selection_start,
            self.request.selection_start + len(self.request.text),
            budget,
            self._count,
        )
        self.values["document"] = window
        if shortened:
            self._note(
                "The document is too long to give the model whole: it saw the part "
                "around the selection."
            )

    def _overhead(self) -> int:
        return prompt_overhead(self.action, self.values, self.request.notes, self._count)

    def _generate(self, request: GenerateRequest, part: int, watch: str | None = None) -> Done:
        """Stream one request; with `watch` (the part's text), stop once the answer ran past it."""
        if self.service._stop.is_set():
            raise Stopped
        done = None
        streamed: list[str] = []
        cut = False
        for event in self.engine.generate(request, owner=self.service):
            if self.service._stop.is_set():  # Stop may have come while another mode held it
                self.engine.cancel(owner=self.service)
            if isinstance(event, TokenBatch):
                self.listener.text_received(part, event.text)
                if watch is not None and not cut:
                    streamed.append(event.text)
                    if ran_past(watch, "".join(streamed)):
                        cut = True
                        self.engine.cancel(owner=self.service)
            else:
                done = event
        if cut and not self.service._stop.is_set():
            done = Done(done.text or "".join(streamed), "ran_past", done.stats)
        stats = self.result.stats
        stats.prompt_tokens += done.stats.prompt_tokens
        stats.cached_tokens += done.stats.cached_tokens
        stats.completion_tokens += done.stats.completion_tokens
        stats.engine_seconds += done.stats.prompt_seconds + done.stats.decode_seconds
        if done.finish_reason == "cancelled" or self.service._stop.is_set():
            raise Stopped
        return done

    # ------------------------------------------------------ long text, parts
    def _part_budget(self) -> int:
        """Tokens of text per part: what the context holds beside the prompt and the answer."""
        self._with_document()
        overhead = self._overhead()
        free = self.n_ctx - overhead - MARGIN_TOKENS
        if self.action.output in ("edit", "replace"):
            budget = int((free - 32) / (1 + self.action.answer_ratio))
            cap = EDIT_PART_TOKENS
        else:
            budget = free - (self.action.max_tokens or 512)
            cap = ANSWER_PART_TOKENS
        budget = min(budget, self.request.max_part_tokens or cap)
        if budget < 16:
            raise EngineError(
                f"The model's context ({self.n_ctx} tokens) is too small for this action's "
                "prompt: load the model with a larger context."
            )
        return budget

    def _in_parts(self) -> None:
        text = self.request.text
        budget = self._part_budget()
        estimator = TokenEstimator(text, self._count)
        first = FIRST_PART_TOKENS if self.action.is_edit else None
        queue = deque(plan_chunks(text, budget, estimator.estimate, first_budget=first))
        done_parts: list[tuple[Chunk, str]] = []
        changes: list[Change] = []
        trimmed_parts = 0
        completed = False
        self.listener.started(len(queue))
        if len(queue) > 1:
            self._note(
                f"The text is longer than the model can take at once: it was processed in "
                f"{len(queue)} parts of up to {budget} tokens, split between paragraphs."
            )
        try:
            while queue:
                chunk = queue.popleft()
                fitted = fit_chunk(chunk, budget, self._count)
                if len(fitted) > 1:
                    queue.extendleft(reversed(fitted[1:]))
                    chunk = fitted[0]
                index = len(done_parts)
                total = index + 1 + len(queue)
                answer, finish, trimmed = self._one_part(chunk, index)
                trimmed_parts += trimmed
                part_changes = self._part_changes(chunk, answer, changes)
                changes.extend(part_changes)
                done_parts.append((chunk, answer))
                if index == 0:
                    self.result.stats.first_part_seconds = time.perf_counter() - self.started
                self.listener.part_finished(
                    PartResult(
                        index,
                        total,
                        chunk.start,
                        chunk.end,
                        chunk.text,
                        answer,
                        part_changes,
                        finish,
                        trimmed,
                    )
                )
                self.listener.progress(index + 1, total)
            completed = True
        except (Stopped, EngineError) as exc:
            total = len(done_parts) + len(queue) + 1
            if self.action.output != "answer":
                ended = "Stopped" if isinstance(exc, Stopped) else "Failed"
                self._note(
                    f"{ended} after {len(done_parts)} of {total} parts; the rest is unchanged."
                    if total > 1
                    else f"{ended}: nothing was changed."
                )
            raise
        finally:
            self.result.stats.parts = len(done_parts)
            self._finish_parts(done_parts, changes, trimmed_parts, completed)
        self._combine(done_parts)

    def _one_part(self, chunk: Chunk, index: int) -> tuple[str, str, bool]:
        values = {**self.values, "text": chunk.text}
        if self.action.output in ("edit", "replace"):
            answer_tokens = int(self._count(chunk.text) * self.action.answer_ratio) + 32
        else:
            answer_tokens = self.action.max_tokens or 512
        # An edit's answer is its text again, mostly word for word: prompt lookup pays.
        request = chat_request(
            self.action, values, self.request.notes, self._sampling(answer_tokens),
            speculative=True if self.action.output == "edit" else None,
        )  # fmt: skip
        same_shape = self.action.output in ("edit", "replace") and self.action.keeps_paragraphs
        done = self._generate(request, index, watch=chunk.text if same_shape else None)
        if self.action.output == "answer":
            return done.text.strip(), done.finish_reason, False
        cleaned = clean_reply(chunk.text, done.text, same_shape=same_shape)
        return cleaned.text, done.finish_reason, cleaned.trimmed

    def _part_changes(self, chunk: Chunk, answer: str, earlier: list[Change]) -> list[Change]:
        """The part's changes, with indexes and positions that hold in the whole text."""
        if self.action.output == "answer" or not answer or answer == chunk.text:
            return []
        if self.action.output == "replace":
            found = [Change(0, "replace", 0, len(chunk.text), chunk.text, answer, 0, len(answer))]
        else:
            found = compute_changes(chunk.text, answer)
        shift = _shift(earlier)
        placed = []
        for i, c in enumerate(found):
            start = chunk.start + c.start
            new_start = start + shift + (c.new_start - c.start)
            placed.append(
                Change(
                    len(earlier) + i,
                    c.kind,
                    start,
                    chunk.start + c.end,
                    c.old,
                    c.new,
                    new_start,
                    new_start + len(c.new),
                )
            )
        return placed

    def _finish_parts(self, done_parts, changes, trimmed_parts: int, completed: bool) -> None:
        result = self.result
        if self.action.output == "answer":
            result.output = "\n\n".join(answer for _, answer in done_parts if answer)
            return
        result.changes = ChangeSet.from_parts(
            result.text, merge(result.text, changes, lambda c: True), changes
        )
        result.output = result.changes.revised
        if trimmed_parts:
            self._note(
                "The model went on past the end of the text; the extra was cut off"
                + (f" in {trimmed_parts} parts." if trimmed_parts > 1 else ".")
            )
        if not changes and completed:
            self._note(NO_CHANGES)

    def _combine(self, done_parts) -> None:
        """Answer actions over several parts: one more request joins the answers."""
        answers = [answer for _, answer in done_parts if answer]
        if len(answers) < 2 or not self.action.combine.strip():
            return
        joined = "\n\n".join(answers)
        room = self.action.max_tokens or 512
        overhead = self._overhead()
        if overhead + self._count(joined) + room + MARGIN_TOKENS > self.n_ctx:
            self._note("The answers for the parts are shown one after another.")
            return
        request = chat_request(
            self.action,
            {**self.values, "text": joined},
            self.request.notes,
            self._sampling(room),
            template=self.action.combine,
        )
        index = len(done_parts)
        self.listener.started(index + 1)
        done = self._generate(request, index)
        if done.text.strip():
            self.result.output = done.text.strip()
        self.listener.progress(index + 1, index + 1)

    # ------------------------------------------------------- whole, trimmed
    def _whole(self) -> None:
        """Analysis, explain: the text (its start, if too long) in one request."""
        text = self.request.text
        budget = self._part_budget()
        used = text.strip()
        if self._count(used) > budget:
            used = head_for_tokens(used, budget, self._count)
            self._note(
                f"The text is too long for the model: only its first {len(used.split())} of "
                f"{len(text.split())} words were used."
            )
        self.listener.started(1)
        values = {**self.values, "text": used}
        room = self.action.max_tokens or 512
        schema = None
        if self.action.output == "analysis":
            schema = self.action.schema_for(
                [c.strip() for c in self.values["categories"].split(",") if c.strip()]
            )
        request = chat_request(
            self.action, values, self.request.notes, self._sampling(room), json_schema=schema
        )
        done = self._generate(request, 0)
        self.result.output = done.text.strip()
        self.result.stats.parts = 1
        self.result.stats.first_part_seconds = time.perf_counter() - self.started
        if self.action.output == "analysis":
            try:
                self.result.analysis = parse_analysis(done.text, text)
            except AnalysisError as exc:
                self.result.status, self.result.error = "error", str(exc)
        self.listener.part_finished(
            PartResult(0, 1, 0, len(text), used, self.result.output, [], done.finish_reason, False)
        )
        self.listener.progress(1, 1)

    # ------------------------------------------------------ continue writing
    def _continue_writing(self) -> None:
        text = self.request.text
        cursor = len(text) if self.request.cursor is None else self.request.cursor
        before = text[:cursor]
        if not before.strip() and not self.request.notes.memory.strip():
            self.result.status = "empty"
            self._note(EMPTY)
            return
        room = self.action.max_tokens or 160
        overhead = prompt_overhead(self.action, self.values, self.request.notes, self._count)
        budget = self.n_ctx - overhead - room - MARGIN_TOKENS
        if budget < 16:
            raise EngineError(f"The model's context ({self.n_ctx} tokens) is too small.")
        story = tail_for_tokens(before, budget, self._count)
        if len(story) < len(before):
            self._note(
                f"Only the last {len(story.split())} words before the cursor were given to "
                "the model (its context is full)."
            )
        self.listener.started(1)
        prompt = story_prompt(self.action, story, self.values, self.request.notes)
        done = self._generate(GenerateRequest(prompt=prompt, sampling=self._sampling(room)), 0)
        addition = _tidy_continuation(before, done.text, done.finish_reason)
        self.result.output = addition
        self.result.stats.parts = 1
        self.result.stats.first_part_seconds = time.perf_counter() - self.started
        changes = (
            [Change(0, "insert", cursor, cursor, "", addition, cursor, cursor + len(addition))]
            if addition
            else []
        )
        revised = text[:cursor] + addition + text[cursor:]
        self.result.changes = ChangeSet.from_parts(text, revised, changes)
        if not addition:
            self._note("The model had nothing to add.")
        self.listener.part_finished(
            PartResult(0, 1, cursor, cursor, "", addition, changes, done.finish_reason, False)
        )
        self.listener.progress(1, 1)


def _tidy_continuation(before: str, generated: str, finish_reason: str) -> str:
    """End on a whole sentence when cut by max_tokens; one space at the join."""
    text = generated.rstrip()
    if finish_reason == "length":
        ends = [m.end() for m in SENTENCE_END.finditer(text)]
        if ends and ends[-1] > len(text) // 3:
            text = text[: ends[-1]]
    if not text.strip():
        return ""
    if before and not before[-1].isspace() and text[0].isalnum():
        text = " " + text
    return text


def _shift(changes: list[Change]) -> int:
    """How far the revised text has moved against the original after `changes`."""
    if not changes:
        return 0
    last = changes[-1]
    return last.new_end - last.end
