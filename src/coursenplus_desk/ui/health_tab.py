"""A person's health information: its own field, kept only on explicit consent (Art. 9).

For a minor the consent is a parent's or guardian's; for an adult their own.
Saving without a consent in force records the consent given with it; erasing
removes the information (withdrawing the consent in the Consents tab does too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.consent import is_minor
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.health import HealthConsent
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date
from coursenplus_desk.ui.widgets import button, button_row

if TYPE_CHECKING:
    from coursenplus_desk.ui.person_page import PersonPage

METHOD_LABELS = {
    ConsentMethod.FORM: N_("signed form"),
    ConsentMethod.EMAIL: N_("by email"),
    ConsentMethod.ORAL: N_("orally"),
}


class HealthTab(QWidget):
    def __init__(self, page: PersonPage) -> None:
        super().__init__()
        self.page = page
        intro = QLabel(
            _(
                "Allergies, treatments, what to do in an emergency: only what the tutors need "
                "to keep the student safe. Health data is a special category of data: it is "
                "kept only with the explicit consent of a parent or guardian (of the student "
                "when an adult), and erased when that consent is withdrawn."
            )
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setAccessibleName(_("Health information"))
        self.details.setTabChangesFocus(True)
        self.consent_state = QLabel()
        self.consent_state.setWordWrap(True)
        self.consent_state.setAccessibleName(_("Explicit consent"))
        self.given_by = QComboBox()
        self.given_by.setAccessibleName(_("Consent given by"))
        self.given_on = QLineEdit(format_date(page.workspace.clock.today()))
        self.given_on.setAccessibleName(_("Consent given on"))
        self.given_on.setPlaceholderText(date_placeholder())
        self.method = QComboBox()
        self.method.setAccessibleName(_("How it was given"))
        for method, label in METHOD_LABELS.items():
            self.method.addItem(_(label), method.value)
        self.evidence = QLineEdit()
        self.evidence.setAccessibleName(_("Evidence"))
        self.evidence.setPlaceholderText(_("e.g. enrollment form of 02/09/2026"))
        self.consent_box = QGroupBox(_("Explicit consent given with it"))
        form = QFormLayout(self.consent_box)
        form.addRow(_("Consent given by"), self.given_by)
        form.addRow(_("Consent given on"), self.given_on)
        form.addRow(_("How it was given"), self.method)
        form.addRow(_("Evidence"), self.evidence)
        self.save_button = button(_("Save health information"), self.save)
        self.erase_button = button(_("Erase health information"), self.erase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.consent_state)
        layout.addWidget(self.consent_box)
        layout.addLayout(button_row(self.save_button, self.erase_button))
        self.load()

    def load(self) -> None:
        workspace, person_id = self.page.workspace, self.page.person_id
        record = workspace.health.get(person_id)
        self.details.setPlainText(record.details if record else "")
        consent = workspace.health.active_consent(person_id)
        self.needs_consent = consent is None
        self.consent_box.setVisible(self.needs_consent)
        self.erase_button.setEnabled(record is not None)
        if consent is not None:
            self.consent_state.setText(
                _("Explicit consent given on {date}.").format(date=format_date(consent.given_on))
            )
        else:
            self.consent_state.setText(_("No explicit consent is recorded yet."))
        self._fill_givers()

    def _fill_givers(self) -> None:
        workspace, person_id = self.page.workspace, self.page.person_id
        details = workspace.people.get(person_id)
        self.given_by.clear()
        minor = is_minor(details.person.birth_date, workspace.clock.today())
        if not minor:
            self.given_by.addItem(_("the person themselves"), None)
        for link in details.guardians:
            self.given_by.addItem(link.full_name, link.person_id)

    def save(self) -> bool:
        workspace, person_id = self.page.workspace, self.page.person_id
        consent = None
        if self.needs_consent:
            giver = self.given_by.currentData()
            consent = HealthConsent(
                date_input(self.given_on.text()) or "",
                str(self.method.currentData()),
                int(giver) if giver is not None else None,
                self.evidence.text() or None,
            )
        try:
            workspace.health.record(person_id, self.details.toPlainText(), consent)
        except UserError as error:
            dialogs.show_error(self, error)
            return False
        self.load()
        self.page.touched()
        return True

    def erase(self) -> bool:
        if not dialogs.confirm(
            self,
            _("Erase this person's health information? This cannot be undone."),
            _("Erase"),
        ):
            return False
        try:
            self.page.workspace.health.erase(self.page.person_id)
        except UserError as error:
            dialogs.show_error(self, error)
            return False
        self.load()
        self.page.touched()
        return True
