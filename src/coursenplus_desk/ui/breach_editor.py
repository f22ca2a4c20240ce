"""The breach register's editor: the table, the 72-hour reminders, a form to record or update.

A notification may carry a time ("2026-11-29 10:15"); one made after 72 hours
is shown as late, and the form asks for the reasons for the delay (Art. 33(1)).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFormLayout,
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

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.register import Breach, Reminder
from coursenplus_desk.i18n import N_, _, format_day
from coursenplus_desk.services.workspace import Workspace

_BREACH_TEXTS = {
    "nature": N_("Nature of the breach"),
    "data_concerned": N_("Data concerned"),
    "people_concerned": N_("People concerned"),
    "consequences": N_("Likely consequences"),
    "measures": N_("Measures taken"),
    "notified_on": N_("Authority notified on (YYYY-MM-DD, or YYYY-MM-DD HH:MM)"),
    "delay_reason": N_("Reasons for a notification after 72 hours"),
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
        self._explain_delays()

    def _values(self) -> dict[str, str | None]:
        values: dict[str, str | None] = {k: w.text() for k, w in self.fields.items()}
        for key in ("notified_on", "people_told_on"):
            values[key] = values[key] or None
        return values

    def _explain_delays(self) -> None:
        """Late notifications without their reasons: ask for them (Art. 33(1))."""
        late = self.workspace.breaches.unexplained_delays()
        lines = [
            _("“{nature}”: the authority was notified after 72 hours; give the reasons for the "
              "delay.").format(nature=breach.nature)
            for breach in late
        ]  # fmt: skip
        text = self.reminder.text()
        self.reminder.setText("\n".join(part for part in (text, *lines) if part))

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
        if breach.notified_at is not None:
            self.fields["notified_on"].setText(f"{breach.notified_at.astimezone():%Y-%m-%d %H:%M}")
        self.fields["delay_reason"].setEnabled(breach.notified_late or bool(breach.delay_reason))

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
        text = _("notified on {date}").format(date=format_day(breach.notified_on))
        if breach.delay_unexplained:
            return text + " — " + _("LATE: reasons for the delay missing")
        if breach.notified_late:
            return text + " — " + _("late: {reason}").format(reason=breach.delay_reason)
        return text
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
