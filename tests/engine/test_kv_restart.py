"""A long chat's KV cache outlives the worker: real llama.cpp, real SmolLM2, real processes.

One worker answers a ~1,500-token chat and shuts down, saving its KV state; a fresh
worker given the same state folder answers the next turn. Greedy replies are compared:

* with the default f16 KV cache, a token's logits differ slightly between batch
  shapes (one token at a time vs a prompt batch), so the restored reply is compared
  with a worker that never restarted (turn 1 then turn 2 in one worker): the same
  tokens reach the KV cache in the same batch shapes, and the text must be equal;
* with q8_0 and flash attention the logits are batch-invariant, so the restored reply
  must equal a truly cold run that reads the whole chat at once.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.bench.common import FOLLOW_UP, chat_history
from app.core.measure import greedy
from app.engine import deaths, kv_persist
from app.engine.client import EngineClient
from app.engine.types import Done, GenerateRequest, LoadOptions

# Safe kernels run on every CPU (the default ones crash on some VMs that list AMX);
# what is saved and restored is the same either way.
KERNELS = "safe"


def options(model_path, state_dir, **changes) -> LoadOptions:
    base = LoadOptions(
        path=str(model_path), n_ctx=4096, n_threads=2, kernels=KERNELS,
        state_dir=str(state_dir) if state_dir else None,
    )  # fmt: skip
    return dataclasses.replace(base, **changes)


def turns(client: EngineClient) -> tuple[GenerateRequest, Callable[[str], GenerateRequest]]:
    messages = chat_history(client.count_tokens, 1500, seed=1)
    first = GenerateRequest(messages=messages, sampling=greedy(16, 1.1))

    def second(reply: str) -> GenerateRequest:
        more = [*messages, {"role": "assistant", "content": reply}]
        more.append({"role": "user", "content": FOLLOW_UP})
        return GenerateRequest(messages=more, sampling=greedy(32, 1.1))

    return first, second


def state_files(folder: Path) -> list[Path]:
    return sorted(Path(folder).glob(f"*{kv_persist.SUFFIX}"))


@dataclasses.dataclass
class Saved:
    folder: Path  # the state file of turn 1 (conversation and reply)
    turn1: GenerateRequest
    turn2: GenerateRequest
    saved_while_open: bool
    unbroken: Done | None = None  # turn 2 from the same worker, never restarted

    def short(self) -> GenerateRequest:
        """A request sharing a few hundred tokens with the file: cheap to read cold."""
        return GenerateRequest(messages=self.turn1.messages[:4], sampling=greedy(8))


def wait_for_a_file(folder: Path) -> bool:
    deadline = time.monotonic() + 60
    while not state_files(folder) and time.monotonic() < deadline:
        time.sleep(0.2)  # the worker saves after IDLE_SAVE_SECONDS without a request
    return bool(state_files(folder))


@pytest.fixture(scope="module")
def saved(model_path, tmp_path_factory) -> Saved:
    """Turn 1, the state the idle worker saves, then turn 2 in that same worker."""
    live, snapshot = tmp_path_factory.mktemp("kv-live"), tmp_path_factory.mktemp("kv") / "s"
    client = EngineClient()
    try:
        client.load(options(model_path, live))
        turn1, second = turns(client)
        done = client.complete(turn1)
        saved_while_open = wait_for_a_file(live)
        shutil.copytree(live, snapshot)
        turn2 = second(done.text)
        unbroken = client.complete(turn2)
    finally:
        client.close()
    return Saved(snapshot, turn1, turn2, saved_while_open, unbroken)


def copy_of(saved: Saved, tmp_path: Path) -> Path:
    folder = tmp_path / "states"
    shutil.copytree(saved.folder, folder)
    return folder


def reply(model_path, state_dir, request: GenerateRequest, **changes):
    client = EngineClient()
    try:
        client.load(options(model_path, state_dir, **changes))
        return client.complete(request)
    finally:
        client.close()


def engine_log() -> str:
    path = deaths.engine_log()
    return path.read_text(errors="replace") if path.exists() else ""


def test_an_idle_worker_saves_its_state_without_being_closed(saved):
    assert saved.saved_while_open
    [path] = state_files(saved.folder)
    with path.open("rb") as f:
        header, tokens, _ = kv_persist.read_header(f)
    assert len(tokens) >= 1400 and header["key"]["n_ctx"] == 4096


def test_a_restarted_worker_restores_the_chat_and_replies_as_if_never_closed(
    saved, model_path, tmp_path
):
    folder = copy_of(saved, tmp_path)
    restored = reply(model_path, folder, saved.turn2)
    assert restored.stats.cached_tokens >= 1400, restored.stats
    # Restored: turn 1 and its reply; read now: only the follow-up question.
    assert restored.stats.cached_tokens < restored.stats.prompt_tokens - 10
    # The reference: the worker that never restarted (the same batch shapes).
    unbroken = saved.unbroken
    assert unbroken.stats.cached_tokens == restored.stats.cached_tokens
    assert restored.text == unbroken.text and restored.text


def test_with_a_batch_invariant_cache_the_restored_reply_equals_a_cold_one(model_path, tmp_path):
    """Closed right after turn 1 (no idle moment): the state is saved at shutdown.

    A shorter chat (~700 tokens) than the f16 test's: q8_0 with flash attention reads
    a prompt several times slower on a small CPU, and the point here is equality.
    """
    folder = tmp_path / "q8"
    client = EngineClient()
    try:
        client.load(options(model_path, folder, kv_cache="q8_0"))
        chat = chat_history(client.count_tokens, 700, seed=3)
        first = client.complete(GenerateRequest(messages=chat, sampling=greedy(16, 1.1)))
        assert not state_files(folder)
    finally:
        client.close()
    assert state_files(folder)
    more = [*chat, {"role": "assistant", "content": first.text}]
    turn2 = GenerateRequest(
        messages=[*more, {"role": "user", "content": FOLLOW_UP}], sampling=greedy(32, 1.1)
    )
    restored = reply(model_path, folder, turn2, kv_cache="q8_0")
    cold = reply(model_path, None, turn2, kv_cache="q8_0")
    assert restored.stats.cached_tokens >= 600 and cold.stats.cached_tokens == 0
    assert restored.text == cold.text and restored.text


def _flip_in_state(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1000] ^= 0x40
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damage", [_flip_in_state, _truncate], ids=["flipped", "truncated"])
def test_a_corrupt_state_file_is_removed_and_never_trusted(saved, model_path, tmp_path, damage):
    folder = copy_of(saved, tmp_path)
    [path] = state_files(folder)
    damage(path)
    done = reply(model_path, folder, saved.short())
    assert done.stats.cached_tokens == 0 and done.text
    assert not path.exists()
    assert f"KV state file {path.name} removed: corrupt" in engine_log()


def _other_llama_cpp(path: Path) -> None:
    with path.open("rb") as f:
        header, tokens, _ = kv_persist.read_header(f)
        state = kv_persist.read_state(f, header)
    key = {**header["key"], "llama_cpp": "0.0.1"}
    path.write_bytes(
        kv_persist.pack_header(key, tokens, state) + kv_persist._token_bytes(tokens) + state
    )


@pytest.mark.parametrize(
    ("change", "load", "names"),
    [(_other_llama_cpp, {}, "llama_cpp"), (None, {"n_ctx": 2048}, "n_ctx")],
    ids=["other-llama.cpp", "other-n_ctx"],
)
def test_a_stale_state_file_is_removed(saved, model_path, tmp_path, change, load, names):
    folder = copy_of(saved, tmp_path)
    [path] = state_files(folder)
    if change:
        change(path)
    done = reply(model_path, folder, saved.short(), **load)
    assert done.stats.cached_tokens == 0 and done.text
    assert not path.exists()
    assert f"KV state file {path.name} removed: stale (differs in {names})" in engine_log()


def test_a_replaced_model_file_makes_its_states_stale(saved, model_path, tmp_path):
    model = tmp_path / "model.gguf"
    shutil.copyfile(model_path, model)
    folder = tmp_path / "states"
    client = EngineClient()
    try:
        client.load(options(model, folder))
        chat = chat_history(client.count_tokens, 700, seed=2)
        client.complete(GenerateRequest(messages=chat, sampling=greedy(4)))
    finally:
        client.close()  # saves at shutdown
    [path] = state_files(folder)
    later = time.time() + 10
    os.utime(model, (later, later))  # the same path, another file as far as we can tell
    done = reply(model, folder, GenerateRequest(messages=chat[:4], sampling=greedy(4)))
    assert done.stats.cached_tokens == 0
    assert not path.exists()
    assert "differs in model" in engine_log()
