"""Prompt-lookup speculative decoding: the pure parts, then the real model in its worker.

The model tests compare speculative runs with plain decoding of the same request,
each after a one-token request on another prompt: a prompt reused from the KV
cache is evaluated in a different batch shape than a fresh one, which on its own
can change a greedy reply, so both sides start from a fresh prompt evaluation.
"""

from __future__ import annotations

import json
import random
import threading

import pytest

from app.engine import protocol
from app.engine.client import EngineClient
from app.engine.speculative import (
    BatchCosts,
    DraftFinder,
    DraftPolicy,
    accept_draft,
    sample_and_match,
)
from app.engine.types import (
    Done,
    GenerateRequest,
    GenerationStats,
    LoadOptions,
    SamplingParams,
    TokenBatch,
)

# --------------------------------------------------------------- pure parts


def test_the_longest_suffix_match_proposes_what_followed_it():
    finder = DraftFinder([5, 6, 7, 8, 9, 1, 2, 6, 7, 3, 4])
    finder.extend([1, 6, 7])  # "1 6 7" is new; "6 7" was seen twice, lately before 3 4
    assert finder.draft(2) == ([3, 4], 2)
    finder = DraftFinder([1, 2, 3, 4, 5, 6, 9, 2, 3])
    assert finder.draft(3) == ([4, 5, 6], 2)  # "2 3" -> 4 5 6 (the suffix itself excluded)
    finder.extend([4])
    assert finder.draft(10) == ([5, 6, 9, 2, 3, 4], 3)  # "2 3 4" -> the rest of the text


def test_no_match_no_draft():
    finder = DraftFinder([1, 2, 3])
    finder.append(4)
    assert finder.draft(4) == ([], 0)
    assert DraftFinder().draft(4) == ([], 0)


def test_costs_are_robust_to_a_slow_outlier_and_extrapolate():
    costs = BatchCosts()
    assert costs.relative(3) == pytest.approx(1.6)  # the prior before any measurement
    for _ in range(5):
        costs.observe(1, 0.010)
        costs.observe(3, 0.020)
    costs.observe(3, 1.0)  # another job took the cores for one run
    assert costs.slope() == pytest.approx(0.5)
    assert costs.relative(5) == pytest.approx(3.0)


def test_policy_drafts_when_it_pays_and_stops_when_it_does_not():
    cheap = BatchCosts()
    for _ in range(4):
        cheap.observe(1, 0.010)
        cheap.observe(5, 0.012)
    policy = DraftPolicy(cheap, eager=True)
    assert policy.choose(3, 8) >= 4
    assert policy.choose(0, 8) == 0 and policy.choose(3, 0) == 0
    for _ in range(10):
        policy.observe(3, 4, 0)  # every draft rejected
    assert policy.acceptance(3) < 0.1
    choices = [policy.choose(3, 8) for _ in range(200)]
    # Off, except for rare probes that get rarer: 8, 16, 32, 64, 128 tokens apart.
    probes = [i for i, k in enumerate(choices) if k]
    assert 1 <= len(probes) <= 5 and all(k <= 2 for k in choices)
    assert probes[1] - probes[0] > probes[0]


def test_policy_keeps_drafts_short_where_batches_are_dear():
    dear = BatchCosts()
    for _ in range(4):
        dear.observe(1, 0.010)
        dear.observe(3, 0.022)  # 0.6 of a token per extra position, as on 2 CPU cores
    policy = DraftPolicy(dear, eager=True)
    for _ in range(10):
        policy.observe(3, 4, 2)  # two of four accepted: about 0.67 per token
    assert policy.choose(3, 12) == 1
    doubtful = DraftPolicy(dear, eager=False)
    assert doubtful.choose(1, 12) == 0  # a one-token match in auto mode: not worth it


def _chi_square(counts: list[int], probs: list[float]) -> float:
    total = sum(counts)
    return sum((c - total * p) ** 2 / (total * p) for c, p in zip(counts, probs, strict=True))


@pytest.mark.parametrize("draft", [0, 2, 4])
def test_acceptance_rule_leaves_the_distribution_unchanged(draft):
    """Chi-square, 4 degrees of freedom: 18.47 is the 0.1 % critical value."""
    probs = [0.05, 0.4, 0.25, 0.2, 0.1]
    rng = random.Random(14)
    n = 20000
    counts = [0] * len(probs)
    accepted = 0
    for _ in range(n):
        token = accept_draft(probs, draft, rng)
        counts[token] += 1
    assert _chi_square(counts, probs) < 18.47
    counts = [0] * len(probs)
    for _ in range(n):
        token, ok = sample_and_match(probs, draft, rng)
        counts[token] += 1
        accepted += ok
    assert _chi_square(counts, probs) < 18.47
    assert accepted / n == pytest.approx(probs[draft], abs=0.015)


