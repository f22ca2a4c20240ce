"""The forms of a request: recording it, then its steps (identity, extension, corrections,
note, refusal, reply).

Each is a plain dialog shown through `dialogs.run`, so tests fill and accept it;
what it holds is read back by the step that opened it (see request_steps.py).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.people import PersonFields
from coursenplus_desk.domain.requests import (
    MAX_EXTENSION_MONTHS,
    REQUEST_CHANNEL_LABELS,
    REQUEST_KIND_LABELS,
    DataSubjectRequest,
    RequestKind,
    due_date,
)
from coursenplus_desk.i18n import N_, _, ngettext
from coursenplus_desk.services.requests import RECTIFIABLE
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.form_dialog import FormDialog, day_of
from coursenplus_desk.ui.formats import date_input, format_date
from coursenplus_desk.ui.person_form import TEXT_FIELDS
from coursenplus_desk.ui.request_parties import REPRESENTATIVE, RepresentativeFields

# Ways of checking who asks; the person may type another. Never a copy of the document.
IDENTITY_METHODS = (
    N_("identity card shown in person"),
    N_("email from the address on file"),
    N_("letter signed, identity card seen"),
    N_("known to the association, checked by phone"),
)
DOCUMENT_LANGUAGES = (("fr", "Français"), ("en", "English"))
FIELD_LABELS = {**dict(TEXT_FIELDS), "notes": N_("Notes")}


class NewRequestDialog(FormDialog):
    """Kind, day received, channel, and who asks: the person, one of their guardians, or a
    representative with a mandate (named, with the address the reply goes to)."""

    def __init__(self, workspace: Workspace, person_id: int, parent: QWidget | None) -> None:
        super().__init__(_("New request"), _("Record the request"), parent)
        self.kind = self.choice(
            _("Kind of request"), [(_(label), k.value) for k, label in REQUEST_KIND_LABELS.items()]
        )
        self.received = self.day(_("Received"), workspace.clock.today())
        self.channel = self.choice(
            _("Channel"), [(_(label), c.value) for c, label in REQUEST_CHANNEL_LABELS.items()]
        )
        guardians = workspace.people.get(person_id).guardians
        self.requester = self.choice(
            _("Asked by"),
            [(_("the person themselves"), None)]
            + [(g.full_name, g.person_id) for g in guardians]
            + [(_("a representative with a mandate (lawyer, association…)"), REPRESENTATIVE)],
        )
        self.representative = RepresentativeFields()
        self.representative.setEnabled(False)
        self.form.addRow(self.representative)
        self.requester.currentIndexChanged.connect(
            lambda _index: self.representative.setEnabled(self.by_representative())
        )
        name = workspace.people.get(person_id).person.full_name
        self.explain(
            _("About the data of {name}. The reply is due one month after it was received.").format(
                name=name
            )
        )

    def by_representative(self) -> bool:
        return bool(self.requester.currentData() == REPRESENTATIVE)

    def requester_id(self) -> int | None:
        value = self.requester.currentData()
        return int(value) if value is not None and value != REPRESENTATIVE else None

    def representative_name(self) -> str | None:
        return self.representative.name.text() if self.by_representative() else None

    def representative_address(self) -> str | None:
        return self.representative.address.text() if self.by_representative() else None


def record_new_request(workspace: Workspace, person_id: int, parent: QWidget) -> int | None:
    """Ask for the request's details and record it; its number, None when cancelled."""
    dialog = NewRequestDialog(workspace, person_id, parent)
    if not dialogs.run(dialog):
        return None
    try:
        return workspace.requests.add(
            person_id,
            str(dialog.kind.currentData()),
            day_of(dialog.received),
            str(dialog.channel.currentData()),
            dialog.requester_id(),
            dialog.representative_name(),
            dialog.representative_address(),
        )
    except UserError as error:
        dialogs.show_error(parent, error)
        return None


class VerifyIdentityDialog(FormDialog):
    def __init__(self, today: date, parent: QWidget | None) -> None:
        super().__init__(_("Identity of the requester"), _("Record the check"), parent)
        self.method = self.choice(
            _("How the identity was checked"), [(_(m), None) for m in IDENTITY_METHODS], True
        )
        self.checked_on = self.day(_("Checked on"), today)
        self.explain(
            _(
                "Write how you made sure who asks (which document you saw, which address "
                "the request came from). Never keep a copy of an identity document."
            )
        )


