"""The Retention section: who is due, overdue or held, and acting on them after confirmation.

Self-contained: built as `RetentionView(workspace)`. Confirmation goes through
`self.confirm(title, text, action) -> bool` (a message box by default), so the
main window can route it through its own dialogs and tests can answer it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.retention import (
    CATEGORY_LABELS,
    DEFAULT_WINDOW_DAYS,
    STATUS_LABELS,
    Category,
    Finding,
    Status,
    shown_date,
)
from coursenplus_desk.domain.retention_actions import ACTION_LABELS, Action, ActionSummary
from coursenplus_desk.i18n import N_, _, counted, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.legal_holds import HoldsDialog

Index = QModelIndex | QPersistentModelIndex
Confirm = Callable[[str, str, str], bool]
QUICK_WORK_MS = 400  # a scan shows its progress dialog only when it takes longer


# Translated when shown, so a change of language needs no rebuild.
COLUMN_TITLES = (
    N_("Number · name"),
    N_("Data category"),
    N_("Retention status"),
    N_("Retention ends on"),
    N_("Clock started on"),
    N_("Kept for"),
)


@dataclass(frozen=True)
class Row:
    finding: Finding
    name: str


class FindingsModel(QAbstractTableModel):
    """One row per person and category: name, category, status, due date, since, note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMN_TITLES[section]) if 0 <= section < len(COLUMN_TITLES) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.finding.person_id
        return None


def _cell(row: Row, column: int) -> str | None:
    finding = row.finding
    if column == 0:
        return f"{finding.person_id} · {row.name}"
    if column == 1:
        return _(CATEGORY_LABELS[finding.category])
    if column == 2:
        return _(STATUS_LABELS[finding.status])
    if column == 3:
        return shown_date(finding.due_on)
    if column == 4:
        return shown_date(finding.since)
    if column == 5 and finding.kept_until:
        return _("invoices kept until {date}").format(date=shown_date(finding.kept_until))
    if column == 5 and finding.expired_application:
        return _("membership application never confirmed")
    return None


