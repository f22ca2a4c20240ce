"""The Requests section: the register of data-subject requests with their legal deadlines.

Filters: open, overdue, due within a week, closed, and by kind. The summary
("3 open, 1 overdue") is also emitted as `countsChanged(open, overdue)` so a
sidebar can show it beside the section's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
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
    REQUEST_CHANNEL_LABELS,
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    DataSubjectRequest,
    RequestKind,
    is_due_within,
    next_step,
)
from coursenplus_desk.i18n import N_, _, format_day, ngettext
from coursenplus_desk.services.request_register import DUE_SOON_DAYS
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs, request_parties
from coursenplus_desk.ui.widgets import button, button_row

AnyIndex = QModelIndex | QPersistentModelIndex
OVERDUE_COLOUR = QColor("#B3261E")

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


def matches(row: RequestRow, show: str, kind: str | None, as_of: date) -> bool:
    request = row.request
    if kind and request.kind.value != kind:
        return False
    if show == "open":
        return request.is_open
    if show == "overdue":
        return row.overdue
    if show == "due_soon":
        return is_due_within(request.due_on, request.status, as_of, DUE_SOON_DAYS)
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
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and row.overdue:
            return _("Overdue: the legal deadline has passed.")
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
            return _("{date} (overdue)").format(date=due) if row.overdue else due
        return _(REQUEST_STATUS_LABELS[request.status])


class RequestsView(QWidget):
    countsChanged = Signal(int, int)  # open, overdue

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
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Requests"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        filters = QHBoxLayout()
        filters.addWidget(self.show_filter)
        filters.addWidget(self.kind_filter)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        self.details = QLabel(_("Select a request to see its file and the next step."))
        self.details.setWordWrap(True)
        self.details.setAccessibleName(_("Request file"))
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mandate_button = button(_("Record the mandate…"), self.record_mandate)
        self.recipients_button = button(_("Recipients told (Art. 19)…"), self.record_recipients)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(button_row(self.mandate_button, self.recipients_button))
        self.show_filter.currentIndexChanged.connect(self._apply_filters)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.table.selectionModel().selectionChanged.connect(self._show_details)
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
        requests = self.workspace.requests.all()
        ids = sorted({r.person_id for r in requests if r.person_id is not None})
        names = {p.id: p.full_name for p in self.workspace.people.summaries(ids)}
        today = self.as_of
        self.all_rows = [
            RequestRow(r, names.get(r.person_id or 0, "—"), r.overdue(today)) for r in requests
        ]
        open_count = sum(1 for row in self.all_rows if row.request.is_open)
        overdue = sum(1 for row in self.all_rows if row.overdue)
        self.summary.setText(
            ngettext("{count} open", "{count} open", open_count).format(count=open_count)
            + ", "
            + ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
        )
        self._apply_filters()
        self.countsChanged.emit(open_count, overdue)

    def _apply_filters(self) -> None:
        show = str(self.show_filter.currentData())
        kind = str(self.kind_filter.currentData() or "") or None
        today = self.as_of
        self.model.set_rows([row for row in self.all_rows if matches(row, show, kind, today)])

    def _show_details(self) -> None:
        request_id = self.selected_request_id()
        if request_id is None:
            self.details.setText(_("Select a request to see its file and the next step."))
            return
        self.details.setText("\n".join(self.file_lines(request_id)))

    def file_lines(self, request_id: int) -> list[str]:
        """The request file in a few lines, ending with the next step to take."""
        request = self.workspace.requests.get(request_id)
        documents = self.workspace.requests.documents(request_id)
        lines = [
            _("Request {id}: {kind}, received on {date} {channel}.").format(
                id=request.id,
                kind=_(REQUEST_KIND_LABELS[request.kind]),
                date=format_day(request.received_on),
                channel=_(REQUEST_CHANNEL_LABELS[request.channel]),
            ),
            _("Due on {date}.").format(date=format_day(request.due_on)),
        ]
        if request.extension_months:
            lines.append(
                _("Extended by {months} month(s) on {date}: {reason}").format(
                    months=request.extension_months,
                    date=format_day(request.extension_informed_on),
                    reason=request.extension_reason or "",
                )
            )
        if request.representative:
            lines.append(_("Made by a representative: {name}.").format(name=request.representative))
            lines.append(
                _("Mandate checked on {date}: {method}").format(
                    date=format_day(request.mandate_checked_on),
                    method=request.mandate_method or "",
                )
                if request.mandate_checked_on
                else _("Mandate not yet checked.")
            )
        if request.identity_checked_on:
            lines.append(
                _("Identity checked on {date}: {method}").format(
                    date=format_day(request.identity_checked_on),
                    method=request.identity_method or "",
                )
            )
        lines += [
            _("Document: {name} (SHA-256 {digest})").format(name=d.file_name, digest=d.sha256)
            for d in documents
        ]
        pending = self.workspace.requests.recipients_pending(request_id)
        for notice in self.workspace.requests.recipient_notices(request_id):
            lines.append(
                _("Recipient told on {date}: {name}").format(
                    date=format_day(notice.told_on), name=_(notice.recipient))
                if notice.told_on
                else _("Recipient not told ({reason}): {name}").format(
                    reason=notice.not_told_reason or "", name=_(notice.recipient))
            )  # fmt: skip
        if pending:
            lines.append(
                _("Recipients still to be told: {names}").format(
                    names="; ".join(_(name) for name in pending)
                )
            )
        step = next_step(request, len(documents), len(pending))
        lines.append(_("Next step: {step}").format(step=_(step)))
        return lines

    def record_mandate(self) -> None:
        request_id = self.selected_request_id()
        if request_id is None:
            dialogs.inform(self, _("Choose a request first."))
        elif request_parties.record_mandate(self, self.workspace, request_id):
            self.refresh()

    def record_recipients(self) -> None:
        request_id = self.selected_request_id()
        if request_id is None:
            dialogs.inform(self, _("Choose a request first."))
        elif request_parties.record_recipients(self, self.workspace, request_id):
            self.refresh()

    def selected_request_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return int(self.model.data(rows[0], Qt.ItemDataRole.UserRole)) if rows else None  # type: ignore[call-overload]
