"""The list of people as a Qt model that stays fast with 100,000 people.

The model holds only the ids of the matching people, in display order (the
store filters and sorts in SQL). Rows appear in batches as the view scrolls
(`canFetchMore`/`fetchMore`), and their text is read in blocks of a hundred
ids kept in a small cache, so opening the list never reads every row.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coursenplus_desk.domain.people import ROLE_LABELS, PersonStatus, PersonSummary
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import background
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import ID_ROLE

Index = QModelIndex | QPersistentModelIndex

BATCH = 500  # rows made visible per fetchMore
BLOCK = 100  # rows read per query
CACHED_BLOCKS = 40
HEADERS = (N_("Name"), N_("Roles"), N_("Last contact"), N_("Status"))
STATUS_LABELS = {
    PersonStatus.ACTIVE: N_("active"),
    PersonStatus.RESTRICTED: N_("restricted"),
    PersonStatus.ANONYMISED: N_("anonymised"),
}


class PeopleModel(QAbstractTableModel):
    def __init__(self, people: PeopleService) -> None:
        super().__init__()
        self._people = people
        self._query = PeopleQuery()
        self._ids: list[int] = []
        self._shown = 0
        self._blocks: OrderedDict[int, list[PersonSummary | None]] = OrderedDict()

    # what is listed

    def set_query(self, query: PeopleQuery) -> None:
        self.beginResetModel()
        self._query = query
        self._ids = self._people.ids(query)
        self._shown = min(BATCH, len(self._ids))
        self._blocks.clear()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self._query)

    def clear(self) -> None:
        """Forget everything (the vault is being locked)."""
        self.beginResetModel()
        self._ids = []
        self._shown = 0
        self._blocks.clear()
        self.endResetModel()

    @property
    def query(self) -> PeopleQuery:
        return self._query

    def total(self) -> int:
        """Every matching person, including those not fetched into the view yet."""
        return len(self._ids)

    def person_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < self._shown else None

    def row_of(self, person_id: int) -> int | None:
        try:
            row = self._ids.index(person_id)
        except ValueError:
            return None
        while row >= self._shown and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return row

    # lazy fetching

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        count = min(BATCH, len(self._ids) - self._shown)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
        self._shown += count
        self.endInsertRows()

    def _summary(self, row: int) -> PersonSummary | None:
        number = row // BLOCK
        block = self._blocks.get(number)
        if block is None:
            if background.is_busy():
                return None  # the worker owns the connection; paint again later
            ids = self._ids[number * BLOCK : (number + 1) * BLOCK]
            found = {s.id: s for s in self._people.summaries(ids)}
            block = [found.get(i) for i in ids]
            self._blocks[number] = block
            while len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block[row % BLOCK]

    # the model's interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._shown:
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        summary = self._summary(index.row())
        if summary is None:
            return ""
        return cell_text(summary, index.column())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return _(HEADERS[section])
        return None


def cell_text(summary: PersonSummary, column: int) -> str:
    if column == 0:
        return f"{summary.family_name}, {summary.given_name}"
    if column == 1:
        return ", ".join(_(ROLE_LABELS[role]) for role in sorted(summary.roles))
    if column == 2:
        return format_date(summary.last_contact_on)
    # only the exceptions: a restricted or anonymised person must stand out
    return "" if summary.status is PersonStatus.ACTIVE else _(STATUS_LABELS[summary.status])