class RetentionView(QWidget):
    acted = Signal()  # a retention action has ended (its result is shown)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.confirm: Confirm = self._ask
        self.findings: list[Finding] = []
        self.model = FindingsModel(self)
        self.task: background.BackgroundTask[Any] | None = None  # the latest scan or action
        self._generation = 0  # bumped by each scan: an older scan's result is dropped
        self._build()
        self.refresh()

    # Layout

    def _build(self) -> None:
        self.as_of = QDateEdit(_qdate(self.workspace.clock.today()))
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.window_days = QSpinBox()
        self.window_days.setRange(0, 3650)
        self.window_days.setValue(DEFAULT_WINDOW_DAYS)
        self.window_days.setSuffix(" " + _("days ahead"))
        self.status_filter = _combo([(_("all statuses"), None), *_labelled(STATUS_LABELS)])
        self.category_filter = _combo([(_("all categories"), None), *_labelled(CATEGORY_LABELS)])
        filters = QVBoxLayout()  # two rows: one is wider than a laptop's window
        for pair in (
            ((_("As of"), self.as_of), (_("Due within"), self.window_days)),
            ((_("Which"), self.status_filter), (_("Data category"), self.category_filter)),
        ):
            row = QHBoxLayout()
            for label, widget in pair:
                row.addWidget(QLabel(label))
                row.addWidget(widget)
            row.addStretch()
            filters.addLayout(row)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.summary = QLabel()
        self.action = _combo(_labelled(ACTION_LABELS))
        self.act_selected = QPushButton(_("Apply to the selected people"))
        self.act_all = QPushButton(_("Apply to everybody overdue"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(QLabel(_("Retention action")))
        actions.addWidget(self.action)
        actions.addStretch()
        self.holds_button = QPushButton(_("Legal holds in force…"))
        buttons = QHBoxLayout()
        for button in (self.act_selected, self.act_all):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.holds_button)
        actions_rows = QVBoxLayout()
        actions_rows.addLayout(actions)
        actions_rows.addLayout(buttons)
        layout = QVBoxLayout(self)
        for part in (filters, actions_rows):
            layout.addLayout(part)
        for part_widget in (self.summary, self.table, self.message):
            layout.addWidget(part_widget)
        self._connect()

    def _connect(self) -> None:
        self.as_of.dateChanged.connect(self.refresh)
        self.window_days.valueChanged.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(self._show)
        self.category_filter.currentIndexChanged.connect(self._show)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.act_selected.clicked.connect(self.apply_to_selected)
        self.act_all.clicked.connect(self.apply_to_all_overdue)
        self.holds_button.clicked.connect(self.show_holds)

    # Data

    def as_of_date(self) -> date:
        day = self.as_of.date()
        return date(day.year(), day.month(), day.day())

    def refresh(self) -> None:
        """Scan again in the background; the dialog shows only if the scan takes a while."""
        self._generation += 1
        generation, as_of, window = self._generation, self.as_of_date(), self.window_days.value()

        def scan(progress: background.Progress) -> list[Finding]:
            return self.workspace.retention.scan(as_of, window)

        self.task = background.run_in_background(
            self,
            _("Looking for data past its retention period…"),
            scan,
            lambda found: self._scanned(generation, found),
            background.on_user_error(lambda error: self._scan_failed(generation, error)),
            show_after_ms=QUICK_WORK_MS,
        )

    def _scanned(self, generation: int, findings: list[Finding]) -> None:
        if generation == self._generation:
            self.findings = findings
            self._show()

    def _scan_failed(self, generation: int, error: UserError) -> None:
        if generation == self._generation:
            self.findings = []
            self.message.setText(error.message())
            self._show()

    def _show(self) -> None:
        status, category = self.status_filter.currentData(), self.category_filter.currentData()
        shown = [
            f
            for f in self.findings
            if (status is None or f.status.value == status)
            and (category is None or f.category.value == category)
        ]
        ids = sorted({f.person_id for f in shown})
        names = {p.id: p.full_name for p in self.workspace.people.summaries(ids)}
        self.model.set_rows([Row(f, names.get(f.person_id, "")) for f in shown])
        self.summary.setText(self._counts())
        self._update_buttons()

    def _counts(self) -> str:
        def people(status: Status) -> int:
            return len({f.person_id for f in self.findings if f.status is status})

        overdue, soon, held = (people(s) for s in (Status.OVERDUE, Status.DUE_SOON, Status.HELD))
        return _("People: {overdue}, {soon}, {held}").format(
            overdue=counted("{count} expired", "{count} expired", overdue),
            soon=counted("{count} due soon", "{count} due soon", soon),
            held=counted("{count} held", "{count} held", held),
        )

    def selected_people(self) -> list[int]:
        """Selected people who have something overdue (due soon and held cannot be acted on)."""
        chosen = []
        for index in self.table.selectionModel().selectedRows():
            finding = self.model.rows[index.row()].finding
            if finding.status is Status.OVERDUE and finding.person_id not in chosen:
                chosen.append(finding.person_id)
        return chosen

    def _update_buttons(self) -> None:
        self.act_selected.setEnabled(bool(self.selected_people()))
        self.act_all.setEnabled(any(f.status is Status.OVERDUE for f in self.findings))

    # Acting

    def chosen_action(self) -> Action:
        return Action(self.action.currentData())

    def apply_to_selected(self) -> None:
        self._apply(self.selected_people())

    def apply_to_all_overdue(self) -> None:
        self._apply(sorted({f.person_id for f in self.findings if f.status is Status.OVERDUE}))

    def _apply(self, people: list[int]) -> None:
        if not people:
            return
        action = self.chosen_action()
        text = ngettext(
            "{action}: the overdue data of {count} person. This cannot be undone.",
            "{action}: the overdue data of {count} people. This cannot be undone.",
            len(people),
        ).format(action=_(ACTION_LABELS[action]), count=len(people))
        if not self.confirm(_("Retention: confirm the action"), text, _(ACTION_LABELS[action])):
            return
        as_of = self.as_of_date()

        def act(progress: background.Progress) -> list[ActionSummary]:
            done = self.workspace.retention.apply_to(people, action, as_of, progress)
            self.workspace.backups.scrub(progress)  # the rotation's backups forget them too
            return done

        self.task = background.run_in_background(
            self,
            _(ACTION_LABELS[action]),
            act,
            self._applied,
            background.on_user_error(self._apply_failed),
        )

    def _applied(self, done: list[ActionSummary]) -> None:
        self.message.setText(
            ngettext("{count} person handled.", "{count} people handled.", len(done)).format(
                count=len(done)
            )
        )
        self.refresh()
        self.acted.emit()

    def _apply_failed(self, error: UserError) -> None:
        self.message.setText(error.message())
        self.refresh()
        self.acted.emit()

    def show_holds(self) -> None:
        """Who is held, since when and why; a hold lifted here lets the scan see them again."""
        dialogs.run(HoldsDialog(self.workspace, self))
        self.refresh()

    def _ask(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        accept = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is accept


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _combo(items: list[tuple[str, str | None]]) -> QComboBox:
    combo = QComboBox()
    for label, value in items:
        combo.addItem(label, value)
    return combo


def _labelled(
    labels: dict[Status, str] | dict[Category, str] | dict[Action, str],
) -> list[tuple[str, str | None]]:
    return [(_(label), key.value) for key, label in labels.items()]
