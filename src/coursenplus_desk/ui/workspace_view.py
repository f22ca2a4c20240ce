"""The unlocked window's body: the sidebar of sections and the section shown."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import qt_settings
from coursenplus_desk.ui.sections import SECTIONS, Section

SECTION_KEY = "window/section"


class WorkspaceView(QWidget):
    section_created = Signal(str, QWidget)
    section_shown = Signal(str)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.sections: list[Section] = list(SECTIONS)
        self.widgets: dict[str, QWidget] = {}
        # read before anything (such as the list taking focus) can choose a section
        self._first_key = qt_settings.load_text(SECTION_KEY, "people")
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(_("Sections"))
        self.sidebar.setIconSize(QSize(20, 20))
        style = QApplication.style()
        for section in self.sections:
            item = QListWidgetItem(style.standardIcon(section.icon), _(section.title))
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.sidebar.addItem(item)
        self.sidebar.setFixedWidth(max(170, self.sidebar.sizeHintForColumn(0) + 24))
        self.stack = QStackedWidget()
        layout = QHBoxLayout(self)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.sidebar.currentRowChanged.connect(self._show_row)

    def start(self) -> None:
        keys = [s.key for s in self.sections]
        first = self._first_key
        self.sidebar.setCurrentRow(keys.index(first) if first in keys else 0)

    def current_key(self) -> str:
        row = self.sidebar.currentRow()
        return self.sections[row].key if 0 <= row < len(self.sections) else ""

    def show_section(self, key: str) -> QWidget:
        keys = [s.key for s in self.sections]
        self.sidebar.setCurrentRow(keys.index(key))
        return self.widgets[key]

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.sections):
            return
        section = self.sections[row]
        widget = self.widgets.get(section.key)
        if widget is None:
            try:
                widget, built = section.factory(self.workspace), True
            except UserError as error:  # a damaged page: the read-only warning follows
                widget, built = _unavailable(error), False
            self.widgets[section.key] = widget
            self.stack.addWidget(widget)
            if built:
                self._restore_splitters(widget)
                self.section_created.emit(section.key, widget)
        self.stack.setCurrentWidget(widget)
        qt_settings.save(SECTION_KEY, section.key)
        self.section_shown.emit(section.key)

    def set_badge(self, key: str, badge: str) -> None:
        """Show a short count after a section's title in the sidebar ("" shows none)."""
        keys = [s.key for s in self.sections]
        if key not in keys:
            return
        row = keys.index(key)
        title = _(self.sections[row].title)
        self.sidebar.item(row).setText(f"{title} ({badge})" if badge else title)
        self.sidebar.setFixedWidth(max(170, self.sidebar.sizeHintForColumn(0) + 24))

    def set_tooltip(self, key: str, text: str) -> None:
        keys = [s.key for s in self.sections]
        if key in keys:
            self.sidebar.item(keys.index(key)).setToolTip(text)

    def badge_text(self, key: str) -> str:
        keys = [s.key for s in self.sections]
        return self.sidebar.item(keys.index(key)).text() if key in keys else ""

    def undo_stack(self, key: str) -> QUndoStack | None:
        stack = getattr(self.widgets.get(key), "undo_stack", None)
        return stack if isinstance(stack, QUndoStack) else None

    @staticmethod
    def _restore_splitters(widget: QWidget) -> None:
        for splitter in widget.findChildren(QSplitter):
            state = qt_settings.load_bytes(f"window/splitter/{splitter.objectName()}")
            if splitter.objectName() and state is not None:
                splitter.restoreState(state)

    def save_layout(self) -> None:
        for widget in self.widgets.values():
            for splitter in widget.findChildren(QSplitter):
                if splitter.objectName():
                    qt_settings.save(
                        f"window/splitter/{splitter.objectName()}", splitter.saveState()
                    )


def _unavailable(error: UserError) -> QLabel:
    """What a section shows when its first read fails: the reason, in place of the rows."""
    label = QLabel(error.message())
    label.setObjectName("sectionUnavailable")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
