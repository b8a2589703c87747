"""ChatService with the real model, store and engine worker."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from app.engine.types import EngineError
from app.paths import app_paths
from app.services import Services

pytestmark = pytest.mark.model


class Recorder:
    def __init__(self, on_text=None):
        self.started = []
        self.texts = []
        self.on_text = on_text

    def reply_started(self, user, assistant):
        self.started.append((user, assistant))

    def text_received(self, text):
        self.texts.append(text)
        if self.on_text:
            self.on_text(text)


@pytest.fixture
def services(model_path):
    services = Services.create()
    services.settings["default_model"] = str(model_path)
    services.settings["sampling"] = {
        **services.settings["sampling"],
        "temperature": 0,
        "max_tokens": 24,
        "seed": 3,
    }
    yield services
    services.close()


def new_chat(services):
    return services.store.create_conversation(system_prompt="You are a helpful assistant.").id


def test_send_saves_both_messages_and_streams(services):
    cid = new_chat(services)
    recorder = Recorder()
    result = services.chat.send(cid, "What is the capital of Japan?", recorder)
    assert result.error is None
    thread = services.store.thread(cid)
    assert [m.role for m in thread] == ["user", "assistant"]
    assert thread[1].content == result.message.content == "".join(recorder.texts)
    assert "Tokyo" in thread[1].content
    assert thread[1].status == "complete"
    assert thread[1].meta["completion_tokens"] > 0 and "tokens_per_second" in thread[1].meta
    assert recorder.started[0][0].content == "What is the capital of Japan?"
    assert services.store.get_conversation(cid).title == "What is the capital of Japan?"


def test_follow_up_uses_the_history_and_the_kv_cache(services):
    cid = new_chat(services)
    services.chat.send(cid, "My name is Ada. Remember it.")
    second = services.chat.send(cid, "What is my name?")
    assert second.done.stats.cached_tokens > 20
    assert len(services.store.thread(cid)) == 4


def test_regenerate_adds_a_sibling_reply(services):
    cid = new_chat(services)
    first = services.chat.send(cid, "Tell me a fun fact.")
    services.store.update_conversation(cid, settings={"temperature": 0.9, "seed": 99})
    second = services.chat.regenerate(cid)
    siblings = services.store.siblings(second.message.id)
    assert [m.id for m in siblings] == [first.message.id, second.message.id]
    assert services.store.thread(cid)[-1].id == second.message.id


def test_edit_and_resend_branches(services):
    cid = new_chat(services)
    services.chat.send(cid, "What is the capital of Japan?")
    user = services.store.thread(cid)[0]
    result = services.chat.edit_and_resend(user.id, "What is the capital of Italy?")
    thread = services.store.thread(cid)
    assert thread[0].content == "What is the capital of Italy?"
    assert thread[1].id == result.message.id
    assert len(services.store.siblings(thread[0].id)) == 2


def test_stop_keeps_the_partial_reply(services):
    cid = new_chat(services)
    services.store.update_conversation(cid, settings={"max_tokens": 800, "temperature": 0.8})
    recorder = Recorder(on_text=lambda _t: services.chat.stop())
    result = services.chat.send(cid, "Write a very long story about a dragon.", recorder)
    assert result.message.status == "stopped"
    assert result.message.content == "".join(recorder.texts)
    assert result.done.stats.completion_tokens < 20


def test_a_dead_engine_keeps_the_partial_reply_and_recovers(services):
    cid = new_chat(services)
    services.store.update_conversation(cid, settings={"max_tokens": 800, "temperature": 0.8})
    pids = []

    def kill_once(_text):
        if not pids:
            pids.append(services.engine.worker_pid)
            os.kill(pids[0], signal.SIGKILL)

    result = services.chat.send(cid, "Write a very long story about a dragon.", Recorder(kill_once))
    assert result.message.status == "interrupted"
    assert "stopped unexpectedly" in result.error
    assert result.message.content  # the text received before the crash is kept
    services.store.update_conversation(cid, settings={"max_tokens": 8})
    again = services.chat.send(cid, "Say hi.")
    assert again.error is None and again.message.status == "complete"
    assert services.engine.worker_pid != pids[0]


def test_no_model_is_a_clear_error(_fresh_home):
    services = Services.create()
    try:
        cid = services.store.create_conversation().id
        with pytest.raises(EngineError, match="No model"):
            services.chat.send(cid, "Hello")
        assert [m.role for m in services.store.thread(cid)] == ["user"]  # nothing lost
    finally:
        services.close()


def test_app_killed_mid_reply_loses_at_most_a_second(model_path, _fresh_home):
    script = textwrap.dedent(
        f"""
        import sys
        from app.services import Services

        class Say:
            def reply_started(self, user, assistant):
                pass
            def text_received(self, text):
                sys.stdout.write("t"); sys.stdout.flush()

        if __name__ == "__main__":
            s = Services.create()
            s.settings["default_model"] = {str(model_path)!r}
            cid = s.store.create_conversation().id
            s.store.update_conversation(cid, settings={{"max_tokens": 2000, "temperature": 0.8}})
            s.chat.send(cid, "Write a very long story about a dragon.", Say())
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    received = 0
    started = None
    while received < 400:
        if not proc.stdout.read(1):
            break
        received += 1
        started = started or time.monotonic()
        if time.monotonic() - started > 2.5:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    database = sqlite3.connect(app_paths().database)
    assert database.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    database.close()
    services = Services.create()
    try:
        conversation = services.store.list_conversations()[0]
        reply = services.store.thread(conversation.id)[-1]
        assert reply.role == "assistant" and reply.status == "interrupted"
        assert len(reply.content) > 20  # saved while it streamed
    finally:
        services.close()
