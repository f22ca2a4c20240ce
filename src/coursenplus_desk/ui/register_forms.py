"""The editors of the Register section: processing activities and breaches.

Pre-filled texts are shown in the current language; only the fields a person
changed are written back, so untouched texts stay translatable message ids.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.register import (
    FIELD_LABELS,
    LEGAL_BASIS_LABELS,
    Breach,
    LegalBasis,
    Reminder,
    period_text,
)
from coursenplus_desk.domain.retention import CATEGORY_LABELS, Category
from coursenplus_desk.i18n import N_, _, format_day
from coursenplus_desk.services.workspace import Workspace

_LONG_FIELDS = ("purpose", "people", "data", "recipients", "security")
_SHORT_FIELDS = ("name", "transfers", "safeguards")
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
        for combo in (self.basis, self.retention):  # long labels must not widen the window
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
        form.addRow(field_label("retention"), self.retention)
        self.fields["security"] = QPlainTextEdit()
        form.addRow(field_label("security"), self.fields["security"])
        for basis in LegalBasis:
            self.basis.addItem(_(LEGAL_BASIS_LABELS[basis]), basis.value)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.add_button, self.remove_button):
            buttons.addWidget(button)
        right = QVBoxLayout()
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
            self._shown[key] = _(value) if value else ""
            _set_text(widget, self._shown[key])
        self.basis.setCurrentIndex(self.basis.findData(activity.legal_basis.value))
        self.retention.setCurrentIndex(self.retention.findData(activity.retention.value))
        self._shown["legal_basis"] = activity.legal_basis.value
        self._shown["retention"] = activity.retention.value

    def edited_values(self) -> dict[str, str]:
        """What the form holds now, field by field."""
        values = {key: _text(widget) for key, widget in self.fields.items()}
        values["legal_basis"] = str(self.basis.currentData())
        values["retention"] = str(self.retention.currentData())
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


_BREACH_TEXTS = {
    "nature": N_("Nature of the breach"),
    "data_concerned": N_("Data concerned"),
    "people_concerned": N_("People concerned"),
    "consequences": N_("Likely consequences"),
    "measures": N_("Measures taken"),
    "notified_on": N_("Authority notified on (YYYY-MM-DD)"),
    "not_notified_reason": N_("Why the authority was not notified"),
    "people_told_on": N_("People told on (YYYY-MM-DD)"),
    "not_told_reason": N_("Why the people were not told"),
}


class BreachEditor(QWidget):
    """The breach register: a table, the 72-hour reminders, and a form to record or update."""

    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.reminder = QLabel()
        self.reminder.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Discovered"), _("Nature"), _("Authority")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.reminder.setStyleSheet("color: #a40000; font-weight: bold")
        self.discovered = QDateTimeEdit(qt_moment(workspace.clock.now()))
        self.discovered.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.fields = {key: QLineEdit() for key in _BREACH_TEXTS}
        self.message = QLabel()
        self.add_button = QPushButton(_("Record a new breach"))
        self.update_button = QPushButton(_("Save changes to the selected breach"))
        self._breaches: list[Breach] = []
        self._build()
        self.reload()

    def _build(self) -> None:
        form = QFormLayout()
        form.addRow(_("Discovered on"), self.discovered)
        for key, label in _BREACH_TEXTS.items():
            form.addRow(_(label), self.fields[key])
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.update_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.reminder)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.update_button.clicked.connect(self.update_selected)
        self.table.itemSelectionChanged.connect(self._show_selected)

    def reload(self) -> None:
        self._breaches = self.workspace.breaches.breaches()
        self.table.setRowCount(len(self._breaches))
        for row, breach in enumerate(self._breaches):
            local = breach.discovered_at.astimezone()
            cells = [f"{format_day(local.date())} {local:%H:%M}", breach.nature, _status(breach)]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.reminder.setText(
            "\n".join(reminder_text(r) for r in self.workspace.breaches.reminders())
        )

    def _values(self) -> dict[str, str | None]:
        values: dict[str, str | None] = {k: w.text() for k, w in self.fields.items()}
        for key in ("notified_on", "people_told_on"):
            values[key] = values[key] or None
        return values

    def add(self) -> int | None:
        values = self._values()
        nature = values.pop("nature") or ""
        try:
            breach_id = self.workspace.breaches.add(py_moment(self.discovered), nature, **values)
        except UserError as error:
            self.message.setText(error.message())
            return None
        self.message.setText(_("Recorded."))
        self.reload()
        self.changed.emit()
        return breach_id

    def selected(self) -> Breach | None:
        row = self.table.currentRow()
        return self._breaches[row] if 0 <= row < len(self._breaches) else None

    def _show_selected(self) -> None:
        breach = self.selected()
        if breach is None:
            return
        self.discovered.setDateTime(qt_moment(breach.discovered_at))
        for key, widget in self.fields.items():
            value = getattr(breach, key)
            widget.setText("" if value is None else str(value))

    def update_selected(self) -> bool:
        breach = self.selected()
        if breach is None:
            return False
        values = {**self._values(), "discovered": py_moment(self.discovered)}
        try:
            self.workspace.breaches.update(breach.id, **values)
        except UserError as error:
            self.message.setText(error.message())
            return False
        self.message.setText(_("Saved."))
        self.reload()
        self.changed.emit()
        return True


def qt_moment(moment: datetime) -> QDateTime:
    """An aware moment as this computer's local time, to the minute."""
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def py_moment(edit: QDateTimeEdit) -> datetime:
    """The edited local time as an aware moment."""
    day, time = edit.date(), edit.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute()).astimezone()


def _status(breach: Breach) -> str:
    if breach.notified_on is not None:
        return _("notified on {date}").format(date=format_day(breach.notified_on))
    if breach.not_notified_reason:
        return _("not notified: {reason}").format(reason=breach.not_notified_reason)
    return _("not yet notified")


def reminder_text(reminder: Reminder) -> str:
    local = reminder.breach.deadline.astimezone()
    deadline = f"{format_day(local.date())} {local:%H:%M}"
    if reminder.overdue:
        return _("“{nature}”: the 72 hours to notify the authority ended on {deadline}.").format(
            nature=reminder.breach.nature, deadline=deadline
        )
    return _("“{nature}”: notify the authority within {hours} h (by {deadline}).").format(
        nature=reminder.breach.nature, hours=int(reminder.hours_left), deadline=deadline
    )
