"""Every message box and modal dialog of the program goes through this module.

Tests replace the backend with `use(...)` so that nothing modal blocks them;
the program uses `QtDialogs`, which shows real `QMessageBox`es.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.services.locations import check_outside_vault


class Dialogs(Protocol):
    def inform(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def warn(self, parent: QWidget | None, title: str, text: str) -> None: ...

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool: ...

    def run(self, dialog: QDialog) -> bool: ...

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        """The file chosen to write, "" when cancelled."""
        ...

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> str:
        """The folder chosen, "" when cancelled."""
        ...

    def open_file(self, parent: QWidget | None, title: str, start: str, filters: str) -> str:
        """An existing file chosen to read, "" when cancelled."""
        ...


class QtDialogs:
    """Real, modal message boxes."""

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is yes

    def run(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        chosen, _filter = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return chosen

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> str:
        return QFileDialog.getExistingDirectory(parent, title, start)

    def open_file(self, parent: QWidget | None, title: str, start: str, filters: str) -> str:
        chosen, _filter = QFileDialog.getOpenFileName(parent, title, start, filters)
        return chosen


_backend: Dialogs = QtDialogs()


def use(backend: Dialogs) -> Dialogs:
    """Replace the backend (tests); the previous one is returned."""
    global _backend
    previous, _backend = _backend, backend
    return previous


def inform(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _backend.inform(parent, title or _("Cours en Plus Desk"), text)


def warn(parent: QWidget | None, text: str, title: str | None = None) -> None:
    _backend.warn(parent, title or _("Cours en Plus Desk"), text)


def show_error(parent: QWidget | None, error: UserError) -> None:
    from coursenplus_desk.ui.formats import error_text

    warn(parent, error_text(error))


def confirm(parent: QWidget | None, text: str, action: str, title: str | None = None) -> bool:
    """Ask before anything irreversible; `action` names the button that goes ahead."""
    return _backend.confirm(parent, title or _("Please confirm"), text, action)


def run(dialog: QDialog) -> bool:
    """Show one of the program's own dialogs; True when it was accepted."""
    return _backend.run(dialog)


def documents_folder() -> Path:
    """The user's Documents folder (the home folder when there is none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


_vault_folder: Path | None = None


def keep_out_of(folder: Path | None) -> None:
    """The open vault's folder: no document or export is saved inside it (None: none open)."""
    global _vault_folder
    _vault_folder = folder


def save_file(parent: QWidget | None, title: str, suggested: str, filters: str) -> Path | None:
    """Ask where to save (the system's own dialog asks before replacing a file); a bare
    suggested name starts in the Documents folder, not wherever the program was started.

    A place inside the vault folder is refused with the reason, and asked again.
    """
    if not Path(suggested).is_absolute():
        suggested = str(documents_folder() / suggested)
    while True:
        chosen = _backend.save_file(parent, title, suggested, filters)
        if not chosen:
            return None
        try:
            if _vault_folder is not None:
                check_outside_vault(Path(chosen), _vault_folder)
        except UserError as error:
            show_error(parent, error)
            continue
        return Path(chosen)


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    chosen = _backend.choose_folder(parent, title, str(start))
    return Path(chosen) if chosen else None


def open_file(parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
    chosen = _backend.open_file(parent, title, str(start), filters)
    return Path(chosen) if chosen else None
