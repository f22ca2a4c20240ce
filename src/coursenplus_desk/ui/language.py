"""The program's language: our gettext catalogs plus Qt's own translations of standard dialogs."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from coursenplus_desk.i18n import current_language, language_from_environment, set_language
from coursenplus_desk.ui import qt_settings
from coursenplus_desk.ui.qt_gaps import QtGapsTranslator

LANGUAGE_SETTING = "ui.language"  # in the vault: the association's choice
LANGUAGE_KEY = "ui/language"  # in QSettings: the last one, for the unlock screen
_qt_translators: list[QTranslator] = []


def apply_language(language: str) -> str:
    """Switch gettext and Qt's standard dialogs ("Cancel" → "Annuler") to `language`."""
    set_language(language)
    chosen = current_language()
    app = QCoreApplication.instance()
    while _qt_translators:
        QCoreApplication.removeTranslator(_qt_translators.pop())
    if chosen != "en" and app is not None:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{chosen}", folder):
            _qt_translators.append(translator)
        _qt_translators.append(QtGapsTranslator(app))  # asked first: installed last
        for installed in _qt_translators:
            QCoreApplication.installTranslator(installed)
    QLocale.setDefault(
        QLocale(QLocale.Language.French if chosen == "fr" else QLocale.Language.English)
    )
    return chosen


def start_language(given: str | None, env: Mapping[str, str]) -> str:
    """--lang, else COURSENPLUS_LANG, else the language last used here, else the system's."""
    if given:
        return given
    if env.get("COURSENPLUS_LANG"):
        return language_from_environment(env)
    return qt_settings.load_text(LANGUAGE_KEY) or language_from_environment(env)
