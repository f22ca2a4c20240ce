"""The Members section: applications to confirm, members to renew, and the members register.

An application keeps only a name, a contact and the period; confirming it
(the fee received) makes the person a member and enters them in the register.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.membership import (
    Application,
    ChangeKind,
    RegisterEntry,
    Reminder,
    Renewal,
)
from coursenplus_desk.i18n import N_, _, current_language, ngettext
from coursenplus_desk.services.files import write_export
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.form_dialog import FormDialog, day_of
from coursenplus_desk.ui.formats import format_amount, format_date
from coursenplus_desk.ui.person_picker import pick_person
from coursenplus_desk.ui.saved_document import choose_target, offer_document
from coursenplus_desk.ui.style import error_label
from coursenplus_desk.ui.table_model import (
    Column,
    RowsModel,
    fit_columns,
    selected_id,
    table_view,
)
from coursenplus_desk.ui.widgets import button, button_row

PAYMENT_METHODS = (N_("bank transfer"), N_("cash"), N_("card"))


def season(today: date) -> tuple[date, date]:
    """The association's year a membership covers by default: September to August."""
    first = today.year if today.month >= 9 else today.year - 1
    return date(first, 9, 1), date(first + 1, 8, 31)


class ApplicationDialog(FormDialog):
    """A new applicant's name and contact, or a known person renewing, and the period."""

    def __init__(self, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(_("New membership application"), _("Record the application"), parent)
        self.workspace = workspace
        self.person_id: int | None = None
        self.known = button(_("A known person renews…"), self.choose_known)
        self.form.addRow(self.known)
        self.given = self.line(_("Given name"))
        self.family = self.line(_("Family name"))
        self.email = self.line(_("E-mail"))
        self.phone = self.line(_("Phone"))
        today = workspace.clock.today()
        starts, ends = season(today)
        self.applied_on = self.day(_("Application received on"), today)
        self.starts = self.day(_("From"), starts)
        self.ends = self.day(_("Until"), ends)
        self.fee = self.line(_("Fee"), placeholder=_("e.g. 45,00"))
        self.explain(
            _(
                "Until the fee is received and the membership confirmed, only the name, "
                "the contact and the application are kept."
            )
        )

    def choose_known(self) -> None:
        chosen = pick_person(self.workspace, _("Who renews their membership?"), self)
        if chosen is None:
            return
        self.person_id = chosen
        person = self.workspace.people.get(chosen).person
        for edit, value in ((self.given, person.given_name), (self.family, person.family_name),
                            (self.email, person.email), (self.phone, person.phone)):  # fmt: skip
            edit.setText(value or "")
            edit.setEnabled(False)

    def record(self) -> int:
        """The application, recorded; the membership's number."""
        membership = self.workspace.membership
        args = (day_of(self.applied_on), day_of(self.starts), day_of(self.ends),
                self.fee.text() or "0")  # fmt: skip
        if self.person_id is not None:
            return membership.renew(self.person_id, *args)
        _person, membership_id = membership.apply(
            self.given.text(), self.family.text(), *args,
            email=self.email.text() or None, phone=self.phone.text() or None,
        )  # fmt: skip
        return membership_id


class ConfirmDialog(FormDialog):
    """The fee received: when, how, and the day the membership is confirmed."""

    def __init__(self, name: str, today: date, parent: QWidget | None) -> None:
        super().__init__(
            _("Confirm the membership of {name}").format(name=name), _("Confirm"), parent
        )
        self.paid_on = self.day(_("Fee received on"), today)
        self.method = self.choice(_("Paid by"), [(_(m), None) for m in PAYMENT_METHODS], True)
        self.confirmed_on = self.day(_("Confirmed on"), today)
        self.explain(_("Confirming enters the person in the members register."))


def confirm_membership(
    parent: QWidget, workspace: Workspace, membership_id: int, name: str
) -> bool:
    """Ask for the payment and confirm; whether it was done."""
    dialog = ConfirmDialog(name, workspace.clock.today(), parent)
    if not dialogs.run(dialog):
        return False
    try:
        workspace.membership.confirm(
            membership_id, day_of(dialog.confirmed_on), day_of(dialog.paid_on),
            dialog.method.currentText() or None,
        )  # fmt: skip
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True


class DepartureDialog(FormDialog):
    def __init__(self, name: str, today: date, parent: QWidget | None) -> None:
        super().__init__(_("Departure of {name}").format(name=name), _("Record"), parent)
        self.left_on = self.day(_("Left on"), today)


class MembersSection(QWidget):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.applications: RowsModel[Application] = RowsModel(
            [
                Column(N_("Name"), lambda a: a.full_name),
                Column(N_("Application received on"), lambda a: format_date(a.applied_on)),
                Column(N_("From"), lambda a: format_date(a.starts_on)),
                Column(N_("Until"), lambda a: format_date(a.ends_on)),
                Column(N_("Fee"), lambda a: format_amount(a.fee_cents)),
            ],
            lambda a: a.membership_id,
        )
        self.renewals: RowsModel[Renewal] = RowsModel(
            [
                Column(N_("Name"), lambda r: r.full_name),
                Column(N_("E-mail"), lambda r: r.email or ""),
                Column(N_("Membership ends on"), lambda r: format_date(r.ends_on)),
            ],
            lambda r: r.person_id,
        )
        self.register: RowsModel[RegisterEntry] = RowsModel(
            [
                Column(N_("Name"), lambda e: e.full_name),
                Column(N_("Address"), lambda e: e.address),
                Column(N_("Admitted on"), lambda e: format_date(e.admitted_on)),
                Column(N_("Left on"), lambda e: format_date(e.left_on)),
            ],
            lambda e: e.id,
        )
        self.application_view = fit_columns(table_view(self.applications, _("Applications")))
        self.renewal_view = fit_columns(table_view(self.renewals, _("Members to renew")))
        self.register_view = fit_columns(table_view(self.register, _("Members register")))
        self.reminders = error_label()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._applications_tab(), _("Applications"))
        self.tabs.addTab(self._renewals_tab(), _("To renew"))
        self.tabs.addTab(self._register_tab(), _("Members register"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.load()

    def _applications_tab(self) -> QWidget:
        self.new_button = button(_("New membership application…"), self.new_application)
        self.confirm_button = button(_("Confirm (fee received)…"), self.confirm_selected)
        self.withdraw_button = button(_("Withdraw the application"), self.withdraw_selected)
        return _tab(self.application_view,
                    self.new_button, self.confirm_button, self.withdraw_button)  # fmt: skip

    def _renewals_tab(self) -> QWidget:
        self.lapse_button = button(_("Mark ended memberships as lapsed"), self.lapse)
        return _tab(self.renewal_view, self.lapse_button)

    def _register_tab(self) -> QWidget:
        self.depart_button = button(_("Record a departure…"), self.depart_selected)
        self.pdf_button = button(_("Save the register (PDF)…"), self.save_register)
        tab = _tab(self.register_view, self.depart_button, self.pdf_button)
        layout = tab.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.reminders)
        return tab

    def load(self) -> None:
        membership = self.workspace.membership
        self.applications.set_rows(membership.applications())
        self.renewals.set_rows(membership.to_renew())
        self.register.set_rows(membership.register())
        lines = [reminder_line(r) for r in membership.reminders()]
        self.reminders.setText("\n".join(lines))
        self.reminders.setVisible(bool(lines))

    def new_application(self) -> None:
        dialog = ApplicationDialog(self.workspace, self)
        if not dialogs.run(dialog):
            return
        try:
            dialog.record()
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.load()

    def _selected_application(self) -> Application | None:
        chosen = selected_id(self.application_view)
        found = [a for a in self.applications.rows() if a.membership_id == chosen]
        if not found:
            dialogs.inform(self, _("Choose a line in the list first."))
        return found[0] if found else None

    def confirm_selected(self) -> None:
        application = self._selected_application()
        if application is not None and confirm_membership(
            self, self.workspace, application.membership_id, application.full_name
        ):
            self.message.setText(
                _("{name} is a member and entered in the register.").format(
                    name=application.full_name
                )
            )
            self.load()

    def withdraw_selected(self) -> None:
        application = self._selected_application()
        if application is None or not dialogs.confirm(
            self,
            _(
                "Delete the application of {name}? The applicant is deleted too when "
                "nothing else is known of them."
            ).format(name=application.full_name),
            _("Delete the application"),
        ):
            return
        try:
            self.workspace.membership.withdraw_application(application.membership_id)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.load()

    def lapse(self) -> None:
        count = self.workspace.membership.lapse_ended()
        self.message.setText(
            ngettext(
                "{count} person's membership marked as lapsed.",
                "{count} people's memberships marked as lapsed.",
                count,
            ).format(count=count)
        )
        self.load()

    def depart_selected(self) -> None:
        chosen = selected_id(self.register_view)
        entry = next((e for e in self.register.rows() if e.id == chosen), None)
        if entry is None:
            dialogs.inform(self, _("Choose a line in the list first."))
            return
        dialog = DepartureDialog(entry.full_name, self.workspace.clock.today(), self)
        if not dialogs.run(dialog):
            return
        try:
            self.workspace.membership.record_departure(entry.person_id, day_of(dialog.left_on))
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.load()

    def save_register(self) -> None:
        path = choose_target(self, _("Save the members register"), "members-register.pdf", "pdf")
        if path is None:
            return
        membership, language = self.workspace.membership, current_language()
        background.run_in_background(
            self,
            _("Writing the register…"),
            lambda _progress: write_export(path, membership.register_pdf(language)),
            lambda saved: offer_document(self, saved),
        )


def reminder_line(reminder: Reminder) -> str:
    change = _("admission") if reminder.change is ChangeKind.ADMISSION else _("departure")
    if reminder.entered_on is None:
        text = _("{name}: {change} on {date} still to enter ({days} days ago).")
    else:
        text = _("{name}: {change} on {date} entered {days} days later.")
    return text.format(
        name=reminder.full_name, change=change, date=format_date(reminder.changed_on),
        days=reminder.days,
    )  # fmt: skip


def _tab(view: QWidget, *buttons: QPushButton) -> QWidget:
    tab = QWidget()
    layout = QVBoxLayout(tab)
    layout.addWidget(view, 1)
    layout.addLayout(button_row(*buttons))
    return tab
