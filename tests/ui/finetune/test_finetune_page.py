"""The Fine-tune page up to the Start button: the extra, the data preview, the estimate.

Real parts throughout: a real MainWindow offscreen, the real chat store, and the
real SmolLM2 GGUF's tokenizer counting the tokens (it is the base model the page
offers when the library is empty: the starter model).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.finetune import extras
from app.ui.finetune.data_work import CONVERSATIONS
from app.ui.finetune.missing_extra import MissingExtraPanel
from tests.ui.finetune.conftest import chat_examples, write_jsonl
from tests.ui.finetune.helpers import estimate_text, read_data, read_jsonl, texts

pytestmark = [pytest.mark.gui]


def test_without_the_extra_the_page_says_what_to_install(services, finetune_window, monkeypatch):
    monkeypatch.setattr(extras, "missing_packages", lambda: ["torch", "peft"])
    window, page = finetune_window(services)
    assert not page.available
    assert isinstance(page.missing_panel, MissingExtraPanel)
    assert page.missing_panel.isVisible()
    text = page.missing_panel.message.text()
    assert "torch, peft" in text
    assert extras.INSTALL_HINT in text
    assert not hasattr(page, "tabs")  # no controls that could only fail
    assert window.current_mode() == "finetune"
    window.close()  # closing a page without controls is fine too
    assert page.is_closed


@pytest.mark.model
def test_preview_of_a_jsonl_file(services, finetune_window, qtbot, tmp_path, model_path):
    records = chat_examples(11)
    records.append(records[2])  # a duplicate
    records.append({"prompt": "Say nothing.", "completion": " "})  # no answer
    path = write_jsonl(tmp_path / "data.jsonl", records)
    _window, page = finetune_window(services)
    assert page.settings_form.base_path() == str(model_path)

    read_jsonl(page, qtbot, path)

    preview = page.preview
    assert len(preview.train) + len(preview.validation) == 11
    assert len(preview.validation) == 1  # 10 % of 11
    summary = page.data.preview.summary.text()
    assert f"{len(preview.train)} examples for training, 1 for validation" in summary
    assert f"{preview.total_tokens:,} tokens" in summary
    table = page.data.preview.table
    assert table.rowCount() == 11
    assert int(table.item(0, 1).text()) == preview.token_counts[0] > 5
    assert "data.jsonl line" in table.item(0, 2).text()
    assert table.item(0, 3).text().startswith("What is")
    warnings = texts(page.data.preview.warnings)
    assert any("duplicate" in w for w in warnings)
    dropped = texts(page.data.preview.dropped)
    assert any("line 12: the same as" in t for t in dropped)
    assert any("line 13: no answer" in t for t in dropped)
    assert page.data.preview.dropped.isVisible()


@pytest.mark.model
def test_a_bad_file_is_one_plain_message(services, finetune_window, qtbot, tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"messages": [}\n', encoding="utf-8")
    _window, page = finetune_window(services)
    page.data.sources.set_kind("jsonl")
    page.data.sources.jsonl.edit.setText(str(path))
    read_data(page, qtbot)
    assert page.preview is None
    assert "Could not read the data" in page.data.status.text()
    assert "broken.jsonl line 1: not valid JSON" in page.data.status.text()
    page.data.sources.jsonl.edit.setText("")
    read_data(page, qtbot)
    assert page.data.status.text() == "Choose a JSONL file."


@pytest.mark.model
def test_preview_of_chat_conversations(services, finetune_window, qtbot):
    store = services.store
    poem = store.create_conversation("Autumn poem", system_prompt="You write short poems.")
    store.add_message(poem.id, "user", "A poem about autumn, please.")
    store.add_message(poem.id, "assistant", "Leaves let go of the branch.")
    recipe = store.create_conversation("Pancakes")
    store.add_message(recipe.id, "user", "How do I make pancakes?")
    store.add_message(recipe.id, "assistant", "Mix flour, milk and eggs, then fry.")
    unanswered = store.create_conversation("No reply yet")
    store.add_message(unanswered.id, "user", "Hello?")
    other = store.create_conversation("Not ticked")
    store.add_message(other.id, "user", "Skip me.")
    store.add_message(other.id, "assistant", "Skipped.")
    _window, page = finetune_window(services)

    sources = page.data.sources
    sources.set_kind(CONVERSATIONS)
    titles = texts(sources.conversations.list)
    assert any(t.startswith("Autumn poem") for t in titles)
    sources.conversations.set_checked([poem.id, recipe.id, unanswered.id])
    assert sorted(sources.choice().ids) == sorted([poem.id, recipe.id, unanswered.id])
    read_data(page, qtbot)

    preview = page.preview
    examples = preview.train + preview.validation
    assert sorted(e.source for e in examples) == [
        f"conversation {poem.id} 'Autumn poem'",
        f"conversation {recipe.id} 'Pancakes'",
    ]
    poem_example = next(e for e in examples if "Autumn" in e.source)
    assert poem_example.messages[0] == {"role": "system", "content": "You write short poems."}
    table = page.data.preview.table
    shown = {table.item(r, 2).text() for r in range(table.rowCount())}
    assert f"conversation {recipe.id} 'Pancakes'" in shown
    assert texts(page.data.preview.dropped) == [
        f"conversation {unanswered.id} 'No reply yet': no finished reply to learn from"
    ]
    assert any("too few examples" in w for w in texts(page.data.preview.warnings))


@pytest.mark.model
def test_the_estimate_follows_the_settings(services, finetune_window, qtbot, tmp_path):
    path = write_jsonl(tmp_path / "data.jsonl", chat_examples(12))
    _window, page = finetune_window(services)
    form = page.settings_form
    assert "Read the data" in form.estimate.text()
    assert page.start() is None  # nothing to train on yet: said plainly, nothing created
    assert page.train.status.text() == "Read the data on the Data tab first."
    assert page.train.start_button.isEnabled()
    read_jsonl(page, qtbot, path)
    first = estimate_text(page, qtbot)
    rank_8_params = page.estimate.trainable_params
    assert f"trains {rank_8_params:,} parameters" in first
    assert "GiB of memory on the CPU" in first
    steps_by_epochs = form.settings().total_steps(len(page.preview.train))
    assert f"({steps_by_epochs} steps" in first

    form.rank.setValue(32)
    assert form.alpha.value() == 64  # alpha follows rank x2 until set apart
    second = estimate_text(page, qtbot, first)
    assert page.estimate.trainable_params == 4 * rank_8_params
    assert f"trains {4 * rank_8_params:,} parameters" in second

    form.steps.setValue(7)
    assert not form.epochs.isEnabled()
    third = estimate_text(page, qtbot, second)
    assert "(7 steps" in third

    form.max_length.setValue(16)  # shorter than every example: the preview is redone
    qtbot.waitUntil(lambda: page.preview.total_tokens == 16 * 12, timeout=30_000)
    assert any("will be cut to that length" in w for w in texts(page.data.preview.warnings))


def test_the_page_never_imports_the_training_packages():
    """torch and friends load only in the worker process: the app stays light without them."""
    code = (
        "import sys\n"
        "import app.ui.finetune.install, app.ui.finetune.page, app.ui.finetune.data_work\n"
        "heavy = [m for m in ('torch', 'transformers', 'peft', 'accelerate') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip() == "[]"
