"""Grading settings, deterministic by default.

Temperature 0 (greedy decoding) and a fixed seed mean the same submission graded
twice gets the same result, which is what a teacher needs to trust and to
reproduce a grade. No repeat penalty while grading: quoting the student means
repeating their words, and a penalty would push the model off them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from app.engine.types import SamplingParams


@dataclass
class GradingOptions:
    seed: int = 1234
    temperature: float = 0.0
    max_quotes: int = 2  # per criterion
    min_quotes: int = 1
    quote_chars: int = 160  # bound on each quote (an unbounded string can loop forever)
    reason_chars: int = 160
    max_tokens: int = 0  # 0: enough for the schema's bounds
    retries: int = 1  # a reply that fails a check is asked again this many times
    # Greedy decoding would repeat the failed reply word for word, so a retry
    # samples a little, with a fixed seed: still the same result every time.
    retry_temperature: float = 0.3
    consistency_runs: int = 1  # k > 1 grades k times and marks criteria that disagree
    consistency_temperature: float = 0.7
    feedback: bool = True
    feedback_tone: str = "encouraging"
    feedback_language: str = "English"
    feedback_max_tokens: int = 160
    # Ask the model about passages the cheap screening found suspicious (and text in
    # another script than the task's); off by default: it costs a request each.
    second_opinion: bool = False
    # Flags the teacher dismissed before the run ("Check submissions"), kept in the
    # run's record with who and when: {"submission_id", "kind", "span", "message",
    # "by", "at"}. The runner leaves those flags off the results.
    dismissed: list[dict[str, Any]] = field(default_factory=list)

    def sampling(self, max_tokens: int, *, run: int = 0, attempt: int = 0) -> SamplingParams:
        """Sampling for grading run `run` (0 is the graded one; later ones check
        consistency) and `attempt` (0 first, then retries)."""
        temperature = self.temperature if run == 0 else self.consistency_temperature
        if attempt > 0 and temperature <= 0:
            temperature = self.retry_temperature
        return SamplingParams(
            temperature=temperature,
            top_p=0.95,
            top_k=40,
            min_p=0.05,
            repeat_penalty=1.0,
            max_tokens=max_tokens,
            seed=self.seed + run + 100 * attempt,
        )

    def feedback_sampling(self) -> SamplingParams:
        return SamplingParams(
            temperature=self.temperature,
            repeat_penalty=1.1,
            max_tokens=self.feedback_max_tokens,
            seed=self.seed,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> GradingOptions:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})
