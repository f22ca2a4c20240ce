"""Printing is printing: the preview shows the PDF's real pages, and a printer gets them.

The printer here is a real `QPrinter` writing a PDF file; its pages are read
back with pypdf.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui import dialogs, documents, printing
from coursenplus_desk.ui.courses_view import CoursesSection
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.pdf_pages import PdfPages, fit_printer
from coursenplus_desk.ui.people_view import PeopleSection
from tests.gui_support import OFFSCREEN_NOISE, ScriptedDialogs, language, scripted_dialogs
from tests.gui_wiring_support import Vault, open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def print_to_file(target: Path, pages_seen: list[int]) -> Callable[[QDialog], bool]:
    """A handler for the print preview: note its pages, then print to a PDF file (what the
    print button does once the system's print dialog has chosen the printer)."""

    def handle(dialog: QDialog) -> bool:
        assert isinstance(dialog, QPrintPreviewDialog)
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget is not None
        widget.updatePreview()
        pages_seen.append(widget.pageCount())
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        widget.print_()
        return True

    return handle


def choose_membership_form(action: str) -> Callable[[QDialog], bool]:
    def handle(dialog: QDialog) -> bool:
        assert isinstance(dialog, documents.FormOptions)
        dialog.kind.setCurrentIndex(dialog.kind.findData("membership"))
        (dialog.print_button if action == documents.PRINT else dialog.save_button).click()
        return dialog.result() == QDialog.DialogCode.Accepted

    return handle


def person_page(window: MainWindow, person_id: int) -> PeopleSection:
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.open_person(person_id)
    assert people.page is not None
    return people


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return vault_with_a_past(tmp_path / "vault")


def text_of(path: Path) -> str:
    """The words of every page, one space apart (a printer's PDF places each word itself)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_printing_a_membership_form_gives_pages_with_the_persons_name(
    qtbot: QtBot, tmp_path: Path, vault: Vault
) -> None:
    printed = tmp_path / "printer.pdf"
    pages_seen: list[int] = []
    with scripted_dialogs() as answered, language("fr"):
        window = open_window(qtbot, tmp_path)
        people = person_page(window, vault.student)
        answered.expect(choose_membership_form(documents.PRINT))
        answered.expect(print_to_file(printed, pages_seen))
        assert people.page is not None
        people.page.print_button.click()
        assert answered.handlers == []
        window.close()
    reader = PdfReader(printed)
    assert pages_seen == [len(reader.pages)] and len(reader.pages) >= 1
    text = text_of(printed)
    assert "Dąbrowski" in text and "Zoë" in text
    assert "Formulaire" in text
    assert reader.pages[0].images, "the page is drawn from the rendered PDF"


def test_the_printed_pages_are_those_of_the_pdf_the_program_saves(
    qtbot: QtBot, tmp_path: Path, vault: Vault
) -> None:
    """The attendance sheet: saved, then printed from the same bytes; same pages, same text."""
    saved, printed = tmp_path / "sheet.pdf", tmp_path / "printer.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        courses = window.section("courses")
        assert isinstance(courses, CoursesSection)
        courses.select_course(0)
        courses.select_group(0)

        def save(dialog: QDialog) -> bool:
            assert isinstance(dialog, documents.SheetOptions)
            dialog.save_button.click()
            return True

        answered.expect(save)
        answered.paths.append(saved)
        courses.attendance_sheet()
        pages_seen: list[int] = []
        answered.expect(print_to_file(printed, pages_seen))
        assert printing.print_document(window, saved, "sheet") is True
        window.close()
    assert len(PdfReader(printed).pages) == len(PdfReader(saved).pages) == pages_seen[0]
    for word in ("Maths 6e", "Zoë", "Dąbrowski"):
        assert word in text_of(saved) and word in text_of(printed)


def test_landscape_pages_print_on_landscape_paper(qtbot: QtBot, tmp_path: Path) -> None:
    from io import BytesIO

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out, pagesize=landscape(A4))
    canvas.drawString(72, 500, "Wide page")
    canvas.showPage()
    canvas.save()
    pages = PdfPages(out.getvalue())
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    fit_printer(printer, pages)
    paper = printer.paperRect(QPrinter.Unit.Point)
    assert paper.width() > paper.height()
    pages.close()


def test_a_file_that_is_no_pdf_is_refused(qtbot: QtBot) -> None:
    from coursenplus_desk.ui.pdf_pages import UnreadablePdfError

    with pytest.raises(UnreadablePdfError):
        PdfPages(b"this is not a PDF")


def test_saving_starts_in_the_documents_folder_with_a_french_name(
    qtbot: QtBot, tmp_path: Path, vault: Vault
) -> None:
    with scripted_dialogs() as answered, language("fr"):
        window = open_window(qtbot, tmp_path)
        people = person_page(window, vault.student)
        answered.expect(choose_membership_form(documents.SAVE))
        assert people.page is not None
        people.page.print_button.click()  # cancelled in the save dialog: nothing written
        window.close()
    assert_suggested(answered, "formulaire-adhesion-Zoë-Dąbrowski.pdf")


def assert_suggested(answered: ScriptedDialogs, name: str) -> None:
    (suggested,) = answered.suggested
    assert suggested.name == name
    assert suggested.parent == dialogs.documents_folder()


def test_file_names_in_each_language() -> None:
    with language("fr"):
        assert printing.document_name(printing.ATTENDANCE_SHEET, "Maths 6e", "2026-11-01") == (
            "presences-Maths-6e-2026-11-01.pdf"
        )
        assert printing.document_name(printing.ACCESS_REPLY, 12) == "reponse-acces-12.pdf"
        assert printing.document_name(printing.PORTABILITY_ARCHIVE, 3, suffix="zip") == (
            "portabilite-3.zip"
        )
    with language("en"):
        assert printing.document_name(printing.MEMBERSHIP_FORM, "Zoë Dąbrowski") == (
            "membership-form-Zoë-Dąbrowski.pdf"
        )
