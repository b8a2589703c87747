"""Installed models: ids, resolve, remove vs forget, verify, defaults, the starter."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.hub.errors import LibraryError
from app.hub.library import Library
from app.paths import app_paths
from app.settings import Settings
from tests.hub.hubserver import sha256_of

MB = 1 << 20


def downloaded_copy(gguf_file, name="Tiny-Q4_K_M.gguf", seed=1) -> Path:
    """A file as the download manager leaves it: inside the models folder."""
    target = app_paths().models / "org" / "Tiny-GGUF" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(gguf_file(MB, seed), target)
    return target


def test_register_reads_the_gguf_facts(library, model_path):
    model = library.register(model_path, source="imported", origin="file")
    assert model.id == "smollm2-135m-instruct-q4_1"
    assert model.architecture == "llama" and model.quant == "Q4_1"
    assert model.n_params == 134515008 and model.context_length == 8192
    assert model.has_chat_template and model.license == "apache-2.0"
    assert model.size_bytes == model_path.stat().st_size
    # The same file twice is one entry.
    assert library.register(model_path, source="imported", origin="file").id == model.id
    assert len(library.list()) == 1


def test_ids_never_clash(library, gguf_file, tmp_path):
    a = tmp_path / "a" / "M-Q4_K_M.gguf"
    b = tmp_path / "b" / "M-Q4_K_M.gguf"
    for path, seed in ((a, 1), (b, 2)):
        path.parent.mkdir()
        shutil.copy(gguf_file(MB, seed), path)
    assert library.import_file(a).id == "m-q4_k_m"
    assert library.import_file(b).id == "m-q4_k_m-2"


def test_bad_files_are_refused_with_the_reason(library, tmp_path):
    page = tmp_path / "model.gguf"
    page.write_text("<!doctype html><html>login</html>")
    with pytest.raises(LibraryError, match="not a GGUF model file.*HTML page"):
        library.import_file(page)
    with pytest.raises(LibraryError, match="no such file"):
        library.import_file(tmp_path / "nope.gguf")
    with pytest.raises(LibraryError, match="not a .gguf file"):
        library.import_file(Path(__file__))
    assert library.list() == []


def test_resolve_by_id_prefix_or_path(library, model_path, gguf_file):
    model = library.register(model_path, source="imported", origin="file")
    assert library.resolve(model.id) == model_path
    assert library.resolve("smollm2-135m") == model_path  # a unique prefix
    assert library.resolve(str(model_path)) == model_path.resolve()
    with pytest.raises(LibraryError, match="no installed model has this id"):
        library.resolve("llama-9000")


def test_a_missing_file_is_reported_not_loaded(library, gguf_file):
    path = downloaded_copy(gguf_file)
    model = library.register(path, source="downloaded", origin="hub")
    path.unlink()
    assert not library.get(model.id).exists
    with pytest.raises(LibraryError, match="its file is missing"):
        library.resolve(model.id)


def test_remove_deletes_downloaded_files_but_only_forgets_imported_ones(
    library, gguf_file, model_path
):
    path = downloaded_copy(gguf_file)
    downloaded = library.register(path, source="downloaded", origin="hub")
    imported = library.register(model_path, source="imported", origin="file")
    assert library.remove(downloaded.id).startswith(f"removed {downloaded.id} (freed 1.0 MB)")
    assert not path.exists() and not path.parent.exists()  # empty folders go too
    assert app_paths().models.exists()
    message = library.remove(imported.id)
    assert message.startswith(f"forgot {imported.id}") and model_path.exists()
    assert library.list() == []


def test_remove_never_deletes_outside_the_models_folder(library, gguf_file, tmp_path):
    outside = tmp_path / "Elsewhere-Q8_0.gguf"
    shutil.copy(gguf_file(MB, 3), outside)
    model = library.register(outside, source="downloaded", origin="hub")  # a bad entry
    library.remove(model.id)
    assert outside.exists()


def test_verify_detects_damage_and_records_unknown_hashes(library, gguf_file):
    path = downloaded_copy(gguf_file)
    good = sha256_of(path)
    model = library.register(path, source="downloaded", origin="hub", sha256={path.name: good})
    assert library.verify(model.id).ok
    # An imported file had no reference: verify records one.
    other = downloaded_copy(gguf_file, "Other-Q8_0.gguf", seed=2)
    imported = library.register(other, source="imported", origin="file")
    result = library.verify(imported.id)
    assert result.ok and "recorded" in result.message
    assert library.get(imported.id).sha256 == sha256_of(other)
    # Flip one byte in the tensor data: verification fails, the model is no longer offered.
    with open(path, "r+b") as stream:
        stream.seek(-10, os.SEEK_END)
        byte = stream.read(1)
        stream.seek(-10, os.SEEK_END)
        stream.write(bytes([byte[0] ^ 0xFF]))
    progress = []
    result = library.verify(model.id, progress=lambda done, total: progress.append((done, total)))
    assert not result.ok and "does not match its SHA-256" in result.message
    assert progress[-1] == (path.stat().st_size, path.stat().st_size)
    assert library.get(model.id).damaged
    with pytest.raises(LibraryError, match="failed verification"):
        library.resolve(model.id)


def test_default_and_per_model_settings_live_in_the_settings_file(library, model_path):
    model = library.register(model_path, source="imported", origin="file")
    library.set_default(model.id)
    library.set_model_defaults(model.id, n_ctx=2048, n_gpu_layers=0, chat_template="{{x}}")
    settings = Settings(app_paths().settings_file)  # what the chat reads
    assert settings["default_model"] == str(model_path)
    assert settings.model_override(str(model_path)) == {
        "n_ctx": 2048, "n_gpu_layers": 0, "chat_template": "{{x}}",
    }  # fmt: skip
    assert library.default().id == model.id
    assert library.model_defaults(model.id)["n_ctx"] == 2048
    library.set_model_defaults(model.id, chat_template=None)
    assert "chat_template" not in library.model_defaults(model.id)
    with pytest.raises(ValueError):
        library.set_model_defaults(model.id, temperature=1)
    library.forget(model.id)
    assert Settings(app_paths().settings_file)["default_model"] is None


def test_the_starter_model_is_listed(library, model_path):
    starter = library.sync_starter()
    assert starter.source == "starter" and Path(starter.path) == model_path
    assert library.remove(starter.id).startswith("forgot")  # never deleted from site-packages
    assert model_path.exists()


def test_the_library_lives_in_the_app_database_next_to_the_chats(model_path):
    from app.core.store import Store

    with Library() as library:
        library.register(model_path, source="imported", origin="file")
    with Store(app_paths().database) as store:  # the chat store opens the same file happily
        store.create_conversation("hello")
    with Library() as library:
        assert len(library.list()) == 1


def test_installed_models_get_a_readable_name(tmp_path, model_path):
    """The file's name (or the catalogue's), not a training-run label from general.name."""
    from app.hub.modelfile import readable

    assert readable("SmolLM2-135M-Instruct.Q4_1") == "SmolLM2 135M Instruct"
    assert readable("Qwen2.5-7B-Instruct-Q4_K_M") == "Qwen2.5 7B Instruct"
    assert readable("Llama-3.2-3B-Instruct-GGUF") == "Llama 3.2 3B Instruct"
    from app.hub.library import Library

    with Library(database=tmp_path / "db.sqlite3", models_dir=tmp_path / "models") as library:
        entry = library.register(model_path, source="imported", origin=str(model_path))
        assert entry.name == "SmolLM2 135M Instruct"  # general.name reads "Smollm2 135M 8k …"
