"""The first-run assistant's third way in: join the register another laptop already keeps.

Joining needs the invitation file made on the other laptop, the one-time code
shown there, and this laptop's copy of the shared folder; the vault is made in
the folder chosen before, with this laptop's own passphrase, and holds the
whole register.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWizardPage

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.sync.codes import normalise_code
from coursenplus_desk.i18n import _
from coursenplus_desk.services.sharing.joining import join_register
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.vault.invitation_file import INVITATION_SUFFIX
from coursenplus_desk.vault.kdf import KdfPolicy


class JoinPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Join a shared register"))
        self.setSubTitle(
            _(
                "Another administrator keeps the register on their laptop: with their "
                "invitation and its code, this laptop gets the whole register."
            )
        )
        self.invitation = QLineEdit()
        self.invitation.setAccessibleName(_("Invitation file"))
        self.code = QLineEdit()
        self.code.setAccessibleName(_("One-time code"))
        self.code.setPlaceholderText("K7Q2-M9XA-3PTD")
        self.folder = QLineEdit()
        self.folder.setAccessibleName(_("Shared folder"))
        self.name = QLineEdit()
        self.name.setAccessibleName(_("This laptop's name"))
        for edit in (self.invitation, self.code, self.folder):
            edit.textChanged.connect(self.completeChanged)
        layout = QFormLayout(self)
        layout.addRow(_("Invitation file"), _with_button(self.invitation, self._choose_file))
        layout.addRow(_("One-time code"), self.code)
        layout.addRow(_("Shared folder"), _with_button(self.folder, self._choose_folder))
        layout.addRow(_("This laptop's name"), self.name)
        note = QLabel(
            _("The shared folder is this laptop's copy of the folder the association shares.")
        )
        note.setWordWrap(True)
        layout.addRow(note)

    def _choose_file(self) -> None:
        start = Path(self.invitation.text()).parent if self.invitation.text() else Path.home()
        chosen = dialogs.open_file(
            self,
            _("Invitation file"),
            start,
            _("Invitations (*{suffix})").format(suffix=INVITATION_SUFFIX),
        )
        if chosen is not None:
            self.invitation.setText(str(chosen))

    def _choose_folder(self) -> None:
        chosen = dialogs.choose_folder(self, _("Shared folder"), Path.home())
        if chosen is not None:
            self.folder.setText(str(chosen))

    def isComplete(self) -> bool:
        return (
            Path(self.invitation.text().strip()).is_file()
            and normalise_code(self.code.text()) is not None
            and Path(self.folder.text().strip()).is_dir()
        )

    def joining(self) -> JoinRequest:
        """What was typed, read on the GUI thread (the join itself runs in the worker)."""
        return JoinRequest(
            Path(self.invitation.text().strip()).expanduser(),
            self.code.text(),
            Path(self.folder.text().strip()).expanduser(),
            self.name.text().strip(),
        )


@dataclass(frozen=True)
class JoinRequest:
    invitation: Path
    code: str
    shared_folder: Path
    name: str

    def join(self, vault: Path, passphrase: str, clock: Clock, kdf: KdfPolicy | None) -> Workspace:
        """In the worker: the new vault, holding the register."""
        return join_register(
            self.invitation, self.code, self.shared_folder, vault, passphrase, clock, kdf,
            label=self.name,
        )  # fmt: skip


def _with_button(edit: QLineEdit, action: object) -> QHBoxLayout:
    row = QHBoxLayout()
    choose = QPushButton(_("Choose…"))
    choose.clicked.connect(action)
    row.addWidget(edit, 1)
    row.addWidget(choose)
    return row
