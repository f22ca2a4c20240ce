"""Print form… on a person's page, Attendance sheet… in Courses & groups: real PDFs, saved
with "Save as PDF…" (printing itself: test_printing.py)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui import documents
from coursenplus_desk.ui.courses_view import CoursesSection
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def text_of(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def courses_with_group(window: MainWindow) -> CoursesSection:
    courses = window.section("courses")
    assert isinstance(courses, CoursesSection)
    courses.select_course(0)
    courses.select_group(0)
    return courses


def test_print_a_filled_in_enrollment_form(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    target = tmp_path / "form.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        people = window.section("people")
        assert isinstance(people, PeopleSection)
        people.open_person(vault.student)
        assert people.page is not None

        def choose(dialog: QDialog) -> bool:
            assert isinstance(dialog, documents.FormOptions)
            dialog.kind.setCurrentIndex(dialog.kind.findData("enrollment"))
            dialog.language.setCurrentIndex(dialog.language.findData("fr"))
            dialog.fillable.setChecked(True)
            dialog.save_button.click()
            return dialog.result() == QDialog.DialogCode.Accepted

        answered.expect(choose)
        answered.paths.append(target)
        people.page.print_button.click()
        fields = PdfReader(target).get_fields() or {}  # fillable on screen, pre-filled
        values = {str(field.get("/V", "")) for field in fields.values()}
        assert {"Zoë", "Łukasz Dąbrowski", "Mathématiques (Maths 6e)"} <= values
        assert "Formulaire d'inscription" in text_of(target)
        assert answered.messages[-1] == ("inform", f"Saved in {target}.")
        assert window.workspace is not None
        latest = window.workspace.audit_trail.events(vault.student, limit=1)[0]
        assert latest.action == "document.form"
        window.close()


def test_attendance_sheet_of_a_group(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    target = tmp_path / "sheet"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        courses = courses_with_group(window)

        def dates(dialog: QDialog) -> bool:
            assert isinstance(dialog, documents.SheetOptions)
            assert "Maths 6e" in dialog.windowTitle()
            dialog.first.setText("01/11/2026")
            dialog.last.setText("30/11/2026")
            dialog.save_button.click()
            return True

        answered.expect(dates)
        answered.paths.append(target)
        courses.attendance_sheet()
        saved = tmp_path / "sheet.pdf"
        text = text_of(saved)
        assert "Maths 6e" in text and "Zoë" in text
        window.close()


def test_a_sheet_ending_before_it_starts_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        courses = courses_with_group(window)

        def backwards(dialog: QDialog) -> bool:
            assert isinstance(dialog, documents.SheetOptions)
            dialog.first.setText("30/11/2026")
            dialog.last.setText("01/11/2026")
            return True

        answered.expect(backwards)
        courses.attendance_sheet()
        assert answered.messages == [("warn", "The end date comes before the start date.")]
        assert list(tmp_path.glob("*.pdf")) == []
        window.close()


def test_no_group_chosen(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        courses = window.section("courses")
        assert isinstance(courses, CoursesSection)
        courses.attendance_sheet()
        assert answered.messages == [("inform", "Choose a group first.")]
        window.close()