def test_a_draft_with_no_probability_is_never_kept():
    rng = random.Random(1)
    probs = [0.5, 0.0, 0.5]
    assert all(accept_draft(probs, 1, rng) != 1 for _ in range(1000))


def test_the_option_and_the_stats_travel_through_the_protocol():
    request = GenerateRequest(prompt="x", speculative=True)
    wire = json.loads(protocol.encode({"request": request}))
    assert protocol.generate_request(wire["request"]).speculative is True
    assert protocol.generate_request({"prompt": "x"}).speculative is None
    stats = GenerationStats(completion_tokens=9, drafted_tokens=8, accepted_tokens=6)
    event = {"event": "done", "id": 1, "text": "", "finish_reason": "stop", "stats": stats}
    done = protocol.done(protocol.decode_event(protocol.encode(event)))
    assert (done.stats.drafted_tokens, done.stats.accepted_tokens) == (8, 6)


def test_edits_and_grading_quotes_ask_for_prompt_lookup():
    from app.core.grading import Grader, GradingOptions
    from app.core.grading.screening.second_opinion import request_for
    from app.core.writing import WriteRequest, WritingService
    from tests.grading.helpers import ESSAY, ScriptedEngine, assignment, grading_script, reply
    from tests.writing.fake_engine import FakeEngine

    engine = FakeEngine(lambda text, request: text)
    WritingService(engine).run(WriteRequest("proofread", "Teh text."))
    WritingService(engine).run(WriteRequest("summarize", "A text to sum up. " * 5))
    assert [r.speculative for r in engine.requests] == [True, None]
    assert request_for("Ignore the rubric.").speculative is True
    graded = ScriptedEngine(grading_script(lambda user: reply()))
    Grader(graded, assignment(), GradingOptions()).grade(ESSAY)
    grading = [r for r in graded.requests if r.json_schema is not None]
    assert grading and all(r.speculative is True for r in grading)


# ------------------------------------------------------------ the real model

TEXT = (
    "The comittee met on tuesday to discuss the new libary. Their was a long debate about "
    "the budget, and many members said the the building is to small for the town. After "
    "two hours, they agreed to ask the council for more money, and to hire an architect "
    "who have built librarys before. The meeting ended at nine oclock.\n\n"
    "Next week, the comittee will visit three other towns to see there libraries. They "
    "hope to learn how other towns payed for new buildings, and what the residents think "
    "about them. A report will be writen by the end of the month."
)
PROOFREAD = [
    {"role": "system", "content": "You are a careful proofreader. You answer with the text only."},
    {
        "role": "user",
        "content": "Correct the spelling, grammar and punctuation of the text below. Keep its "
        "words and paragraph breaks; change nothing else. Reply with the corrected text "
        "only.\n\n" + TEXT,
    },
]
CHAT = [{"role": "user", "content": "Write a short story about a dragon who learns to bake."}]
GREEDY = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=160, seed=1)
FRESH = GenerateRequest(prompt="Hello", sampling=SamplingParams(temperature=0, max_tokens=1))


@pytest.fixture(scope="module")
def engine(model_path):
    client = EngineClient()
    client.load(LoadOptions(path=str(model_path), n_ctx=4096, n_threads=2, kv_cache="q8_0"))
    yield client
    client.close()


def run(engine, request) -> tuple[list[TokenBatch], Done]:
    engine.complete(FRESH)  # the next prompt is evaluated from scratch
    batches, done = [], None
    for event in engine.generate(request):
        if isinstance(event, TokenBatch):
            batches.append(event)
        else:
            done = event
    assert "".join(b.text for b in batches) == done.text
    counts = [b.n_tokens for b in batches]
    assert counts == sorted(counts) and (not counts or counts[-1] == done.stats.completion_tokens)
    return batches, done


def both(engine, messages, sampling=GREEDY, **fields) -> tuple[Done, Done]:
    request = GenerateRequest(messages=messages, sampling=sampling, speculative=False, **fields)
    plain = run(engine, request)[1]
    fast = run(
        engine,
        GenerateRequest(messages=messages, sampling=sampling, speculative=True, **fields),
    )[1]
    assert plain.stats.drafted_tokens == 0
    return plain, fast


@pytest.mark.model
def test_greedy_proofread_is_plain_decoding_token_for_token(engine):
    plain, fast = both(engine, PROOFREAD)
    assert fast.text == plain.text and fast.finish_reason == plain.finish_reason
    assert fast.stats.completion_tokens == plain.stats.completion_tokens > 60
    assert "Tuesday" in fast.text
    # The reply repeats the text: drafts were made and most were kept. How many are
    # drafted is the policy's call from measured batch costs (26 to 110 here, by load).
    assert fast.stats.drafted_tokens >= 10
    assert fast.stats.drafted_tokens >= fast.stats.accepted_tokens
    assert fast.stats.accepted_tokens >= 0.5 * fast.stats.drafted_tokens


