"""A person's own values as a form, with each validation message beside its field."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError, ValidationError
from coursenplus_desk.domain.health import HEALTH_WARNING, looks_like_health
from coursenplus_desk.domain.people import ROLE_LABELS, PersonDraft, PersonFields, Role
from coursenplus_desk.domain.validation import DEFAULT_PHONE_REGION, display_phone
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.formats import date_input, date_placeholder, error_text, format_date
from coursenplus_desk.ui.style import error_label

TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    ("given_name", N_("Given name")),
    ("family_name", N_("Family name")),
    ("birth_date", N_("Date of birth")),
    ("email", N_("E-mail")),
    ("phone", N_("Phone")),
    ("street", N_("Street and number")),
    ("postal_code", N_("Postal code")),
    ("city", N_("City")),
    ("country", N_("Country")),
    ("language", N_("Language")),
    ("school", N_("School")),
    ("school_year", N_("School year")),
)


class PersonForm(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.phone_region = DEFAULT_PHONE_REGION  # numbers shown as people of it write them
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        self.role_boxes: dict[Role, QCheckBox] = {}
        roles = QHBoxLayout()
        for role, label in ROLE_LABELS.items():
            box = QCheckBox(_(label))
            box.setAccessibleName(_(label))
            self.role_boxes[role] = box
            roles.addWidget(box)
        roles.addStretch(1)
        layout.addRow(_("Roles"), self._with_error("roles", roles))
        for name, label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAccessibleName(_(label))
            if name == "birth_date":
                edit.setPlaceholderText(date_placeholder())
            if name == "language":  # the letters' language: one the documents are written in
                edit.setPlaceholderText(_("fr, nl or en"))
            self.edits[name] = edit
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            layout.addRow(_(label), self._with_error(name, row))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(_("Notes"))
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)  # it takes the room left, beside its label
        notes = QHBoxLayout()
        notes.addWidget(self.notes, 1)
        layout.addRow(_("Notes"), self._with_error("notes", notes))
        self.health_warning = QLabel(_(HEALTH_WARNING))
        self.health_warning.setWordWrap(True)
        self.health_warning.setStyleSheet("color: #8a5300")
        self.health_warning.setAccessibleName(_("Health information in the notes"))
        self.health_warning.hide()
        layout.addRow(self.health_warning)
        self.notes.textChanged.connect(self._check_notes)

    def _check_notes(self) -> None:
        """Health information belongs in its own field, with explicit consent: say so."""
        self.health_warning.setVisible(looks_like_health(self.notes.toPlainText()))

    def notes_look_like_health(self) -> bool:
        return looks_like_health(self.notes.toPlainText())

    def _with_error(self, name: str, row: QHBoxLayout) -> QWidget:
        label = error_label()
        self.errors[name] = label
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(label)
        return holder

    def set_roles(self, roles: Iterable[Role]) -> None:
        chosen = set(roles)
        for role, box in self.role_boxes.items():
            box.setChecked(role in chosen)

    def set_fields(self, fields: PersonFields) -> None:
        self.set_roles(fields.roles)
        for name, edit in self.edits.items():
            value = getattr(fields, name)
            if name == "birth_date":
                edit.setText(format_date(value))
            elif name == "phone":
                edit.setText(display_phone(value, self.phone_region))
            else:
                edit.setText(value or "")
        self.notes.setPlainText(fields.notes or "")
        self.clear_errors()

    def draft(self) -> PersonDraft:
        values = {name: edit.text() for name, edit in self.edits.items()}
        values["birth_date"] = date_input(values["birth_date"]) or ""
        roles = tuple(role.value for role, box in self.role_boxes.items() if box.isChecked())
        return PersonDraft(roles=roles, notes=self.notes.toPlainText(), **values)

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    def show_errors(self, error: ValidationError) -> bool:
        """Put every message beside its field; False when a field is not on this form."""
        self.clear_errors()
        shown = True
        for problem in error.errors:
            label = self.errors.get(problem.field)
            if label is None:
                shown = False
                continue
            label.setText(error_text(problem))
            label.show()
        first = next((self.edits[e.field] for e in error.errors if e.field in self.edits), None)
        if first is not None:
            first.setFocus()
        return shown


class PersonFormDialog(QDialog):
    """Add a person; optionally linked as guardian of, or child of, someone."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        roles: Iterable[Role] = (Role.STUDENT,),
        title: str | None = None,
        guardian_of: int | None = None,
        child_of: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.guardian_of = guardian_of
        self.child_of = child_of
        self.person_id: int | None = None
        self.setWindowTitle(title or _("New person"))
        self.form = PersonForm()
        self.form.set_roles(roles)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def save(self) -> None:
        people = self.workspace.people
        try:
            guardians = [self.child_of] if self.child_of is not None else []
            person_id = people.add(self.form.draft(), guardian_ids=guardians)
            if self.guardian_of is not None:
                people.link_guardian(person_id, self.guardian_of)
        except ValidationError as error:
            if not self.form.show_errors(error):
                dialogs.show_error(self, error)
            return
        except UserError as error:
            dialogs.show_error(self, error)
            return
        self.person_id = person_id
        self.accept()
