"""Printing and saving the documents the program makes: the one place every screen calls.

`print_document(parent, pdf, title)` shows Qt's print preview of the real pages
(those of the PDF the program writes, drawn by QtPdf); its print button opens
the system's print dialog. `save_document(parent, pdf, name)` asks where to save
the same bytes, starting in the user's Documents folder. `document_name(...)`
names a file in the user's language ("presences-…", "reponse-acces-…").
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from coursenplus_desk.i18n import N_, _
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.pdf_pages import PRINT_DPI, PdfPages, fit_printer, paint_pages
from coursenplus_desk.vault.atomic import write_atomically

# The first words of file names, translated ("attendance" is "presences" in French).
ATTENDANCE_SHEET = N_("attendance")
MEMBERSHIP_FORM = N_("membership-form")
ENROLLMENT_FORM = N_("enrollment-form")
ACCESS_REPLY = N_("access-reply")
ERASURE_CERTIFICATE = N_("erasure-certificate")
REFUSAL_LETTER = N_("refusal-letter")
PORTABILITY_ARCHIVE = N_("portability")
REQUEST_REPLY = N_("reply")
TUTOR_ROSTER = N_("roster")

PREVIEW_SIZE = (900, 1000)
_NOT_IN_FILE_NAMES = re.compile(r"[^\w.-]+")


def document_name(stem: str, *parts: object, suffix: str = "pdf") -> str:
    """A file name in the user's language: document_name(ATTENDANCE_SHEET, 3, day)
    gives 'presences-3-2026-11-22.pdf' in French."""
    words = [_(stem), *(str(part) for part in parts if part not in (None, ""))]
    name = "-".join(_NOT_IN_FILE_NAMES.sub("-", word).strip("-") for word in words)
    return f"{name}.{suffix}"


def _data(pdf: bytes | Path) -> bytes:
    return pdf if isinstance(pdf, bytes) else Path(pdf).read_bytes()


def print_document(parent: QWidget | None, pdf: bytes | Path, title: str) -> bool:
    """The print preview of the document's pages; True when they were sent to a printer."""
    pages = PdfPages(_data(pdf))
    try:
        preview = QPrintPreviewDialog(parent)  # its own printer: it lives as long as the dialog
        printer = preview.printer()
        printer.setDocName(title)
        printer.setResolution(PRINT_DPI)  # the dialog's printer starts at the screen's
        fit_printer(printer, pages)
        preview.setObjectName("print-preview")
        preview.setWindowTitle(_("Print: {document}").format(document=title))
        preview.paintRequested.connect(lambda target: paint_pages(target, pages))
        preview.resize(*PREVIEW_SIZE)
        return dialogs.run(preview)
    finally:
        pages.close()


def save_document(
    parent: QWidget | None, pdf: bytes | Path, suggested: str, title: str | None = None
) -> Path | None:
    """Save as… a PDF (the system's dialog asks before replacing a file); None when
    cancelled or when the file cannot be written (the person is told)."""
    path = dialogs.save_file(parent, title or _("Save the document"), suggested, "PDF (*.pdf)")
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        write_atomically(path, _data(pdf))
    except OSError:
        dialogs.warn(parent, _("The file {file} cannot be written.").format(file=str(path)))
        return None
    return path
