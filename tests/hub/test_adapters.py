"""LoRA adapters in the library: checks, ids, resolve, remove, and the chosen adapter.

Real parts: the app's SQLite database, the real SmolLM2 GGUF as the base model and a
real GGUF LoRA adapter for it (random weights, tests/engine/lora_adapter.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from app.hub.errors import LibraryError
from app.hub.library import Library
from app.paths import app_paths
from app.settings import Settings
from tests.engine.lora_adapter import write_random_lora
from tests.hub.ggufgen import make_gguf


@pytest.fixture(scope="module")
def lora(model_path, tmp_path_factory) -> Path:
    """A real adapter for SmolLM2 (writing one takes seconds: once per module)."""
    return write_random_lora(model_path, tmp_path_factory.mktemp("lora") / "Tuned-Notes.gguf")


@pytest.fixture
def settings():
    return Settings(app_paths().settings_file)


@pytest.fixture
def library(settings):
    with Library(settings=settings) as lib:
        yield lib


@pytest.fixture
def base(library):
    model = library.sync_starter()
    assert model is not None
    return model


def tiny_lora(path: Path, *, arch: str = "llama", n_in: int = 576, n_out: int = 576) -> Path:
    """A one-tensor LoRA adapter with the given architecture and shape."""
    import gguf

    writer = gguf.GGUFWriter(str(path), arch=arch)
    writer.add_string("general.type", "adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", 8.0)
    writer.add_tensor("blk.0.attn_q.weight.lora_a", np.zeros((4, n_in), np.float32))
    writer.add_tensor("blk.0.attn_q.weight.lora_b", np.zeros((n_out, 4), np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_import_copies_checks_and_lists_the_adapter_under_its_base(library, base, lora):
    adapter = library.import_adapter(lora, base_model_id=base.id)
    assert adapter.id == "tuned-notes" and adapter.name == "Tuned-Notes"
    assert Path(adapter.path).parent == app_paths().adapters  # the library's own copy
    assert Path(adapter.path).read_bytes() == lora.read_bytes()
    assert adapter.base_model_id == base.id and adapter.architecture == "llama"
    assert adapter.size_bytes == lora.stat().st_size
    assert adapter.meta["imported_from"] == str(lora.resolve())
    assert [a.id for a in library.adapters(base.id)] == [adapter.id]
    assert library.adapters("another-model") == []
    assert library.get_adapter(adapter.id) == adapter
    # The same file again is the same entry; a second copy gets its own id.
    assert library.import_adapter(adapter.path).id == adapter.id
    again = library.import_adapter(lora, base_model_id=base.id)
    assert again.id == "tuned-notes-2" and again.path != adapter.path


def test_a_model_is_not_an_adapter_and_an_adapter_is_not_a_model(library, model_path, lora):
    with pytest.raises(LibraryError, match=r"is not a LoRA adapter \(a model\).*models import"):
        library.import_adapter(model_path)
    with pytest.raises(LibraryError, match="is a LoRA adapter, not a model.*import-adapter"):
        library.import_file(lora)
    assert library.list() == [] and library.adapters() == []
    assert not any(app_paths().adapters.glob("*.gguf"))  # nothing copied for a refusal


def test_damaged_and_missing_files_are_refused(library, lora, tmp_path):
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(lora.read_bytes()[: lora.stat().st_size // 2])
    with pytest.raises(LibraryError, match="incomplete"):
        library.import_adapter(cut)
    with pytest.raises(LibraryError, match="no such file"):
        library.import_adapter(tmp_path / "nope.gguf")


def test_an_adapter_for_another_architecture_is_refused(library, base, tmp_path):
    other = tiny_lora(tmp_path / "qwen-lora.gguf", arch="qwen2")
    with pytest.raises(LibraryError, match="made for 'qwen2' models, but smollm2.* is 'llama'"):
        library.import_adapter(other, base_model_id=base.id)
    assert library.adapters() == []


def test_an_adapter_for_another_model_size_is_refused(library, base, tmp_path, lora):
    wide = tiny_lora(tmp_path / "wide.gguf", n_in=4096, n_out=4096)  # a 7B's attention
    with pytest.raises(LibraryError, match=r"does not fit .*\[576, 576\] in the model"):
        library.import_adapter(wide, base_model_id=base.id)
    # A model without the adapter's tensors at all (same architecture name).
    other = library.import_file(make_gguf(tmp_path / "other-llama.gguf", 4096))
    with pytest.raises(LibraryError, match="has no tensor 'blk.0.attn_q.weight'"):
        library.import_adapter(lora, base_model_id=other.id)
    with pytest.raises(LibraryError, match="no-such-model: no installed model"):
        library.import_adapter(lora, base_model_id="no-such-model")


def test_resolve_by_id_prefix_or_path(library, base, lora, model_path):
    adapter = library.import_adapter(lora, base_model_id=base.id)
    assert library.resolve_adapter("tuned-notes") == Path(adapter.path)
    assert library.resolve_adapter("TUNED") == Path(adapter.path)  # a unique prefix
    assert library.resolve_adapter(str(lora)) == lora.resolve()  # any adapter file
    with pytest.raises(LibraryError, match="no adapter has this id"):
        library.resolve_adapter("nothing")
    with pytest.raises(LibraryError, match="not a LoRA adapter"):
        library.resolve_adapter(str(model_path))
    library.import_adapter(lora, name="Tuned Essays")
    with pytest.raises(LibraryError, match="could be several adapters"):
        library.resolve_adapter("tuned")
    Path(adapter.path).unlink()
    with pytest.raises(LibraryError, match="its file is missing.*remove-adapter"):
        library.resolve_adapter("tuned-notes")


def test_register_in_place_keeps_the_trainers_file_and_updates_on_retrain(
    library, base, lora, model_path
):
    target = library.new_adapter_path("Essay Tone")
    assert target == app_paths().adapters / "essay-tone.gguf"
    shutil.copyfile(lora, target)
    adapter = library.register_adapter(
        target, base_model_path=model_path, name="Essay tone", meta={"steps": 100}
    )
    assert adapter.path == str(target.resolve()) and adapter.base_model_id == base.id
    assert adapter.meta == {"steps": 100}
    assert library.new_adapter_path("Essay Tone").name == "essay-tone-2.gguf"
    # Written again by a second run: one entry, the new facts.
    again = library.register_adapter(target, meta={"steps": 200, "final_loss": 1.5})
    assert again.id == adapter.id and again.base_model_id == base.id
    assert again.meta == {"steps": 200, "final_loss": 1.5}
    assert len(library.adapters()) == 1


def test_an_unlisted_base_file_is_remembered_by_path(library, lora, model_path, tmp_path):
    copy = tmp_path / "elsewhere.gguf"
    shutil.copyfile(model_path, copy)
    adapter = library.register_adapter(lora, base_model_path=copy)
    assert adapter.base_model_id is None and adapter.meta["base_path"] == str(copy.resolve())
    assert [a.id for a in library.adapters_for_model(copy)] == [adapter.id]
    assert library.adapters_for_model(model_path) == []  # bound to the other file


def test_adapters_for_a_model_include_unbound_ones_that_fit(library, base, lora, tmp_path):
    own = library.import_adapter(lora, base_model_id=base.id, name="own")
    loose = library.import_adapter(lora, name="loose")  # no base given: checked on use
    library.import_adapter(tiny_lora(tmp_path / "big.gguf", n_in=4096, n_out=4096))
    assert {a.id for a in library.adapters_for_model(base.path)} == {own.id, loose.id}


def test_remove_deletes_the_librarys_copy_and_forgets_the_choice(library, base, lora, settings):
    adapter = library.import_adapter(lora, base_model_id=base.id)
    settings.set_adapter_choice(base.path, adapter.path, scale=0.5)
    assert settings.load_options(base.path).adapter == adapter.path
    message = library.remove_adapter(adapter.id)
    assert message.startswith("removed adapter tuned-notes")
    assert not Path(adapter.path).exists() and library.adapters() == []
    assert settings.adapter_choice(base.path).path is None
    assert Settings(settings.path).load_options(base.path).adapter is None
    # One registered where it lies is only forgotten, unless asked.
    outside = library.register_adapter(lora)
    assert "its file stays" in library.remove_adapter(outside.id)
    assert lora.exists()
    with pytest.raises(LibraryError, match="no adapter has this id"):
        library.remove_adapter(outside.id)


def test_the_chosen_adapter_goes_into_every_load(settings, lora, model_path, tmp_path):
    assert settings.load_options(str(model_path)).adapter is None
    settings.set_adapter_choice(str(model_path), str(lora), scale=1.5)
    options = settings.load_options(str(model_path))
    assert (options.adapter, options.adapter_scale) == (str(lora), 1.5)
    settings.set_adapter_choice(str(model_path), str(lora), scale=1.5, enabled=False)
    assert settings.load_options(str(model_path)).adapter is None
    assert settings.adapter_choice(str(model_path)).path == str(lora)  # kept, off
    # A file that went away never stops the model from loading.
    gone = tmp_path / "gone.gguf"
    shutil.copyfile(lora, gone)
    settings.set_adapter_choice(str(model_path), str(gone))
    gone.unlink()
    assert settings.load_options(str(model_path)).adapter is None
    settings.set_adapter_choice(str(model_path), None)
    assert "adapter" not in settings.model_override(str(model_path))
