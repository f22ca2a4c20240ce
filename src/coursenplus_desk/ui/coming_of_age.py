"""People → Students coming of age: who turns 18 within a month, or is an adult still resting
on their guardians' consents and contact; their own consent and contact are needed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from coursenplus_desk.domain.consent import ComingOfAge
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import Column, RowsModel, fit_columns, table_view


class ComingOfAgeDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Students coming of age"))
        labels = {p.key: _(p.label) for p in workspace.consent.purposes(True)}
        self.model: RowsModel[ComingOfAge] = RowsModel(
            [
                Column(N_("Name"), lambda c: c.full_name),
                Column(N_("Adult on"), lambda c: format_date(c.adult_on)),
                Column(
                    N_("Consents given by a guardian"),
                    lambda c: ", ".join(labels.get(p, p) for p in c.guardian_consents),
                ),
            ],
            lambda c: c.person_id,
        )
        self.model.set_rows(workspace.consent.coming_of_age())
        note = QLabel(
            _(
                "At 18 a student decides alone: ask for their own consent and contact, "
                "then withdraw what their guardians gave for them (person's page, Consents)."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(fit_columns(table_view(self.model, _("Students coming of age"))), 1)
        layout.addWidget(buttons)
        self.resize(640, 400)
