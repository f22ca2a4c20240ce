"""Enroll several students in a group at once: search, add them to the list, then enroll all.

The students are enrolled in one transaction: every one, or none when one is refused.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.people import Role
from coursenplus_desk.i18n import _, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.form_dialog import FormDialog, day_of
from coursenplus_desk.ui.people_view import PeopleList
from coursenplus_desk.ui.widgets import button


class EnrollStudentsDialog(FormDialog):
    def __init__(self, workspace: Workspace, group_name: str, parent: QWidget | None) -> None:
        super().__init__(
            _("Enroll students in {group}").format(group=group_name), _("Enroll"), parent
        )
        self.workspace = workspace
        self.people = PeopleList(workspace, frozenset({Role.STUDENT}))
        self.people.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.people.table.doubleClicked.connect(lambda _index: self.add_selected())
        self.chosen = QListWidget()
        self.chosen.setAccessibleName(_("Students to enroll"))
        self.chosen.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = QLabel()
        add = button(_("Add →"), self.add_selected)
        remove = button(_("← Remove"), self.remove_selected)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(add)
        middle.addWidget(remove)
        middle.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(_("Students to enroll")))
        right.addWidget(self.chosen, 1)
        right.addWidget(self.count)
        columns = QHBoxLayout()
        columns.addWidget(self.people, 3)
        columns.addLayout(middle)
        columns.addLayout(right, 2)
        self.form.addRow(columns)
        self.starts = self.day(_("From"), workspace.clock.today())
        self.explain(_("Search, select one or more students (Ctrl or Shift), then “Add →”."))
        self.resize(820, 520)
        self._show_count()

    def chosen_ids(self) -> list[int]:
        items = (self.chosen.item(row) for row in range(self.chosen.count()))
        return [int(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]

    def add_selected(self) -> None:
        already = set(self.chosen_ids())
        rows = sorted(index.row() for index in self.people.table.selectionModel().selectedRows())
        ids = [pid for pid in (self.people.model.person_id(row) for row in rows) if pid]
        for summary in self.workspace.people.summaries([i for i in ids if i not in already]):
            item = QListWidgetItem(summary.full_name)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.chosen.addItem(item)
        self._show_count()

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._show_count()

    def _show_count(self) -> None:
        count = self.chosen.count()
        self.count.setText(
            ngettext("{count} student chosen", "{count} students chosen", count).format(count=count)
        )


def enroll_students(parent: QWidget, workspace: Workspace, group_id: int) -> int:
    """Ask whom and from when, then enroll them all; how many were enrolled."""
    dialog = EnrollStudentsDialog(workspace, workspace.courses.group(group_id).name, parent)
    if not dialogs.run(dialog):
        return 0
    try:
        done = workspace.courses.enroll_many(dialog.chosen_ids(), group_id, day_of(dialog.starts))
    except UserError as error:
        dialogs.show_error(parent, error)
        return 0
    return len(done)
