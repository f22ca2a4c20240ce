"""Printed documents from the windows: a person's form, a group's attendance sheet.

The PDF is made by the forms service (which records it in the audit trail),
saved where the person chooses, then opened with the system's PDF viewer to be
printed from there: this Qt has no PDF renderer (QtPdf is not part of
PySide6-Essentials), so Qt's own print dialog could not draw the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
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
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.busy import busy_cursor
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date
from coursenplus_desk.vault.atomic import write_atomically

FORM_LABELS = (("membership", N_("Membership form")), ("enrollment", N_("Enrollment form")))
SHEET_DAYS = 27  # four weeks by default


def _desktop_open(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# Tests replace it: nothing may start a real viewer there.
open_with_system: Callable[[Path], bool] = _desktop_open


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _language_box(chosen: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(_("Language of the document"))
    for code, name in LANGUAGE_NAMES.items():
        box.addItem(name, code)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


class FormOptions(QDialog):
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
        layout.addWidget(_buttons(self))


class SheetOptions(QDialog):
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
        layout.addWidget(_buttons(self))


def print_form(parent: QWidget, workspace: Workspace, person_id: int) -> Path | None:
    options = FormOptions(workspace.forms.reader_language(person_id), parent)
    if not dialogs.run(options):
        return None
    kind = str(options.kind.currentData())
    return _produce(
        parent,
        lambda: workspace.forms.form(
            kind,
            person_id,
            language=str(options.language.currentData()),
            fillable=options.fillable.isChecked(),
        ),
        f"{kind}-{person_id}.pdf",
    )


def attendance_sheet(
    parent: QWidget, workspace: Workspace, group_id: int, group_name: str
) -> Path | None:
    options = SheetOptions(group_name, workspace, parent)
    if not dialogs.run(options):
        return None
    first = date_input(options.first.text()) or ""
    last = date_input(options.last.text()) or ""
    return _produce(
        parent,
        lambda: workspace.forms.attendance_sheet(
            group_id, first, last, str(options.language.currentData())
        ),
        f"attendance-{group_id}-{first}.pdf",
    )


def _produce(parent: QWidget, make: Callable[[], bytes], suggested: str) -> Path | None:
    try:
        with busy_cursor():
            pdf = make()
    except UserError as error:
        dialogs.show_error(parent, error)
        return None
    return save_and_offer_printing(parent, pdf, suggested)


def save_and_offer_printing(parent: QWidget, pdf: bytes, suggested: str) -> Path | None:
    """Save as…, then offer to open the saved file in the PDF viewer to print it."""
    path = dialogs.save_file(parent, _("Save the document"), suggested, "PDF (*.pdf)")
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        write_atomically(path, pdf)
    except OSError:
        dialogs.warn(parent, _("The file {file} cannot be written.").format(file=str(path)))
        return None
    if dialogs.confirm(
        parent,
        _("Saved in {file}. Open it in the PDF viewer to print it?").format(file=str(path)),
        _("Open to print"),
        _("Document saved"),
    ) and not open_with_system(path):
        dialogs.warn(parent, _("No program could open {file}.").format(file=str(path)))
    return path
