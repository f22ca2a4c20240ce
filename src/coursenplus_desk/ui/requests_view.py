"""The Requests section: the register of data-subject requests with their legal deadlines.

Filters: open, overdue, due within a week, closed, and by kind; overdue and
due-this-week requests are in bold colour. Under the register, the chosen
request's file and its steps as buttons (double-click a row: the next step).
The summary ("3 open, 1 overdue") is also emitted as `countsChanged(open,
overdue)` so a sidebar can show it beside the section's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.requests import (
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    DataSubjectRequest,
    RequestKind,
    is_due_within,
)
from coursenplus_desk.i18n import N_, _, format_day, ngettext
from coursenplus_desk.services.request_register import DUE_SOON_DAYS
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.person_picker import pick_person
from coursenplus_desk.ui.request_dialogs import record_new_request
from coursenplus_desk.ui.request_file import RequestFile
from coursenplus_desk.ui.widgets import button

AnyIndex = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor("#B3261E")
DUE_SOON_COLOUR = QColor("#9A5B00")

FILTERS: tuple[tuple[str, str], ...] = (
    ("open", N_("Open requests")),
    ("overdue", N_("Overdue")),
    ("due_soon", N_("Due within a week")),
    ("closed", N_("Answered or refused")),
    ("all", N_("All requests")),
)

COLUMNS: tuple[str, ...] = (
    N_("No."),
    N_("Person"),
    N_("Kind"),
    N_("Received"),
    N_("Due"),
    N_("Status"),
)


@dataclass(frozen=True)
class RequestRow:
    request: DataSubjectRequest
    person_name: str
    overdue: bool
    due_soon: bool = False


def matches(row: RequestRow, show: str, kind: str | None, as_of: date) -> bool:
    request = row.request
    if kind and request.kind.value != kind:
        return False
    if show == "open":
        return request.is_open
    if show == "overdue":
        return row.overdue
    if show == "due_soon":
        return row.due_soon
    if show == "closed":
        return not request.is_open
    return True


class RequestsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RequestRow] = []

    def set_rows(self, rows: list[RequestRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def selected_id(self, view: QTableView) -> int | None:
        """The request of the view's selected row."""
        rows = view.selectionModel().selectedRows()
        return self.rows[rows[0].row()].request.id if rows else None

    def row_of(self, request_id: int | None) -> int | None:
        for row, shown in enumerate(self.rows):
            if shown.request.id == request_id:
                return row
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row.request.id
        if role == Qt.ItemDataRole.ForegroundRole and (row.overdue or row.due_soon):
            return QBrush(OVERDUE_COLOUR if row.overdue else DUE_SOON_COLOUR)
        if role == Qt.ItemDataRole.FontRole and (row.overdue or row.due_soon):
            return _bold()
        if role == Qt.ItemDataRole.ToolTipRole and row.overdue:
            return _("Overdue: the legal deadline has passed.")
        if role == Qt.ItemDataRole.ToolTipRole and row.due_soon:
            return _("Due within a week.")
        return None

    @staticmethod
    def _text(row: RequestRow, column: int) -> str:
        request = row.request
        if column == 0:
            return str(request.id)
        if column == 1:
            return row.person_name
        if column == 2:
            return _(REQUEST_KIND_LABELS[request.kind])
        if column == 3:
            return format_day(request.received_on)
        if column == 4:
            due = format_day(request.due_on)
            if row.overdue:
                return _("{date} (overdue)").format(date=due)
            return _("{date} (this week)").format(date=due) if row.due_soon else due
        return _(REQUEST_STATUS_LABELS[request.status])


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class RequestsView(QWidget):
    countsChanged = Signal(int, int)  # open, overdue
    person_changed = Signal(int)  # a step changed (or erased) this person

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.all_rows: list[RequestRow] = []
        self.model = RequestsModel(self)
        self.show_filter = self._combo(_("Show"), [(key, _(label)) for key, label in FILTERS])
        kinds = [("", _("All kinds"))] + [(k.value, _(REQUEST_KIND_LABELS[k])) for k in RequestKind]
        self.kind_filter = self._combo(_("Kind of request"), kinds)
        self.summary = QLabel()
        self.summary.setAccessibleName(_("Summary of deadlines"))
        self.new_button = button(_("New request…"), self.new_request)
        self.table = requests_table(self.model, _("Requests"))
        filters = QHBoxLayout()
        filters.addWidget(self.new_button)
        filters.addWidget(self.show_filter)
        filters.addWidget(self.kind_filter)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        self.file = RequestFile(workspace, self._step_done, self)
        self.details = self.file.details
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.file)
        self.show_filter.currentIndexChanged.connect(self._apply_filters)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.table.doubleClicked.connect(lambda _index: self.file.take_next_step())
        self.refresh()

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        for key, label in items:
            combo.addItem(label, key)
        return combo

    @property
    def as_of(self) -> date:
        return self.workspace.clock.today()

    def refresh(self) -> None:
        """Read the register again (after a request was added or answered elsewhere)."""
        chosen = self.selected_request_id()
        requests = self.workspace.requests.all()
        ids = sorted({r.person_id for r in requests if r.person_id is not None})
        names = {p.id: p.full_name for p in self.workspace.people.summaries(ids)}
        self.all_rows = request_rows(requests, names, self.as_of)
        open_count = sum(1 for row in self.all_rows if row.request.is_open)
        overdue = sum(1 for row in self.all_rows if row.overdue)
        soon = sum(1 for row in self.all_rows if row.due_soon)
        parts = [
            ngettext("{count} open", "{count} open", open_count).format(count=open_count),
            ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue),
        ]
        if soon:
            parts.append(
                ngettext("{count} due within a week", "{count} due within a week", soon).format(
                    count=soon
                )
            )
        self.summary.setText(", ".join(parts))
        self._apply_filters()
        self.select_request(chosen)
        self.countsChanged.emit(open_count, overdue)

    def _apply_filters(self) -> None:
        show = str(self.show_filter.currentData())
        kind = str(self.kind_filter.currentData() or "") or None
        today = self.as_of
        self.model.set_rows([row for row in self.all_rows if matches(row, show, kind, today)])
        self._show_details()

    def _show_details(self) -> None:
        self.file.show_request(self.selected_request_id())

    def file_lines(self, request_id: int) -> list[str]:
        return self.file.file_lines(request_id)

    def selected_request_id(self) -> int | None:
        return self.model.selected_id(self.table)

    def select_request(self, request_id: int | None) -> None:
        """Select this request's row if the filters show it."""
        row = self.model.row_of(request_id)
        if row is not None:
            self.table.selectRow(row)

    def _step_done(self, person_id: int | None) -> None:
        self.refresh()
        if person_id is not None:
            self.person_changed.emit(person_id)

    def new_request(self) -> None:
        """Whose data it is about, then the request itself."""
        person_id = pick_person(self.workspace, _("Whose data is the request about?"), self)
        if person_id is None:
            return
        request_id = record_new_request(self.workspace, person_id, self)
        if request_id is None:
            return
        self.show_filter.setCurrentIndex(self.show_filter.findData("open"))
        self.kind_filter.setCurrentIndex(0)
        self.refresh()
        self.select_request(request_id)
        self.person_changed.emit(person_id)


def request_rows(
    requests: list[DataSubjectRequest], names: dict[int, str], today: date
) -> list[RequestRow]:
    return [
        RequestRow(
            r,
            names.get(r.person_id or 0, "—"),
            r.overdue(today),
            is_due_within(r.due_on, r.status, today, DUE_SOON_DAYS),
        )
        for r in requests
    ]


def requests_table(model: RequestsModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table
