"""The screen shown instead of the vault when it is an older copy than the one last used."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.services.witness import Finding
from coursenplus_desk.services.workspace import Workspace, reseat_witnesses
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.widgets import button, button_row


class RollbackScreen(QWidget):
    accepted = Signal()  # use this copy on purpose
    refused = Signal()  # lock it again

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.workspace: Workspace | None = None  # the older copy, open until a choice is made
        heading = _("This is an older copy of the vault")
        title = QLabel(f"<h2>{heading}</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(finding.error().message())
        self.message.setWordWrap(True)
        self.message.setAccessibleName(_("Problem"))
        advice = QLabel(
            _(
                "Records saved in the newer copy are not in this one. Close it and open the "
                "newest copy, or restore the newest backup. Use this copy only if you put it "
                "back on purpose."
            )
        )
        advice.setWordWrap(True)
        self.close_button = button(_("Lock the vault"), self.refused.emit)
        self.use_button = button(_("Use this older copy…"), self._confirm)
        box = QWidget()
        box.setFixedWidth(560)
        column = QVBoxLayout(box)
        column.addWidget(title)
        column.addWidget(self.message)
        column.addWidget(advice)
        column.addLayout(button_row(self.close_button, self.use_button))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _confirm(self) -> None:
        question = _(
            "Use this older copy from now on? The newer copy will then be reported as "
            "different if it is opened again."
        )
        if dialogs.confirm(self, question, _("Use this copy")):
            self.accepted.emit()


def present_rollback(
    stack: QStackedWidget, workspace: Workspace, done: Callable[[bool], None]
) -> RollbackScreen:
    """Show the screen; `done(True)` once the copy is accepted (witnesses re-seated),
    `done(False)` once it is locked again."""
    finding = workspace.rollback
    assert finding is not None
    screen = RollbackScreen(finding)
    screen.workspace = workspace
    stack.addWidget(screen)
    stack.setCurrentWidget(screen)

    def finish(accepted: bool) -> None:
        stack.removeWidget(screen)
        screen.hide()
        screen.deleteLater()
        done(accepted)

    def refused() -> None:
        workspace.vault.close()  # nothing recorded in the older copy: it stays as it is
        finish(False)

    def accepted() -> None:
        try:
            workspace.audit.record("vault.unlock")
            workspace.audit.record("vault.older_accepted", event=finding.witness.head_id)
            reseat_witnesses(workspace)
        except UserError as error:
            dialogs.show_error(screen, error)
            return
        finish(True)

    screen.refused.connect(refused)
    screen.accepted.connect(accepted)
    return screen
