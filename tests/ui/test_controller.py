"""The controller's threading contract, with a scripted stand-in for ChatService.

The stand-in is not an engine mock for the end-to-end tests (those use the real
model); it lets these tests hold a reply open for as long as they need, to
check Orange-style cancel deterministically: a superseded run's late results
never reach the UI, a stopped run's result does.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest

from app.engine.types import EngineError
from app.ui.chat.controller import ChatController


@dataclass
class FakeMessage:
    id: int
    conversation_id: int
    content: str = ""
    status: str = "streaming"


@dataclass
class FakeResult:
    message: FakeMessage
    done: object = None
    error: str | None = None


class ScriptedChat:
    """Streams "tok " until stopped; `release` lets a reply proceed."""

    def __init__(self):
        self.model_info = None
        self.stopped = threading.Event()
        self.release = threading.Event()
        self.calls = []
        self._next = 100

    def send(self, cid, text, listener=None):
        self.calls.append(("send", cid, text))
        self.stopped.clear()
        self._next += 1
        assistant = FakeMessage(self._next, cid)
        listener.reply_started(FakeMessage(self._next + 1000, cid, text, "complete"), assistant)
        parts = []
        while not self.stopped.is_set():
            listener.text_received("tok ")
            parts.append("tok ")
            if self.release.wait(0.01):
                break
        status = "stopped" if self.stopped.is_set() else "complete"
        return FakeResult(FakeMessage(assistant.id, cid, "".join(parts), status))

    def load_model(self, path):
        if path == "bad.gguf":
            raise EngineError("bad.gguf is not a GGUF file.")
        self.model_info = object()
        return self.model_info

    def stop(self):
        self.stopped.set()


@pytest.fixture
def controller(qtbot):
    ctl = ChatController(ScriptedChat())
    yield ctl
    ctl.shutdown(timeout=5)


def test_stop_keeps_the_result(qtbot, controller):
    texts = []
    controller.text_received.connect(texts.append)
    with qtbot.waitSignal(controller.reply_started, timeout=2000):
        controller.send(1, "hello")
    assert controller.is_replying and controller.replying_conversation == 1
    qtbot.waitUntil(lambda: len(texts) >= 3, timeout=2000)
    with qtbot.waitSignal(controller.reply_finished, timeout=2000) as blocker:
        controller.stop()
    result = blocker.args[0]
    assert result.message.status == "stopped"
    assert result.message.content.startswith("tok tok tok")
    qtbot.waitUntil(lambda: not controller.is_busy, timeout=2000)


def test_a_new_reply_supersedes_and_drops_late_results(qtbot, controller):
    finished, started = [], []
    controller.reply_finished.connect(finished.append)
    controller.reply_started.connect(lambda user, assistant: started.append(assistant.id))
    with qtbot.waitSignal(controller.reply_started, timeout=2000):
        controller.send(1, "first")
    first_id = started[0]
    # The second send cancels the first; its reply_finished must never arrive.
    with qtbot.waitSignal(controller.reply_started, timeout=2000):
        controller.send(2, "second")
    controller.chat.release.set()
    qtbot.waitUntil(lambda: not controller.is_busy, timeout=2000)
    qtbot.wait(50)  # let any late queued signal through, if one were coming
    assert [r.message.conversation_id for r in finished] == [2]
    assert started[0] == first_id and len(started) == 2
    assert [c[2] for c in controller.chat.calls] == ["first", "second"]


def test_cancel_drops_everything(qtbot, controller):
    events = []
    controller.text_received.connect(lambda t: events.append("text"))
    controller.reply_finished.connect(lambda r: events.append("finished"))
    with qtbot.waitSignal(controller.reply_started, timeout=2000):
        controller.send(1, "x")
    controller.cancel()
    seen = len(events)
    assert not controller.is_replying
    with qtbot.waitSignal(controller.busy_changed, timeout=2000):
        pass
    qtbot.wait(50)
    assert "finished" not in events and len(events) == seen


def test_load_model_success_and_one_line_failure(qtbot, controller):
    with qtbot.waitSignal(controller.model_loaded, timeout=2000):
        controller.load_model("good.gguf")
    with qtbot.waitSignal(controller.model_load_failed, timeout=2000) as blocker:
        controller.load_model("bad.gguf")
    assert blocker.args == ["bad.gguf is not a GGUF file."]
    qtbot.waitUntil(lambda: not controller.is_busy, timeout=2000)


def test_work_runs_off_the_gui_thread(qtbot):
    seen = []

    class Chat(ScriptedChat):
        def load_model(self, path):
            seen.append(threading.current_thread() is threading.main_thread())
            return object()

    ctl = ChatController(Chat())
    try:
        with qtbot.waitSignal(ctl.model_loaded, timeout=2000):
            ctl.load_model("m.gguf")
        assert seen == [False]
    finally:
        ctl.shutdown(timeout=5)
