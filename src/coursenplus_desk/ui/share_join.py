"""The first-run assistant's choice: a new register, or join the register of another laptop.

Joining needs the invitation file made on the other laptop, the one-time code
shown there, and this laptop's copy of the shared folder; the vault is then
made with this laptop's own passphrase, holding the whole register.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWizardPage,
)

from coursenplus_desk.domain.sync.codes import normalise_code
from coursenplus_desk.i18n import _
from coursenplus_desk.vault.invitation_file import INVITATION_SUFFIX


class JoinPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("One register or several laptops"))
        self.setSubTitle(
            _(
                "If another administrator already keeps the register on their laptop, this "
                "laptop can join it: ask them for an invitation and its code."
            )
        )
        self.new_register = QRadioButton(_("Start a new register"))
        self.join = QRadioButton(_("Join the shared register of another laptop"))
        self.new_register.setChecked(True)
        self.invitation = QLineEdit()
        self.invitation.setAccessibleName(_("Invitation file"))
        self.code = QLineEdit()
        self.code.setAccessibleName(_("One-time code"))
        self.code.setPlaceholderText("K7Q2-M9XA-3PTD")
        self.folder = QLineEdit()
        self.folder.setAccessibleName(_("Shared folder"))
        self.name = QLineEdit()
        self.name.setAccessibleName(_("This laptop's name"))
        for edit in (self.invitation, self.code, self.folder, self.name):
            edit.textChanged.connect(self.completeChanged)
        for choice in (self.new_register, self.join):
            choice.toggled.connect(self._toggled)
        layout = QFormLayout(self)
        layout.addRow(self.new_register)
        layout.addRow(self.join)
        layout.addRow(_("Invitation file"), self._with_browse(self.invitation, self._browse_file))
        layout.addRow(_("One-time code"), self.code)
        layout.addRow(_("Shared folder"), self._with_browse(self.folder, self._browse_folder))
        layout.addRow(_("This laptop's name"), self.name)
        note = QLabel(
            _("The shared folder is this laptop's copy of the folder the association shares.")
        )
        note.setWordWrap(True)
        layout.addRow(note)
        self._toggled()

    def _with_browse(self, edit: QLineEdit, action: object) -> QHBoxLayout:
        row = QHBoxLayout()
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(action)
        row.addWidget(edit, 1)
        row.addWidget(browse)
        return row

    def _browse_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Invitation file"), "", _("Invitations (*{suffix})").format(
                suffix=INVITATION_SUFFIX)
        )  # fmt: skip
        if chosen:
            self.invitation.setText(chosen)

    def _browse_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Shared folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _toggled(self) -> None:
        for edit in (self.invitation, self.code, self.folder, self.name):
            edit.setEnabled(self.join.isChecked())
        self.setFinalPage(self.join.isChecked())
        self.completeChanged.emit()

    @property
    def joining(self) -> bool:
        return self.join.isChecked()

    def isComplete(self) -> bool:
        if not self.joining:
            return True
        return (
            Path(self.invitation.text().strip()).is_file()
            and normalise_code(self.code.text()) is not None
            and Path(self.folder.text().strip()).is_dir()
        )

    def nextId(self) -> int:
        return -1 if self.joining else super().nextId()
