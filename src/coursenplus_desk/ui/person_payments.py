"""A person's payments and memberships: who paid (the person, or a parent for them), the
reference, and confirming a membership once its fee is received."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.records import Membership, MembershipStatus, Payment
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, format_amount, format_date
from coursenplus_desk.ui.members_view import confirm_membership, season
from coursenplus_desk.ui.table_model import Column, RowsModel, selected_id, table_view
from coursenplus_desk.ui.widgets import button, button_row

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage

MEMBERSHIP_STATUS_LABELS = {
    MembershipStatus.APPLIED: N_("applied, fee not received"),
    MembershipStatus.CONFIRMED: N_("confirmed"),
    MembershipStatus.LAPSED: N_("lapsed"),
}


def _edit(name: str, width: int, placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(width)
    return edit


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    return row


class PaymentsTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self._names: dict[int, str] = {}
        self.payments: RowsModel[Payment] = RowsModel(
            [
                Column(N_("Paid on"), lambda p: format_date(p.paid_on)),
                Column(N_("Amount"), lambda p: format_amount(p.amount_cents)),
                Column(N_("Paid by"), lambda p: self._name(p.payer_id)),
                Column(N_("For"), lambda p: self._name(p.for_person_id or p.payer_id)),
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
                Column(N_("Status"), lambda m: _(MEMBERSHIP_STATUS_LABELS[m.status])),
            ],
            lambda m: m.id,
        )
        today = page.workspace.clock.today()
        self.paid_on = _edit(_("Paid on"), 110, text=format_date(today))
        self.amount = _edit(_("Amount"), 100, _("e.g. 45,00"))
        self.payer = QComboBox()
        self.payer.setAccessibleName(_("Paid by"))
        self.purpose = _edit(_("Paid for"), 16_000, _("e.g. second term"))
        self.reference = _edit(_("Reference"), 200, _("e.g. bank reference"))
        self.membership_view = table_view(self.memberships, _("Memberships"))
        starts, ends = season(today)
        self.member_from = _edit(_("From"), 110, text=format_date(starts))
        self.member_until = _edit(_("Until"), 110, text=format_date(ends))
        self.fee = _edit(_("Fee"), 110, _("e.g. 45,00"))
        self._lay_out()
        self.load()

    def _lay_out(self) -> None:
        first = _row(self.paid_on, self.amount, QLabel(_("Paid by")), self.payer)
        first.addStretch(1)
        second = _row(self.purpose, self.reference, button(_("Add payment"), self.add_payment))
        member_row = _row(self.member_from, self.member_until, self.fee,
                          button(_("Add membership"), self.add_membership))  # fmt: skip
        member_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Payments")))
        layout.addWidget(table_view(self.payments, _("Payments")))
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(QLabel(_("Memberships")))
        layout.addWidget(self.membership_view)
        layout.addLayout(member_row)
        self.confirm_button = button(_("Confirm (fee received)…"), self.confirm_selected)
        layout.addLayout(button_row(self.confirm_button))

    def _name(self, person_id: int | None) -> str:
        if person_id is None:
            return "—"
        if person_id not in self._names:
            found = self.page.workspace.people.summaries([person_id])
            self._names[person_id] = found[0].full_name if found else "—"
        return self._names[person_id]

    def load(self) -> None:
        workspace, person_id = self.page.workspace, self.page.person_id
        details = workspace.people.get(person_id)
        self._names = {person_id: details.person.full_name}
        chosen = self.payer.currentData()
        self.payer.clear()
        self.payer.addItem(details.person.full_name, person_id)
        for link in details.guardians:  # a parent pays for the child
            self.payer.addItem(link.full_name, link.person_id)
        self.payer.setCurrentIndex(max(0, self.payer.findData(chosen)))
        self.payments.set_rows(workspace.records.payments(person_id))
        self.memberships.set_rows(workspace.records.memberships(person_id))

    def add_payment(self) -> None:
        person_id = self.page.person_id
        payer = int(self.payer.currentData())
        try:
            self.page.workspace.records.add_payment(
                payer,
                self.amount.text(),
                date_input(self.paid_on.text()) or "",
                reference=self.reference.text(),
                purpose=self.purpose.text(),
                for_person_id=person_id,
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        for edit in (self.amount, self.purpose, self.reference):
            edit.clear()
        self.page.touched()

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

    def confirm_selected(self) -> None:
        chosen = selected_id(self.membership_view)
        membership = next((m for m in self.memberships.rows() if m.id == chosen), None)
        if membership is None or membership.status is not MembershipStatus.APPLIED:
            dialogs.inform(self, _("Choose a membership waiting for its fee first."))
            return
        name = self._name(self.page.person_id)
        if confirm_membership(self, self.page.workspace, membership.id, name):
            self.page.touched()
