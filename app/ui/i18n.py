"""The window's language: English (the source strings) or Simplified Chinese.

The strings go through Qt's tr()/QCoreApplication.translate(); their translations
are resources/translations/quillmate_<lang>.qm in a checkout, or
<prefix>/share/quillmate/translations/ in an installed wheel (app.paths.shipped).
The setting "language" is "auto" (the system locale), "en" or "zh_CN"; the
environment variable QUILLMATE_LANG overrides it (tests, a quick look). The choice
applies at start: run_gui installs the translators before the window is built.
To add strings: bash resources/translations/update.sh (see README, Development).
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import shipped

log = logging.getLogger(__name__)

LANGUAGES = ("auto", "en", "zh_CN")
# Each language named in itself, as language menus do.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
ENV = "QUILLMATE_LANG"
CHINESE_ANSWER = " Answer in Simplified Chinese unless the user writes in another language."

_installed: list[QTranslator] = []
_active = "en"


def translations_dir():
    return shipped("translations")


def resolve(setting: str | None = None) -> str:
    """The language to show: "en" or "zh_CN" (QUILLMATE_LANG, else the setting)."""
    choice = os.environ.get(ENV) or setting or "auto"
    if choice == "auto":
        locale = QLocale.system()
        if locale.language() == QLocale.Language.Chinese and locale.script() != (
            QLocale.Script.TraditionalHanScript
        ):
            return "zh_CN"
        return "en"
    if choice.replace("-", "_").lower().startswith("zh"):
        return "zh_CN"
    return "en"


def install(language: str, app: QCoreApplication | None = None) -> str:
    """Install the translators for `language` (a setting value); returns the one used.

    Qt's own qtbase translation (standard buttons and dialogs) comes along when
    PySide6 ships it. Calling it again replaces the earlier translators.
    """
    global _active
    app = app or QCoreApplication.instance()
    remove(app)
    lang = resolve(language)
    _active = lang
    if lang == "en":
        return lang
    QLocale.setDefault(QLocale(lang))  # dates and numbers shown with QLocale follow
    own = QTranslator(app)
    if own.load(f"quillmate_{lang}", str(translations_dir())):
        app.installTranslator(own)
        _installed.append(own)
    else:
        log.warning("No translation for %s in %s", lang, translations_dir())
    qt = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qt)
        _installed.append(qt)
    return lang


def remove(app: QCoreApplication | None = None) -> None:
    """Take the installed translators off again (English)."""
    global _active
    app = app or QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)
    _active = "en"
    QLocale.setDefault(QLocale.system())


def active() -> str:
    """The language the window shows now: "en" or "zh_CN"."""
    return _active


def localize_draft(draft: dict) -> dict:
    """A new chat's settings: in Chinese, the stock system prompt asks for Chinese answers."""
    from app.settings import defaults

    prompt = draft.get("system_prompt") or ""
    if _active == "zh_CN" and prompt.strip() == defaults()["system_prompt"].strip():
        draft = {**draft, "system_prompt": prompt.rstrip() + CHINESE_ANSWER}
    return draft
