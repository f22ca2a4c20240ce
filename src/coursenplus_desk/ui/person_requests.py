"""A person's requests about their data: the list, "New request…", and each request's steps;
and their retention dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.retention import CATEGORY_LABELS, Due
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import legal_holds
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.request_dialogs import NewRequestDialog, record_new_request
from coursenplus_desk.ui.request_file import RequestFile
from coursenplus_desk.ui.requests_view import RequestsModel, request_rows, requests_table
from coursenplus_desk.ui.widgets import button, button_row

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage

__all__ = ["NewRequestDialog", "PersonRequestsTab", "RetentionBox"]


class PersonRequestsTab(QWidget):
    """The requests about this person, each one's file and steps under the list."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.model = RequestsModel(self)
        self.view = requests_table(self.model, _("Requests"))
        self.view.setColumnHidden(1, True)  # the person: this page's
        self.file = RequestFile(page.workspace, lambda _person_id: page.touched(), self)
        self.view.selectionModel().selectionChanged.connect(self._show_file)
        self.view.doubleClicked.connect(lambda _index: self.file.take_next_step())
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.file)
        self.new_button = button(_("New request…"), self.new_request)
        layout.addLayout(button_row(self.new_button))
        self.load()

    def load(self) -> None:
        chosen = self.selected_request_id()
        workspace, person_id = self.page.workspace, self.page.person_id
        name = workspace.people.get(person_id).person.full_name
        requests = workspace.requests.of_person(person_id)
        self.model.set_rows(request_rows(requests, {person_id: name}, workspace.clock.today()))
        self.select_request(chosen)
        self._show_file()

    def selected_request_id(self) -> int | None:
        return self.model.selected_id(self.view)

    def select_request(self, request_id: int | None) -> None:
        row = self.model.row_of(request_id)
        if row is not None:
            self.view.selectRow(row)

    def _show_file(self) -> None:
        self.file.show_request(self.selected_request_id())

    def new_request(self) -> None:
        request_id = record_new_request(self.page.workspace, self.page.person_id, self)
        if request_id is not None:
            self.load()
            self.select_request(request_id)
            self.page.touched()


class RetentionBox(QGroupBox):
    """Until when each category of this person's data is kept, and since what; a legal hold."""

    changed = Signal()

    def __init__(self, workspace: Workspace, person_id: int) -> None:
        super().__init__(_("Retention"))
        self.workspace = workspace
        self.person_id = person_id
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_("Retention dates"))
        self.hold_button = button(_("Place a legal hold…"), self.place_hold)
        self.lift_button = button(_("Lift the legal hold"), self.lift_hold)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(button_row(self.hold_button, self.lift_button))
        self.load()

    def load(self) -> None:
        hold = legal_holds.hold_of(self.workspace, self.person_id)
        self.hold_button.setVisible(hold is None)
        self.lift_button.setVisible(hold is not None)
        try:
            dues = self.workspace.retention.dates_of(self.person_id)
        except UserError as error:
            self.label.setText(error.message())
            return
        lines = retention_lines(dues)
        if hold is not None:
            since = format_date(hold.placed_on)
            lines.insert(0, _("Under a legal hold since {date}: {reason}. Nothing is erased.")
                         .format(date=since, reason=hold.reason))  # fmt: skip
        self.label.setText("\n".join(lines))

    def place_hold(self) -> None:
        if legal_holds.place_hold(self, self.workspace, self.person_id):
            self.load()
            self.changed.emit()

    def lift_hold(self) -> None:
        name = self.workspace.people.get(self.person_id).person.full_name
        if legal_holds.lift_hold(self, self.workspace, self.person_id, name):
            self.load()
            self.changed.emit()


def retention_lines(dues: list[Due]) -> list[str]:
    if not dues:
        return [_("No retention date runs yet: this person's records are still in use.")]
    lines = []
    for due in sorted(dues, key=lambda d: d.due_on):
        line = _("{category}: kept until {date} (counted from {since})").format(
            category=_(CATEGORY_LABELS[due.category]),
            date=format_date(due.due_on),
            since=format_date(due.since),
        )
        if due.kept_until is not None:
            line += " — " + _("invoices kept until {date}").format(date=format_date(due.kept_until))
        lines.append(line)
    return lines
