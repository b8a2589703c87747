"""Batch grading with several submissions in flight, for servers that batch requests.

A vLLM or llama-server box answers many requests at once (continuous batching), so a
class set graded one reply at a time leaves it mostly idle. Here each lane is its own
engine (its own HTTP stream) pulling the next pending submission; results are
committed one by one exactly as in the one-at-a-time run, so pause, cancel and
resume-after-quit behave the same. When the server answers 429 or 503 (the engine
counts them in `throttled`), one lane stops after its submission: fewer in flight
until the server keeps up, never fewer than one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from app.core.grading.grader import Grader
from app.core.grading.runner import MAX_ENGINE_DEATHS, Progress, kept_flags

log = logging.getLogger(__name__)


class _Shared:
    """What the lanes share, behind one lock."""

    def __init__(self, pending, lanes: int, done: int):
        self.lock = threading.Lock()
        self.queue = deque(pending)
        self.allowed = lanes
        self.done = done
        self.deaths = 0
        self.stop_state = ""  # set once the engine keeps dying
        self.error = ""


def run_in_flight(runner, run_id: int) -> str:
    """Grade run `run_id`'s pending submissions on all of `runner.lanes` at once."""
    store = runner.store
    info = store.get_run(run_id)
    pending = store.pending_ids(run_id)  # ids only: each lane reads its text in turn
    total = sum(store.counts(run_id).values())
    shared = _Shared(pending, len(runner.lanes), total - len(pending))
    store.set_run_state(run_id, "running")
    started = time.monotonic()

    def lane(index: int, engine) -> None:
        grader = Grader(engine, info.assignment, info.options, runner._stop_requested)
        while True:
            with shared.lock:
                if runner._cancel.is_set() or runner._pause.is_set() or shared.stop_state:
                    return
                if index >= shared.allowed or not shared.queue:
                    return
                result_id = shared.queue.popleft()
                done = shared.done
            submission = store.pending_submission(result_id)
            if submission is None:  # graded meanwhile
                continue
            runner.on_progress(
                Progress(run_id, done, total, submission.student, time.monotonic() - started)
            )
            throttled = getattr(engine, "throttled", 0)
            outcome, died = runner.attempt(grader, submission)
            if outcome is None:  # cancelled: it stays pending
                return
            with shared.lock:
                shared.deaths = shared.deaths + 1 if died else 0
                if shared.deaths >= MAX_ENGINE_DEATHS:
                    shared.stop_state = "interrupted"
                    shared.error = f"the engine keeps stopping: {outcome.error}"
                if getattr(engine, "throttled", 0) > throttled and shared.allowed > 1:
                    shared.allowed -= 1
                    log.info("server busy: %d request(s) in flight from now on", shared.allowed)
            flags = kept_flags(submission.id, submission.flags + outcome.flags, info.options)
            store.save_outcome(result_id, outcome, flags)
            with shared.lock:
                shared.done += 1
            runner.on_result(result_id)

    threads = [
        threading.Thread(target=lane, args=(i, e), name=f"quillmate-grade-lane-{i}", daemon=True)
        for i, e in enumerate(runner.lanes)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if shared.stop_state:
        state = shared.stop_state
    elif runner._cancel.is_set():
        state = "cancelled"
    elif store.pending_ids(run_id):
        state = "paused"
    else:
        state = "finished"
    return runner.finish(run_id, state, shared.error, shared.done, total, started)
