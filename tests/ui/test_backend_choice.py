"""Choosing a server for a conversation: asked once, shown plainly, saved with it."""

from __future__ import annotations

import pytest

from app.core import endpoints
from app.core.backends import ENDPOINT_KEY
from app.ui.chat import settings_panel

pytestmark = pytest.mark.gui


def test_a_server_is_confirmed_once_and_shown(make_window, services, monkeypatch):
    endpoints.add(services.settings, "box", "http://10.0.0.5:8000/v1")
    window = make_window(services)
    conv = window.store.create_conversation(title="Essay", system_prompt="")
    window.open_conversation(conv.id)
    panel = window.settings_panel
    combo = panel.backend_combo
    assert combo.itemText(0) == "This computer" and not panel.remote_badge.isVisibleTo(panel)
    asked = []
    monkeypatch.setattr(settings_panel, "ask_send_remote", lambda _p, q: asked.append(q) or False)
    combo.setCurrentIndex(1)  # refused: stays on this computer
    assert asked and "http://10.0.0.5:8000/v1" in asked[0]
    assert combo.currentIndex() == 0
    assert ENDPOINT_KEY not in window.store.get_conversation(conv.id).settings
    monkeypatch.setattr(settings_panel, "ask_send_remote", lambda _p, q: asked.append(q) or True)
    combo.setCurrentIndex(1)
    assert window.store.get_conversation(conv.id).settings[ENDPOINT_KEY] == "box"
    assert (
        panel.remote_badge.isVisibleTo(panel)
        and "leaves your computer" in panel.remote_badge.text()
    )
    assert window.model_label.text() == "Remote: box — http://10.0.0.5:8000/v1"
    assert window.chat_page.model_ready()  # a server answers: no local model needed
    # Asked once per endpoint: another conversation on it is not asked again.
    count = len(asked)
    other = window.store.create_conversation(title="Notes", system_prompt="")
    window.open_conversation(other.id)
    assert window.model_label.text() == "No model loaded"
    panel.backend_combo.setCurrentIndex(1)
    assert len(asked) == count
    panel.backend_combo.setCurrentIndex(0)
    assert not panel.remote_badge.isVisibleTo(panel)


def test_servers_are_saved_from_the_window(make_window, services, monkeypatch, tmp_path):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "keyring"))
    window = make_window(services)
    window.remote_servers_action.trigger()
    dialog = window.endpoints_dialog
    dialog.name_edit.setText("box")
    dialog.url_edit.setText("not a url")
    assert not dialog.save() and "not an http(s) URL" in dialog.status.text()
    dialog.url_edit.setText("http://10.0.0.5:8000/v1")
    dialog.key_edit.setText("secret-key")
    assert dialog.save()
    assert endpoints.api_key("box", endpoints.saved(services.settings)["box"]) == "secret-key"
    assert "secret-key" not in services.settings.path.read_text()
    combo = window.settings_panel.backend_combo
    assert combo.itemText(1) == "box — http://10.0.0.5:8000/v1"
    dialog.list.setCurrentRow(0)
    assert dialog.remove() and combo.count() == 1
