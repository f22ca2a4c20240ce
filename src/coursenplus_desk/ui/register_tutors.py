"""The register's tutors: each receives students' data as a processor (GDPR Art. 28), under
a signed agreement recorded on the tutor's page (Identity tab)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coursenplus_desk.domain.disclosures import TutorProcessor
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import Column, RowsModel, table_view


def agreement_text(tutor: TutorProcessor) -> str:
    if tutor.agreement is None:
        return _("No agreement recorded")
    return _("Signed on {date}, reference {reference}").format(
        date=format_date(tutor.agreement.signed_on), reference=tutor.agreement.reference
    )


class TutorsTab(QWidget):
    """Tutors, their groups and their processor agreements, as the register lists them."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.model: RowsModel[TutorProcessor] = RowsModel(
            [
                Column(N_("Tutor (processor)"), lambda t: t.full_name),
                Column(N_("Groups"), lambda t: ", ".join(t.groups)),
                Column(N_("Processor agreement"), agreement_text),
            ],
            lambda t: t.person_id,
        )
        self.table = table_view(self.model, _("Tutors (processors)"))
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        note = QLabel(
            _(
                "Tutors receive the students' data of their groups as processors: each needs a "
                "signed processor agreement, recorded on the tutor's page (Identity tab)."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing)
        self.load()

    def showEvent(self, event: QShowEvent) -> None:
        """Agreements are recorded on the tutors' pages: read them again when shown."""
        self.load()
        super().showEvent(event)

    def load(self) -> None:
        tutors = self.workspace.tutors.processors()
        self.model.set_rows(tutors)
        without = [t.full_name for t in tutors if t.agreement is None]
        self.missing.setText(
            _("Without an agreement: {names}. Give them no roster until it is signed.").format(
                names=", ".join(without)
            )
            if without
            else ""
        )
