"""What every section of the benchmark shares: settings, targets, prompts, filler text."""

from __future__ import annotations

import random
from collections.abc import Callable

from app.core.measure import SYSTEM_PROMPT

SCHEMA_VERSION = 1
LLAMA_BENCH_ENV = "QUILLMATE_LLAMA_BENCH"
LLAMA_BENCH_MISSING = "not available (run tests/bench/build_llama_bench.sh)"
DEFAULT_N_CTX = 4096
DEFAULT_N_BATCH = 512

# Targets from the issue; the report says for each whether this run met it.
TARGET_DECODE_VS_LLAMA_BENCH = 0.95  # engine decode >= 0.95x llama-bench tg128
TARGET_DECODE_VS_RAW = 1.0  # engine decode never below create_completion
TARGET_SECOND_TURN_RATIO = 0.2  # follow-up TTFT <= 0.2x the cold first turn

# A prompt that makes SmolLM2-135M ramble on for well over 128 tokens under
# greedy decoding, so decode runs are full length without an ignore-EOS switch.
DECODE_PROMPT = "The history of the city of London"
FOLLOW_UP = "Thank you. Now answer in one short sentence: which point matters most?"

# Common words for prompts that never repeat a sentence (seeded, reproducible).
_WORDS = (
    "time year people way day man thing woman life child world school state family "
    "student group country problem hand part place case week company system program "
    "question work government number night point home water room mother area money "
    "story fact month lot right study book eye job word business issue side kind head "
    "house service friend father power hour game line end member law car city name "
    "team minute idea kid body information back parent face others level office door "
    "health person art war history party result change morning reason research girl "
    "guy moment air teacher force education foot boy age policy music market sense "
    "nation plan college interest death experience effect class control care field "
    "development role effort rate heart drug show leader light voice wife police mind "
    "price report decision son view relationship town road arm difference value "
    "building action model season society tax director position player record paper "
    "space ground form event official matter center couple site project activity star "
    "table need court oil situation cost industry figure street image phone data "
    "picture practice piece land product doctor wall patient worker news test movie "
    "north love support technology step baby computer type attention film tree source "
    "organization hair window evidence population site garden river bridge mountain "
    "keep find give tell become leave feel bring begin seem help show hear play run "
    "move live believe hold happen write provide sit stand lose pay meet include "
    "continue set learn lead understand watch follow stop create speak read allow add "
    "spend grow open walk win offer remember consider appear buy wait serve die send "
    "expect build stay fall cut reach kill remain suggest raise pass sell require "
    "report decide pull explain hope develop carry break receive agree support hit "
    "produce eat cover catch draw choose cause point listen realize place close "
    "new good high old great big small large local social important long young "
    "national different early black white real best political public sure low late "
    "free full major strong whole clear special easy recent certain personal open "
    "red difficult available likely short single medical current wrong private past "
    "foreign fine common poor natural significant similar hot dead central happy "
    "serious ready simple left physical general environmental financial blue "
    "democratic dark various entire close legal religious cold final main green nice "
    "huge popular traditional cultural quiet"
).split()


class BenchError(Exception):
    """The benchmark cannot run (no model, bad option); the message is one line."""


def filler_text(n_words: int, seed: int) -> str:
    """Sentences of common words, different for every seed and never repeating."""
    rng = random.Random(seed)
    sentences, count = [], 0
    while count < n_words:
        length = min(rng.randint(6, 16), n_words - count)
        words = [rng.choice(_WORDS) for _ in range(length)]
        sentences.append(" ".join(words).capitalize() + ".")
        count += length
    return " ".join(sentences)


def text_of_tokens(count_tokens: Callable[[str], int], target: int, seed: int) -> str:
    """The longest filler text (for `seed`) that is at most `target` tokens."""
    lo, hi = 1, max(2, target)  # a word is at least one token
    best = filler_text(1, seed)
    while lo <= hi:
        mid = (lo + hi) // 2
        text = filler_text(mid, seed)
        if count_tokens(text) <= target:
            best, lo = text, mid + 1
        else:
            hi = mid - 1
    return best


def chat_history(count_tokens: Callable[[str], int], target: int, seed: int) -> list[dict]:
    """A system prompt and alternating user/assistant turns, about `target` tokens."""
    rng = random.Random(seed)
    messages = [{"role": "system", "content": SYSTEM_PROMPT}]
    total = count_tokens(SYSTEM_PROMPT) + 6  # ChatML adds ~5 tokens per message
    turn = 0
    while total < target:
        role = "user" if turn % 2 == 0 else "assistant"
        n_words = rng.randint(25, 45) if role == "user" else rng.randint(90, 150)
        text = filler_text(n_words, seed * 1000 + turn)
        if role == "user":
            text = f"Question {turn // 2 + 1}: {text} What do you think?"
        cost = count_tokens(text) + 6
        if total + cost > target and role == "user" and turn:
            break
        messages.append({"role": role, "content": text})
        total += cost
        turn += 1
    if messages[-1]["role"] == "user":
        messages.append({"role": "assistant", "content": filler_text(40, seed * 1000 + turn)})
    messages.append(
        {"role": "user", "content": "Please sum up our whole conversation in a few sentences."}
    )
    return messages
