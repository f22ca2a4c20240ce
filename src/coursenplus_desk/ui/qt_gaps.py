"""Qt's standard dialogs' texts that Qt's own French catalog lacks.

Qt 6 gave some labels of its file and print dialogs a keyboard shortcut
("&Look in:", "Files of &type:"); `qtbase_fr.qm` still translates the old texts
only ("Look in:"), and no other catalog Qt ships holds the new ones, so the
dialogs showed them in English. This translator, installed after Qt's own,
answers those few from our catalog.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTranslator

from coursenplus_desk.i18n import N_, _

# Qt's source text → our message id (the same English, translated in our catalog).
MISSING = {
    "&Look in:": N_("&Look in:"),
    "Files of &type:": N_("Files of &type:"),
    "Page &Set:": N_("Page &Set:"),
    "Page &order:": N_("Page &order:"),
    "Pages &per sheet:": N_("Pages &per sheet:"),
}


class QtGapsTranslator(QTranslator):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        """None (a null QString to Qt) lets Qt's own catalog answer; "" would not."""
        message = MISSING.get(source_text)
        return _(message) if message is not None else None

    def isEmpty(self) -> bool:
        return False
