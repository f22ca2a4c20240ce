"""Choose an existing person: the same searchable list as the People section, in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from coursenplus_desk.domain.people import Role
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.people_view import PeopleList


class PersonPicker(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        title: str,
        parent: QWidget | None = None,
        roles: frozenset[Role] = frozenset(),
        exclude: int | None = None,
        guardian_for: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.exclude = exclude
        self.person_id: int | None = None
        self.list = PeopleList(workspace, roles, guardian_for)
        self.list.table.doubleClicked.connect(lambda _index: self._accept_selected())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept_selected)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)
        self.resize(520, 480)
        self.list.search.setFocus()

    def choose(self, person_id: int) -> None:
        self.list.select(person_id)

    def _accept_selected(self) -> None:
        chosen = self.list.selected_id()
        if chosen is None or chosen == self.exclude:
            self.list.search.setFocus()
            return
        self.person_id = chosen
        self.accept()


def pick_person(
    workspace: Workspace,
    title: str,
    parent: QWidget | None = None,
    roles: frozenset[Role] = frozenset(),
    exclude: int | None = None,
    guardian_for: int | None = None,
) -> int | None:
    """`guardian_for`: offer only guardians and adults, never that person or a descendant."""
    from coursenplus_desk.ui import dialogs

    picker = PersonPicker(workspace, title, parent, roles, exclude, guardian_for)
    picker.setObjectName("person-picker")
    return picker.person_id if dialogs.run(picker) else None
