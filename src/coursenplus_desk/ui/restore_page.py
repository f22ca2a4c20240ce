"""The first-run assistant's other way in: restore the vault from a backup.

The usual recovery of a lost or new laptop: the vault's usual folder, the
backup from the USB stick, its passphrase. The restore runs in the background
(it checks every page, applies the erasure lists, rebuilds the file) and the
restored vault then opens like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWizardPage

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.i18n import _
from coursenplus_desk.services.locations import rotation_folder
from coursenplus_desk.services.restore import RestoreReport, restore_backup
from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.vault.backup_file import BACKUP_SUFFIX


@dataclass(frozen=True)
class Restored:
    report: RestoreReport
    workspace: Workspace


def restore_and_open(
    source: Path, folder: Path, passphrases: tuple[str, str], clock: Clock
) -> Restored:
    """In the worker: restore into `folder` (no vault there), then open the restored vault.

    The erasures of newer backups beside the backup and in the rotation folder of
    `folder` are applied too; the second passphrase opens them when it changed since.
    """
    passphrase, newer = passphrases
    report = restore_backup(
        source,
        folder,
        passphrase,
        clock,
        backup_folders=[rotation_folder(None, folder)],
        newer_passphrases=[newer] if newer else [],
    )
    return Restored(report, open_workspace(folder, passphrase, clock))


class RestorePage(QWizardPage):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setTitle(_("Restore from a backup"))
        self.setSubTitle(
            _(
                "Choose the backup file (on a USB stick or a synchronised folder, for example) "
                "and type the passphrase the vault had when the backup was made."
            )
        )
        self.backup = QLineEdit()
        self.backup.setAccessibleName(_("Backup file"))
        self.backup.textChanged.connect(self.completeChanged)
        choose = QPushButton(_("Choose…"))
        choose.clicked.connect(self._choose_backup)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.passphrase.textChanged.connect(self.completeChanged)
        self.newer_passphrase = QLineEdit()
        self.newer_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.newer_passphrase.setAccessibleName(_("Passphrase of newer backups"))
        self.newer_passphrase.setPlaceholderText(_("only if it changed since this backup"))
        self.folder = QLineEdit(str(folder))
        self.folder.setAccessibleName(_("Vault folder"))
        self.folder.textChanged.connect(self.completeChanged)
        row = QHBoxLayout()
        row.addWidget(self.backup, 1)
        row.addWidget(choose)
        note = QLabel(
            _(
                "The vault is restored into this folder, which must not hold a vault. Records "
                "erased after the backup was made stay erased."
            )
        )
        note.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(_("Backup file"), row)
        layout.addRow(_("Passphrase"), self.passphrase)
        layout.addRow(_("Passphrase of newer backups"), self.newer_passphrase)
        layout.addRow(_("Vault folder"), self.folder)
        layout.addRow(note)

    def _choose_backup(self) -> None:
        start = Path(self.backup.text()).parent if self.backup.text() else Path.home()
        chosen = dialogs.open_file(
            self,
            _("Backup file"),
            start,
            _("Backups (*{suffix});;All files (*)").format(suffix=BACKUP_SUFFIX),
        )
        if chosen is not None:
            self.backup.setText(str(chosen))

    def isComplete(self) -> bool:
        return all(edit.text().strip() for edit in (self.backup, self.folder)) and bool(
            self.passphrase.text()
        )

    def source(self) -> Path:
        return Path(self.backup.text().strip()).expanduser()

    def target(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()
