"""Speculative decoding from the text itself (prompt lookup), for the engine's own loop.

Proofreading, rewriting, quoting a submission: the reply repeats long runs of its
input. Decoding one token per `llama_decode` re-reads every weight of the model for
each of them; verifying k guessed tokens in one batch reads them once. The guess
(the draft) costs nothing: the last n tokens (n = 3, 2, 1) are looked up in the
prompt and the reply so far, and the tokens that followed them there are proposed.

Exactness. A verification batch has logits for every position; the engine samples
position i with its own sampler chain, exactly as plain decoding would after the
same tokens, and keeps the drafts only while the sampled token equals the draft.
The first disagreeing sample is the token plain decoding would have produced, so it
is kept too, and the KV cache is rolled back past it. Greedy output is therefore
token for token that of plain decoding; with temperature > 0 the rule is the
standard speculative-sampling one for a deterministic draft (see `accept_draft`),
and because the chain draws one random number per position, a fixed seed even
gives plain decoding's very tokens.

Paying. A batch of 1 + k tokens costs more than one token (on a CPU roughly half a
token per extra position, less on a GPU), so drafting pays only when enough of it is
accepted. `DraftPolicy` measures both sides as it goes: the acceptance rate per
match length and the seconds per batch size (`BatchCosts`, kept for the loaded
model), and picks the k with the best expected tokens per second; when no k beats
plain decoding it drafts nothing, probing again now and then (less often after each
failed probe) in case the reply has started quoting.
"""

from __future__ import annotations

import logging
import random
import statistics
from collections import deque
from collections.abc import Sequence

from app.engine.types import EngineError

log = logging.getLogger(__name__)

MAX_NGRAM = 3  # longest suffix looked up; longer matches rarely add to the acceptance
MAX_DRAFT = 12  # at most this many draft tokens per verification batch
PROBE_GAP = 8  # tokens between probes once drafting stopped paying...
MAX_PROBE_GAP = 128  # ...doubling after each failed probe up to this
DECAY = 0.85  # weight of the past in the acceptance estimate (recent text matters)
# Acceptance assumed before any evidence, as pseudo-counts per match length. A caller
# who knows the reply repeats its input ("on") starts optimistic; "auto" starts
# doubtful, so an open chat does not pay for drafts it will reject.
PRIOR_WEIGHT = 3.0
PRIOR_ON = {3: 0.8, 2: 0.7, 1: 0.5}
PRIOR_AUTO = {3: 0.5, 2: 0.35, 1: 0.15}
# Until measured, one extra position is assumed to cost this fraction of a
# one-token decode: low enough that drafting gets tried and its real cost measured.
PRIOR_SLOPE = 0.3
MIN_GAIN = 1.03  # expected speed-up a draft must promise over plain decoding


class DraftFinder:
    """Proposes the continuation of the latest earlier occurrence of the text's last n tokens.

    An index maps every n-gram (n <= MAX_NGRAM) to the position just after its most
    recent occurrence that has a continuation, updated per appended token, so a
    lookup costs the same at token 10 and token 5,000.
    """

    def __init__(self, tokens: Sequence[int] = ()):
        self.tokens: list[int] = []
        self._index: list[dict] = [{} for _ in range(MAX_NGRAM + 1)]
        self.extend(tokens)

    def append(self, token: int) -> None:
        tokens, i = self.tokens, len(self.tokens)
        # The n-grams ending just before `token` now have a continuation: it.
        if i >= 1:
            self._index[1][tokens[i - 1]] = i
        for n in range(2, MAX_NGRAM + 1):
            if i >= n:
                self._index[n][tuple(tokens[i - n : i])] = i
        tokens.append(token)

    def extend(self, tokens: Sequence[int]) -> None:
        for token in tokens:
            self.append(token)

    def draft(self, k: int) -> tuple[list[int], int]:
        """Up to `k` proposed tokens and the length n of the match they come from (0: none)."""
        tokens = self.tokens
        size = len(tokens)
        if k <= 0 or not size:
            return [], 0
        for n in range(min(MAX_NGRAM, size), 0, -1):
            key = tokens[-1] if n == 1 else tuple(tokens[size - n :])
            start = self._index[n].get(key)
            if start is not None:
                return tokens[start : start + k], n
        return [], 0


