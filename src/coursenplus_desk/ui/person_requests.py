"""A person's requests about their data (list and "New request…"), and their retention dates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.requests import (
    REQUEST_CHANNEL_LABELS,
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    DataSubjectRequest,
)
from coursenplus_desk.domain.retention import CATEGORY_LABELS, Due
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date
from coursenplus_desk.ui.request_parties import REPRESENTATIVE, RepresentativeFields
from coursenplus_desk.ui.table_model import Column, RowsModel, table_view
from coursenplus_desk.ui.widgets import button, button_row

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage


class NewRequestDialog(QDialog):
    """Kind, day received, channel, and who asks: the person or one of their guardians."""

    def __init__(self, workspace: Workspace, person_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New request"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of request"))
        for kind, label in REQUEST_KIND_LABELS.items():
            self.kind.addItem(_(label), kind.value)
        self.received = QLineEdit(format_date(workspace.clock.today()))
        self.received.setAccessibleName(_("Received"))
        self.received.setPlaceholderText(date_placeholder())
        self.channel = QComboBox()
        self.channel.setAccessibleName(_("Channel"))
        for channel, label in REQUEST_CHANNEL_LABELS.items():
            self.channel.addItem(_(label), channel.value)
        self.requester = QComboBox()
        self.requester.setAccessibleName(_("Asked by"))
        self.requester.addItem(_("the person themselves"), None)
        for link in workspace.people.get(person_id).guardians:
            self.requester.addItem(link.full_name, link.person_id)
        self.requester.addItem(_("a representative with a mandate (lawyer, association…)"),
                               REPRESENTATIVE)  # fmt: skip
        self.representative = RepresentativeFields()
        self.representative.setEnabled(False)
        self.requester.currentIndexChanged.connect(
            lambda _index: self.representative.setEnabled(self.by_representative())
        )
        form = QFormLayout()
        form.addRow(_("Kind of request"), self.kind)
        form.addRow(_("Received"), self.received)
        form.addRow(_("Channel"), self.channel)
        form.addRow(_("Asked by"), self.requester)
        form.addRow(self.representative)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def by_representative(self) -> bool:
        return bool(self.requester.currentData() == REPRESENTATIVE)

    def requester_id(self) -> int | None:
        value = self.requester.currentData()
        return int(value) if value is not None and value != REPRESENTATIVE else None

    def representative_name(self) -> str | None:
        return self.representative.name.text() if self.by_representative() else None

    def representative_address(self) -> str | None:
        return self.representative.address.text() if self.by_representative() else None


class PersonRequestsTab(QWidget):
    """The requests about this person; the Requests section carries them out."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.model: RowsModel[DataSubjectRequest] = RowsModel(
            [
                Column(N_("No."), lambda r: str(r.id)),
                Column(N_("Kind"), lambda r: _(REQUEST_KIND_LABELS[r.kind])),
                Column(N_("Received"), lambda r: format_date(r.received_on)),
                Column(N_("Due"), lambda r: self._due(r)),
                Column(N_("Status"), lambda r: _(REQUEST_STATUS_LABELS[r.status])),
            ],
            lambda r: r.id,
        )
        self.view = table_view(self.model, _("Requests"))
        note = QLabel(_("The steps of each request are taken in the “Requests” section."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addLayout(button_row(button(_("New request…"), self.new_request)))
        self.load()

    def _due(self, request: DataSubjectRequest) -> str:
        due = format_date(request.due_on)
        if request.overdue(self.page.workspace.clock.today()):
            return _("{date} (overdue)").format(date=due)
        return due

    def load(self) -> None:
        self.model.set_rows(self.page.workspace.requests.of_person(self.page.person_id))

    def new_request(self) -> None:
        workspace, person_id = self.page.workspace, self.page.person_id
        dialog = NewRequestDialog(workspace, person_id, self)
        if not dialogs.run(dialog):
            return
        try:
            workspace.requests.add(
                person_id,
                str(dialog.kind.currentData()),
                date_input(dialog.received.text()) or "",
                str(dialog.channel.currentData()),
                dialog.requester_id(),
                dialog.representative_name(),
                dialog.representative_address(),
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.page.touched()


class RetentionBox(QGroupBox):
    """Until when each category of this person's data is kept, and since what."""

    def __init__(self, workspace: Workspace, person_id: int) -> None:
        super().__init__(_("Retention"))
        self.workspace = workspace
        self.person_id = person_id
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_("Retention dates"))
        QVBoxLayout(self).addWidget(self.label)
        self.load()

    def load(self) -> None:
        try:
            dues = self.workspace.retention.dates_of(self.person_id)
        except UserError as error:
            self.label.setText(error.message())
            return
        self.label.setText("\n".join(retention_lines(dues)))


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
