"""A small form dialog: fields above an explanation, OK named after what it does, and Cancel.

Shown through `dialogs.run`, so tests fill and accept it like a person does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.ui.formats import date_input, date_placeholder, format_date


class FormDialog(QDialog):
    """A form above an explanation and OK (named after what it does) / Cancel."""

    def __init__(self, title: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(action)
        ok.setAccessibleName(action)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def explain(self, text: str) -> None:
        self.note.setText(text)
        self.note.show()

    def line(self, label: str, value: str = "", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(value)
        edit.setAccessibleName(label)
        edit.setPlaceholderText(placeholder)
        self.form.addRow(label, edit)
        return edit

    def text(self, label: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setAccessibleName(label)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(110)
        self.form.addRow(label, edit)
        return edit

    def day(self, label: str, day: date) -> QLineEdit:
        return self.line(label, format_date(day), date_placeholder())

    def choice(
        self, label: str, items: Sequence[tuple[str, object]], editable: bool = False
    ) -> QComboBox:
        """A list to choose from (or to type into); its longest item never squeezes the labels."""
        combo = QComboBox()
        combo.setEditable(editable)
        combo.setAccessibleName(label)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(24)
        for text, data in items:
            combo.addItem(text, data)
        self.form.addRow(label, combo)
        return combo


def day_of(edit: QLineEdit) -> str:
    """What was typed in a date field, as the services read it ("" when empty)."""
    return date_input(edit.text()) or ""
