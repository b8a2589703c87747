"""The one background-work helper: off the GUI thread, results on it, cancel, failure text."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from app.engine.types import EngineError
from app.hub.errors import HubError, HubUnreachable
from app.ui.tasks import OFFLINE_MESSAGE, CancelToken, GuiRelay, TaskCancelled, TaskRunner, one_line


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner(thread_name="test-worker")
    yield runner
    runner.shutdown()
    left = [t.name for t in threading.enumerate() if t.name.startswith("test-worker")]
    assert not left


def gui_thread():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().thread()


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot, runner):
    seen = {}

    def work(task):
        seen["work"] = threading.current_thread().name
        seen["work_is_gui"] = QThread.currentThread() is gui_thread()
        task.report(1)
        task.report(2)
        return 42

    got = []
    progress = []

    def done(result):
        seen["done_is_gui"] = QThread.currentThread() is gui_thread()
        got.append(result)

    ended = []
    runner.submit(work, done=done, progress=progress.append, ended=lambda: ended.append(1))
    qtbot.waitUntil(lambda: bool(ended))
    assert seen["work"] == "test-worker"
    assert seen["work_is_gui"] is False
    assert seen["done_is_gui"] is True
    assert progress == [1, 2] and got == [42]
    assert not runner.busy()


def test_failure_is_one_line_and_never_raises_into_qt(qtbot, runner):
    messages = []

    def work(_task):
        raise ValueError("bad input\nsecond line of detail")

    runner.submit(work, done=lambda _r: messages.append("done?"), failed=messages.append)
    qtbot.waitUntil(lambda: bool(messages))
    assert messages == ["ValueError: bad input"]


def test_one_line_is_the_one_text_for_errors():
    assert one_line(EngineError("The model could not load.\nmore")) == "The model could not load."
    assert one_line(HubError("Not found")) == "Not found"
    assert one_line(HubUnreachable("socket timeout")) == OFFLINE_MESSAGE
    assert one_line(KeyError()) == "KeyError"
    assert one_line(OSError("disk full")) == "OSError: disk full"


def test_cancel_drops_late_reports_and_the_work_sees_its_token(qtbot, runner):
    release = threading.Event()
    saw_cancel = threading.Event()
    results, progress, ended = [], [], []

    def work(task):
        release.wait(5)
        task.post(progress.append, "late")  # dropped: cancelled by now
        if task.cancelled:
            saw_cancel.set()
        return "late result"

    task = runner.submit(work, done=results.append, progress=progress.append,
                         ended=lambda: ended.append(1))  # fmt: skip
    runner.cancel(task)
    assert not runner.busy()
    release.set()
    qtbot.waitUntil(lambda: bool(ended))
    assert saw_cancel.is_set()
    assert results == [] and progress == []
    assert task.ended


def test_report_raises_once_cancelled_and_the_task_ends_quietly(qtbot, runner):
    started = threading.Event()
    failed, ended = [], []

    def work(task):
        started.set()
        while True:
            task.report("step")  # raises TaskCancelled after cancel()
            threading.Event().wait(0.01)

    task = runner.submit(work, failed=failed.append, ended=lambda: ended.append(1))
    assert started.wait(5)
    runner.cancel(task)
    qtbot.waitUntil(lambda: bool(ended))
    assert failed == []


def test_a_key_supersedes_the_task_still_running(qtbot, runner):
    release = threading.Event()
    results = []

    def slow(_task):
        release.wait(5)
        return "old"

    runner.submit(slow, done=results.append, key="search")
    runner.submit(lambda _t: "new", done=results.append, key="search")
    release.set()
    qtbot.waitUntil(lambda: bool(results))
    qtbot.wait(50)
    assert results == ["new"]


def test_one_worker_keeps_submission_order(qtbot, runner):
    order = []
    for n in range(20):
        runner.submit(lambda _t, n=n: n, done=order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))


def test_several_workers_run_at_once(qtbot):
    runner = TaskRunner(thread_name="pool-worker", max_workers=3)
    barrier = threading.Barrier(3, timeout=5)
    names = []
    for _ in range(3):
        runner.submit(lambda _t: (barrier.wait(), threading.current_thread().name)[1],
                      done=names.append)  # fmt: skip
    qtbot.waitUntil(lambda: len(names) == 3)
    assert len(set(names)) == 3 and all(n.startswith("pool-worker_") for n in names)
    runner.shutdown()


def test_shutdown_cancels_queued_work_and_refuses_more(qtbot, runner):
    release = threading.Event()
    ran = []
    runner.submit(lambda _t: release.wait(5))
    runner.submit(lambda _t: ran.append("queued"))
    release.set()
    runner.shutdown()
    assert ran == []
    assert runner.submit(lambda _t: None) is None


def test_cancel_token_check():
    token = CancelToken()
    token.check()
    token.cancel()
    assert token.cancelled
    with pytest.raises(TaskCancelled):
        token.check()


def test_gui_relay_calls_on_the_gui_thread(qtbot):
    relay = GuiRelay()
    calls = []

    def record(value):
        calls.append((value, QThread.currentThread() is gui_thread()))

    thread = threading.Thread(target=lambda: relay.call_soon(record, "x"))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(calls))
    assert calls == [("x", True)]
