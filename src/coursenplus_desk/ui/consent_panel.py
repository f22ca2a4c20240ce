"""A person's consents: the current state per purpose and the full history.

Granting and withdrawing are one click each (dated today, with the method, the
giver and where the proof is chosen above the table). A signed paper form is its
own confirmation; a consent given by e-mail waits for its confirmation (double
opt-in), dated with "Confirm…". Refusals, such as a child under the age of
digital consent without a guardian, show in the panel's message line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.consent import needs_guardian
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.records import Consent, ConsentMethod
from coursenplus_desk.i18n import N_, _, format_day
from coursenplus_desk.services.consent import Grant
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.form_dialog import FormDialog, day_of

METHOD_LABELS = {
    ConsentMethod.FORM: N_("signed form"),
    ConsentMethod.EMAIL: N_("email"),
    ConsentMethod.ORAL: N_("orally"),
}


class ConsentPanel(QWidget):
    changed = Signal()

    def __init__(self, workspace: Workspace, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.person_id = person_id
        self.method = QComboBox()
        for method, label in METHOD_LABELS.items():
            self.method.addItem(_(label), method.value)
        self.giver = QComboBox()
        self.evidence = QLineEdit()
        self.evidence.setAccessibleName(_("Proof"))
        self.evidence.setPlaceholderText(_("where the proof is, e.g. form no. 2026-14"))
        self.current = _table([_("Purpose"), _("State"), "", ""])
        self.history = _table([_("Purpose"), _("Given on"), _("How"), _("Confirmed on"),
                               _("Withdrawn on"), _("Given by"), _("Notice version"),
                               _("Proof")])  # fmt: skip
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._lay_out()
        self._fill_givers()
        self.refresh()

    def _lay_out(self) -> None:
        choices = QHBoxLayout()
        choices.addWidget(QLabel(_("How:")))
        choices.addWidget(self.method)
        choices.addWidget(QLabel(_("Given by:")))
        choices.addWidget(self.giver, 1)
        proof = QHBoxLayout()
        proof.addWidget(QLabel(_("Proof:")))
        proof.addWidget(self.evidence, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addLayout(proof)
        layout.addWidget(QLabel(_("Current consents")))
        layout.addWidget(self.current)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("History")))
        layout.addWidget(self.history)

    def _fill_givers(self) -> None:
        details = self.workspace.people.get(self.person_id)
        self.giver.addItem(_("the person themselves"), None)
        for link in details.guardians:
            self.giver.addItem(link.full_name, link.person_id)
        under_age = needs_guardian(details.person.birth_date, self._today(),
                                   self.workspace.consent.digital_age())  # fmt: skip
        if under_age and details.guardians:
            self.giver.setCurrentIndex(1)

    def refresh(self) -> None:
        history = self.workspace.consent.history(self.person_id)
        current = self.workspace.consent.current(self.person_id)
        purposes = self.workspace.consent.purposes()
        labels = {p.key: _(p.label) for p in self.workspace.consent.purposes(True)}
        self.current.setRowCount(len(purposes))
        for row, purpose in enumerate(purposes):
            consent = current.get(purpose.key)
            self.current.setItem(row, 0, QTableWidgetItem(labels[purpose.key]))
            self.current.setItem(row, 1, QTableWidgetItem(self._state(consent)))
            button = QPushButton(_("Withdraw") if consent else _("Grant"))
            button.setObjectName(f"{'withdraw' if consent else 'grant'}-{purpose.key}")
            button.clicked.connect(self._action(purpose.key, withdraw=consent is not None))
            self.current.setCellWidget(row, 2, button)
            self.current.removeCellWidget(row, 3)
            if consent is not None and consent.confirmed_on is None:
                confirm = QPushButton(_("Confirm…"))
                confirm.setObjectName(f"confirm-{purpose.key}")
                confirm.setToolTip(_("The person confirmed (double opt-in): date it."))
                confirm.clicked.connect(self._confirmer(purpose.key))
                self.current.setCellWidget(row, 3, confirm)
        self.history.setRowCount(len(history))
        for row, consent in enumerate(history):
            for column, text in enumerate(self._history_row(consent, labels)):
                self.history.setItem(row, column, QTableWidgetItem(text))

    def _state(self, consent: Consent | None) -> str:
        if consent is None:
            return _("no consent")
        text = _("given on {date}").format(date=format_day(consent.given_on))
        if consent.confirmed_on is None:
            return text + " — " + _("not confirmed")
        return text + " — " + _("confirmed on {date}").format(date=format_day(consent.confirmed_on))

    def _history_row(self, consent: Consent, labels: dict[str, str]) -> list[str]:
        return [
            labels.get(consent.purpose, consent.purpose), format_day(consent.given_on),
            _(METHOD_LABELS[consent.method]), format_day(consent.confirmed_on),
            format_day(consent.withdrawn_on), self._giver_name(consent.given_by_id),
            consent.notice_version or "", consent.evidence or "",
        ]  # fmt: skip

    def _giver_name(self, person_id: int | None) -> str:
        if person_id is None or person_id == self.person_id:
            return _("the person themselves")
        index = self.giver.findData(person_id)
        return self.giver.itemText(index) if index >= 0 else str(person_id)

    def _action(self, purpose: str, withdraw: bool) -> Callable[[], bool]:
        return lambda: self.withdraw(purpose) if withdraw else self.grant(purpose)

    def grant(self, purpose: str) -> bool:
        """Dated today; a signed form is confirmed by its signature, an e-mail is not yet."""
        version = self.workspace.settings.organisation().notice_version
        method = str(self.method.currentData())
        signed = self._today() if method == ConsentMethod.FORM.value else None
        grant = Grant(self.person_id, purpose, self._today(), method, confirmed_on=signed,
                      evidence=self.evidence.text() or None,
                      given_by_id=self.giver.currentData(), notice_version=version)  # fmt: skip
        if self._run(lambda: self.workspace.consent.grant(grant)):
            self.evidence.clear()
            return True
        return False

    def _confirmer(self, purpose: str) -> Callable[[], bool]:
        return lambda: self.confirm(purpose)

    def confirm(self, purpose: str) -> bool:
        """The person confirmed (the link of the confirmation e-mail, a reply): on which day."""
        dialog = ConfirmConsentDialog(self._today(), self)
        if not dialogs.run(dialog):
            return False
        day = day_of(dialog.confirmed_on)
        return self._run(lambda: self.workspace.consent.confirm(self.person_id, purpose, day))

    def withdraw(self, purpose: str) -> bool:
        return self._run(lambda: self.workspace.consent.withdraw(self.person_id, purpose,
                                                                 self._today()))  # fmt: skip

    def _run(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError as error:
            self.message.setText(error.message())
            return False
        self.message.clear()
        self.refresh()
        self.changed.emit()
        return True

    def _today(self) -> date:
        return self.workspace.clock.today()


class ConfirmConsentDialog(FormDialog):
    def __init__(self, today: date, parent: QWidget | None) -> None:
        super().__init__(_("Confirmation of a consent"), _("Confirm"), parent)
        self.confirmed_on = self.day(_("Confirmed on"), today)
        self.explain(
            _(
                "Date the day the person confirmed (double opt-in), for example by the "
                "link of the confirmation e-mail. Mailings go only to confirmed consents."
            )
        )


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table
