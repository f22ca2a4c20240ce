"""Syncing the shared register while the program is open: on unlock, every few minutes, on lock.

Syncs run in the background worker, their progress shown only when one takes
more than a few seconds (many files to apply); the status bar says
when the last one was ("Synchronised 2 min ago") or how many changes wait
("3 changes waiting"). When a sync brings other laptops' changes, `changed`
is emitted and the window refreshes what it shows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _, ngettext
from coursenplus_desk.ui import background
from coursenplus_desk.ui.busy import busy_cursor

if TYPE_CHECKING:  # the window builds this before any vault is open: no services yet
    from coursenplus_desk.services.sharing.report import SyncReport
    from coursenplus_desk.services.sharing.service import ShareStatus
    from coursenplus_desk.services.workspace import Workspace

SYNC_EVERY_MS = 3 * 60_000
QUIET_FOR_MS = 4_000  # a sync shows its progress only when it takes longer than this
REFRESH_LABEL_MS = 30_000


def status_text(status: ShareStatus | None, now: datetime) -> str:
    """What the status bar says about the shared register."""
    if status is None:
        return ""
    if status.pending_changes:
        return ngettext(
            "{count} change waiting", "{count} changes waiting", status.pending_changes
        ).format(count=status.pending_changes)
    if status.last_sync_at is None:
        return _("Not synchronised yet")
    minutes = int((now - datetime.fromisoformat(status.last_sync_at)).total_seconds() // 60)
    if minutes < 1:
        text = _("Synchronised just now")
    elif minutes < 120:
        text = ngettext("Synchronised {count} min ago", "Synchronised {count} min ago", minutes)
        text = text.format(count=minutes)
    elif minutes < 48 * 60:
        hours = minutes // 60
        text = ngettext("Synchronised {count} h ago", "Synchronised {count} h ago", hours)
        text = text.format(count=hours)
    else:
        days = minutes // (24 * 60)
        text = ngettext("Synchronised {count} day ago", "Synchronised {count} days ago", days)
        text = text.format(count=days)
    if status.to_review:
        text += " · " + ngettext("{count} to review", "{count} to review", status.to_review).format(
            count=status.to_review
        )
    return text


class ShareSync(QObject):
    changed = Signal()  # another laptop's changes were applied
    synced = Signal(object)  # the SyncReport

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.workspace: Workspace | None = None
        self.label = QLabel()
        self.label.setAccessibleName(_("Shared register"))
        window.statusBar().addPermanentWidget(self.label)
        self.label.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MS)
        self.timer.timeout.connect(self.sync_quietly)
        self.refresher = QTimer(self)
        self.refresher.setInterval(REFRESH_LABEL_MS)
        self.refresher.timeout.connect(self.show_status)

    def retranslate(self) -> None:
        self.label.setAccessibleName(_("Shared register"))
        self.show_status()

    def start(self, workspace: Workspace) -> None:
        self.workspace = workspace
        if not workspace.sharing.is_shared:
            self.label.hide()
            return
        self.label.show()
        self.show_status()
        self.timer.start()
        self.refresher.start()
        self.sync_quietly()

    def stop(self) -> None:
        self.timer.stop()
        self.refresher.stop()
        self.workspace = None
        self.label.hide()

    def sync_quietly(self) -> None:
        workspace = self.workspace
        if workspace is None or not workspace.vault.is_open or not workspace.sharing.is_shared:
            return
        if not background.is_idle():
            return  # the next turn of the timer will do
        background.run_in_background(
            self.window,
            _("Synchronising…"),
            lambda _progress: workspace.sharing.sync(),
            self.after_sync,
            self._failed,
            show_after_ms=QUIET_FOR_MS,
        )

    def before_lock(self, workspace: Workspace) -> str | None:
        """A last sync before the vault closes; the reason it failed, if it did."""
        self.timer.stop()
        if not workspace.sharing.is_shared:
            return None
        try:
            with busy_cursor():
                workspace.sharing.sync()
        except UserError as error:
            return error.message()
        except OSError as error:
            return _("The shared folder could not be used: {reason}").format(reason=str(error))
        return None

    def after_sync(self, report: SyncReport) -> None:
        if self.workspace is None:
            return
        if report.files_applied:
            self.changed.emit()
        self.synced.emit(report)
        self.show_status()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError | OSError):
            self.label.setText(_("Not synchronised: {reason}").format(reason=str(error)))
            return
        raise error

    def show_status(self) -> None:
        workspace = self.workspace
        if workspace is None or background.is_busy() or not workspace.vault.is_open:
            return
        if not workspace.sharing.is_shared:
            self.label.hide()
            return
        try:
            status = workspace.sharing.status()
        except UserError:
            return
        self.label.show()
        self.label.setText(status_text(status, workspace.clock.now()))
