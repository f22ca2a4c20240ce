"""Shared pieces of the request tests in the windows: pressing buttons, filling dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui import background, saved_document
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleList, PeopleSection
from coursenplus_desk.ui.person_picker import PersonPicker
from coursenplus_desk.ui.request_dialogs import ReplyDialog, VerifyIdentityDialog
from coursenplus_desk.ui.request_file import RequestFile
from coursenplus_desk.ui.requests_view import RequestsView
from coursenplus_desk.ui.saved_document import SavedDocument
from tests.gui_support import DialogHandler

Opened = list[tuple[str, Path]]


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Opened]:
    """What the program asked the system to open, print or show (nothing for real)."""
    asked: Opened = []

    def viewer(path: Path) -> bool:
        asked.append(("viewer", path))
        return True

    def folder(path: Path) -> bool:
        asked.append(("folder", path))
        return True

    monkeypatch.setattr(saved_document, "open_with_system", viewer)
    monkeypatch.setattr(saved_document, "open_folder", folder)
    yield asked


def text_of(path: Path) -> str:
    """The PDF's text with its line breaks as spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def accept(dialog: QDialog) -> bool:
    """Press the dialog's OK button, as a person does; whether it closed accepted."""
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog.result() == QDialog.DialogCode.Accepted.value


def search(qtbot: QtBot, people: PeopleList, text: str) -> None:
    people.search.clear()
    QTest.keyClicks(people.search, text)
    QTest.keyClick(people.search, Qt.Key.Key_Return)
    qtbot.waitUntil(people.model.is_complete, timeout=3000)


def pick_first_found(qtbot: QtBot, text: str) -> DialogHandler:
    def pick(dialog: QDialog) -> bool:
        assert isinstance(dialog, PersonPicker)
        search(qtbot, dialog.list, text)
        dialog.list.table.selectRow(0)
        return accept(dialog)

    return pick


def click_next(qtbot: QtBot, file: RequestFile, expected: str) -> None:
    assert file.next_button.isVisible()
    assert file.next_button.text() == expected
    QTest.mouseClick(file.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)


def verify_identity(dialog: QDialog) -> bool:
    assert isinstance(dialog, VerifyIdentityDialog)
    dialog.method.setCurrentIndex(2)  # letter signed, identity card seen
    return accept(dialog)


def reply_in(language_code: str) -> DialogHandler:
    def choose(dialog: QDialog) -> bool:
        assert isinstance(dialog, ReplyDialog)
        dialog.language.setCurrentIndex(dialog.language.findData(language_code))
        return accept(dialog)

    return choose


def take(choice: str) -> DialogHandler:
    def press(dialog: QDialog) -> bool:
        assert isinstance(dialog, SavedDocument)
        assert dialog.print_button.isVisibleTo(dialog)
        button = {"print": dialog.print_button, "folder": dialog.folder_button}[choice]
        button.click()
        return dialog.result() == QDialog.DialogCode.Accepted.value

    return press


def requests_section(window: MainWindow) -> RequestsView:
    section = window.section("requests")
    assert isinstance(section, RequestsView)
    return section


def shown_row(view: RequestsView) -> list[str]:
    row = view.table.selectionModel().selectedRows()[0].row()
    return [view.model.index(row, column).data() for column in range(view.model.columnCount())]


def open_page_of(qtbot: QtBot, window: MainWindow, name: str) -> PeopleSection:
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    search(qtbot, people.list, name)
    people.list.table.selectRow(0)
    assert people.page is not None
    return people
