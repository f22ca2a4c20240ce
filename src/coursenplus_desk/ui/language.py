"""The program's language: our gettext catalogs plus Qt's own translations of standard dialogs."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from coursenplus_desk.i18n import (
    DEFAULT_LANGUAGE,
    current_language,
    environment_language,
    language_code,
    set_language,
)
from coursenplus_desk.ui import qt_settings
from coursenplus_desk.ui.qt_gaps import QtGapsTranslator

LANGUAGE_SETTING = "ui.language"  # in the vault: the association's choice
LANGUAGE_KEY = "ui/language"  # in QSettings: the last one, for the unlock screen
# Qt's locale per language: Belgian Dutch, and the defaults the program always used for the others.
_QT_LOCALES = {
    "fr": QLocale(QLocale.Language.French),
    "nl": QLocale(QLocale.Language.Dutch, QLocale.Country.Belgium),
    "en": QLocale(QLocale.Language.English),
}
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
    QLocale.setDefault(_QT_LOCALES[chosen])
    return chosen


def start_language(given: str | None, env: Mapping[str, str]) -> str:
    """--lang, else COURSENPLUS_LANG, else the language last used here, else the system's.

    The system's language is read from the locale variables, then from the
    operating system's own preference (Windows and macOS set no variables).
    """
    if given:
        return given
    if env.get("COURSENPLUS_LANG"):
        return environment_language(env) or DEFAULT_LANGUAGE
    return (
        qt_settings.load_text(LANGUAGE_KEY)
        or environment_language(env)
        or system_language()
        or DEFAULT_LANGUAGE
    )


def system_language() -> str | None:
    """The first of the operating system's preferred languages that the program speaks."""
    for name in QLocale.system().uiLanguages():
        code = language_code(name)
        if code:
            return code
    return None
