"""Settings → Shared register: the folder, the laptops, invite, remove, sync now.

An invitation is written to a file the person chooses; its one-time code is
shown once, to be read aloud or typed on the new laptop, never sent with the
file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QInputDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.sync.order import LaptopStatus
from coursenplus_desk.i18n import N_, _, ngettext
from coursenplus_desk.services.sharing.invitations import Invitation
from coursenplus_desk.services.sharing.report import SyncReport
from coursenplus_desk.services.sharing.service import LAPTOP_STATUS_LABELS, LaptopView
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.busy import busy_cursor
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import Column, RowsModel, table_view
from coursenplus_desk.ui.widgets import button, button_row
from coursenplus_desk.vault.invitation_file import INVITATION_SUFFIX


def _seen(laptop: LaptopView) -> str:
    if laptop.is_this_laptop:
        return _("this laptop")
    if not laptop.last_written_at:
        return ""
    moment = datetime.fromisoformat(laptop.last_written_at)
    return f"{format_date(moment.date())} {moment:%H:%M}"


class ShareBox(QGroupBox):
    synced = Signal(object)  # a SyncReport, after "Sync now"
    shared = Signal()  # the vault has just been shared

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(_("Shared register"), parent)
        self.workspace = workspace
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.model: RowsModel[LaptopView] = RowsModel(
            [
                Column(N_("Laptop"), lambda v: v.label or v.laptop_id),
                Column(N_("Status"), lambda v: _(LAPTOP_STATUS_LABELS[v.status])),
                Column(N_("Last seen"), _seen),
            ],
            lambda v: self.model.rows().index(v),
        )
        self.laptops = table_view(self.model, _("Laptops of the register"))
        self.laptops.setMinimumHeight(120)
        self.share_button = button(_("Share through a folder…"), self.share)
        self.sync_button = button(_("Sync now"), self.sync_now)
        self.invite_button = button(_("Invite a laptop…"), self.invite)
        self.remove_button = button(_("Remove the selected laptop…"), self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.laptops)
        layout.addLayout(
            button_row(self.share_button, self.sync_button, self.invite_button, self.remove_button)
        )
        self.refresh()

    def refresh(self) -> None:
        shared = self.workspace.sharing.is_shared
        for widget in (self.folder_label, self.laptops, self.sync_button, self.invite_button,
                       self.remove_button):  # fmt: skip
            widget.setVisible(shared)
        self.share_button.setVisible(not shared)
        if not shared:
            self.explanation.setText(
                _(
                    "Several administrators can keep one register, each on their own laptop: "
                    "choose a folder the association already shares (Syncthing, Nextcloud, "
                    "a network share, a USB stick). Only encrypted files go there; the "
                    "program never connects to the network itself."
                )
            )
            return
        status = self.workspace.sharing.status()
        self.explanation.setText(
            _(
                "Every laptop keeps the whole register; changes travel, encrypted, "
                "through the folder."
            )
        )
        self.folder_label.setText(_("Shared folder: {folder}").format(folder=status.folder))
        self.model.set_rows(status.laptops)

    def share(self) -> None:
        folder = dialogs.choose_folder(self, _("Shared folder"), Path.home())
        if folder is None:
            return
        name, accepted = QInputDialog.getText(
            self, _("This laptop"), _("A name for this laptop, as the others will see it:"),
            QLineEdit.EchoMode.Normal, "",
        )  # fmt: skip
        if not accepted:
            return
        try:
            with busy_cursor():
                self.workspace.sharing.init(folder, name.strip())
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.refresh()
        self.shared.emit()
        dialogs.inform(self, _("This vault is now shared. Invite the other laptops."))

    def sync_now(self) -> None:
        if background.is_busy():
            return
        sharing = self.workspace.sharing
        background.run_in_background(
            self, _("Synchronising…"), lambda _progress: sharing.sync(), self._synced
        )

    def _synced(self, report: SyncReport) -> None:
        self.refresh()
        self.synced.emit(report)
        lines = [
            ngettext("{count} change received.", "{count} changes received.",
                     report.changes_applied).format(count=report.changes_applied),
        ]  # fmt: skip
        lines += [notice.text() for notice in report.notices]
        dialogs.inform(self, "\n".join(lines))

    def invite(self) -> None:
        name, accepted = QInputDialog.getText(
            self, _("Invite a laptop"), _("A name for the new laptop (its administrator):"),
            QLineEdit.EchoMode.Normal, "",
        )  # fmt: skip
        if not accepted:
            return
        out = dialogs.save_file(
            self, _("Invitation file"), f"invitation{INVITATION_SUFFIX}",
            _("Invitations (*{suffix})").format(suffix=INVITATION_SUFFIX),
        )  # fmt: skip
        if out is None:
            return
        try:
            with busy_cursor():
                invitation = self.workspace.sharing.invite(out, name.strip())
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.refresh()
        dialogs.inform(self, invitation_text(invitation), _("Invite a laptop"))

    def remove(self) -> None:
        rows = self.laptops.selectionModel().selectedRows() if self.laptops.selectionModel() else []
        laptop = self.model.row(rows[0].row()) if rows else None
        if laptop is None or laptop.is_this_laptop or laptop.status is LaptopStatus.REMOVED:
            dialogs.inform(self, _("Select another laptop of the register first."))
            return
        name = laptop.label or laptop.laptop_id
        if not dialogs.confirm(
            self,
            _(
                "Remove laptop {name} from the register? It keeps what it already has, "
                "but it cannot read anything written from now on (the register gets a new key)."
            ).format(name=name),
            _("Remove"),
        ):
            return
        try:
            with busy_cursor():
                self.workspace.sharing.remove(laptop.laptop_id)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.refresh()


def invitation_text(invitation: Invitation) -> str:
    return _(
        "The invitation was written to {file}.\n\n"
        "One-time code: {code}\n\n"
        "Give the file to the new laptop (a USB stick, the shared folder) and tell its "
        "administrator the code by voice or by hand, never together with the file. The code "
        "is shown only now."
    ).format(file=invitation.path, code=invitation.code)
