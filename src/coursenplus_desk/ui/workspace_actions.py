"""Menu actions that need the open vault: a mailing list (File), students coming of age (People).

The main window places them in its menus, enables them while a vault is open
and retitles them when the language changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.ui import background, dialogs

if TYPE_CHECKING:  # built with the window, before any vault is open: the tasks import late
    from coursenplus_desk.services.workspace import Workspace

Task = Callable[[QWidget, "Workspace"], object]


def show_coming_of_age(parent: QWidget, workspace: Workspace) -> None:
    from coursenplus_desk.ui.coming_of_age import ComingOfAgeDialog

    dialogs.run(ComingOfAgeDialog(workspace, parent))


def export_mailing_list(parent: QWidget, workspace: Workspace) -> None:
    from coursenplus_desk.ui.mailing_list import export_mailing_list as export

    export(parent, workspace)


class WorkspaceActions:
    def __init__(self, window: QWidget, workspace: Callable[[], Workspace | None]) -> None:
        self.window = window
        self.workspace = workspace
        self.mailing = self._action(N_("Export a &mailing list…"), export_mailing_list)
        self.coming_of_age = self._action(N_("Students coming of &age…"), show_coming_of_age)
        self.actions = [self.mailing, self.coming_of_age]

    def _action(self, title: str, task: Task) -> QAction:
        action = QAction(self.window)
        action.setData(title)
        action.triggered.connect(lambda: self.run(task))
        return action

    def run(self, task: Task) -> None:
        workspace = self.workspace()
        if workspace is None or background.is_busy():
            return
        try:
            task(self.window, workspace)
        except UserError as error:
            dialogs.show_error(self.window, error)

    def retranslate(self) -> None:
        for action in self.actions:
            action.setText(_(str(action.data())))

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions:
            action.setEnabled(enabled)
