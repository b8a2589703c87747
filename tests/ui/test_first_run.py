"""The first-run page with real widgets: starter model, recommendation, imports, folder."""

from __future__ import annotations

import shutil

from app.hub.catalog import load_catalog
from app.hub.fit import Machine
from app.hub.recommend import MIN_TOKENS_PER_SECOND, recommend, rough_speed
from app.paths import LOCATION_FILE, app_paths
from app.ui.first_run import FirstRunDialog, should_show


def test_the_recommendation_fits_and_runs_at_a_usable_speed():
    models = load_catalog()
    roomy = recommend(models, Machine(ram_free=64 * 2**30))
    assert roomy is not None and roomy.tokens_per_second >= MIN_TOKENS_PER_SECOND
    small = recommend(models, Machine(ram_free=1000 * 2**20))
    assert small is not None and small.quant.size < 500e6
    assert recommend(models, Machine(ram_free=10 * 2**20)) is None  # nothing fits
    assert rough_speed(1_000_000_000, cores=2) > rough_speed(4_000_000_000, cores=2)


def test_first_run_page_offers_a_model_and_imports_other_apps_models(
    qtbot, services, model_path, tmp_path
):
    home = tmp_path / "user"
    lmstudio = home / ".lmstudio" / "models" / "someone" / "repo"
    lmstudio.mkdir(parents=True)
    shutil.copy(model_path, lmstudio / "SmolLM2-135M-Instruct.Q4_1.gguf")
    assert should_show(services.settings)
    recommendation = recommend(load_catalog(), Machine(ram_free=64 * 2**30))
    dialog = FirstRunDialog(services.settings, home=home, recommendation=recommendation)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Nothing is sent anywhere" in dialog.findChildren(type(dialog.import_status))[0].text()
    assert recommendation.model.name in dialog.recommend_label.text()

    with qtbot.waitSignal(dialog.download_requested) as requested:
        dialog.download_button.click()
    assert requested.args == [recommendation.model.repo, recommendation.quant.file]

    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30_000)
    assert "Found 1 model" in dialog.import_status.text()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "Imported 1" in dialog.import_status.text(), timeout=60_000)

    with qtbot.waitSignal(dialog.use_model) as used:
        dialog.use_starter.click()
    assert used.args[0].endswith(".gguf")
    assert services.settings["first_run_done"] is True and not should_show(services.settings)


def test_the_data_folder_can_be_changed_for_the_next_start(qtbot, services, tmp_path):
    dialog = FirstRunDialog(services.settings, home=tmp_path / "nobody")
    qtbot.addWidget(dialog)
    dialog.set_data_folder(str(tmp_path / "elsewhere"))
    assert "elsewhere" in dialog.data_label.text()
    assert (app_paths().config / LOCATION_FILE).read_text().count("elsewhere") == 1
    qtbot.waitUntil(lambda: "No models" in dialog.import_status.text(), timeout=30_000)


def test_the_recommendation_is_found_off_the_gui_thread_after_the_page_shows(
    qtbot, services, tmp_path
):
    """Sizing the machine runs a probe process: the page must not wait for it."""
    dialog = FirstRunDialog(services.settings, home=tmp_path / "nobody")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.recommend_label.text().startswith("Looking for a model")
    qtbot.waitUntil(lambda: not dialog.recommend_label.text().startswith("Looking"), timeout=30_000)
    if dialog.recommendation is not None:
        assert dialog.recommendation.model.name in dialog.recommend_label.text()
        assert dialog.download_button.isEnabled()
    else:
        assert "No catalogue model fits" in dialog.recommend_label.text()
