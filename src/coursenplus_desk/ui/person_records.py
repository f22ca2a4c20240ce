"""The record tabs of a person's page: contacts, payments, history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from coursenplus_desk.domain.audit import AuditEvent
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.history import ACTION_LABELS, action_label
from coursenplus_desk.domain.records import (
    CONTACT_CHANNEL_LABELS,
    ContactEvent,
    Membership,
    Payment,
)
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, format_amount, format_date
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


class PaymentsTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.payments: RowsModel[Payment] = RowsModel(
            [
                Column(N_("Paid on"), lambda p: format_date(p.paid_on)),
                Column(N_("Amount"), lambda p: format_amount(p.amount_cents)),
                Column(N_("Paid for"), lambda p: p.purpose or ""),
                Column(N_("Reference"), lambda p: p.reference or ""),
            ],
            lambda p: p.id,
        )
        self.memberships: RowsModel[Membership] = RowsModel(
            [
                Column(N_("From"), lambda m: format_date(m.starts_on)),
                Column(N_("Until"), lambda m: format_date(m.ends_on)),
                Column(N_("Fee"), lambda m: format_amount(m.fee_cents)),
                Column(N_("Paid on"), lambda m: format_date(m.paid_on)),
            ],
            lambda m: m.id,
        )
        self.paid_on = QLineEdit(format_date(page.workspace.clock.today()))
        self.paid_on.setAccessibleName(_("Paid on"))
        self.paid_on.setMaximumWidth(110)
        self.amount = QLineEdit()
        self.amount.setAccessibleName(_("Amount"))
        self.amount.setPlaceholderText(_("e.g. 45,00"))
        self.amount.setMaximumWidth(100)
        self.purpose = QLineEdit()
        self.purpose.setAccessibleName(_("Paid for"))
        self.purpose.setPlaceholderText(_("e.g. second term"))
        add = button(_("Add payment"), self.add_payment)
        row = QHBoxLayout()
        for widget in (self.paid_on, self.amount, self.purpose, add):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Payments")))
        layout.addWidget(table_view(self.payments, _("Payments")))
        layout.addLayout(row)
        year = page.workspace.clock.today().year
        self.member_from = QLineEdit(f"01/09/{year}")
        self.member_until = QLineEdit(f"31/08/{year + 1}")
        self.fee = QLineEdit()
        self.fee.setPlaceholderText(_("e.g. 45,00"))
        for edit, name in (
            (self.member_from, _("From")),
            (self.member_until, _("Until")),
            (self.fee, _("Fee")),
        ):
            edit.setAccessibleName(name)
            edit.setMaximumWidth(110)
        member_row = QHBoxLayout()
        for widget in (
            self.member_from,
            self.member_until,
            self.fee,
            button(_("Add membership"), self.add_membership),
        ):
            member_row.addWidget(widget)
        member_row.addStretch(1)
        layout.addWidget(QLabel(_("Memberships")))
        layout.addWidget(table_view(self.memberships, _("Memberships")))
        layout.addLayout(member_row)
        self.load()

    def load(self) -> None:
        records = self.page.workspace.records
        self.payments.set_rows(records.payments(self.page.person_id))
        self.memberships.set_rows(records.memberships(self.page.person_id))

    def add_membership(self) -> None:
        try:
            self.page.workspace.records.add_membership(
                self.page.person_id,
                date_input(self.member_from.text()) or "",
                date_input(self.member_until.text()) or "",
                self.fee.text() or "0",
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.fee.clear()
        self.page.touched()

    def add_payment(self) -> None:
        try:
            self.page.workspace.records.add_payment(
                self.page.person_id,
                self.amount.text(),
                date_input(self.paid_on.text()) or "",
                purpose=self.purpose.text(),
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.amount.clear()
        self.purpose.clear()
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
