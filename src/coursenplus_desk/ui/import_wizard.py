"""The import assistant: choose a file, check the columns, preview the rows, import.

The plan is shown before anything is written (ui/import_preview.py): what each
row does, and the reasons of refused rows beside them. The commit runs on the thread that
owns the vault connection (a connection cannot change threads) and keeps the
window alive through its progress callback, which also carries the cancel.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.import_mapping import ALL_FIELDS, ColumnMapping
from coursenplus_desk.domain.import_report import imported_text
from coursenplus_desk.domain.import_types import ImportPlan
from coursenplus_desk.domain.people import ROLE_LABELS, Role
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.importing import ImportReport, ImportSource
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.import_preview import PreviewPage

PROGRESS_EVERY = 50  # ticks between two repaints while importing

FIELD_LABELS = {
    "ref": N_("Number in the file"),
    "family": N_("Family code"),
    "roles": N_("Roles"),
    "status": N_("Status"),
    "last_contact": N_("Last contact"),
    "registered_on": N_("Registration date"),
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "email": N_("Email address"),
    "phone": N_("Phone number"),
    "birth_date": N_("Birth date"),
    "street": N_("Street and number"),
    "postal_code": N_("Postal code"),
    "city": N_("City"),
    "country": N_("Country"),
    "language": N_("Language"),
    "school": N_("School"),
    "school_year": N_("School year"),
    "notes": N_("Notes"),
    "relationship": N_("Relationship to the child"),
}


def field_label(field: str) -> str:
    slot, _dot, name = field.rpartition(".")
    label = _(FIELD_LABELS[name])
    if not slot:
        return label
    return _("Parent {number} – {field}").format(number=slot[-1], field=label)


WIZARD_SIZE = (960, 640)


class ImportWizard(QWizard):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.source: ImportSource | None = None
        self.plan: ImportPlan | None = None
        self.report: ImportReport | None = None
        self.setWindowTitle(_("Import people"))
        self.resize(*WIZARD_SIZE)  # the plan's rows need the room
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.run_page):
            self.addPage(page)

    def reject(self) -> None:
        """Closing while importing asks the import to stop; it rolls back, then closes."""
        if self.run_page.running:
            self.run_page.cancel_requested = True
            return
        super().reject()


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.assistant = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(_("A CSV or Excel (.xlsx) file, or an export archive of this program."))
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(_("File to import"))
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self.browse)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        self.path_edit.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the file"),
            str(dialogs.documents_folder()),
            _("Spreadsheets (*.csv *.txt *.xlsx *.zip)"),
        )
        if chosen:
            self.path_edit.setText(chosen)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        try:
            path = Path(self.path_edit.text().strip())
            self.assistant.source = self.assistant.workspace.importer.open(path)
        except UserError as error:
            self.error_label.setText(error.message())
            return False
        self.error_label.clear()
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.assistant = wizard
        self.setTitle(_("Check the columns"))
        self.setSubTitle(_("Say what each column holds; columns left empty are not imported."))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First value"), _("Imported as")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.role_box = QComboBox()
        for role in Role:
            self.role_box.addItem(_(ROLE_LABELS[role]), role.value)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Role of people without a role column:"), self.role_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self.boxes: list[QComboBox] = []

    def initializePage(self) -> None:
        source = self.assistant.source
        assert source is not None
        first = source.table.rows[0][1] if source.table.rows else []
        self.table.setRowCount(len(source.table.headers))
        self.boxes = []
        for index, header in enumerate(source.table.headers):
            sample = first[index] if index < len(first) else None
            self.table.setItem(index, 0, QTableWidgetItem(header))
            self.table.setItem(index, 1, QTableWidgetItem("" if sample is None else str(sample)))
            box = self._field_box(source.mapping.fields[index])
            box.setAccessibleName(_("Field of column {column}").format(column=header))
            self.table.setCellWidget(index, 2, box)
            self.boxes.append(box)
        self.table.resizeColumnsToContents()  # a few dozen columns at most
        self.role_box.setCurrentIndex(self.role_box.findData(source.mapping.default_role.value))

    def _field_box(self, current: str | None) -> QComboBox:
        box = QComboBox()
        box.addItem(_("(not imported)"), None)
        for field in ALL_FIELDS:
            box.addItem(field_label(field), field)
        box.setCurrentIndex(max(box.findData(current), 0) if current else 0)
        return box

    def mapping(self) -> ColumnMapping:
        source = self.assistant.source
        assert source is not None
        fields = tuple(box.currentData() for box in self.boxes)
        return ColumnMapping(source.table.headers, fields, Role(self.role_box.currentData()))

    def validatePage(self) -> bool:
        source = self.assistant.source
        assert source is not None
        importer = self.assistant.workspace.importer
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # seconds at 10,000 rows
        try:
            self.assistant.source = importer.with_mapping(source, self.mapping())
            self.assistant.plan = importer.plan(self.assistant.source)
        except UserError as error:
            self.error_label.setText(error.message())
            return False
        finally:
            QApplication.restoreOverrideCursor()
        return True


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.assistant = wizard
        self.running = False
        self.cancel_requested = False
        self.setTitle(_("Import the rows"))
        self.setSubTitle(_("Everything is written at once: if you stop, nothing is imported."))
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Import progress"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.start_button = QPushButton(_("Import now"))
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(_("Stop the import"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.request_cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)

    def initializePage(self) -> None:
        self.progress.setValue(0)
        self.status_label.clear()
        self.start_button.setEnabled(self.assistant.report is None)

    def isComplete(self) -> bool:
        return self.assistant.report is not None

    def request_cancel(self) -> None:
        self.cancel_requested = True

    def start(self) -> None:
        source, plan = self.assistant.source, self.assistant.plan
        assert source is not None and plan is not None
        self._set_running(True)
        try:
            self.assistant.report = self.assistant.workspace.importer.commit(
                source,
                plan,
                skip_invalid=self.assistant.preview_page.skip_box.isChecked(),
                progress=self._tick,
            )
        except UserError as error:
            self.status_label.setText(error.message())
        else:
            self.status_label.setText(self._done_text(self.assistant.report))
        finally:
            self._set_running(False)
        self.completeChanged.emit()

    def _tick(self, done: int, total: int) -> bool:
        if done % PROGRESS_EVERY == 0 or done == total:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            QApplication.processEvents()
        return not self.cancel_requested

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.cancel_requested = False
        self.start_button.setEnabled(not running and self.assistant.report is None)
        self.cancel_button.setEnabled(running)
        done = self.assistant.report is not None
        self.assistant.button(QWizard.WizardButton.BackButton).setEnabled(not running and not done)
        self.assistant.button(QWizard.WizardButton.CancelButton).setEnabled(not running)

    @staticmethod
    def _done_text(report: ImportReport) -> str:
        return imported_text(
            report.imported_rows, report.created, report.updated, report.links, report.enrollments
        )
