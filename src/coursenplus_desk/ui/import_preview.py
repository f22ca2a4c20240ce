"""The import assistant's preview: every row of the plan, what it does and why not.

Each row says what it does (new, merged into an earlier row, updates someone
already in the vault) or that it is refused, with the reasons in sight beside
it; refused cells are coloured too, with their reason as a tooltip.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from coursenplus_desk.domain.import_report import rejected_csv, summary_text
from coursenplus_desk.domain.import_types import Action, CellProblem, RowPlan, Target
from coursenplus_desk.i18n import _
from coursenplus_desk.ui import dialogs
from coursenplus_desk.vault.atomic import write_atomically

if TYPE_CHECKING:
    from coursenplus_desk.ui.import_wizard import ImportWizard

ERROR_COLOUR = QColor(248, 208, 208)
WARNING_COLOUR = QColor(255, 242, 192)
FIRST_CELL = 3  # row number, outcome, reasons, then the file's own columns
REASONS_WIDTH = 280


def outcome_text(row: RowPlan, targets: dict[int, Target]) -> str:
    """What the row does: refused, merged into an earlier row, updates someone, or new."""
    if not row.accepted:
        return _("refused")
    own = next((person for person in row.people if person.slot == ""), None)
    target = targets.get(own.target) if own is not None else None
    if target is None:
        return _("to import")
    if target.first_row != row.row:
        return _("merged into row {row}").format(row=target.first_row)
    if target.action is Action.UPDATE:
        return _("updates a person already in the vault")
    if target.action is Action.UNCHANGED:
        return _("already in the vault, unchanged")
    return _("to import")


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.assistant = wizard
        self.setTitle(_("Check the rows"))
        self.setSubTitle(
            _("Nothing is written yet. Refused rows are red, with the reason beside them.")
        )
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.refused_note = QLabel(
            _(
                "Some rows are refused, so “Next” waits: correct the file and choose it again, "
                "or tick the box below to import the other rows without them."
            )
        )
        self.refused_note.setWordWrap(True)
        self.skip_box = QCheckBox(_("Import the valid rows and leave the refused ones out"))
        self.skip_box.toggled.connect(self.completeChanged)
        self.save_button = QPushButton(_("Save the refused rows…"))
        self.save_button.clicked.connect(self.choose_rejected_file)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.refused_note)
        layout.addWidget(self.skip_box)
        layout.addWidget(self.save_button)

    def initializePage(self) -> None:
        plan = self.assistant.plan
        assert plan is not None
        headers = plan.mapping.headers
        self.table.clear()
        self.table.setColumnCount(len(headers) + FIRST_CELL)
        self.table.setHorizontalHeaderLabels(
            [_("Row in the file"), _("Outcome"), _("Why"), *headers]
        )
        self.table.setRowCount(len(plan.rows))
        targets = {target.number: target for target in plan.targets}
        for index, row in enumerate(plan.rows):
            self._show_row(index, row, headers, targets)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(2, REASONS_WIDTH)
        self.summary_label.setText(summary_text(plan))
        self.skip_box.setChecked(False)
        self.refused_note.setVisible(bool(plan.rejected))
        self.skip_box.setVisible(bool(plan.rejected))
        self.save_button.setVisible(bool(plan.rejected))

    def _show_row(
        self, index: int, row: RowPlan, headers: tuple[str, ...], targets: dict[int, Target]
    ) -> None:
        self.table.setItem(index, 0, QTableWidgetItem(str(row.row)))
        result = QTableWidgetItem(outcome_text(row, targets))
        self.table.setItem(index, 1, result)
        messages = [problem.message() for problem in (*row.errors, *row.warnings)]
        reasons = QTableWidgetItem(" ".join(messages))  # each message is a sentence
        reasons.setToolTip("\n".join(messages))
        self.table.setItem(index, 2, reasons)
        for column, text in enumerate(row.cells[: len(headers)]):
            self.table.setItem(index, column + FIRST_CELL, QTableWidgetItem(text))
        result.setToolTip("\n".join(messages))
        if not row.accepted:
            result.setBackground(QBrush(ERROR_COLOUR))
        elif row.warnings:
            result.setBackground(QBrush(WARNING_COLOUR))
        self._mark(index, row.warnings, headers, WARNING_COLOUR)
        self._mark(index, row.errors, headers, ERROR_COLOUR)

    def _mark(
        self, index: int, problems: list[CellProblem], headers: tuple[str, ...], colour: QColor
    ) -> None:
        """Colour each cell a problem names, with the reasons as its tooltip."""
        for problem in problems:
            item = (
                self.table.item(index, headers.index(problem.column) + FIRST_CELL)
                if problem.column in headers
                else None
            )
            if item is None:
                continue  # no column holds the field: the result cell says why
            item.setBackground(QBrush(colour))
            tips = [item.toolTip()] if item.toolTip() else []
            item.setToolTip("\n".join([*tips, problem.message()]))

    def isComplete(self) -> bool:
        plan = self.assistant.plan
        if plan is None or not plan.accepted:
            return False
        return not plan.rejected or self.skip_box.isChecked()

    def choose_rejected_file(self) -> None:
        chosen = dialogs.save_file(
            self, _("Save the refused rows"), _("refused-rows.csv"), "CSV (*.csv)"
        )
        if chosen is not None:
            self.save_rejected(chosen)

    def save_rejected(self, path: Path) -> None:
        plan = self.assistant.plan
        assert plan is not None
        write_atomically(path, rejected_csv(plan, _))
        self.assistant.workspace.audit.record("import.rejected_export", rows=len(plan.rejected))
