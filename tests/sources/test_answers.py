"""Questions to a collection answered by the real model, citations checked in code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from app.core.sources.chat_turn import META_KEY
from app.services import Services
from tests.sources.corpus import make_folder

pytestmark = pytest.mark.model


def quillmate(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=300
    )


def test_a_chat_with_a_collection_answers_from_it_and_lists_its_sources(model_path, tmp_path):
    services = Services.create()
    try:
        folder = make_folder(tmp_path / "notes")
        services.sources.add("notes", [str(folder)])
        services.sources.index("notes")
        services.settings["sampling"] = {
            **services.settings["sampling"], "temperature": 0.0, "max_tokens": 48, "seed": 1,
        }  # fmt: skip
        services.chat.load_model(str(model_path))
        conv = services.store.create_conversation(
            title="Physics", system_prompt="Be brief.", model=str(model_path)
        )
        services.store.update_conversation(conv.id, settings={META_KEY: "notes"})
        result = services.chat.send(conv.id, "In which year did Newton publish the Principia?")
    finally:
        services.close()
    message = result.message
    assert result.error is None and message.status == "complete"
    assert "**Sources:**" in message.content
    listed = message.meta["sources"]
    assert listed and listed[0]["file"].endswith("physics.pdf") and listed[0]["page"] == 1
    # What the model cited is in the list, each checked; nothing else is claimed verified.
    for source in listed:
        assert not source["verified"] or source["cited"]
    assert message.meta["unverified_citations"] == message.content.count("?]")


def test_cli_sources_round_trip(model_path, tmp_path):
    folder = make_folder(tmp_path / "notes")
    added = quillmate("sources", "add", "notes", str(folder))
    assert added.returncode == 0, added.stderr
    # The starter embedding model's wheel is installed here: converted once, then used.
    assert "8 added" in added.stdout and "9 passages, 9 embedded" in added.stdout
    listed = json.loads(quillmate("sources", "list", "--json").stdout)
    assert listed[0]["name"] == "notes" and listed[0]["files"] == 8
    found = quillmate("sources", "search", "notes", "Principia", "--json", "--top", "2")
    assert found.returncode == 0, found.stderr
    hits = json.loads(found.stdout)
    assert set(hits[0]) >= {"file", "page", "line_start", "line_end", "score", "text"}
    assert hits[0]["file"].endswith("physics.pdf") and hits[0]["page"] == 1
    answer = quillmate(
        "chat", "--model", str(model_path), "--temperature", "0", "--max-tokens", "40",
        "--sources", "notes", "When did Newton publish the Principia?",
    )  # fmt: skip
    assert answer.returncode == 0, answer.stderr
    assert "\nSources:\n" in answer.stdout and "physics.pdf (page 1" in answer.stdout
    missing = quillmate("chat", "--model", str(model_path), "--sources", "nope", "Hi")
    assert missing.returncode == 1 and "no collection named 'nope'" in missing.stderr
    removed = quillmate("sources", "remove", "notes")
    assert (
        removed.returncode == 0 and json.loads(quillmate("sources", "list", "--json").stdout) == []
    )
