"""Names from the hub made safe on every system (pure: no server, no disk)."""

from __future__ import annotations

import pytest

from app.hub.errors import UnsafeFileName
from app.hub.filenames import check_unique, local_path, safe_file_name, safe_folder_parts
from app.hub.library import models_folder_for


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Qwen2.5-7B-Instruct-Q4_K_M.gguf", "Qwen2.5-7B-Instruct-Q4_K_M.gguf"),
        ("sub/folder/Model-Q8_0.gguf", "Model-Q8_0.gguf"),
        ("..\\..\\Windows\\System32\\evil.gguf", "evil.gguf"),
        ("C:\\evil.gguf", "evil.gguf"),
        ("C:evil.gguf", "C_evil.gguf"),
        ("model.gguf:hidden", "model.gguf_hidden"),  # an NTFS alternate data stream
        ("CON.gguf", "_CON.gguf"),
        ("con", "_con"),
        ("Aux.tar.gguf", "_Aux.tar.gguf"),
        ("COM1.gguf", "_COM1.gguf"),
        ("LPT9", "_LPT9"),
        ("CONOUT$.gguf", "_CONOUT$.gguf"),
        ("CONSOLE.gguf", "CONSOLE.gguf"),  # only the exact device names are reserved
        ("model.gguf. . ", "model.gguf"),
        ("  model.gguf", "model.gguf"),
        ("tab\there\x00.gguf", "tab_here_.gguf"),
    ],
)
def test_file_names_are_safe_on_windows_too(name, safe):
    assert safe_file_name(name) == safe


@pytest.mark.parametrize("name", ["", ".", "..", "a/..", "dir/", " . ", "x" * 300 + ".gguf"])
def test_names_with_nothing_usable_left_are_refused(name):
    with pytest.raises(UnsafeFileName):
        safe_file_name(name)


def test_a_local_path_never_leaves_its_folder(tmp_path):
    for name in ("../../x.gguf", "..\\..\\x.gguf", "/etc/x.gguf", "C:\\x.gguf"):
        assert local_path(tmp_path, name).parent == tmp_path


def test_repo_folders_cannot_climb_out_or_use_device_names(tmp_path):
    assert safe_folder_parts("bartowski/Qwen2.5-7B-GGUF") == ["bartowski", "Qwen2.5-7B-GGUF"]
    assert safe_folder_parts("..\\..\\..\\Users") == ["Users"]
    assert safe_folder_parts("org./name ") == ["org", "name"]
    assert safe_folder_parts("CON/AUX") == ["_CON", "_AUX"]
    assert models_folder_for("../..", tmp_path) == tmp_path
    assert models_folder_for("a\\..\\..\\b", tmp_path) == tmp_path / "a" / "b"


def test_names_that_would_share_a_file_are_refused():
    check_unique(["M-00001-of-00002.gguf", "M-00002-of-00002.gguf"])
    with pytest.raises(UnsafeFileName, match="same name"):
        check_unique(["a/M.gguf"], ["b\\M.gguf"])
    with pytest.raises(UnsafeFileName, match="same name"):
        check_unique(["Model.gguf"], ["model.GGUF"])
