"""Grading one submission: ask, check, retry once, then leave it to the teacher.

The model only proposes a level, quotes and a reason per criterion, in JSON that
the grammar keeps parseable. Code then checks what the model cannot be trusted
with: that the reply matches the schema, that the level exists, and that each
quote really occurs in the submission. Criteria that fail are asked again once
(in the same conversation, so the engine reuses its cache); what still fails is
marked "needs review" rather than stored as a clean grade.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from typing import Protocol

from app.core.grading import prompts
from app.core.grading.assignment import Assignment
from app.core.grading.injection import detect_injection
from app.core.grading.options import GradingOptions
from app.core.grading.quotes import QuoteMatcher
from app.core.grading.reply_schema import grade_schema, token_budget, validate
from app.core.grading.results import GRADED, NEEDS_REVIEW, CriterionResult, GradeOutcome
from app.core.grading.rubric import Rubric
from app.core.grading.screening.second_opinion import second_opinion
from app.engine.types import Done, GenerateRequest

log = logging.getLogger(__name__)

# A small model may echo the fenced submission before its paragraph: drop the echo.
_ECHO = re.compile(r"<<<SUBMISSION \w+>>>?.*?(<<<END OF SUBMISSION \w+>>>?|$)", re.DOTALL)
_FENCE = re.compile(r"<<<[^>\n]*>>>?")
_SENTENCE_END = re.compile(r"[.!?…。！？](?=\s|$)")


class Engine(Protocol):
    """What grading needs from EngineClient (a test may pass a scripted stand-in)."""

    def complete(self, request: GenerateRequest) -> Done: ...

    def cancel(self) -> None: ...


class GradingCancelled(Exception):
    """The engine stopped a request because the user cancelled."""


class Grader:
    def __init__(
        self,
        engine: Engine,
        assignment: Assignment,
        options: GradingOptions,
        stop_requested: Callable[[], bool] = lambda: False,
    ):
        self.engine = engine
        self.stop_requested = stop_requested
        self.assignment = assignment
        self.rubric: Rubric = assignment.rubric
        self.options = options

    # ------------------------------------------------------------------ API
    def grade(self, text: str) -> GradeOutcome:
        """Grade one submission's text; raises GradingCancelled or EngineError."""
        started = time.perf_counter()
        outcome = GradeOutcome(status=GRADED, criteria={}, flags=detect_injection(text))
        screened = list(outcome.flags)
        matcher = QuoteMatcher(text)
        messages = prompts.grading_messages(self.assignment, text)
        reply = self._ask(messages, None, outcome, run=0)
        criteria, note = self._check(reply, matcher, None)
        conversation = messages
        final_reply = reply.text

        failing = {cid: c for cid, c in criteria.items() if not c.verified}
        for _ in range(self.options.retries):
            if not failing:
                break
            conversation = prompts.retry_messages(conversation, final_reply, failing, note)
            retry = self._ask(conversation, list(failing), outcome, run=0)
            again, note = self._check(retry, matcher, list(failing))
            final_reply = retry.text
            for cid, result in again.items():
                if result.verified or result.level is not None or criteria[cid].level is None:
                    criteria[cid] = result
            failing = {cid: c for cid, c in criteria.items() if not c.verified}
        if note and failing:
            outcome.problems.append(note)

        if self.options.consistency_runs > 1:
            self._check_consistency(messages, matcher, criteria, outcome)

        outcome.criteria = criteria
        if any(not c.verified for c in criteria.values()) or outcome.problems:
            outcome.status = NEEDS_REVIEW
        if self.options.feedback:
            # The first reply is still in the engine's cache unless a retry or a
            # consistency run came after it: then a clean summary costs no more.
            in_cache = outcome.attempts == 1 and self.options.consistency_runs <= 1
            summary = final_reply if in_cache else prompts.summary_json(self.rubric, criteria)
            outcome.feedback = self._feedback(messages, summary, outcome)
        if self.options.second_opinion:
            # Last, so the grading and feedback turns above still share the KV cache.
            outcome.flags += second_opinion(
                lambda request: self._complete(request, outcome), text, screened,
                self.assignment.task,
            )  # fmt: skip
        outcome.stats["seconds"] = round(time.perf_counter() - started, 3)
        return outcome

    # -------------------------------------------------------------- helpers
    def _ask(self, messages, only, outcome: GradeOutcome, *, run: int) -> Done:
        request = GenerateRequest(
            messages=messages,
            sampling=self.options.sampling(
                token_budget(self.rubric, self.options, only),
                run=run,
                attempt=outcome.attempts if run == 0 else 0,
            ),
            json_schema=grade_schema(self.rubric, self.options, only),
            speculative=True,  # the reply quotes the submission word for word
        )
        done = self._complete(request, outcome)
        if run == 0:
            outcome.attempts += 1
            outcome.replies.append(done.text)
        return done

    def _complete(self, request: GenerateRequest, outcome: GradeOutcome) -> Done:
        if self.stop_requested():
            raise GradingCancelled
        done = self.engine.complete(request)
        if done is None or done.finish_reason == "cancelled":
            raise GradingCancelled
        stats = outcome.stats
        for key in ("prompt_tokens", "cached_tokens", "completion_tokens"):
            stats[key] = stats.get(key, 0) + getattr(done.stats, key)
        stats["engine_seconds"] = round(
            stats.get("engine_seconds", 0.0)
            + done.stats.prompt_seconds
            + done.stats.decode_seconds,
            4,
        )
        stats["requests"] = stats.get("requests", 0) + 1
        return done

    def _check(
        self, done: Done, matcher: QuoteMatcher, only: list[str] | None
    ) -> tuple[dict[str, CriterionResult], str]:
        """Per-criterion results from a reply, and a note if the reply as a whole failed."""
        ids = only if only is not None else self.rubric.ids()
        schema = grade_schema(self.rubric, self.options, only)
        try:
            data = json.loads(done.text)
        except json.JSONDecodeError:
            why = (
                "the reply was cut off at the token limit"
                if done.finish_reason == "length"
                else "the reply was not valid JSON"
            )
            return {cid: CriterionResult(cid, None, problems=[why]) for cid in ids}, why
        problems = validate(data, schema)
        note = f"the reply did not match the schema ({problems[0]})" if problems else ""
        if not isinstance(data, dict):
            return {cid: CriterionResult(cid, None, problems=[note]) for cid in ids}, note
        return {cid: self._check_criterion(cid, data.get(cid), matcher) for cid in ids}, note

    def _check_criterion(self, cid: str, item, matcher: QuoteMatcher) -> CriterionResult:
        """Level exists; every quote is real evidence; a level above the lowest has one.

        A quote that is not a real span of the submission is a problem at any
        level (the model made it up). The lowest level needs no quote at all
        (there may be nothing to quote for "Missing"); any higher level needs at
        least one verified quote, or the criterion is unverified and goes to
        review, whatever the model's reason says.
        """
        criterion = self.rubric.criterion(cid)
        if not isinstance(item, dict):
            return CriterionResult(cid, None, problems=["missing from the reply"])
        result = CriterionResult(cid, None, reason=str(item.get("reason") or "").strip())
        level = item.get("level")
        chosen = criterion.level(level) if isinstance(level, str) else None
        if chosen is not None:
            result.level = level
        else:
            result.problems.append(f"level {level!r} is not in the rubric")
        lowest = chosen is not None and chosen.points <= min(lv.points for lv in criterion.levels)
        quotes = item.get("quotes")
        quotes = [q for q in quotes if isinstance(q, str)] if isinstance(quotes, list) else []
        verified = 0
        for quote in quotes[: self.options.max_quotes]:
            check = matcher.check(quote)
            result.quotes.append(check.to_dict())
            if check.found:
                verified += 1
            else:
                result.problems.append(check.problem)
        if chosen is not None and not lowest and verified == 0:
            result.problems.append(
                f"unverified: level {level!r} needs at least one quote found in the submission"
            )
        return result

    def _check_consistency(self, messages, matcher, criteria, outcome: GradeOutcome) -> None:
        """Grade k-1 more times with sampling; mark criteria whose levels disagree."""
        for run in range(1, self.options.consistency_runs):
            done = self._ask(messages, None, outcome, run=run)
            other, _ = self._check(done, matcher, None)
            for cid, result in criteria.items():
                result.alternatives.append(other[cid].level if cid in other else None)
        for result in criteria.values():
            seen = {result.level, *result.alternatives}
            if len(seen) > 1:
                levels = ", ".join(str(level) for level in [result.level, *result.alternatives])
                result.problems.append(f"runs disagree on the level ({levels})")

    def _feedback(self, history, summary: str, outcome: GradeOutcome) -> str:
        """A short paragraph from the model; a plain one built from the reasons if that fails."""
        options = self.options
        request = GenerateRequest(
            messages=prompts.feedback_messages(
                history, summary, options.feedback_tone, options.feedback_language
            ),
            sampling=options.feedback_sampling(),
            stop=["\n\n"],
        )
        done = self._complete(request, outcome)
        text = clean_paragraph(done.text, cut_off=done.finish_reason == "length")
        return text or fallback_feedback(self.rubric, outcome.criteria)


def clean_paragraph(text: str, *, cut_off: bool) -> str:
    """One paragraph; if generation hit its limit, end at the last full sentence."""
    text = " ".join(_FENCE.sub(" ", _ECHO.sub(" ", text)).split())
    if cut_off:
        ends = list(_SENTENCE_END.finditer(text))
        if ends:
            text = text[: ends[-1].end()]
    return text


def fallback_feedback(rubric: Rubric, criteria: dict[str, CriterionResult]) -> str:
    parts = []
    for criterion in rubric.criteria:
        result = criteria.get(criterion.id)
        if result and result.level and result.reason:
            parts.append(f"{criterion.name}: {result.reason.rstrip(' .,;:')}.")
    return " ".join(parts)
