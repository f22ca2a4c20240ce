"""The family and courses tabs of a person's page; each has `load()` to show stored values."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.courses import Enrollment, EnrollmentStatus, Group, effective_status
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.people import FamilyLink, Role
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.courses import CoursesService
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.family_links import link_people
from coursenplus_desk.ui.formats import date_input, format_date
from coursenplus_desk.ui.person_form import PersonFormDialog
from coursenplus_desk.ui.person_picker import pick_person
from coursenplus_desk.ui.table_model import ID_ROLE, Column, RowsModel, selected_id, table_view
from coursenplus_desk.ui.widgets import button, button_row

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage

ENROLLMENT_LABELS = {
    EnrollmentStatus.ACTIVE: N_("enrolled"),
    EnrollmentStatus.COMPLETED: N_("ended"),
    EnrollmentStatus.CANCELLED: N_("cancelled"),
}


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
        for view, guardian_side in ((self.guardian_view, True), (self.child_view, False)):
            view.doubleClicked.connect(self._double_click(guardian_side))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Parents or guardians")))
        layout.addWidget(self.guardian_view)
        layout.addLayout(
            button_row(
                button(_("New guardian…"), self.new_guardian),
                button(_("Existing guardian…"), self.link_guardian),
                button(_("Remove link"), lambda: self.unlink(guardian_side=True)),
            )
        )
        layout.addWidget(QLabel(_("Children")))
        layout.addWidget(self.child_view)
        layout.addLayout(
            button_row(
                button(_("New child…"), self.new_child),
                button(_("Existing child…"), self.link_child),
                button(_("Remove link"), lambda: self.unlink(guardian_side=False)),
            )
        )
        self.load()

    def _double_click(self, guardian_side: bool) -> Callable[[QModelIndex], None]:
        """On the name: open that person; on the relationship or main contact: edit the link."""

        def clicked(index: QModelIndex) -> None:
            other = int(index.data(ID_ROLE))
            if index.column() == 0:
                self.page.open_person.emit(other)
            else:
                self._link(*self._pair(other, guardian_side))

        return clicked

    def _pair(self, other: int, guardian_side: bool) -> tuple[int, int]:
        own = self.page.person_id
        return (other, own) if guardian_side else (own, other)

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
        if dialogs.run(dialog) and dialog.person_id is not None:
            self._link(dialog.person_id, self.page.person_id)

    def new_child(self) -> None:
        dialog = PersonFormDialog(
            self.page.workspace,
            self,
            roles=(Role.STUDENT,),
            title=_("New child"),
            child_of=self.page.person_id,
        )
        if dialogs.run(dialog) and dialog.person_id is not None:
            self._link(self.page.person_id, dialog.person_id)

    def link_guardian(self) -> None:
        chosen = pick_person(
            self.page.workspace,
            _("Choose the parent or guardian"),
            self,
            exclude=self.page.person_id,
            guardian_for=self.page.person_id,
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
        """Relationship and main contact asked; the page shows the link either way."""
        link_people(self, self.page.workspace, guardian_id, student_id)
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
    def _status(self, enrollment: Enrollment) -> EnrollmentStatus:
        today = self.page.workspace.clock.today()
        return effective_status(enrollment.status, enrollment.ends_on, today) or enrollment.status

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
                Column(N_("Status"), lambda e: _(ENROLLMENT_LABELS[self._status(e)])),
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
            button_row(
                button(_("Enroll in a group…"), self.enroll),
                button(_("End enrollment"), self.end),
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
        elif end_enrollment(self, self._courses, enrollment_id):
            self.page.touched()


def end_enrollment(parent: QWidget, courses: CoursesService, enrollment_id: int) -> bool:
    """End an enrollment today, after confirmation; whether it was ended."""
    if not dialogs.confirm(
        parent, _("End this enrollment today? It stays in the history."), _("End enrollment")
    ):
        return False
    try:
        courses.unenroll(enrollment_id)
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True
