"""The People section: a searchable list on the left, the chosen person's page on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.consent import latest_adult_birth_date
from coursenplus_desk.domain.errors import NotFoundError
from coursenplus_desk.domain.people import ROLE_LABELS, PersonStatus, Role
from coursenplus_desk.i18n import N_, _, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.people_model import STATUS_LABELS, PeopleModel
from coursenplus_desk.ui.person_form import PersonFormDialog
from coursenplus_desk.ui.table_model import ROW_HEIGHT

SEARCH_DELAY_MS = 250
MIN_COMBO_LETTERS = 8
LIST_WIDTH = 560
STATUS_COLUMN = 3

STATUS_CHOICES: tuple[tuple[str, frozenset[PersonStatus]], ...] = (
    (N_("Active"), frozenset({PersonStatus.ACTIVE})),
    (N_("Restricted"), frozenset({PersonStatus.RESTRICTED})),
    (N_("Anonymised"), frozenset({PersonStatus.ANONYMISED})),
    (N_("Every status"), frozenset(PersonStatus)),
)
ORDER_CHOICES: tuple[tuple[str, str, bool], ...] = (
    (N_("Name, A to Z"), "name", False),
    (N_("Name, Z to A"), "name", True),
    (N_("Last contact, most recent first"), "last_contact", True),
    (N_("Last contact, oldest first"), "last_contact", False),
)


class PeopleList(QWidget):
    """Search as you type (debounced), filters, and a lazily fetched table."""

    person_chosen = Signal(int)
    searched = Signal()  # the rows of a new search (text or filters) are all known

    def __init__(
        self,
        workspace: Workspace,
        roles: frozenset[Role] = frozenset(),
        guardian_for: int | None = None,
    ) -> None:
        super().__init__()
        self._searching = False
        self._guardian_for = guardian_for  # only who may become that person's guardian
        self._today = workspace.clock.today
        self.model = PeopleModel(workspace.people, self, lambda: workspace.vault.is_open)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_now)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, e-mail or phone…"))
        self.search.setAccessibleName(_("Search people"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._search_later)
        self.search.returnPressed.connect(self._search_now)

        self.role_filter = QComboBox()
        self.role_filter.setAccessibleName(_("Filter by role"))
        self.role_filter.addItem(_("Every role"), "")
        for role, label in ROLE_LABELS.items():
            self.role_filter.addItem(_(label).capitalize(), role.value)
        if len(roles) == 1:
            self.role_filter.setCurrentIndex(self.role_filter.findData(next(iter(roles)).value))
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Filter by status"))
        for label, _statuses in STATUS_CHOICES:
            self.status_filter.addItem(_(label))
        self.order = QComboBox()
        self.order.setAccessibleName(_("Sort by"))
        for label, _key, _descending in ORDER_CHOICES:
            self.order.addItem(_(label))
        for combo in (self.role_filter, self.status_filter, self.order):
            combo.currentIndexChanged.connect(self._search_now)
            # not as wide as their longest choice: the person's page needs the room
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(MIN_COMBO_LETTERS)

        self.table = QTableView()
        self.table.setAccessibleName(_("People"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):  # sized from their header and longest label, not from 100k rows
            header.resizeSection(column, self._column_width(column))
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.table.activated.connect(lambda index: self._choose(index.row()))
        self.count = QLabel()
        self.model.totalChanged.connect(self._show_count)

        filters = QHBoxLayout()
        for combo in (self.role_filter, self.status_filter, self.order):
            filters.addWidget(combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        self._search_now()

    def _column_width(self, column: int) -> int:
        """Room for the header and the longest text the column can show (roles, a date,
        a status), measured with the table's fonts; the name column takes the rest."""
        samples = {
            1: [_(ROLE_LABELS[Role.GUARDIAN])],
            2: ["00/00/0000"],
            3: [_(label) for label in STATUS_LABELS.values()],
        }[column]
        title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
        header = self.table.horizontalHeader().fontMetrics().horizontalAdvance(title) + 24
        cells = max(self.table.fontMetrics().horizontalAdvance(text) for text in samples) + 12
        return max(header, cells)

    def sizeHint(self) -> QSize:
        """Room for the four columns; the person's page beside it asks for its tabs' width."""
        hint = super().sizeHint()
        return QSize(max(hint.width(), LIST_WIDTH), hint.height())

    def current_query(self) -> PeopleQuery:
        role = self.role_filter.currentData()
        _label, statuses = STATUS_CHOICES[max(0, self.status_filter.currentIndex())]
        _title, order, descending = ORDER_CHOICES[max(0, self.order.currentIndex())]
        return PeopleQuery(
            text=self.search.text(),
            roles=frozenset({Role(role)}) if role else frozenset(),
            statuses=statuses,
            order=order,
            descending=descending,
            guardian_for=self._guardian_for,
            adults_born_by=(
                latest_adult_birth_date(self._today()) if self._guardian_for is not None else None
            ),
        )

    def _search_later(self) -> None:
        """Each keystroke restarts the timer: one search when typing pauses for 250 ms."""
        self._timer.start()

    def _search_now(self) -> None:
        """Run the query the controls describe.

        The query runs on the GUI thread (the vault's connection lives there): the
        first rows at once, the full list (and so the count) on the next turn of
        the event loop; the model drops the completion of a replaced query.
        """
        self._timer.stop()
        self._searching = True
        query = self.current_query()
        # one status shown: the Status column would be the same (or empty) on every row
        self.table.setColumnHidden(STATUS_COLUMN, len(query.statuses) == 1)
        self.model.set_query(query)

    def _show_count(self, total: int) -> None:
        self.count.setText(ngettext("{count} person", "{count} people", total).format(count=total))
        if self._searching and self.model.is_complete():
            self._searching = False
            self.searched.emit()

    def refresh(self) -> None:
        self.model.refresh()

    def select(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.person_id(rows[0].row()) if rows else None

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._choose(indexes[0].row())

    def _choose(self, row: int) -> None:
        person_id = self.model.person_id(row)
        if person_id is not None:
            self.person_chosen.emit(person_id)


class PeopleSection(QWidget):
    changed = Signal(int)  # a person's data changed (the sidebar's counts may follow)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        from coursenplus_desk.ui.person_page import PersonPage

        self._page_class = PersonPage
        self.workspace = workspace
        self.undo_stack = QUndoStack(self)
        self.list = PeopleList(workspace)
        self.list.person_chosen.connect(self.show_person)
        self.list.searched.connect(self._keep_page_in_list)
        self.new_button = QPushButton(_("New person…"))
        self.new_button.setAccessibleName(_("New person"))
        self.new_button.clicked.connect(self.new_person)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.new_button)
        self.pages = QStackedWidget()
        hint = QLabel(_("Choose a person in the list, or add one with “New person” (Ctrl+N)."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.pages.addWidget(hint)
        self.page: PersonPage | None = None

        self.splitter = QSplitter()
        self.splitter.setObjectName("people-splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 1)  # each side grows alike from what it asks for
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def focus_search(self) -> None:
        self.list.search.setFocus()
        self.list.search.selectAll()

    def show_person(self, person_id: int) -> None:
        if self.page is not None and self.page.person_id == person_id:
            return
        page = self._page_class(self.workspace, person_id, self.undo_stack, self._person_changed)
        page.open_person.connect(self.open_person)
        if self.page is not None:
            self.pages.removeWidget(self.page)
            self.page.setParent(None)
            self.page.deleteLater()
        self.page = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)

    def _keep_page_in_list(self) -> None:
        """After a search, the page shows someone of the list, or nobody."""
        if self.page is None:
            return
        if self.list.model.row_of(self.page.person_id) is None:
            self.close_page()
        else:
            self.list.select(self.page.person_id)

    def close_page(self) -> None:
        if self.page is not None:
            self.pages.removeWidget(self.page)
            self.page.setParent(None)
            self.page.deleteLater()
            self.page = None
        self.pages.setCurrentIndex(0)  # the hint

    def open_person(self, person_id: int) -> None:
        self.show_person(person_id)
        self.list.select(person_id)

    def _person_changed(self, person_id: int) -> None:
        """After an edit, a link, an undo: the list again, and that person's page."""
        self.changed.emit(person_id)
        self.list.refresh()
        if self.page is not None and self.page.person_id == person_id:
            if self._reload_page():
                self.list.select(person_id)
        else:  # an undo of someone else's edit shows what it undid
            self.open_person(person_id)

    def person_changed_elsewhere(self, person_id: int) -> None:
        """Another section changed (or erased) this person: the list, and their page if shown."""
        self.list.refresh()
        if self.page is not None and self.page.person_id == person_id:
            self._reload_page()

    def _reload_page(self) -> bool:
        """Show the page's person again; False when they were erased (the page goes)."""
        assert self.page is not None
        try:
            self.page.reload()
        except NotFoundError:
            self.pages.removeWidget(self.page)
            self.page.setParent(None)
            self.page.deleteLater()
            self.page = None
            return False
        return True

    def new_person(self) -> None:
        dialog = PersonFormDialog(self.workspace, self)
        if dialogs.run(dialog) and dialog.person_id is not None:
            self.list.refresh()
            self.open_person(dialog.person_id)
