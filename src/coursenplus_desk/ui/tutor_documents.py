"""What tutors receive, from the windows: a group's roster, and the tutor's processor agreement.

The roster is made once its options are chosen, then printed or saved as any
other document; making it records it as given to the tutor. The agreement box
sits on a tutor's page.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import LANGUAGE_NAMES, _, current_language
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs, documents, printing
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date
from coursenplus_desk.ui.widgets import button, button_row


class RosterOptions(documents.DocumentOptions):
    """The language of the roster, and whether it shows a parent's phone for emergencies."""

    def __init__(self, workspace: Workspace, group_name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Roster for the tutor: {group}").format(group=group_name))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language of the document"))
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.phone = QCheckBox(_("Show a parent's phone number for emergencies"))
        self.phone.setChecked(workspace.tutors.roster_includes_phone())
        note = QLabel(
            _(
                "The roster holds each student's name and school year, nothing else unless "
                "you tick the box. Giving it to the tutor is recorded, and each student's "
                "access reply names it."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Language of the document"), self.language)
        form.addRow(self.phone)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)


def roster(parent: QWidget, workspace: Workspace, group_id: int, group_name: str) -> Path | None:
    """Ask the options, make the roster (recorded as given to the tutor), print or save it."""
    options = RosterOptions(workspace, group_name, parent)
    if not dialogs.run(options):
        return None
    return documents.produce(
        options,
        parent,
        lambda: workspace.tutors.roster_pdf(
            group_id, str(options.language.currentData()), options.phone.isChecked()
        ),
        printing.document_name(printing.TUTOR_ROSTER, group_name),
        _("Roster for the tutor: {group}").format(group=group_name),
    )


class AgreementBox(QGroupBox):
    """A tutor's processor agreement (Art. 28): when it was signed, and its reference."""

    def __init__(self, workspace: Workspace, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(_("Processor agreement (GDPR Art. 28)"), parent)
        self.workspace = workspace
        self.person_id = person_id
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(_("Processor agreement"))
        self.signed_on = QLineEdit(format_date(workspace.clock.today()))
        self.signed_on.setAccessibleName(_("Signed on"))
        self.signed_on.setPlaceholderText(date_placeholder())
        self.reference = QLineEdit()
        self.reference.setAccessibleName(_("Reference of the document"))
        self.reference.setPlaceholderText(_("e.g. processor agreement 2026-03, signed copy"))
        self.record_button = button(_("Record the agreement"), self.record)
        form = QFormLayout(self)
        form.addRow(self.state)
        form.addRow(_("Signed on"), self.signed_on)
        form.addRow(_("Reference of the document"), self.reference)
        form.addRow(button_row(self.record_button))
        self.load()

    def load(self) -> None:
        agreement = self.workspace.tutors.agreement(self.person_id)
        if agreement is None:
            self.state.setText(
                _("No processor agreement is recorded: a tutor receives students' data only "
                  "under a signed agreement.")
            )  # fmt: skip
            return
        self.state.setText(
            _("Agreement signed on {date}, reference {reference}.").format(
                date=format_date(agreement.signed_on), reference=agreement.reference
            )
        )

    def record(self) -> bool:
        try:
            self.workspace.tutors.record_agreement(
                self.person_id, date_input(self.signed_on.text()) or "", self.reference.text()
            )
        except UserError as error:
            dialogs.show_error(self, error)
            return False
        self.reference.clear()
        self.load()
        return True
