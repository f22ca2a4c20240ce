"""Settings' backup checks: restore a backup into a new folder, verify a backup file, check the
vault itself. Each runs in the background worker; the restore never touches the vault in use.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from coursenplus_desk.domain.errors import VaultUnavailableError
from coursenplus_desk.i18n import N_, _, counted
from coursenplus_desk.services.backup import BackupInfo
from coursenplus_desk.services.restore import RestoreReport, restore_backup, verify_backup
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.form_dialog import FormDialog
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.widgets import button

BACKUP_FILES = N_("Backups (*.cpbackup);;Every file (*)")
# The first word of the new folder's name, in the user's language like file names.
RESTORED_FOLDER = N_("restored")


def _passphrase_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


def backup_label(info: BackupInfo) -> str:
    taken = info.taken_at.astimezone()
    return f"{format_date(taken.date())} {taken:%H:%M} — {info.path.name}"


class RestoreDialog(FormDialog):
    """Which backup (of the backup folder, or another file), its passphrase, and a new folder."""

    def __init__(self, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(_("Restore a backup"), _("Restore"), parent)
        self.workspace = workspace
        self.backups = QListWidget()
        self.backups.setAccessibleName(_("Backups"))
        for info in workspace.backups.backups():
            item = QListWidgetItem(backup_label(info))
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            self.backups.addItem(item)
        self.backups.setCurrentRow(0)
        self.form.addRow(_("Backup"), self.backups)
        self.form.addRow(button(_("Another backup file…"), self.choose_file))
        self.passphrase = _passphrase_edit(_("Passphrase of the backup"))
        self.form.addRow(_("Passphrase of the backup"), self.passphrase)
        today = workspace.clock.today().isoformat()
        self.target = QLineEdit(str(workspace.folder.parent / f"{_(RESTORED_FOLDER)}-{today}"))
        self.target.setAccessibleName(_("Restore into this new folder"))
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(button(_("Choose…"), self.choose_target))
        self.form.addRow(_("Restore into this new folder"), row)
        self.explain(
            _(
                "The backup is restored into a new, empty folder, never over the vault in "
                "use; people erased since the backup stay erased. Open the restored vault "
                "to check it before working in it."
            )
        )
        self.setMinimumWidth(620)

    def choose_file(self) -> None:
        chosen = dialogs.open_file(
            self, _("Choose a backup"), self.workspace.backups.folder(), _(BACKUP_FILES)
        )
        if chosen is not None:
            item = QListWidgetItem(chosen.name)
            item.setData(Qt.ItemDataRole.UserRole, str(chosen))
            self.backups.insertItem(0, item)
            self.backups.setCurrentRow(0)

    def choose_target(self) -> None:
        chosen = dialogs.choose_folder(self, _("Restore into"), self.workspace.folder.parent)
        if chosen is not None:
            self.target.setText(str(chosen))

    def source(self) -> Path | None:
        item = self.backups.currentItem()
        return Path(str(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None


class BackupPassphraseDialog(FormDialog):
    def __init__(self, path: Path, parent: QWidget | None) -> None:
        super().__init__(_("Verify a backup"), _("Verify"), parent)
        self.passphrase = _passphrase_edit(_("Passphrase of the backup"))
        self.form.addRow(_("Passphrase of the backup"), self.passphrase)
        self.explain(_("Every page of {file} is opened and checked.").format(file=path.name))


def restore(parent: QWidget, workspace: Workspace) -> None:
    dialog = RestoreDialog(workspace, parent)
    if not dialogs.run(dialog):
        return
    source = dialog.source()
    if source is None:
        dialogs.inform(parent, _("There is no backup to restore yet: choose a backup file."))
        return
    target, passphrase = Path(dialog.target.text().strip()), dialog.passphrase.text()
    live, clock = workspace.backups.live_state(), workspace.clock
    folders = [workspace.backups.folder()]
    background.run_in_background(
        parent,
        _("Restoring the backup…"),
        lambda _progress: restore_backup(
            source, target, passphrase, clock, live=live, backup_folders=folders
        ),
        lambda report: dialogs.inform(parent, restored_text(report)),
    )


def restored_text(report: RestoreReport) -> str:
    erased = counted(
        "{count} erased record removed again.",
        "{count} erased records removed again.",
        report.erasures_removed,
    )
    done = _("Backup restored into {folder} ({people}).").format(
        folder=str(report.folder), people=counted("{count} person", "{count} people", report.people)
    )
    return f"{done}\n{erased}"


def verify(parent: QWidget, workspace: Workspace) -> None:
    path = dialogs.open_file(
        parent, _("Choose a backup"), workspace.backups.folder(), _(BACKUP_FILES)
    )
    if path is None:
        return
    dialog = BackupPassphraseDialog(path, parent)
    if not dialogs.run(dialog):
        return
    passphrase = dialog.passphrase.text()
    background.run_in_background(
        parent,
        _("Checking the backup…"),
        lambda _progress: verify_backup(path, passphrase),
        lambda report: dialogs.inform(
            parent,
            _("The backup is intact: {people} people, taken on {when}.").format(
                people=report.people, when=report.manifest.created_at
            ),
        ),
    )


def check_vault(parent: QWidget, workspace: Workspace) -> None:
    """Every page of the vault in use: its integrity check (after a WAL checkpoint)."""
    background.run_in_background(
        parent,
        _("Checking the vault…"),
        lambda _progress: workspace.integrity_problems(),
        lambda problems: _checked(parent, problems),
    )


def _checked(parent: QWidget, problems: list[str]) -> None:
    if not problems:
        dialogs.inform(parent, _("The vault is intact: every page passed its integrity check."))
        return
    damaged = VaultUnavailableError(
        N_("The vault is damaged ({count} problems found, first: {first}). Restore a backup."),
        count=len(problems),
        first=problems[0],
    )
    dialogs.show_error(parent, damaged)