class BatchCosts:
    """Seconds per `llama_decode` by batch size, as measured on this model and machine.

    Kept by the backend for the loaded model, so a short request already knows what
    the hardware charges for a batch. The machine is shared and noisy (another job
    can make one decode ten times slower), so each size keeps the median of its
    recent runs, and the cost of any size comes from one straight line: one token,
    plus the median extra cost per extra position over the sizes measured.
    """

    WINDOW = 15

    def __init__(self) -> None:
        self._seconds: dict[int, deque[float]] = {}
        self._slope: float | None = None  # cached: medians are recomputed every few runs
        self._new_runs = 0

    def observe(self, size: int, seconds: float) -> None:
        runs = self._seconds.get(size)
        if runs is None:
            runs = self._seconds[size] = deque(maxlen=self.WINDOW)
        runs.append(seconds)
        self._new_runs += 1
        if self._new_runs >= 4:
            self._slope = None

    def relative(self, size: int) -> float:
        """Cost of a batch of `size` tokens over the cost of one token."""
        if size <= 1:
            return 1.0
        return 1.0 + self.slope() * (size - 1)

    def slope(self) -> float:
        """Extra cost of one more position in a batch, as a fraction of a one-token decode."""
        if self._slope is None:
            self._slope = self._fit()
            self._new_runs = 0
        return self._slope

    def _fit(self) -> float:
        ones = self._seconds.get(1)
        if not ones:
            return PRIOR_SLOPE
        one = statistics.median(ones)
        slopes = [
            (statistics.median(runs) - one) / (n - 1)
            for n, runs in self._seconds.items()
            if n > 1 and runs
        ]
        if not slopes or one <= 0:
            return PRIOR_SLOPE
        return max(statistics.median(slopes) / one, 0.02)


class DraftPolicy:
    """How many draft tokens to verify next, from measured acceptance and batch cost."""

    def __init__(self, costs: BatchCosts, *, eager: bool, max_draft: int = MAX_DRAFT):
        prior = PRIOR_ON if eager else PRIOR_AUTO
        self.costs = costs
        self.max_draft = max_draft
        self._accepted = {n: prior[n] * PRIOR_WEIGHT for n in prior}
        self._tried = {n: PRIOR_WEIGHT for n in prior}
        self._idle = 0  # tokens decoded plainly since drafting last ran
        self._gap = PROBE_GAP

    def acceptance(self, n: int) -> float:
        return self._accepted[n] / self._tried[n]

    def choose(self, n: int, available: int) -> int:
        """k for a draft from an n-token match with `available` tokens on offer (0: none)."""
        if n == 0 or available <= 0:
            return 0
        alpha = self.acceptance(n)
        slope = self.costs.slope()
        best_k, best_gain = 0, MIN_GAIN
        expected, p = 1.0, 1.0
        for k in range(1, min(available, self.max_draft) + 1):
            p *= alpha
            expected += p  # tokens produced: the accepted drafts plus one sampled token
            gain = expected / (1.0 + slope * k)  # over a batch of k + 1 tokens
            if gain > best_gain:
                best_k, best_gain = k, gain
        if best_k:
            return best_k
        self._idle += 1
        if self._idle >= self._gap:  # a probe: maybe the reply has started to quote
            self._idle = 0
            self._gap = min(self._gap * 2, MAX_PROBE_GAP)
            return min(available, 2)
        return 0

    def observe(self, n: int, drafted: int, accepted: int) -> None:
        """Record one verification: `accepted` of `drafted` tokens from an n-token match."""
        rejected = 1 if accepted < drafted else 0
        self._accepted[n] = self._accepted[n] * DECAY + accepted
        self._tried[n] = self._tried[n] * DECAY + accepted + rejected
        self._idle = 0
        if accepted:
            self._gap = PROBE_GAP


