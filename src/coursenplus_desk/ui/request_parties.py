"""Who asks and who is told: a representative's mandate, and the recipients of Art. 19.

A representative (a lawyer, an association of parents) acts with a signed
mandate, recorded as the identity check is: how, when, by whom, never a copy.
After a rectification, an erasure or a restriction every recipient of the data
is told, or the reason why that was impossible is written down; the letters
list them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date

REPRESENTATIVE = "representative"  # the "asked by" choice of a representative


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class RepresentativeFields(QWidget):
    """The representative's name and capacity, and where to send them the reply."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Representative"))
        self.name.setPlaceholderText(_("e.g. Maître Anne Dupont, lawyer"))
        self.address = QLineEdit()
        self.address.setAccessibleName(_("Representative's address"))
        self.address.setPlaceholderText(_("where to send the reply"))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Representative"), self.name)
        form.addRow(_("Representative's address"), self.address)


class MandateDialog(QDialog):
    def __init__(self, workspace: Workspace, representative: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mandate of {name}").format(name=representative))
        self.method = QLineEdit()
        self.method.setAccessibleName(_("How the mandate was checked"))
        self.method.setPlaceholderText(_("e.g. mandate signed by the person on 03/11/2026"))
        self.on = QLineEdit(format_date(workspace.clock.today()))
        self.on.setAccessibleName(_("Mandate checked on"))
        self.on.setPlaceholderText(date_placeholder())
        form = QFormLayout()
        form.addRow(_("How the mandate was checked"), self.method)
        form.addRow(_("Mandate checked on"), self.on)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))


def record_mandate(parent: QWidget, workspace: Workspace, request_id: int) -> bool:
    request = workspace.requests.get(request_id)
    if request.representative is None:
        dialogs.inform(parent, _("This request was not made by a representative."))
        return False
    dialog = MandateDialog(workspace, request.representative, parent)
    if not dialogs.run(dialog):
        return False
    try:
        workspace.requests.verify_mandate(
            request_id, dialog.method.text(), date_input(dialog.on.text()) or None
        )
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True


class RecipientsDialog(QDialog):
    """The recipients to tell, who was told and when; record one more."""

    def __init__(self, workspace: Workspace, request_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.request_id = request_id
        self.setWindowTitle(_("Recipients of the data (Art. 19 GDPR)"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Recipients"))
        self.recipient = QComboBox()
        self.recipient.setEditable(True)
        self.recipient.setAccessibleName(_("Recipient"))
        self.told_on = QLineEdit(format_date(workspace.clock.today()))
        self.told_on.setAccessibleName(_("Told on"))
        self.told_on.setPlaceholderText(date_placeholder())
        self.reason = QLineEdit()
        self.reason.setAccessibleName(_("Or: why it was impossible or disproportionate"))
        note = QLabel(
            _("Give the day the recipient was told, or leave it empty and say why it was "
              "impossible or would take a disproportionate effort.")
        )  # fmt: skip
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Recipient"), self.recipient)
        form.addRow(_("Told on"), self.told_on)
        form.addRow(_("Or: why it was impossible or disproportionate"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(_buttons(self))
        self.load()

    def load(self) -> None:
        requests = self.workspace.requests
        notices = requests.recipient_notices(self.request_id)
        pending = requests.recipients_pending(self.request_id)
        self.list.clear()
        for notice in notices:
            state = (
                _("told on {date}").format(date=format_date(notice.told_on))
                if notice.told_on
                else _("not told: {reason}").format(reason=notice.not_told_reason or "")
            )
            self.list.addItem(f"{_(notice.recipient)} — {state}")
        for name in pending:
            self.list.addItem(f"{_(name)} — {_('still to be told')}")
        self.recipient.clear()
        for name in pending:
            self.recipient.addItem(_(name), name)

    def chosen_recipient(self) -> str:
        index = self.recipient.currentIndex()
        text = self.recipient.currentText()
        if index >= 0 and self.recipient.itemText(index) == text:
            return str(self.recipient.itemData(index))
        return text


def record_recipients(parent: QWidget, workspace: Workspace, request_id: int) -> bool:
    """Record, one at a time, that the recipients were told; True when one was recorded."""
    dialog = RecipientsDialog(workspace, request_id, parent)
    if not dialogs.run(dialog):
        return False
    reason = dialog.reason.text().strip() or None
    told_on = None if reason else (date_input(dialog.told_on.text()) or "")
    try:
        workspace.requests.record_recipient_told(
            request_id, dialog.chosen_recipient(), told_on, reason
        )
    except UserError as error:
        dialogs.show_error(parent, error)
        return False
    return True
