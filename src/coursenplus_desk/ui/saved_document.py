"""A document the program has just written: Open it, Print it, or Show it in its folder.

Printing goes through `ui/printing.py`, the program's one way of printing a PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.files import check_folder
from coursenplus_desk.ui import dialogs, printing

OPEN, PRINT, FOLDER = "open", "print", "folder"


def _desktop_open(path: Path) -> bool:
    """The file (or folder) in the program the system opens it with."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# Tests replace them: nothing may start a real viewer or file manager there.
open_with_system: Callable[[Path], bool] = _desktop_open
open_folder: Callable[[Path], bool] = _desktop_open


def print_pdf(parent: QWidget, path: Path) -> bool:
    """The print preview of the document's real pages, then the system's print dialog."""
    return printing.print_document(parent, path, path.stem)


FILTERS = {"pdf": "PDF (*.pdf)", "zip": N_("ZIP archive (*.zip)"), "csv": N_("CSV file (*.csv)")}


def choose_target(parent: QWidget, title: str, suggested: str, extension: str) -> Path | None:
    """Where to write a new document; None when cancelled or the folder is gone."""
    path = dialogs.save_file(parent, title, suggested, _(FILTERS[extension]))
    if path is None:
        return None
    if path.suffix.lower() != f".{extension}":
        path = path.with_name(f"{path.name}.{extension}")
    try:
        return check_folder(path)
    except UserError as error:
        dialogs.show_error(parent, error)
        return None


class SavedDocument(QDialog):
    """ "Saved in …", then one click: Open, Print (PDF only), Show in folder, or Close."""

    def __init__(self, path: Path, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Document saved"))
        self.path = path
        self.choice: str | None = None
        label = QLabel(_("Saved in {file}.").format(file=str(path)))
        label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.open_button = self._choice(_("Open"), OPEN)
        self.print_button = self._choice(_("Print…"), PRINT)
        self.print_button.setVisible(path.suffix.lower() == ".pdf")
        self.folder_button = self._choice(_("Show in folder"), FOLDER)
        self.open_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

    def _choice(self, text: str, choice: str) -> QPushButton:
        made = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        made.setAccessibleName(text.rstrip("…"))
        made.clicked.connect(lambda: self._choose(choice))
        return made

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def offer_document(parent: QWidget, path: Path) -> None:
    """Show the saved document's choices and carry out the one taken."""
    dialog = SavedDocument(path, parent)
    if dialogs.run(dialog) and dialog.choice is not None:
        act_on(parent, path, dialog.choice)


def act_on(parent: QWidget, path: Path, choice: str) -> None:
    if choice == PRINT:
        print_pdf(parent, path)  # closing the preview without printing is no failure
        return
    done = open_with_system(path) if choice == OPEN else open_folder(path.parent)
    if not done:
        dialogs.warn(parent, _("No program could open {file}.").format(file=str(path)))
