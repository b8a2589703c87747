"""Built-in actions load from resources/prompts; user actions are files that can replace them."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.writing.actions import ORDER, ActionError, ActionLibrary, to_toml, user_folder

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_built_in_action_loads_in_order():
    library = ActionLibrary()
    assert library.names()[: len(ORDER)] == list(ORDER)
    assert not library.problems
    for action in library.all():
        assert action.source == "built-in" and action.title and action.description
        assert "text" in action.fields


def test_outputs_and_options():
    library = ActionLibrary()
    assert library.get("proofread").output == "edit"
    assert library.get("translate").options_needed() == ["language"]
    assert library.get("rewrite").options_needed() == []  # a default tone
    assert library.get("classify").options_needed() == ["categories"]
    assert library.get("continue").output == "insert"
    schema = library.get("classify").schema_for(["poem", "letter"])
    assert schema["properties"]["category"]["enum"] == ["poem", "letter"]
    tone = library.get("tone").schema_for([])
    assert tone["properties"]["phrases"]["items"]["properties"]["phrase"]["maxLength"]


def test_unknown_action_names_the_known_ones():
    with pytest.raises(ActionError, match="proofread"):
        ActionLibrary().get("nope")


def test_user_action_is_saved_as_a_file_and_can_replace_a_built_in():
    library = ActionLibrary()
    action = library.save_user_action(
        "pirate", "Rewrite this like a pirate:\n\n{text}", title="Pirate", system="Arr."
    )
    assert action.source == "user"
    assert (user_folder() / "pirate.toml").is_file()
    again = ActionLibrary()
    assert again.get("pirate").template == "Rewrite this like a pirate:\n\n{text}"
    assert again.get("pirate").system == "Arr."
    library.save_user_action("proofread", "Only fix commas:\n{text}")
    assert ActionLibrary().get("proofread").source == "user"
    library.delete_user_action("proofread")
    assert ActionLibrary().get("proofread").source == "built-in"


def test_user_action_with_unsafe_template_is_refused():
    library = ActionLibrary()
    with pytest.raises(ActionError, match="unknown field"):
        library.save_user_action("bad", "{text.__class__.__mro__}")
    with pytest.raises(ActionError, match=r"\{text\}"):
        library.save_user_action("bad", "no text field here")
    with pytest.raises(ActionError, match="not a valid action name"):
        library.save_user_action("../escape", "{text}")
    with pytest.raises(ActionError, match="no user action"):
        library.delete_user_action("../../config/settings")
    assert not (user_folder() / "bad.toml").exists()


def test_a_broken_user_file_is_skipped_and_reported():
    folder = user_folder()
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("template = [unclosed", encoding="utf-8")
    (folder / "fine.toml").write_text('template = "Fix: {text}"', encoding="utf-8")
    library = ActionLibrary()
    assert "fine" in library.names() and "broken" not in library.names()
    assert len(library.problems) == 1 and "broken.toml" in library.problems[0]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_toml_writer_round_trips_any_text(value):
    data = {"template": value, "temperature": 0.5}
    assert tomllib.loads(to_toml(data)) == data
