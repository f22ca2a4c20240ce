"""Settings' backups and audit trail: the backup folder, a backup now, verifying or restoring a
backup (restore_backup.py), checking the vault and the trail.

Backups and the check run in the background worker; on lock and on close the
window makes a backup itself when something changed (see `backup_on_leaving`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs, restore_backup
from coursenplus_desk.ui.audit_view import AuditDialog
from coursenplus_desk.ui.busy import busy_cursor
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.widgets import button, button_row
from coursenplus_desk.vault.connection import DatabaseError


def backup_on_leaving(workspace: Workspace) -> str | None:
    """A rotation backup if anything changed; the reason it failed, if it did.

    Locking must never be prevented: a failed backup is told, not raised.
    """
    try:
        with busy_cursor():
            workspace.backups.backup_if_changed()
    except UserError as error:
        return _("No backup could be made: {reason}").format(reason=error.message())
    except (OSError, DatabaseError) as error:
        return _("No backup could be made: {reason}").format(reason=str(error))
    return None


def prune_on_unlock(workspace: Workspace) -> str | None:
    """Remove the audit events kept long enough; the reason it failed, if it did."""
    try:
        workspace.audit_trail.prune()
    except UserError as error:
        return error.message()
    return None


class BackupBox(QGroupBox):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(_("Backups and audit trail"), parent)
        self.workspace = workspace
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.folder_label.setAccessibleName(_("Backup folder"))
        self.choose_button = button(_("Backup folder…"), self.choose_folder)
        self.backup_button = button(_("Back up now"), self.back_up_now)
        self.verify_button = button(_("Verify audit trail"), self.verify)
        self.audit_button = button(_("Audit trail…"), self.show_audit)
        self.verify_backup_button = button(_("Verify a backup…"), self.verify_backup)
        self.restore_button = button(_("Restore a backup…"), self.restore)
        self.check_button = button(_("Check the vault"), self.check_vault)
        self.latest_label = QLabel()
        self.latest_label.setWordWrap(True)
        note = QLabel(
            _(
                "A backup is also made when the vault is locked or the program closed, "
                "if something changed. Keep backups outside this computer (a USB stick)."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.latest_label)
        layout.addWidget(note)
        layout.addLayout(button_row(self.choose_button, self.backup_button,
                                    self.verify_backup_button, self.restore_button))  # fmt: skip
        layout.addLayout(button_row(self.check_button, self.verify_button, self.audit_button))
        self.show_folder()

    def show_folder(self) -> None:
        self.folder_label.setText(
            _("Backups are kept in {folder}.").format(folder=str(self.workspace.backups.folder()))
        )
        found = self.workspace.backups.backups()
        if not found:
            self.latest_label.setText(_("There is no backup in this folder yet."))
            return
        latest = max(found, key=lambda info: info.taken_at).taken_at.astimezone()
        self.latest_label.setText(
            ngettext(
                "{count} backup in the folder, the latest taken on {date} at {time}.",
                "{count} backups in the folder, the latest taken on {date} at {time}.",
                len(found),
            ).format(count=len(found), date=format_date(latest.date()), time=f"{latest:%H:%M}")
        )

    def choose_folder(self) -> None:
        chosen = dialogs.choose_folder(self, _("Backup folder"), self.workspace.backups.folder())
        if chosen is None:
            return
        try:
            self.workspace.backups.set_folder(chosen)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.show_folder()

    def back_up_now(self) -> None:
        if background.is_busy():
            return
        backups = self.workspace.backups
        background.run_in_background(
            self, _("Backing up…"), lambda _progress: backups.create(), self._backed_up
        )

    def _backed_up(self, path: Path) -> None:
        self.show_folder()
        dialogs.inform(self, _("Backup saved in {file}.").format(file=str(path)))

    def verify_backup(self) -> None:
        if not background.is_busy():
            restore_backup.verify(self, self.workspace)

    def restore(self) -> None:
        if not background.is_busy():
            restore_backup.restore(self, self.workspace)

    def check_vault(self) -> None:
        if not background.is_busy():
            restore_backup.check_vault(self, self.workspace)

    def verify(self) -> None:
        if background.is_busy():
            return
        trail = self.workspace.audit_trail
        background.run_in_background(
            self, _("Checking the audit trail…"), lambda _progress: trail.verify(), self._verified
        )

    def _verified(self, count: int) -> None:
        dialogs.inform(
            self,
            ngettext(
                "The audit trail is intact ({count} event checked).",
                "The audit trail is intact ({count} events checked).",
                count,
            ).format(count=count),
        )

    def show_audit(self) -> None:
        dialogs.run(AuditDialog(self.workspace, self))
