"""The global audit trail: the latest events of the vault, for everyone or one person.

Events hold ids, counts and field names, never personal values: what is shown
here can be read by anyone allowed to open the vault.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.audit import AuditEvent
from coursenplus_desk.i18n import N_, _, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.person_records import ACTION_LABELS
from coursenplus_desk.ui.table_model import Column, RowsModel, table_view
from coursenplus_desk.ui.widgets import button

LATEST = 500


def _details(event: AuditEvent) -> str:
    return ", ".join(f"{key}: {value}" for key, value in sorted(event.details.items()))


class AuditDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(_("Audit trail"))
        self.resize(820, 520)
        self.model: RowsModel[AuditEvent] = RowsModel(
            [
                Column(N_("When"), lambda e: f"{format_date(e.at.date())} {e.at:%H:%M}"),
                Column(N_("What"), lambda e: _(ACTION_LABELS.get(e.action, e.action))),
                Column(N_("Person"), lambda e: "" if e.person_id is None else str(e.person_id)),
                Column(N_("Details"), _details),
            ],
            lambda e: e.id,
        )
        self.view = table_view(self.model, _("Audit trail"))
        self.person = QSpinBox()
        self.person.setRange(0, 2_000_000_000)
        self.person.setSpecialValueText(_("everyone"))
        self.person.setAccessibleName(_("Person number"))
        self.person.valueChanged.connect(self.load)
        self.summary = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(QLabel(_("Person number")))
        filters.addWidget(self.person)
        filters.addWidget(button(_("Show everyone"), lambda: self.person.setValue(0)))
        filters.addStretch(1)
        filters.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.load()

    def person_id(self) -> int | None:
        return self.person.value() or None

    def load(self) -> None:
        events = self.workspace.audit_trail.events(self.person_id(), LATEST)
        self.model.set_rows(events)
        self.summary.setText(
            ngettext("the latest {count} event", "the latest {count} events", len(events)).format(
                count=len(events)
            )
        )
