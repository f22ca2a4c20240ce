"""The record tabs of a person's page: contacts, payments (person_payments.py), history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from coursenplus_desk.domain.audit import AuditEvent
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.history import ACTION_LABELS, action_label
from coursenplus_desk.domain.records import CONTACT_CHANNEL_LABELS, ContactEvent
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, format_date
from coursenplus_desk.ui.person_payments import PaymentsTab
from coursenplus_desk.ui.table_model import Column, RowsModel, table_view
from coursenplus_desk.ui.widgets import button

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage

__all__ = ["ACTION_LABELS", "ContactsTab", "HistoryTab", "PaymentsTab"]


class ContactsTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.model: RowsModel[ContactEvent] = RowsModel(
            [
                Column(N_("Date"), lambda c: format_date(c.occurred_on)),
                Column(N_("Channel"), lambda c: _(CONTACT_CHANNEL_LABELS[c.channel])),
                Column(N_("Summary"), lambda c: c.summary or ""),
            ],
            lambda c: c.id,
        )
        self.view = table_view(self.model, _("Contacts"))
        self.day = QLineEdit(format_date(page.workspace.clock.today()))
        self.day.setAccessibleName(_("Date of the contact"))
        self.day.setMaximumWidth(110)
        self.channel = QComboBox()
        self.channel.setAccessibleName(_("Channel"))
        for channel, label in CONTACT_CHANNEL_LABELS.items():
            self.channel.addItem(_(label), channel.value)
        self.summary = QLineEdit()
        self.summary.setAccessibleName(_("Summary"))
        self.summary.setPlaceholderText(_("What was it about? (no sensitive details)"))
        add = button(_("Add contact"), self.add)
        row = QHBoxLayout()
        for widget in (self.day, self.channel, self.summary, add):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.load()

    def load(self) -> None:
        self.model.set_rows(self.page.workspace.records.contacts(self.page.person_id))

    def add(self) -> None:
        try:
            self.page.workspace.records.add_contact(
                self.page.person_id,
                date_input(self.day.text()) or "",
                str(self.channel.currentData()),
                self.summary.text(),
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.summary.clear()
        self.page.touched()


class HistoryTab(QWidget):
    """The audit trail of this person: who did what and when (ids and field names only)."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.model: RowsModel[AuditEvent] = RowsModel(
            [
                Column(N_("When"), lambda e: f"{format_date(e.at.date())} {e.at:%H:%M}"),
                Column(N_("What"), lambda e: _(action_label(e.action))),
                Column(N_("Fields"), lambda e: ", ".join(map(str, _fields(e)))),
            ],
            lambda e: e.id,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(table_view(self.model, _("History")))
        self.load()

    def load(self) -> None:
        self.model.set_rows(AuditStore(self.page.workspace.db).events(self.page.person_id, 500))


def _fields(event: AuditEvent) -> list[object]:
    fields = event.details.get("fields")
    return list(fields) if isinstance(fields, list) else []
