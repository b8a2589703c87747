"""The transcript view: throttled streaming, one-message re-render, links."""

from __future__ import annotations

from app.core.store import Message
from app.ui.chat.message_view import FLUSH_MAX_MS, TAIL, MessageEntry, MessageView


def msg(mid, role, content, status="complete", parent=None, meta=None) -> Message:
    return Message(mid, 1, parent, role, content, status, 0.0, meta or {})


def make(qtbot) -> MessageView:
    view = MessageView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    return view


def test_streaming_text_is_batched_on_a_timer(qtbot):
    view = make(qtbot)
    view.show_thread(
        [MessageEntry(msg(1, "user", "Hi")), MessageEntry(msg(2, "assistant", ""), streaming=True)]
    )
    assert view.streaming_id == 2
    for i in range(200):
        view.append_stream_text(f"w{i} ")
    assert view.flush_count == 0  # nothing inserted per token
    qtbot.waitUntil(lambda: "w199" in view.message_text(2), timeout=FLUSH_MAX_MS * 4)
    assert view.flush_count == 1  # 200 batches, one insertion
    assert "generating" in view.message_text(2)
    assert "w0 w1 w2" in view.message_text(2)


def test_finishing_rerenders_only_the_finished_message(qtbot):
    view = make(qtbot)
    history = [
        MessageEntry(msg(i, "user" if i % 2 else "assistant", f"message **{i}**"))
        for i in range(1, 9)
    ]
    view.show_thread([*history, MessageEntry(msg(9, "assistant", ""), streaming=True)])
    rendered = view.render_count
    view.append_stream_text("Here is code:\n```python\nprint('hi')\n```\n")
    view.flush()
    assert "```python" in view.message_text(9)  # plain while streaming

    final = msg(9, "assistant", "Here is code:\n```python\nprint('hi')\n```\n", "stopped")
    view.show_thread([*history, MessageEntry(final, can_regenerate=True)])
    assert view.render_count == rendered + 1  # just the finished reply
    assert view.streaming_id is None
    text = view.message_text(9)
    assert "```" not in text and "print('hi')" in text  # rendered as a code block
    assert "stopped" in text and "Regenerate" in text
    assert "message **1**" in view.message_text(1)  # the user's text as typed
    assert "message 2" in view.message_text(2)  # replies as Markdown


def test_branch_navigation_and_actions_are_links(qtbot):
    view = make(qtbot)
    actions = []
    view.action_requested.connect(lambda action, mid: actions.append((action, mid)))
    copied = []
    view.copied.connect(copied.append)
    view.show_thread(
        [
            MessageEntry(msg(1, "user", "Question")),
            MessageEntry(
                msg(3, "assistant", "Second answer\n\n```\ncode here\n```", parent=1),
                sibling_index=1,
                sibling_count=3,
                can_regenerate=True,
            ),
        ]
    )
    assert "2/3" in view.message_text(3)
    html = view.message_html(3)
    for href in ("prev:3", "next:3", "regenerate:3", "copy:3", "copycode:3:0"):
        assert href in html
    assert "edit:1" in view.message_html(1)
    view.activate_link("prev:3")
    view.activate_link("edit:1")
    view.activate_link("regenerate:3")
    assert actions == [("prev", 3), ("edit", 1), ("regenerate", 3)]
    view.activate_link("copy:3")
    view.activate_link("copycode:3:0")
    assert copied == ["Second answer\n\n```\ncode here\n```", "code here\n"]


def test_status_notes(qtbot):
    view = make(qtbot)
    view.show_thread(
        [
            MessageEntry(msg(1, "assistant", "partial", "interrupted")),
            MessageEntry(msg(2, "assistant", "x", "error", meta={"error": "The engine failed."})),
        ]
    )
    assert "interrupted — the engine stopped" in view.message_text(1)
    assert "error: The engine failed." in view.message_text(2)


def test_auto_scroll_only_when_at_the_bottom(qtbot):
    view = make(qtbot)
    long_text = "\n\n".join(f"paragraph {i}" for i in range(60))
    view.show_thread(
        [
            MessageEntry(msg(1, "user", long_text)),
            MessageEntry(msg(2, "assistant", ""), streaming=True),
        ]
    )
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and view.is_at_bottom())
    view.append_stream_text("more\n" * 20)
    view.flush()
    qtbot.waitUntil(view.is_at_bottom)  # followed the new text

    bar.setValue(0)  # the user scrolled up to read
    view.append_stream_text("even more\n" * 20)
    view.flush()
    qtbot.wait(20)
    assert bar.value() == 0


def test_long_conversation_renders_its_tail_once(qtbot):
    view = make(qtbot)
    body = "Some *markdown* with `code`.\n\n```python\nx = 1\n```\n"
    entries = [
        MessageEntry(msg(i, "user" if i % 2 else "assistant", f"{i}: {body}"))
        for i in range(1, 401)
    ]
    view.show_thread(entries)
    assert view.rendered_ids() == list(range(401 - TAIL, 401))  # the last messages only
    assert view.message_ids() == list(range(1, 401))  # the whole thread is known
    assert view.render_count == TAIL // 2  # the assistant messages shown, once each
    # Showing the same thread again (e.g. after a reply) re-renders nothing.
    view.show_thread(entries)
    assert view.render_count == TAIL // 2
    # A reply at the end keeps every frame on screen and renders only itself.
    reply = [*entries, MessageEntry(msg(401, "assistant", "new reply"))]
    view.show_thread(reply)
    assert view.render_count == TAIL // 2 + 1
    assert view.rendered_ids()[-2:] == [400, 401]
    # A new branch far above what is shown shows the tail of that branch.
    branch = [*entries[:300], MessageEntry(msg(999, "user", "new branch"))]
    view.show_thread(branch)
    assert view.rendered_ids()[-2:] == [300, 999]
    assert len(view.rendered_ids()) == TAIL


def test_the_view_never_loads_a_file_named_in_a_reply(qtbot, tmp_path):
    """Even raw <img> HTML reaching the view loads nothing: no file read, no request."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument

    picture = tmp_path / "secret.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(picture))
    view = make(qtbot)
    url = QUrl.fromLocalFile(str(picture))
    view.show_thread([MessageEntry(msg(1, "assistant", f"![s]({url.toString()})"))])
    view.insertHtml(f'<img src="{url.toString()}">')
    kind = QTextDocument.ResourceType.ImageResource.value
    for resource in (view.loadResource(kind, url), view.document().resource(kind, url)):
        # the 1x1 placeholder, never the 4x4 picture from the disk
        assert resource.width() == 1 and resource.height() == 1


def test_a_finished_reply_keeps_its_line_breaks(qtbot):
    view = make(qtbot)
    haiku = "An old silent pond\nA frog jumps into the pond\nSplash! Silence again"
    view.show_thread([MessageEntry(msg(1, "assistant", haiku))])
    text = view.message_text(1)
    assert "pond\nA frog" in text.replace("\u2028", "\n")
    assert "<br" in view.document().toHtml() or text.count("\n") >= 2


def test_a_long_code_line_never_scrolls_the_conversation_sideways(qtbot):
    view = make(qtbot)
    code = "```python\nx = " + "'abcdefghij' + " * 300 + "'end'\n```"
    view.show_thread([MessageEntry(msg(1, "assistant", code))])
    qtbot.wait(50)
    assert view.horizontalScrollBar().maximum() == 0
