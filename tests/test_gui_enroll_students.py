"""Several students enrolled in a group at once, from Courses & groups; all or none."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.courses_view import CoursesSection
from coursenplus_desk.ui.enroll_students import EnrollStudentsDialog
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.request_gui_support import accept

pytestmark = OFFSCREEN_NOISE


def students(workspace: Workspace, *names: str) -> list[int]:
    return [workspace.people.add(PersonDraft(name, "Martin", roles=("student",))) for name in names]


def test_three_students_enrolled_in_one_go(qtbot: QtBot, workspace: Workspace) -> None:
    students(workspace, "Léa", "Noé", "Inès", "Tom")
    course = workspace.courses.add_course("Français")
    workspace.courses.add_group(course, "Français 5e")
    with scripted_dialogs() as answered, language("en"):
        section = CoursesSection(workspace)
        qtbot.addWidget(section)
        section.select_course(0)
        section.select_group(0)

        def choose(dialog: QDialog) -> bool:
            assert isinstance(dialog, EnrollStudentsDialog)
            table = dialog.people.table
            dialog.people.search.setText("martin")
            dialog.people.search.returnPressed.emit()
            assert dialog.people.model.total() == 4
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            for row in (0, 1, 2):
                table.selectionModel().select(dialog.people.model.index(row, 0), flags)
            dialog.add_selected()
            dialog.add_selected()  # twice: nobody is listed twice
            assert dialog.count.text() == "3 students chosen"
            dialog.chosen.setCurrentRow(2)
            dialog.remove_selected()
            table.clearSelection()
            table.selectRow(3)
            dialog.add_selected()
            assert dialog.count.text() == "3 students chosen"
            return accept(dialog)

        answered.expect(choose)
        section.enroll_several()
        assert section.members.rowCount() == 3
        assert answered.messages == []


def test_one_refused_student_enrolls_nobody(workspace: Workspace) -> None:
    first, second = students(workspace, "Léa", "Noé")
    tutor = workspace.people.add(PersonDraft("Ana", "Tutor", roles=("tutor",)))
    course = workspace.courses.add_course("Français")
    group = workspace.courses.add_group(course, "Français 5e")
    with pytest.raises(RefusedError):
        workspace.courses.enroll_many([first, tutor, second], group, "2026-09-01")
    assert workspace.courses.members(group) == []
