"""The unlock screen: the passphrase, or a silent unlock when this computer remembers the vault."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.ui import background
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.style import error_label
from coursenplus_desk.vault.vault import may_be_remembered

# The screen paints before the vault's services are loaded (the main window imports
# them once it shows): they are imported where they are first used.
if TYPE_CHECKING:
    from coursenplus_desk.services.workspace import Workspace


class UnlockScreen(QWidget):
    unlocked = Signal(object)  # Workspace

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.task: background.BackgroundTask[Workspace] | None = None  # the latest unlock
        title = QLabel(f"<h1>{_('Cours en Plus Desk')}</h1>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(_("The vault is locked. Type the passphrase to open it."))
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro.setWordWrap(True)
        folder = QLabel(_("Vault: {folder}").format(folder=context.folder))
        folder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.returnPressed.connect(self.unlock)
        self.button = QPushButton(_("Unlock"))
        self.button.setAccessibleName(_("Unlock"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.unlock)
        self.error = error_label()
        self.error.setAccessibleName(_("Problem"))

        form = QFormLayout()
        form.addRow(_("Passphrase"), self.passphrase)
        box = QWidget()
        box.setFixedWidth(460)
        column = QVBoxLayout(box)
        column.setSpacing(12)
        column.addWidget(title)
        column.addWidget(intro)
        column.addWidget(folder)
        column.addLayout(form)
        column.addWidget(self.button)
        column.addWidget(self.error)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def reset(self) -> None:
        self.passphrase.clear()
        self.error.hide()
        self.passphrase.setFocus()

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def unlock(self) -> None:
        """Derive the key and open the vault in the background (half a second, migrations)."""
        text = self.passphrase.text()
        if not text:
            self.show_problem(_("Type the passphrase first."))
            return
        from coursenplus_desk.services.workspace import open_workspace  # loaded by then

        context = self.context
        self.button.setEnabled(False)
        self.task = background.run_in_background(
            self,
            _("Opening the vault…"),
            lambda progress: open_workspace(
                context.folder,
                text,
                context.clock,
                kdf=context.kdf,
                keychain=context.keychain,
                allow_older=True,  # the window shows its own screen for an older copy
                known=context.known,
            ),
            self._opened,
            background.on_user_error(self._refused),
        )

    def _opened(self, workspace: Workspace) -> None:
        self.button.setEnabled(True)
        if self.task is not None and self.task.cancelled:
            workspace.close()  # the person stopped waiting
            return
        self.passphrase.clear()
        self.error.hide()
        self.unlocked.emit(workspace)

    def _refused(self, error: UserError) -> None:
        self.button.setEnabled(True)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        self.show_problem(error.message())

    def try_remembered(self) -> Workspace | None:
        """Unlock without a passphrase when the keychain remembers this vault."""
        try:
            if not may_be_remembered(self.context.folder):
                return None  # the unlock screen shows before the vault's services are loaded
            from coursenplus_desk.services.workspace import open_remembered_workspace

            workspace = open_remembered_workspace(
                self.context.folder,
                self.context.keychain,
                self.context.clock,
                kdf=self.context.kdf,
                allow_older=True,
                known=self.context.known,
            )
        except UserError as error:
            self.show_problem(error.message())
            return None
        return workspace
