"""The program's language: our gettext catalogs plus Qt's own translations of standard dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from coursenplus_desk.i18n import current_language, set_language

LANGUAGE_SETTING = "ui.language"
_qt_translator: QTranslator | None = None


def apply_language(language: str) -> str:
    """Switch gettext and Qt's standard dialogs ("Cancel" → "Annuler") to `language`."""
    global _qt_translator
    set_language(language)
    chosen = current_language()
    app = QCoreApplication.instance()
    if _qt_translator is not None and app is not None:
        QCoreApplication.removeTranslator(_qt_translator)
        _qt_translator = None
    if chosen != "en" and app is not None:
        translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{chosen}", folder):
            QCoreApplication.installTranslator(translator)
            _qt_translator = translator
    QLocale.setDefault(
        QLocale(QLocale.Language.French if chosen == "fr" else QLocale.Language.English)
    )
    return chosen
