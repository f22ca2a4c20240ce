"""Settings' retention periods: how many years each category of data is kept, and from when;
how many months an unconfirmed membership application is kept."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.retention import CATEGORY_CLOCKS, CATEGORY_LABELS, Category
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.widgets import button, button_row


class RetentionPoliciesBox(QGroupBox):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(_("Retention periods"), parent)
        self.workspace = workspace
        self.years: dict[Category, QSpinBox] = {}
        form = QFormLayout(self)
        for category in Category:
            box = QSpinBox()
            box.setRange(1, 100)
            box.setSuffix(" " + _(CATEGORY_CLOCKS[category]))
            box.setAccessibleName(_(CATEGORY_LABELS[category]))
            self.years[category] = box
            form.addRow(_(CATEGORY_LABELS[category]), box)
        self.application = QSpinBox()
        self.application.setRange(1, 24)
        self.application.setSuffix(" " + _("months after an application that is not confirmed"))
        self.application.setAccessibleName(_("Unconfirmed membership applications"))
        form.addRow(_("Unconfirmed membership applications"), self.application)
        note = QLabel(_("Financial records: confirm the period with the association's accountant."))
        note.setWordWrap(True)
        form.addRow(note)
        self.save_button = button(_("Save retention periods"), self.save)
        form.addRow(button_row(self.save_button))
        self.load()

    def load(self) -> None:
        policies = self.workspace.retention.policies()
        for category, box in self.years.items():
            box.setValue(policies.of(category))
        self.application.setValue(policies.application_months)

    def save(self) -> bool:
        policies = self.workspace.retention.policies()
        try:
            for category, box in self.years.items():
                if box.value() != policies.of(category):
                    self.workspace.retention.set_policy(category, box.value())
            if self.application.value() != policies.application_months:
                self.workspace.retention.set_application_months(self.application.value())
        except UserError as error:
            dialogs.show_error(self, error)
            self.load()
            return False
        return True
