"""Courses & groups: the catalogue, each course's groups, and each group's students."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.courses import (
    COURSE_KIND_LABELS,
    Course,
    EnrollmentStatus,
    Group,
    effective_status,
)
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.people import Role
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.courses import GroupMember
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import dialogs, documents, tutor_documents
from coursenplus_desk.ui.enroll_students import enroll_students
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date
from coursenplus_desk.ui.person_picker import pick_person
from coursenplus_desk.ui.person_tabs import ENROLLMENT_LABELS, end_enrollment
from coursenplus_desk.ui.table_model import Column, RowsModel, selected_id, table_view
from coursenplus_desk.ui.widgets import button, button_row


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def line(self, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        self.form.addRow(label, edit)
        return edit


class CourseDialog(_Form):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(_("New course"), parent)
        self.subject = self.line(_("Subject"))
        self.level = self.line(_("Level"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind"))
        for kind, label in COURSE_KIND_LABELS.items():
            self.kind.addItem(_(label), kind.value)
        self.kind.setCurrentIndex(1)
        self.form.addRow(_("Kind"), self.kind)


class GroupDialog(_Form):
    def __init__(self, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(_("New group"), parent)
        self.name = self.line(_("Name"))
        self.tutor = QComboBox()
        self.tutor.setAccessibleName(_("Tutor"))
        self.tutor.addItem(_("No tutor yet"), None)
        tutors = workspace.people.store.find(PeopleQuery(roles=frozenset({Role.TUTOR})), 500)
        for tutor in tutors:
            self.tutor.addItem(tutor.full_name, tutor.id)
        self.form.addRow(_("Tutor"), self.tutor)
        self.schedule = self.line(_("Schedule"), _("e.g. Wednesdays 14:00–16:00"))
        self.place = self.line(_("Place"))
        self.starts = self.line(_("From"), date_placeholder())
        self.ends = self.line(_("Until"), date_placeholder())


class CoursesSection(QWidget):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.courses: RowsModel[Course] = RowsModel(
            [
                Column(N_("Subject"), lambda c: c.subject),
                Column(N_("Level"), lambda c: c.level or ""),
                Column(N_("Kind"), lambda c: _(COURSE_KIND_LABELS[c.kind])),
            ],
            lambda c: c.id,
        )
        self._tutors: dict[int, str] = {}
        self.groups: RowsModel[Group] = RowsModel(
            [
                Column(N_("Group"), lambda g: g.name),
                Column(N_("Tutor"), lambda g: self._tutor(g.tutor_id)),
                Column(N_("Schedule"), lambda g: g.schedule or ""),
                Column(N_("Place"), lambda g: g.place or ""),
                Column(N_("From"), lambda g: format_date(g.starts_on)),
                Column(N_("Until"), lambda g: format_date(g.ends_on)),
            ],
            lambda g: g.id,
        )
        self.members: RowsModel[GroupMember] = RowsModel(
            [
                Column(N_("Student"), lambda m: m.full_name),
                Column(N_("From"), lambda m: format_date(m.enrollment.starts_on)),
                Column(N_("Until"), lambda m: format_date(m.enrollment.ends_on)),
                Column(N_("Status"), lambda m: _(ENROLLMENT_LABELS[self._status(m)])),
            ],
            lambda m: m.enrollment.id,
        )
        self.course_view = table_view(self.courses, _("Courses"))
        self.group_view = table_view(self.groups, _("Groups"))
        self.member_view = table_view(self.members, _("Students of the group"))
        self.course_view.selectionModel().selectionChanged.connect(self._course_chosen)
        self.group_view.selectionModel().selectionChanged.connect(self._group_chosen)

        left = self._panel(
            _("Courses"), self.course_view, [button(_("New course…"), self.new_course)]
        )
        middle = self._panel(
            _("Groups"),
            self.group_view,
            [
                button(_("New group…"), self.new_group),
                button(_("Attendance sheet…"), self.attendance_sheet),
            ],
            [button(_("Roster for the tutor…"), self.roster)],  # a row of its own: narrow panels
        )
        right = self._panel(
            _("Students of the group"),
            self.member_view,
            [
                button(_("Enroll a student…"), self.enroll),
                button(_("Enroll several…"), self.enroll_several),
            ],
            [button(_("End enrollment"), self.unenroll)],
        )
        self.splitter = QSplitter()
        self.splitter.setObjectName("courses-splitter")
        for panel in (left, middle, right):
            self.splitter.addWidget(panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.load()

    @staticmethod
    def _panel(
        title: str, view: QWidget, buttons: list[QPushButton], more: Sequence[QPushButton] = ()
    ) -> QWidget:
        """A list under its title, its buttons below (`more` on a second row: a narrow panel)."""
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(view, 1)
        layout.addLayout(button_row(*buttons))
        if more:
            layout.addLayout(button_row(*more))
        return panel

    def _status(self, member: GroupMember) -> EnrollmentStatus:
        enrollment, today = member.enrollment, self.workspace.clock.today()
        return effective_status(enrollment.status, enrollment.ends_on, today) or enrollment.status

    def _tutor(self, tutor_id: int | None) -> str:
        if tutor_id is None:
            return ""
        if tutor_id not in self._tutors:
            self._tutors[tutor_id] = self.workspace.people.get(tutor_id).person.full_name
        return self._tutors[tutor_id]

    def load(self) -> None:
        self.courses.set_rows(self.workspace.courses.courses())
        self.groups.set_rows([])
        self.members.set_rows([])

    def _course_chosen(self) -> None:
        course_id = selected_id(self.course_view)
        groups = self.workspace.courses.groups(course_id) if course_id is not None else []
        self.groups.set_rows(groups)
        self.members.set_rows([])

    def _group_chosen(self) -> None:
        group_id = selected_id(self.group_view)
        members = self.workspace.courses.members(group_id) if group_id is not None else []
        self.members.set_rows(members)

    def attendance_sheet(self) -> None:
        group_id = selected_id(self.group_view)
        if group_id is None:
            dialogs.inform(self, _("Choose a group first."))
            return
        name = self.workspace.courses.group(group_id).name
        documents.attendance_sheet(self, self.workspace, group_id, name)

    def roster(self) -> None:
        """The group's roster for its tutor (recorded as given to them)."""
        group_id = selected_id(self.group_view)
        if group_id is None:
            dialogs.inform(self, _("Choose a group first."))
            return
        group = self.workspace.courses.group(group_id)
        if group.tutor_id is not None and self.workspace.tutors.agreement(group.tutor_id) is None:
            dialogs.warn(
                self,
                _("No processor agreement is recorded for this group's tutor (see the tutor's "
                  "page). Record it before giving them students' data."),
            )  # fmt: skip
        tutor_documents.roster(self, self.workspace, group_id, group.name)

    def select_course(self, row: int) -> None:
        self.course_view.selectRow(row)

    def select_group(self, row: int) -> None:
        self.group_view.selectRow(row)

    def new_course(self) -> None:
        dialog = CourseDialog(self)
        if not dialogs.run(dialog):
            return
        try:
            self.workspace.courses.add_course(
                dialog.subject.text(), str(dialog.kind.currentData()), dialog.level.text()
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.load()

    def new_group(self) -> None:
        course_id = selected_id(self.course_view)
        if course_id is None:
            dialogs.inform(self, _("Choose a course first."))
            return
        dialog = GroupDialog(self.workspace, self)
        if not dialogs.run(dialog):
            return
        try:
            self.workspace.courses.add_group(
                course_id,
                dialog.name.text(),
                dialog.tutor.currentData(),
                dialog.schedule.text(),
                dialog.place.text(),
                date_input(dialog.starts.text()),
                date_input(dialog.ends.text()),
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self._course_chosen()

    def enroll(self) -> None:
        group_id = selected_id(self.group_view)
        if group_id is None:
            dialogs.inform(self, _("Choose a group first."))
            return
        student = pick_person(
            self.workspace, _("Choose the student"), self, roles=frozenset({Role.STUDENT})
        )
        if student is None:
            return
        try:
            self.workspace.courses.enroll(student, group_id, self.workspace.clock.today())
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self._group_chosen()

    def enroll_several(self) -> None:
        group_id = selected_id(self.group_view)
        if group_id is None:
            dialogs.inform(self, _("Choose a group first."))
            return
        if enroll_students(self, self.workspace, group_id):
            self._group_chosen()

    def unenroll(self) -> None:
        enrollment_id = selected_id(self.member_view)
        if enrollment_id is None:
            dialogs.inform(self, _("Choose a student first."))
        elif end_enrollment(self, self.workspace.courses, enrollment_id):
            self._group_chosen()
