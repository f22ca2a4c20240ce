"""Printed documents from the windows: a person's form, a group's attendance sheet.

The PDF is made by the forms service (which records it in the audit trail); the
options dialog ends with "Print…", which shows the print preview of its pages
(`ui.printing`), or "Save as PDF…", which saves the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import LANGUAGE_NAMES, N_, _, current_language
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs, printing
from coursenplus_desk.ui.busy import busy_cursor
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date

FORM_LABELS = (("membership", N_("Membership form")), ("enrollment", N_("Enrollment form")))
FORM_FILE_NAMES = {"membership": printing.MEMBERSHIP_FORM, "enrollment": printing.ENROLLMENT_FORM}
SHEET_DAYS = 27  # four weeks by default


PRINT, SAVE = "print", "save"


class DocumentOptions(QDialog):
    """Ends with "Print…" (the default) or "Save as PDF…"; `action` says which."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.action = PRINT
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = buttons.addButton(_("Print…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = buttons.addButton(
            _("Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(lambda: self.finish(PRINT))
        self.save_button.clicked.connect(lambda: self.finish(SAVE))
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

    def finish(self, action: str) -> None:
        self.action = action
        self.accept()


def _language_box(chosen: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(_("Language of the document"))
    for code, name in LANGUAGE_NAMES.items():
        box.addItem(name, code)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


class FormOptions(DocumentOptions):
    """Which form, in which language, and whether its fields can be filled in on screen."""

    def __init__(self, language: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print form"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Form"))
        for kind, label in FORM_LABELS:
            self.kind.addItem(_(label), kind)
        self.language = _language_box(language)
        self.fillable = QCheckBox(_("Fields that can be filled in on screen"))
        form = QFormLayout()
        form.addRow(_("Form"), self.kind)
        form.addRow(_("Language of the document"), self.language)
        form.addRow(self.fillable)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)


class SheetOptions(DocumentOptions):
    """The days an attendance sheet covers (one column per session of the group)."""

    def __init__(self, group_name: str, workspace: Workspace, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Attendance sheet: {group}").format(group=group_name))
        today = workspace.clock.today()
        self.first = QLineEdit(format_date(today))
        self.first.setAccessibleName(_("From"))
        self.last = QLineEdit(format_date(today + timedelta(days=SHEET_DAYS)))
        self.last.setAccessibleName(_("Until"))
        for edit in (self.first, self.last):
            edit.setPlaceholderText(date_placeholder())
        self.language = _language_box(current_language())
        form = QFormLayout()
        form.addRow(_("From"), self.first)
        form.addRow(_("Until"), self.last)
        form.addRow(_("Language of the document"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)


def print_form(parent: QWidget, workspace: Workspace, person_id: int) -> Path | None:
    person = workspace.people.get(person_id).person
    options = FormOptions(workspace.forms.reader_language(person_id), parent)
    if not dialogs.run(options):
        return None
    kind = str(options.kind.currentData())
    name = person.full_name
    return produce(
        options,
        parent,
        lambda: workspace.forms.form(
            kind,
            person_id,
            language=str(options.language.currentData()),
            fillable=options.fillable.isChecked(),
        ),
        printing.document_name(FORM_FILE_NAMES[kind], name),
        f"{_(dict(FORM_LABELS)[kind])} — {name}",
    )


def attendance_sheet(
    parent: QWidget, workspace: Workspace, group_id: int, group_name: str
) -> Path | None:
    options = SheetOptions(group_name, workspace, parent)
    if not dialogs.run(options):
        return None
    first = date_input(options.first.text()) or ""
    last = date_input(options.last.text()) or ""
    return produce(
        options,
        parent,
        lambda: workspace.forms.attendance_sheet(
            group_id, first, last, str(options.language.currentData())
        ),
        printing.document_name(printing.ATTENDANCE_SHEET, group_name, first),
        _("Attendance sheet: {group}").format(group=group_name),
    )


def produce(
    options: DocumentOptions,
    parent: QWidget,
    make: Callable[[], bytes],
    suggested: str,
    title: str,
) -> Path | None:
    """Make the PDF, then print it or save it as chosen; the saved file, if any."""
    try:
        with busy_cursor():
            pdf = make()
    except UserError as error:
        dialogs.show_error(parent, error)
        return None
    if options.action == PRINT:
        printing.print_document(parent, pdf, title)
        return None
    path = printing.save_document(parent, pdf, suggested)
    if path is not None:
        dialogs.inform(parent, _("Saved in {file}.").format(file=str(path)), _("Document saved"))
    return path
