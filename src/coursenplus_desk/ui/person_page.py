"""A person's page: identity (editable, with undo), family, courses and health, and more.

Opening the page records `person.view` in the audit trail: reading personal
data is an access that the association must be able to account for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError, ValidationError
from coursenplus_desk.domain.people import (
    ROLE_LABELS,
    PersonDraft,
    PersonFields,
    PersonStatus,
    Role,
)
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs, documents
from coursenplus_desk.ui.consent_panel import ConsentPanel
from coursenplus_desk.ui.health_tab import HealthTab
from coursenplus_desk.ui.people_model import STATUS_LABELS
from coursenplus_desk.ui.person_form import PersonForm
from coursenplus_desk.ui.person_records import ContactsTab, HistoryTab, PaymentsTab
from coursenplus_desk.ui.person_requests import PersonRequestsTab, RetentionBox
from coursenplus_desk.ui.person_tabs import CoursesTab, FamilyTab
from coursenplus_desk.ui.tutor_documents import AgreementBox
from coursenplus_desk.ui.widgets import button

Notify = Callable[[int], None]


def draft_of(fields: PersonFields) -> PersonDraft:
    values = asdict(fields)
    values["roles"] = tuple(sorted(role.value for role in fields.roles))
    return PersonDraft(**values)


class EditPerson(QUndoCommand):
    """An edit already saved; undo puts the previous values back, redo the new ones."""

    def __init__(
        self,
        workspace: Workspace,
        person_id: int,
        before: PersonFields,
        after: PersonFields,
        notify: Notify,
    ) -> None:
        super().__init__(_("Edit {name}").format(name=f"{after.given_name} {after.family_name}"))
        self.workspace = workspace
        self.person_id = person_id
        self.before = before
        self.after = after
        self.notify = notify
        self._first = True

    def redo(self) -> None:
        if self._first:  # the edit was saved before the command was pushed
            self._first = False
            return
        self.workspace.people.update(self.person_id, draft_of(self.after))
        self.notify(self.person_id)

    def undo(self) -> None:
        self.workspace.people.restore(self.person_id, self.before)
        self.notify(self.person_id)


class IdentityTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        self.form = PersonForm()
        self.form.phone_region = page.workspace.people.phone_region()
        self.save_button = QPushButton(_("Save changes"))
        self.save_button.setAccessibleName(_("Save changes"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.clicked.connect(self.load)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.retention = RetentionBox(page.workspace, page.person_id)
        self.retention.changed.connect(page.touched)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.retention)
        self.load()

    def add_box(self, box: QWidget) -> None:
        """A box of facts about the person below the form (a tutor's processor agreement)."""
        layout = self.layout()
        assert layout is not None
        layout.addWidget(box)

    def load(self) -> None:
        self.form.set_fields(self.page.workspace.people.fields(self.page.person_id))
        self.retention.load()

    def save(self) -> None:
        page = self.page
        people = page.workspace.people
        draft = self.form.draft()
        try:
            before = people.update(page.person_id, draft)
        except ValidationError as error:
            if not self.form.show_errors(error):
                dialogs.show_error(self, error)
            return
        except UserError as error:
            dialogs.show_error(self, error)
            return
        after = people.fields(page.person_id)
        self.form.set_fields(after)  # shows the values as stored (normalised)
        if before != after:
            page.undo_stack.push(
                EditPerson(page.workspace, page.person_id, before, after, page.notify)
            )
        page.touched()


class PersonPage(QWidget):
    """`notify(person_id)` is told of every change made here or by its undo commands; it
    must outlive the page (the undo history does), so the People section provides it."""

    open_person = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        person_id: int,
        undo_stack: QUndoStack,
        notify: Notify | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.person_id = person_id
        self.undo_stack = undo_stack
        self.notify: Notify = notify or (lambda _person_id: self.reload())
        workspace.audit.record("person.view", person_id)
        self.title = QLabel()
        self.title.setAccessibleName(_("Person"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Person's page"))
        self.identity = IdentityTab(self)
        self.family = FamilyTab(self)
        self.courses = CoursesTab(self)
        self.contacts = ContactsTab(self)
        self.payments = PaymentsTab(self)
        self.consents = ConsentPanel(workspace, person_id)
        self.consents.changed.connect(self.touched)
        self.requests = PersonRequestsTab(self)
        self.history = HistoryTab(self)
        self.health = HealthTab(self)
        self.consents.changed.connect(self.health.load)  # a withdrawn consent erases it
        for tab, title in (
            (self.identity, _("Identity")),
            (self.family, _("Family")),
            (self._courses_and_health(), _("Courses")),
            (self.contacts, _("Contacts")),
            (self.payments, _("Payments")),
            (self.consents, _("Consents")),
            (self.requests, _("Requests")),
            (self.history, _("History")),
        ):
            self.tabs.addTab(tab, title)
        self.tabs.setTabToolTip(self.tabs.indexOf(self.payments), _("Payments & membership"))
        self.tabs.setTabToolTip(2, _("Courses and health information"))
        # every tab stays in sight (none behind scroll arrows): the page asks for the room
        self.tabs.setUsesScrollButtons(False)
        self.agreement: AgreementBox | None = None
        if Role.TUTOR in workspace.people.get(person_id).roles:  # under who the tutor is
            self.agreement = AgreementBox(workspace, person_id)
            self.identity.add_box(self.agreement)
        self.print_button = button(_("Print form…"), self.print_form)
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.tabs, 1)
        self._show_title()

    def _courses_and_health(self) -> QSplitter:
        """The courses, and below them what the tutors need to keep a student safe: one tab,
        so that every tab of the page stays in sight on a laptop's screen."""
        box = QGroupBox(_("Health information"))
        QVBoxLayout(box).addWidget(self.health)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("courses-and-health")
        split.setChildrenCollapsible(False)
        split.addWidget(self.courses)
        split.addWidget(box)
        return split

    def print_form(self) -> None:
        """A membership or enrollment form filled in with this person's values."""
        documents.print_form(self, self.workspace, self.person_id)
        self.history.load()  # the document is in the person's history

    def _show_title(self) -> None:
        details = self.workspace.people.get(self.person_id)
        person = details.person
        roles = ", ".join(_(ROLE_LABELS[role]) for role in sorted(details.roles))
        status = (
            "" if person.status is PersonStatus.ACTIVE else f" — {_(STATUS_LABELS[person.status])}"
        )
        self.title.setText(f"<h2>{_escape(person.full_name)}</h2>{_escape(roles)}{status}")

    def touched(self) -> None:
        """Something of this person changed: tell whoever shows it."""
        self.notify(self.person_id)

    def reload(self) -> None:
        """Show the stored values again (after an edit, an undo or a link)."""
        self._show_title()
        self.identity.load()
        for tab in (
            self.family,
            self.courses,
            self.contacts,
            self.payments,
            self.history,
            self.health,
        ):
            tab.load()
        self.requests.load()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