class ExtendDialog(FormDialog):
    def __init__(self, request: DataSubjectRequest, today: date, parent: QWidget | None) -> None:
        super().__init__(_("Extend the deadline"), _("Extend"), parent)
        self.months = self.choice(
            _("Extension"),
            [
                (ngettext("{count} more month", "{count} more months", n).format(count=n), n)
                for n in range(1, MAX_EXTENSION_MONTHS - request.extension_months + 1)
            ],
        )
        self.reason = self.text(_("Reason (complexity, number of requests)"))
        self.informed_on = self.day(_("Person told on"), today)
        self.explain(
            _(
                "The person must be told of the extension and its reasons within the "
                "first month, by {date}. A reply is never due more than three months "
                "after the request."
            ).format(date=format_date(due_date(request.received_on)))
        )

    def chosen_months(self) -> int:
        return int(self.months.currentData())


class NoteDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Note in the request file"), _("Add the note"), parent)
        self.note_text = self.text(_("Note"))
        self.explain(_("The note stays in the request file; write no more than the file needs."))


class RefuseDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Refuse the request"), _("Refuse and write the letter"), parent)
        self.reason = self.text(_("Why the request is manifestly unfounded or excessive"))
        self.language = language_box(None)
        self.form.addRow(_("Language of the document"), self.language)
        self.explain(
            _(
                "Only a manifestly unfounded or excessive request may be refused, and the "
                "association must be able to show why. The letter gives the reasons and "
                "the right to complain to the supervisory authority."
            )
        )


class ReplyDialog(FormDialog):
    """The language of the reply and, for a PDF, an optional password."""

    def __init__(self, request: DataSubjectRequest, parent: QWidget | None) -> None:
        super().__init__(_("Reply to request {id}").format(id=request.id), _("Continue"), parent)
        self.language = language_box(None)
        self.form.addRow(_("Language of the document"), self.language)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password for the PDF (optional)"))
        if request.kind is not RequestKind.PORTABILITY:
            self.form.addRow(_("Password for the PDF (optional)"), self.password)
            self.explain(
                _(
                    "A password protects the PDF sent by email (AES-256): give it to the "
                    "person another way, by phone or by letter."
                )
            )


def language_box(chosen: str | None) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(_("Language of the document"))
    box.addItem(_("the reader's own language"), None)
    for code, name in DOCUMENT_LANGUAGES:
        box.addItem(name, code)
    box.setCurrentIndex(max(0, box.findData(chosen)))
    return box


class RectifyDialog(FormDialog):
    """Every value the person may have corrected: the current one beside the new one."""

    def __init__(self, current: PersonFields, parent: QWidget | None) -> None:
        super().__init__(_("Apply the corrections"), _("Apply the corrections"), parent)
        self.current = {name: shown_value(current, name) for name in RECTIFIABLE}
        self.table = QTableWidget(len(RECTIFIABLE), 3)
        self.table.setAccessibleName(_("Corrections"))
        self.table.setHorizontalHeaderLabels([_("Field"), _("Current value"), _("New value")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, name in enumerate(RECTIFIABLE):
            for column, text in enumerate((_(FIELD_LABELS[name]), self.current[name])):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            self.table.setItem(row, 2, QTableWidgetItem(self.current[name]))
        self.form.addRow(self.table)
        self.explain(
            _(
                "Change the new values the person asked for; the old and new values stay "
                "in the request file."
            )
        )
        self.resize(640, 520)

    def new_value(self, name: str) -> QTableWidgetItem:
        item = self.table.item(RECTIFIABLE.index(name), 2)
        assert item is not None
        return item

    def changes(self) -> dict[str, str | None]:
        """The corrected fields: name → new value as the services read it (None to clear)."""
        changed: dict[str, str | None] = {}
        for name in RECTIFIABLE:
            typed = self.new_value(name).text().strip()
            if typed != self.current[name]:
                value = date_input(typed) if name == "birth_date" else typed
                changed[name] = value or None
        return changed


def shown_value(fields: PersonFields, name: str) -> str:
    value = getattr(fields, name)
    if value is None:
        return ""
    return format_date(value) if isinstance(value, date) else str(value)
