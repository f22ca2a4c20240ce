"""The tabs of a person's page other than identity; each has `load()` to show stored values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.audit import AuditEvent
from coursenplus_desk.domain.courses import Enrollment, EnrollmentStatus, Group
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.people import FamilyLink, Role
from coursenplus_desk.domain.records import (
    CONTACT_CHANNEL_LABELS,
    Consent,
    ContactEvent,
    Membership,
    Payment,
)
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, format_amount, format_date
from coursenplus_desk.ui.person_form import PersonFormDialog
from coursenplus_desk.ui.person_picker import pick_person
from coursenplus_desk.ui.table_model import ID_ROLE, Column, RowsModel, selected_id, table_view

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage

ENROLLMENT_LABELS = {
    EnrollmentStatus.ACTIVE: N_("enrolled"),
    EnrollmentStatus.COMPLETED: N_("ended"),
    EnrollmentStatus.CANCELLED: N_("cancelled"),
}

ACTION_LABELS = {
    "person.create": N_("created"),
    "person.update": N_("edited"),
    "person.view": N_("page opened"),
    "family.link": N_("family link added"),
    "family.unlink": N_("family link removed"),
    "enrollment.create": N_("enrolled in a group"),
    "enrollment.end": N_("enrollment ended"),
    "contact.create": N_("contact recorded"),
    "payment.create": N_("payment recorded"),
    "membership.create": N_("membership recorded"),
    "group.create": N_("group created"),
}


def _button(text: str, action: object) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.rstrip("…"))
    button.clicked.connect(action)
    return button


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _family_columns() -> list[Column[FamilyLink]]:
    return [
        Column(N_("Name"), lambda link: link.full_name),
        Column(N_("Relationship"), lambda link: link.relationship or ""),
        Column(N_("Main contact"), lambda link: _("yes") if link.primary_contact else ""),
    ]


class FamilyTab(QWidget):
    """Guardians and children, both ways: add a new person or link an existing one."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.guardian_links = RowsModel(_family_columns(), lambda link: link.person_id)
        self.child_links = RowsModel(_family_columns(), lambda link: link.person_id)
        self.guardian_view = table_view(self.guardian_links, _("Parents or guardians"))
        self.child_view = table_view(self.child_links, _("Children"))
        for view in (self.guardian_view, self.child_view):
            view.doubleClicked.connect(
                lambda index: page.open_person.emit(int(index.data(ID_ROLE)))
            )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Parents or guardians")))
        layout.addWidget(self.guardian_view)
        layout.addLayout(
            _buttons(
                _button(_("New guardian…"), self.new_guardian),
                _button(_("Existing person as guardian…"), self.link_guardian),
                _button(_("Remove link"), lambda: self.unlink(guardian_side=True)),
            )
        )
        layout.addWidget(QLabel(_("Children")))
        layout.addWidget(self.child_view)
        layout.addLayout(
            _buttons(
                _button(_("New child…"), self.new_child),
                _button(_("Existing person as child…"), self.link_child),
                _button(_("Remove link"), lambda: self.unlink(guardian_side=False)),
            )
        )
        self.load()

    def load(self) -> None:
        details = self.page.workspace.people.get(self.page.person_id)
        self.guardian_links.set_rows(details.guardians)
        self.child_links.set_rows(details.children)

    def new_guardian(self) -> None:
        dialog = PersonFormDialog(
            self.page.workspace,
            self,
            roles=(Role.GUARDIAN,),
            title=_("New parent or guardian"),
            guardian_of=self.page.person_id,
        )
        if dialogs.run(dialog):
            self.page.touched()

    def new_child(self) -> None:
        dialog = PersonFormDialog(
            self.page.workspace,
            self,
            roles=(Role.STUDENT,),
            title=_("New child"),
            child_of=self.page.person_id,
        )
        if dialogs.run(dialog):
            self.page.touched()

    def link_guardian(self) -> None:
        chosen = pick_person(
            self.page.workspace,
            _("Choose the parent or guardian"),
            self,
            exclude=self.page.person_id,
        )
        if chosen is not None:
            self._link(chosen, self.page.person_id)

    def link_child(self) -> None:
        chosen = pick_person(
            self.page.workspace,
            _("Choose the child"),
            self,
            roles=frozenset({Role.STUDENT}),
            exclude=self.page.person_id,
        )
        if chosen is not None:
            self._link(self.page.person_id, chosen)

    def _link(self, guardian_id: int, student_id: int) -> None:
        try:
            self.page.workspace.people.link_guardian(guardian_id, student_id)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.page.touched()

    def unlink(self, guardian_side: bool) -> None:
        view = self.guardian_view if guardian_side else self.child_view
        other = selected_id(view)
        if other is None:
            dialogs.inform(self, _("Choose a line in the list first."))
            return
        if not dialogs.confirm(
            self,
            _("Remove this family link? The two people stay in the vault."),
            _("Remove the link"),
        ):
            return
        own = self.page.person_id
        guardian, student = (other, own) if guardian_side else (own, other)
        try:
            self.page.workspace.people.unlink_guardian(guardian, student)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.page.touched()


class GroupChooser(QDialog):
    """Which group, from which day."""

    def __init__(self, groups: list[tuple[Group, str]], today: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Enroll in a group"))
        self.groups = QComboBox()
        self.groups.setAccessibleName(_("Group"))
        for group, label in groups:
            self.groups.addItem(label, group.id)
        self.starts = QLineEdit(today)
        self.starts.setAccessibleName(_("From"))
        form = QFormLayout()
        form.addRow(_("Group"), self.groups)
        form.addRow(_("From"), self.starts)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)


class CoursesTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        courses = page.workspace.courses
        self._labels: dict[int, tuple[str, str]] = {}
        self.enrollments: RowsModel[Enrollment] = RowsModel(
            [
                Column(N_("Course"), lambda e: self._group_label(e.group_id)[0]),
                Column(N_("Tutor"), lambda e: self._group_label(e.group_id)[1]),
                Column(N_("From"), lambda e: format_date(e.starts_on)),
                Column(N_("Until"), lambda e: format_date(e.ends_on)),
                Column(N_("Status"), lambda e: _(ENROLLMENT_LABELS[e.status])),
            ],
            lambda e: e.id,
        )
        self.taught: RowsModel[Group] = RowsModel(
            [
                Column(N_("Group"), lambda g: self._group_label(g.id)[0]),
                Column(N_("Schedule"), lambda g: g.schedule or ""),
                Column(N_("Place"), lambda g: g.place or ""),
                Column(N_("From"), lambda g: format_date(g.starts_on)),
                Column(N_("Until"), lambda g: format_date(g.ends_on)),
            ],
            lambda g: g.id,
        )
        self._courses = courses
        self.enrollment_view = table_view(self.enrollments, _("Enrollments"))
        self.taught_view = table_view(self.taught, _("Groups taught"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Enrollments")))
        layout.addWidget(self.enrollment_view)
        layout.addLayout(
            _buttons(
                _button(_("Enroll in a group…"), self.enroll),
                _button(_("End enrollment"), self.end),
            )
        )
        layout.addWidget(QLabel(_("Groups taught")))
        layout.addWidget(self.taught_view)
        self.load()

    def _group_label(self, group_id: int) -> tuple[str, str]:
        if group_id not in self._labels:
            group = self._courses.group(group_id)
            course = self._courses.course(group.course_id)
            tutor = ""
            if group.tutor_id is not None:
                tutor = self.page.workspace.people.get(group.tutor_id).person.full_name
            self._labels[group_id] = (f"{course.subject} — {group.name}", tutor)
        return self._labels[group_id]

    def load(self) -> None:
        self._labels.clear()
        person_id = self.page.person_id
        self.enrollments.set_rows(self._courses.enrollments(person_id))
        self.taught.set_rows(self._courses.store.groups_of_tutor(person_id))

    def enroll(self) -> None:
        groups = [(g, self._group_label(g.id)[0]) for g in self._courses.groups()]
        if not groups:
            dialogs.inform(self, _("There is no group yet: create one in “Courses & groups”."))
            return
        today = format_date(self.page.workspace.clock.today())
        chooser = GroupChooser(groups, today, self)
        if not dialogs.run(chooser):
            return
        try:
            self._courses.enroll(
                self.page.person_id,
                int(chooser.groups.currentData()),
                date_input(chooser.starts.text()) or "",
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.page.touched()

    def end(self) -> None:
        enrollment_id = selected_id(self.enrollment_view)
        if enrollment_id is None:
            dialogs.inform(self, _("Choose a line in the list first."))
            return
        if not dialogs.confirm(
            self, _("End this enrollment today? It stays in the history."), _("End enrollment")
        ):
            return
        try:
            self._courses.unenroll(enrollment_id)
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.page.touched()


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
        add = _button(_("Add contact"), self.add)
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
                Column(N_("Purpose"), lambda p: p.purpose or ""),
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
        self.purpose.setAccessibleName(_("Purpose"))
        self.purpose.setPlaceholderText(_("e.g. second term"))
        add = _button(_("Add payment"), self.add_payment)
        row = QHBoxLayout()
        for widget in (self.paid_on, self.amount, self.purpose, add):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Payments")))
        layout.addWidget(table_view(self.payments, _("Payments")))
        layout.addLayout(row)
        layout.addWidget(QLabel(_("Memberships")))
        layout.addWidget(table_view(self.memberships, _("Memberships")))
        self.load()

    def load(self) -> None:
        records = self.page.workspace.records
        self.payments.set_rows(records.payments(self.page.person_id))
        self.memberships.set_rows(records.memberships(self.page.person_id))

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


class ConsentsTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.model: RowsModel[Consent] = RowsModel(
            [
                Column(N_("Purpose"), lambda c: c.purpose),
                Column(N_("Given on"), lambda c: format_date(c.given_on)),
                Column(N_("Withdrawn on"), lambda c: format_date(c.withdrawn_on)),
            ],
            lambda c: c.id,
        )
        self.model.set_rows(page.workspace.records.store.consents(page.person_id))
        note = QLabel(_("Recording and withdrawing consents comes with a later version."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(table_view(self.model, _("Consents")), 1)
        layout.addWidget(note)


class RequestsTab(QWidget):
    def __init__(self) -> None:
        super().__init__()
        label = QLabel(
            _(
                "This person's requests about their data (access, correction, erasure…) "
                "will be listed here in a later version."
            )
        )
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addStretch(1)


class HistoryTab(QWidget):
    """The audit trail of this person: who did what and when (ids and field names only)."""

    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.model: RowsModel[AuditEvent] = RowsModel(
            [
                Column(N_("When"), lambda e: f"{format_date(e.at.date())} {e.at:%H:%M}"),
                Column(N_("What"), lambda e: _(ACTION_LABELS.get(e.action, e.action))),
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
