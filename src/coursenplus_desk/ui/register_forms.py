"""The editor of the Register section's processing activities (breaches: breach_editor.py).

Pre-filled texts are shown in the current language; only the fields a person
changed are written back, so untouched texts stay translatable message ids.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.register import (
    FIELD_LABELS,
    LEGAL_BASIS_LABELS,
    SPECIAL_CATEGORY_LABELS,
    LegalBasis,
    period_text,
)
from coursenplus_desk.domain.retention import CATEGORY_LABELS, Category
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace

_LONG_FIELDS = ("purpose", "people", "data", "recipients", "security")
_SHORT_FIELDS = ("name", "transfers", "safeguards", "consent_purposes")
TextField = QLineEdit | QPlainTextEdit


def field_label(key: str) -> str:
    return _(FIELD_LABELS[key])


def _text(widget: TextField) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _set_text(widget: TextField, value: str) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText(value)
    else:
        widget.setPlainText(value)


class ActivityEditor(QWidget):
    """A list of the activities beside a form with every Art. 30(1) field."""

    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.list = QListWidget()
        self.fields: dict[str, TextField] = {}
        self.basis = QComboBox()
        self.retention = QComboBox()
        self.special = QComboBox()
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps.setStyleSheet("color: #a40000")
        self.gaps.setAccessibleName(_("Consents without a processing activity"))
        for combo in (self.basis, self.retention, self.special):  # long labels stay narrow
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(24)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(_("Save the activity"))
        self.add_button = QPushButton(_("New activity"))
        self.remove_button = QPushButton(_("Remove"))
        self._shown: dict[str, str] = {}
        self._build()
        self.reload()

    def _build(self) -> None:
        form = QFormLayout()
        for key in ("name", "purpose", "people", "data", "recipients", "transfers", "safeguards"):
            widget: TextField = QLineEdit() if key in _SHORT_FIELDS else QPlainTextEdit()
            widget.setObjectName(key)
            self.fields[key] = widget
            form.addRow(field_label(key), widget)
            if key == "purpose":
                form.addRow(field_label("legal_basis"), self.basis)
                self.fields["consent_purposes"] = QLineEdit()
                self.fields["consent_purposes"].setObjectName("consent_purposes")
                form.addRow(field_label("consent_purposes"), self.fields["consent_purposes"])
                form.addRow(field_label("special_categories"), self.special)
        form.addRow(field_label("retention"), self.retention)
        self.fields["security"] = QPlainTextEdit()
        form.addRow(field_label("security"), self.fields["security"])
        for basis in LegalBasis:
            self.basis.addItem(_(LEGAL_BASIS_LABELS[basis]), basis.value)
        self.special.addItem(_("None"), "")
        for category, label in SPECIAL_CATEGORY_LABELS.items():
            self.special.addItem(_(label), category.value)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.add_button, self.remove_button):
            buttons.addWidget(button)
        right = QVBoxLayout()
        right.addWidget(self.gaps)
        right.addLayout(form)
        right.addWidget(self.message)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(right, 2)
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self.save_button.clicked.connect(self.save)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)

    def reload(self, select: int | None = None) -> None:
        policies = self.workspace.retention.policies()
        self.retention.clear()
        for category in Category:
            label = f"{_(CATEGORY_LABELS[category])} — {period_text(category, policies, _)}"
            self.retention.addItem(label, category.value)
        self.list.blockSignals(True)
        self.list.clear()
        for activity in self.workspace.register.activities():
            item = QListWidgetItem(_(activity.name))
            item.setData(Qt.ItemDataRole.UserRole, activity.id)
            self.list.addItem(item)
            if activity.id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._show_current()
        self._show_gaps()

    def _show_gaps(self) -> None:
        """Where the register and the consent ledger disagree, in words."""
        lines = []
        for gap in self.workspace.register.consent_gaps():
            if gap.kind == "purpose":
                lines.append(_("No consent-based activity serves the consent purpose “{key}”.")
                             .format(key=gap.key))  # fmt: skip
            elif gap.kind == "activity":
                lines.append(_("“{name}” rests on consent but names no consent purpose.")
                             .format(name=_(gap.key)))  # fmt: skip
            else:
                lines.append(_("“{name}” names consent purposes but does not rest on consent.")
                             .format(name=_(gap.key)))  # fmt: skip
        self.gaps.setText("\n".join(lines))
        self.gaps.setVisible(bool(lines))

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _show_current(self) -> None:
        activity_id = self.current_id()
        self.message.clear()
        if activity_id is None:
            return
        activity = self.workspace.register.activity(activity_id)
        self._shown = {}
        for key, widget in self.fields.items():
            value = getattr(activity, key)
            if isinstance(value, tuple):
                self._shown[key] = ", ".join(value)
            else:
                self._shown[key] = _(value) if value else ""
            _set_text(widget, self._shown[key])
        self.special.setCurrentIndex(max(0, self.special.findData(activity.special_categories)))
        self._shown["special_categories"] = activity.special_categories
        self.basis.setCurrentIndex(self.basis.findData(activity.legal_basis.value))
        self.retention.setCurrentIndex(self.retention.findData(activity.retention.value))
        self._shown["legal_basis"] = activity.legal_basis.value
        self._shown["retention"] = activity.retention.value

    def edited_values(self) -> dict[str, str]:
        """What the form holds now, field by field."""
        values = {key: _text(widget) for key, widget in self.fields.items()}
        values["legal_basis"] = str(self.basis.currentData())
        values["retention"] = str(self.retention.currentData())
        values["special_categories"] = str(self.special.currentData() or "")
        return values

    def save(self) -> bool:
        activity_id = self.current_id()
        if activity_id is None:
            return False
        changed = {k: v for k, v in self.edited_values().items() if v != self._shown.get(k)}
        try:
            self.workspace.register.update_activity(activity_id, changed)
        except UserError as error:
            self.message.setText(error.message())
            return False
        self.reload(select=activity_id)
        self.message.setText(_("Saved."))
        self.changed.emit()
        return True

    def add(self) -> None:
        activity_id = self.workspace.register.add_activity(
            {key: _("To be completed") for key in ("name", "purpose", "people", "data", "security")}
        )
        self.reload(select=activity_id)
        self.changed.emit()

    def remove(self) -> None:
        activity_id = self.current_id()
        if activity_id is not None:
            self.workspace.register.remove_activity(activity_id)
            self.reload()
            self.changed.emit()