class Speculator:
    """Drafts, verifies in one batch and rolls back: one step of the engine's decode loop.

    `kv_tokens` is the backend's list of what the KV cache holds; it is kept exact
    (drafts the model rejected are removed from the cache and the list alike).
    """

    def __init__(self, ctx, sampler, kv_tokens: list[int], history: Sequence[int], policy):
        import llama_cpp  # the worker's native library; the pure parts above need none

        self._llama = llama_cpp
        self._ctx = ctx
        self._sampler = sampler
        self._mem = llama_cpp.llama_get_memory(ctx)
        self.kv_tokens = kv_tokens
        self.finder = DraftFinder(history)
        self.policy: DraftPolicy = policy
        self.drafted = 0
        self.accepted = 0
        size = policy.max_draft + 1
        self._batch = llama_cpp.llama_batch_init(size, 0, 1)
        batch = self._batch
        for j in range(size):  # one sequence, logits at every position: set once
            batch.n_seq_id[j] = 1
            batch.seq_id[j][0] = 0
            batch.logits[j] = 1
        self._single = (llama_cpp.llama_token * 1)()

    def close(self) -> None:
        if self._batch is not None:
            self._llama.llama_batch_free(self._batch)
            self._batch = None

    __del__ = close  # also when the loop ended by an exception

    def advance(self, pending: int, room: int) -> tuple[list[int], int]:
        """Evaluate `pending` (plus drafts); return (the tokens sampled after it, decode rc).

        `room`: how many tokens may follow `pending` and still be used (max_tokens, the
        context): at most room drafts are verified, so at most room + 1 tokens come
        back. The list is empty only when llama_decode failed (rc != 0).
        """
        from time import perf_counter

        llama = self._llama
        finder, policy = self.finder, self.policy
        finder.append(pending)
        draft, n = finder.draft(min(policy.max_draft, room))
        k = policy.choose(n, len(draft))
        base = len(self.kv_tokens)
        if k == 0:
            self._single[0] = pending
            started = perf_counter()
            rc = llama.llama_decode(self._ctx, llama.llama_batch_get_one(self._single, 1))
            policy.costs.observe(1, perf_counter() - started)
            if rc != 0:
                return [], rc
            self.kv_tokens.append(pending)
            token = llama.llama_sampler_sample(self._sampler, self._ctx, -1)
            return [token], 0
        draft = draft[:k]
        batch = self._batch
        batch.n_tokens = k + 1
        batch.token[0] = pending
        batch.pos[0] = base
        for j, token in enumerate(draft, 1):
            batch.token[j] = token
            batch.pos[j] = base + j
        started = perf_counter()
        rc = llama.llama_decode(self._ctx, batch)
        policy.costs.observe(k + 1, perf_counter() - started)
        if rc != 0:
            return [], rc
        sample = llama.llama_sampler_sample
        out = []
        for i in range(k + 1):
            token = sample(self._sampler, self._ctx, i)
            out.append(token)
            if i == k or token != draft[i]:
                break
        accepted = len(out) - 1
        kept = base + 1 + accepted
        if accepted < k and not llama.llama_memory_seq_rm(self._mem, 0, kept, -1):
            raise EngineError("llama.cpp could not roll back the rejected draft tokens")
        self.kv_tokens.append(pending)
        self.kv_tokens.extend(draft[:accepted])
        policy.observe(n, k, accepted)
        self.drafted += k
        self.accepted += accepted
        finder.extend(out[:-1])  # the last one is the next `pending`
        return out, 0


def supports_rollback(model) -> bool:
    """Whether the model's memory can drop a tail of positions (not recurrent or hybrid)."""
    import llama_cpp

    for name in ("llama_model_is_recurrent", "llama_model_is_hybrid"):
        check = getattr(llama_cpp, name, None)
        if check is not None and check(model):
            return False
    return True


# ------------------------------------------------------------ sampling theory
def accept_draft(probs: Sequence[float], draft: int, rng: random.Random) -> int:
    """The standard speculative-sampling rule for a deterministic draft; returns the token.

    The draft distribution q is a point mass on `draft`, so min(1, p/q) = p(draft):
    accept it with probability p(draft), else sample from p with `draft` removed and
    renormalised (the residual max(0, p - q)). Every token then comes out with
    probability exactly p. The engine uses the equivalent form `sample_and_match`,
    because it keeps llama.cpp's native sampler chain (grammar, penalties) and its
    random stream untouched; tests check both against p.
    """
    p_draft = probs[draft]
    if rng.random() < p_draft:
        return draft
    residual = [0.0 if i == draft else p for i, p in enumerate(probs)]
    total = sum(residual)
    if total <= 0:
        return draft
    return _sample(residual, rng, total)


def sample_and_match(probs: Sequence[float], draft: int, rng: random.Random) -> tuple[int, bool]:
    """Sample y from p; the draft is accepted when y == draft, else y is the output.

    P(accept) = p(draft) and P(y | rejected) = p(y) / (1 - p(draft)) for y != draft:
    the same joint law as `accept_draft`, drawn with one random number per position,
    which is what the engine's loop does with the native chain.
    """
    token = _sample(probs, rng, sum(probs))
    return token, token == draft


def _sample(weights: Sequence[float], rng: random.Random, total: float) -> int:
    target = rng.random() * total
    running = 0.0
    for i, w in enumerate(weights):
        running += w
        if target < running:
            return i
    return max(i for i, w in enumerate(weights) if w > 0)
