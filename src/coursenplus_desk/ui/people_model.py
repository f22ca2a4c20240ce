"""The list of people as a Qt model that stays fast with 100,000 people.

The model holds only the ids of the matching people, in display order (the
store filters and sorts in SQL). Rows appear in batches as the view scrolls
(`canFetchMore`/`fetchMore`), and their text is read in blocks of a hundred
ids kept in a small cache, so opening the list never reads every row.

A new query first reads only the head of the list (`ids(query, limit=head)`,
an ORDER BY ... LIMIT the store answers at once) and shows it; the full id
list, which gives the total and the rows further down, is read on the next
turn of the event loop. A generation number drops the completion of a query
that has been replaced (or cleared) in between; `totalChanged` tells the view
when the total is known.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from coursenplus_desk.domain.errors import VaultDamagedError
from coursenplus_desk.domain.people import ROLE_LABELS, PersonStatus, PersonSummary
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import background
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.table_model import ID_ROLE

Index = QModelIndex | QPersistentModelIndex
Texts = tuple[str, str, str, str]  # a row's cells, made once when its block is read

BATCH = 500  # rows made visible per fetchMore
HEAD = 100  # rows a new query shows at once: more than a window holds, quick to sort
BLOCK = 100  # rows read per query
CACHED_BLOCKS = 40
BUSY_RETRY_MS = 50  # the worker owns the connection: try the completion again later
HEADERS = (N_("Name"), N_("Roles"), N_("Last contact"), N_("Status"))
STATUS_LABELS = {
    PersonStatus.ACTIVE: N_("active"),
    PersonStatus.RESTRICTED: N_("restricted"),
    PersonStatus.ANONYMISED: N_("anonymised"),
}
# Painting a cell asks for about seven roles; these are the only ones with an answer.
# Every visible cell is asked again after each search: the others return at once.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ANSWERED_ROLES = frozenset({_DISPLAY, int(Qt.ItemDataRole.ToolTipRole), int(ID_ROLE)})


class PeopleModel(QAbstractTableModel):
    totalChanged = Signal(int)  # the full count of the current query is known

    def __init__(
        self,
        people: PeopleService,
        parent: QObject | None = None,
        is_open: Callable[[], bool] = lambda: True,
    ) -> None:
        """`is_open` says whether the vault may still be read (a completion can
        come due after a lock in the same turn of the event loop)."""
        super().__init__(parent)
        self._people = people
        self._is_open = is_open
        self._query = PeopleQuery()
        self._ids: list[int] = []
        self._shown = 0
        self._blocks: OrderedDict[int, list[Texts | None]] = OrderedDict()
        self._generation = 0  # bumped by each new query or clear
        self._complete = True  # `_ids` holds every match, not just the head
        self._inserting = False

    # what is listed

    def set_query(self, query: PeopleQuery) -> None:
        self._generation += 1
        self.beginResetModel()
        self._query = query
        head = min(HEAD, BATCH)
        self._ids = self._people.ids(query, limit=head)
        self._shown = len(self._ids)
        self._complete = len(self._ids) < head  # a short head is the whole list
        self._blocks.clear()
        self.endResetModel()
        if self._complete:
            self.totalChanged.emit(len(self._ids))
        else:
            self._complete_later(self._generation, query, 0)

    def refresh(self) -> None:
        self.set_query(self._query)

    def clear(self) -> None:
        """Forget everything (the vault is being locked); a pending completion is dropped."""
        self._generation += 1
        self.beginResetModel()
        self._ids = []
        self._shown = 0
        self._complete = True
        self._blocks.clear()
        self.endResetModel()
        self.totalChanged.emit(0)

    def is_complete(self) -> bool:
        """Whether `total()` is the full count (not only the first rows read so far)."""
        return self._complete

    def _complete_later(self, generation: int, query: PeopleQuery, delay_ms: int) -> None:
        # the model as context: no call after it is deleted
        QTimer.singleShot(delay_ms, self, lambda: self._complete_from(generation, query))

    def _complete_from(self, generation: int, query: PeopleQuery) -> None:
        if generation != self._generation or self._complete or not self._is_open():
            return  # another query (or a clear, or a lock) came since
        if background.is_busy():
            self._complete_later(generation, query, BUSY_RETRY_MS)
            return
        self._read_full_list(query)

    def _read_full_list(self, query: PeopleQuery) -> None:
        ids = self._people.ids(query)
        self._complete = True
        if ids[: self._shown] == self._ids[: self._shown]:
            self._ids = ids  # the rows shown stay as they are: only more can be fetched
            self._blocks.pop(self._shown // BLOCK, None)  # a block cut short by the head
        else:  # the data changed in between: show the new list from its top
            self.beginResetModel()
            self._ids = ids
            self._shown = min(BATCH, len(ids))
            self._blocks.clear()
            self.endResetModel()
        self.totalChanged.emit(len(self._ids))

    @property
    def query(self) -> PeopleQuery:
        return self._query

    def total(self) -> int:
        """Every matching person, including those not fetched into the view yet.

        Until the full list is read (see `is_complete`), only the rows shown.
        """
        return len(self._ids)

    def person_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < self._shown else None

    def row_of(self, person_id: int) -> int | None:
        if person_id not in self._ids and not self._complete:
            self._read_full_list(self._query)  # the person may be further down: read it now
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
        # a slot of rowsAboutToBeInserted may ask for more: never nest two insertions
        if parent.isValid() or self._inserting:
            return
        count = min(BATCH, len(self._ids) - self._shown)
        if count <= 0:
            return
        self._inserting = True
        try:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
            self._shown += count
            self.endInsertRows()
        finally:
            self._inserting = False

    def _texts(self, row: int) -> Texts | None:
        number = row // BLOCK
        block = self._blocks.get(number)
        if block is None:
            if background.is_busy():
                return None  # the worker owns the connection; paint again later
            ids = self._ids[number * BLOCK : (number + 1) * BLOCK]
            today = self._people.clock.today()  # a new query or refresh reads the rows anew
            try:
                found = {s.id: row_texts(s, today) for s in self._people.summaries(ids)}
            except VaultDamagedError:
                found = {}  # painted empty; the page check after unlock tells the person
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

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ANSWERED_ROLES:
            return None
        row = index.row()
        if not 0 <= row < self._shown or not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[row]
        texts = self._texts(row)
        return "" if texts is None else texts[index.column()]

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


def row_texts(summary: PersonSummary, today: date) -> Texts:
    """The cells of a person's row: name, roles, last contact, status."""
    # only the exceptional statuses: a restricted or anonymised person must stand out
    active = summary.status is PersonStatus.ACTIVE
    return (
        f"{summary.family_name}, {summary.given_name}",
        ", ".join(_(ROLE_LABELS[role]) for role in sorted(summary.roles)),
        format_date(summary.last_contact_on(today)),
        "" if active else _(STATUS_LABELS[summary.status]),
    )