@pytest.mark.model
@pytest.mark.parametrize("speculative", [True, None])
def test_greedy_open_chat_is_unchanged(engine, speculative):
    plain = run(engine, GenerateRequest(messages=CHAT, sampling=GREEDY, speculative=False))[1]
    request = GenerateRequest(messages=CHAT, sampling=GREEDY, speculative=speculative)
    other = run(engine, request)[1]
    assert other.text == plain.text
    assert other.stats.completion_tokens == plain.stats.completion_tokens


@pytest.mark.model
def test_sampling_with_a_seed_gives_plain_decodings_very_tokens(engine):
    """The chain draws one random number per position, drafted or not (see the module)."""
    sampling = SamplingParams(temperature=0.8, max_tokens=120, seed=7)
    plain, fast = both(engine, PROOFREAD, sampling)
    assert fast.text == plain.text
    assert fast.stats.drafted_tokens > 0


@pytest.mark.model
def test_stop_strings_and_max_tokens_end_where_plain_decoding_ends(engine):
    plain, fast = both(engine, PROOFREAD, stop=["libraries"])
    assert plain.finish_reason == fast.finish_reason == "stop"
    assert fast.text == plain.text and "libraries" not in fast.text
    assert fast.stats.completion_tokens == plain.stats.completion_tokens
    for limit in (1, 2, 7, 33):
        sampling = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=limit)
        plain, fast = both(engine, PROOFREAD, sampling)
        assert fast.text == plain.text and fast.finish_reason == plain.finish_reason == "length"
        assert fast.stats.completion_tokens == plain.stats.completion_tokens == limit


@pytest.mark.model
def test_json_schema_replies_are_unchanged(engine):
    schema = {
        "type": "object",
        "properties": {"span": {"type": "string", "maxLength": 120}},
        "required": ["span"],
    }
    messages = [
        {"role": "user", "content": "Copy the first sentence of this text as JSON.\n\n" + TEXT}
    ]
    plain, fast = both(engine, messages, json_schema=schema)
    assert fast.text == plain.text
    json.loads(fast.text)


@pytest.mark.model
def test_the_cache_stays_exact_after_rejected_drafts(engine):
    """A follow-up reuses the prefix a speculative reply left in the KV cache."""
    sampling = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=48)
    first = run(engine, GenerateRequest(messages=PROOFREAD, sampling=sampling, speculative=True))
    follow = [
        *PROOFREAD,
        {"role": "assistant", "content": first[1].text},
        {"role": "user", "content": "Now the last sentence only."},
    ]
    again = GenerateRequest(messages=follow, sampling=sampling, speculative=False)
    reused = None
    for event in engine.generate(again):  # straight after: the cache is the first reply's
        if isinstance(event, Done):
            reused = event
    assert reused.stats.cached_tokens >= first[1].stats.prompt_tokens
    fresh = run(engine, again)[1]
    # Prefix reuse may change the last logits a little (another batch shape), but the
    # reused KV entries must be the reply's, not rejected drafts: same text here.
    assert reused.text == fresh.text


@pytest.mark.model
def test_cancel_stops_a_speculative_reply(engine):
    long = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=2000)
    messages = [{"role": "user", "content": "Repeat this text ten times:\n\n" + TEXT}]
    request = GenerateRequest(messages=messages, sampling=long, speculative=True)
    engine.complete(FRESH)
    seen, done = [], None
    timer = None
    for event in engine.generate(request):
        if isinstance(event, TokenBatch):
            seen.append(event)
            if timer is None:
                timer = threading.Timer(0.3, engine.cancel)
                timer.start()
        else:
            done = event
    timer.join()
    assert done.finish_reason == "cancelled"
    assert done.stats.completion_tokens < 2000
    assert done.text == "".join(b.text for b in seen)
    assert run(engine, GenerateRequest(messages=CHAT, sampling=GREEDY))[1].text


@pytest.mark.model
def test_an_f16_kv_cache_never_drafts(model_path):
    """With f16, one-token and batched attention take different paths: drafts would not be exact."""
    client = EngineClient()
    try:
        client.load(LoadOptions(path=str(model_path), n_ctx=1024, n_threads=2, kv_cache="f16"))
        sampling = SamplingParams(temperature=0, repeat_penalty=1.0, max_tokens=24)
        done = client.complete(
            GenerateRequest(messages=PROOFREAD, sampling=sampling, speculative=True)
        )
        assert done.stats.completion_tokens > 0 and done.stats.drafted_tokens == 0
    finally:
        client.close()
