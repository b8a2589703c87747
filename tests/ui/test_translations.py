"""The window in English and Simplified Chinese (resources/translations/, app/ui/i18n.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit, QTabWidget

from app.paths import shipped
from app.ui import i18n

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "translations"
ZH = FOLDER / "quillmate_zh_CN.ts"
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def messages(ts: Path):
    """(context, source, translation texts, numerus) of every entry of a .ts file."""
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")]
            yield (
                name,
                message.findtext("source"),
                translation,
                forms if message.get("numerus") == "yes" else [translation.text or ""],
            )


def lupdate() -> str | None:
    here = Path(sys.executable).parent / "pyside6-lupdate"
    return str(here) if here.exists() else shutil.which("pyside6-lupdate")


def test_chinese_has_no_unfinished_entry():
    entries = list(messages(ZH))
    assert len(entries) > 500
    unfinished = [
        src
        for _ctx, src, translation, texts in entries
        if translation.get("type") in ("unfinished", "vanished", "obsolete")
        or not all(t.strip() for t in texts)
    ]
    assert unfinished == []


def test_every_tr_string_is_in_the_committed_ts(tmp_path):
    tool = lupdate()
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").rglob("*.py"))
    subprocess.run(
        [tool, "-no-obsolete", "-locations", "none", *sources, "-ts", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    wanted = {(ctx, src) for ctx, src, _t, _x in messages(fresh)}
    assert len(wanted) > 500
    for ts in (ZH, FOLDER / "quillmate_en.ts"):
        have = {(ctx, src) for ctx, src, _t, _x in messages(ts)}
        assert sorted(wanted - have) == [], f"run resources/translations/update.sh ({ts.name})"


def test_placeholders_survive_translation():
    wrong = []
    for ctx, src, _translation, texts in messages(ZH):
        want = sorted(PLACEHOLDER.findall(src))
        for text in texts:
            if sorted(PLACEHOLDER.findall(text)) != want:
                wrong.append((ctx, src, text))
            if "%n" in src and "%n" not in text:
                wrong.append((ctx, src, text))
    assert wrong == []


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_qm_files_are_shipped_and_load(lang):
    assert shipped("translations") == FOLDER
    assert (FOLDER / f"quillmate_{lang}.qm").is_file()
    assert QTranslator().load(f"quillmate_{lang}", str(FOLDER))


def test_language_choice(monkeypatch):
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.resolve("zh_CN") == "zh_CN"
    assert i18n.resolve("en") == "en"
    assert i18n.resolve("auto") in ("en", "zh_CN")
    monkeypatch.setenv(i18n.ENV, "zh_CN")
    assert i18n.resolve("en") == "zh_CN"


def visible_texts(widget) -> list[str]:
    texts = []
    for child in [widget, *widget.findChildren(QLabel), *widget.findChildren(QAbstractButton)]:
        if child.isVisible() and hasattr(child, "text"):
            texts.append(child.text())
    for box in widget.findChildren(QGroupBox):
        if box.isVisible():
            texts.append(box.title())
    for edit in widget.findChildren(QLineEdit):
        if edit.isVisible():
            texts.append(edit.placeholderText())
    for tabs in widget.findChildren(QTabWidget):
        if tabs.isVisible():
            texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [t for t in texts if t]


@pytest.mark.gui
def test_window_in_chinese(qapp, make_window, services, monkeypatch):
    monkeypatch.delenv(i18n.ENV, raising=False)
    assert i18n.install("zh_CN", qapp) == "zh_CN"
    try:
        window = make_window(services)
        titles = [a.text() for a in window.menuBar().actions() if a.text()]
        assert len(titles) >= 5
        assert all(CJK.search(t) for t in titles), titles
        assert all(CJK.search(a.text()) for a in window.modes.values())
        for key in ("chat", "write", "grade", "models", "finetune"):
            window.show_mode(key)
            page = window.pages.currentWidget()
            texts = visible_texts(page)
            chinese = [t for t in texts if CJK.search(t)]
            assert chinese, (key, texts)
        # A new chat's stock system prompt asks for answers in Chinese.
        conv = window._create_conversation("测试")
        assert conv.system_prompt.endswith(i18n.CHINESE_ANSWER)
    finally:
        i18n.remove(qapp)
    assert i18n.active() == "en"


@pytest.mark.gui
def test_language_menu_saves_the_choice(make_window, services):
    window = make_window(services)
    assert window.language_actions["auto"].isChecked()
    window.language_actions["zh_CN"].trigger()
    assert services.settings["language"] == "zh_CN"
    assert window.language_actions["zh_CN"].isChecked()


def test_the_wheel_carries_the_qm_files():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    files = data["tool"]["setuptools"]["data-files"]["share/quillmate/translations"]
    shipped_qm = {p.name for pattern in files for p in ROOT.glob(pattern)}
    assert shipped_qm == {"quillmate_en.qm", "quillmate_zh_CN.qm"}
