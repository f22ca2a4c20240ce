"""French by default, English or Dutch on request: no other language left on the main
screens, Qt's standard dialogs and counted texts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.i18n import current_language
from coursenplus_desk.paths import locale_dir
from coursenplus_desk.ui import printing
from coursenplus_desk.ui.language import start_language
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.sections import SECTIONS
from coursenplus_desk.ui.settings_view import SettingsSection
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    demo_workspace,
    finish_unlock,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.language_support import foreign_leftovers

pytestmark = OFFSCREEN_NOISE


def without_mnemonic(text: str) -> str:
    return re.sub(r"&(?=\w)", "", text)


def _messages() -> Iterator[Message]:
    """Every catalog's messages: the sections wired in show texts from each area."""
    for path in sorted((locale_dir() / "fr" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as stream:
            yield from read_po(stream, locale="fr")


def french_strings() -> tuple[set[str], list[str]]:
    """The catalogs' French texts that are no English id: short ones, long ones."""
    texts: set[str] = set()
    english: set[str] = set()
    for message in _messages():
        if not message.id:
            continue
        ids = tuple(message.id) if isinstance(message.id, tuple | list) else (str(message.id),)
        strings = (
            tuple(message.string)
            if isinstance(message.string, tuple | list)
            else (str(message.string),)
        )
        texts.update(without_mnemonic(s) for s in strings if s and s not in ids)
        english.update(without_mnemonic(i) for i in ids)
    texts -= english  # "E-mail" is French for "Email" and an English id too
    pieces = {piece for text in texts for piece in re.split(r"\{\w+\}", text)}
    return texts, [piece for piece in pieces if len(piece.strip()) >= 15]


def english_strings() -> tuple[set[str], list[str]]:
    """The catalogs' English ids whose French differs: whole ones, and long pieces."""
    ids: set[str] = set()
    french: set[str] = set()
    for message in _messages():
        if not message.id:
            continue
        english = tuple(message.id) if isinstance(message.id, tuple | list) else (message.id,)
        strings = (
            tuple(message.string)
            if isinstance(message.string, tuple | list)
            else (str(message.string),)
        )
        french.update(without_mnemonic(s) for s in strings)
        ids.update(without_mnemonic(str(i)) for i in english if str(i) not in strings)
    ids -= french  # "Date", "Notes", "Type": the same word in both languages
    pieces = {piece for text in ids for piece in re.split(r"\{\w+\}", text)}
    return ids, [piece for piece in pieces if len(piece.strip()) >= 20]


def english_leftovers(texts: list[str]) -> list[str]:
    exact, long_ones = english_strings()
    return [t for t in texts if t in exact or any(piece in t for piece in long_ones)]


def visible_texts(root: QWidget) -> list[str]:
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QListWidget):
            texts.extend(widget.item(i).text() for i in range(widget.count()))
        elif isinstance(widget, QMenu):
            texts.append(widget.title())
            texts.extend(action.text() for action in widget.actions())
        if isinstance(widget, QAbstractButton | QWidget) and widget.toolTip():
            texts.append(widget.toolTip())
        texts.extend(action.text() for action in widget.actions() if not action.isSeparator())
        if isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            columns = model.columnCount(QModelIndex())
            texts.extend(
                str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(columns)
            )
        texts.append(widget.accessibleName())
    return [without_mnemonic(text) for text in texts if text]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    demo_workspace(tmp_path / "vault", people=60).close()
    with scripted_dialogs(), language("fr"):
        window = MainWindow(gui_context(tmp_path))
        qtbot.addWidget(window)
        window.show()
        window.start()
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        assert window.workspace is not None
        yield window
        window.close()


def visit_main_screens(window: MainWindow) -> list[str]:
    texts = visible_texts(window)
    for section in SECTIONS:
        widget = window.section(section.key)
        assert widget is not None
        if isinstance(widget, PeopleSection):
            widget.list.table.selectRow(0)
            assert widget.page is not None
            for tab in range(widget.page.tabs.count()):
                widget.page.tabs.setCurrentIndex(tab)
        texts += visible_texts(widget)
    return texts


def test_french_by_default_and_qt_dialogs_in_french(window: MainWindow) -> None:
    assert current_language() == "fr"
    texts = visit_main_screens(window)
    assert "Personnes" in texts
    assert "Cours et groupes" in texts
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Annuler"  # Qt's own qtbase_fr translation
    assert english_leftovers(texts) == []


def test_switching_to_english_leaves_no_french(window: MainWindow) -> None:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save()
    assert current_language() == "en"
    assert window.view is not None and window.view.current_key() == "settings"
    texts = visit_main_screens(window)
    window.lock()
    texts += visible_texts(window.unlock_screen)
    exact, long_ones = french_strings()
    assert "People" in texts
    assert "Courses & groups" in texts
    leftovers = [t for t in texts if t in exact or any(f in t for f in long_ones)]
    assert leftovers == []
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Cancel"


def test_the_language_is_kept_in_the_vault(qtbot: QtBot, window: MainWindow) -> None:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save()
    window.lock()
    with language("fr"):
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        assert current_language() == "en"


def test_switching_to_dutch_leaves_no_french_or_english(window: MainWindow) -> None:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    settings.language.setCurrentIndex(settings.language.findData("nl"))
    assert settings.language.currentText() == "Nederlands"
    settings.save()
    assert current_language() == "nl"
    texts = visit_main_screens(window)
    window.lock()
    texts += visible_texts(window.unlock_screen)
    assert "Personen" in texts
    assert "Cursussen en groepen" in texts
    assert "Ontgrendelen" in texts
    assert foreign_leftovers(texts, "nl") == []
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert buttons.buttons()[0].text() == "Annuleren"  # Qt's own qtbase_nl translation


def test_the_first_start_speaks_the_system_s_language() -> None:
    assert start_language(None, {"LANG": "nl_BE.UTF-8"}) == "nl"
    assert start_language(None, {"LANG": "fr_BE.UTF-8"}) == "fr"
    assert start_language(None, {"LANG": "de_DE.UTF-8", "COURSENPLUS_LANG": "nl"}) == "nl"
    assert start_language("en", {"LANG": "nl_BE.UTF-8"}) == "en"


# Texts Qt's dialogs show that are the same in French: names, units, numbers.
SAME_IN_BOTH = {
    "Portrait",
    "Options",
    "Options >>",
    "Copies",
    "Pages",
    "Type",
    "Date",
    "OK",
    "PDF (*.pdf)",
}


def _file_dialog(folder: Path, mode: QFileDialog.FileMode) -> QFileDialog:
    dialog = QFileDialog(None, "", str(folder), "PDF (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, drawn here
    dialog.setFileMode(mode)
    if mode is QFileDialog.FileMode.AnyFile:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog


def _print_preview_texts() -> list[str]:
    """The print preview of a real document, as `ui.printing` opens it."""
    out = BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Zoë")
    canvas.save()
    seen: list[str] = []
    with scripted_dialogs() as answered:

        def look(dialog: QDialog) -> bool:
            dialog.show()
            seen.extend(visible_texts(dialog))
            return False

        answered.expect(look)
        printing.print_document(None, out.getvalue(), "Zoë")
    return seen


def _standard_dialogs(folder: Path) -> dict[str, Callable[[], list[str]]]:
    printer = QPrinter()  # outlives its dialogs

    def shown(make: Callable[[], QWidget]) -> Callable[[], list[str]]:
        def texts() -> list[str]:
            widget = make()
            widget.show()
            found = visible_texts(widget)
            widget.close()
            return found  # the widget is Python's: deleted here, before the printer

        return texts

    return {
        "save": shown(lambda: _file_dialog(folder, QFileDialog.FileMode.AnyFile)),
        "open": shown(lambda: _file_dialog(folder, QFileDialog.FileMode.ExistingFile)),
        "folder": shown(lambda: _file_dialog(folder, QFileDialog.FileMode.Directory)),
        "print": shown(lambda: QPrintDialog(printer)),
        "message": shown(
            lambda: QMessageBox(
                QMessageBox.Icon.Question,
                "",
                "",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Yes
                | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel,
            )
        ),
        "preview": _print_preview_texts,
    }


@pytest.mark.parametrize("name", ["save", "open", "folder", "print", "message", "preview"])
def test_standard_dialogs_have_no_english_in_french(
    qtbot: QtBot, tmp_path: Path, name: str
) -> None:
    texts = _standard_dialogs(tmp_path)[name]
    neutral = SAME_IN_BOTH | {str(tmp_path)}
    with language("en"):
        english = set(texts())
    with language("fr"):
        french = texts()
    assert "Annuler" in french or name == "preview"
    leftovers = {
        text
        for text in french
        if text in english and text not in neutral and re.search(r"[A-Za-z]{2}", text)
    }
    assert leftovers == set()


def test_the_file_dialogs_labels_are_french(qtbot: QtBot, tmp_path: Path) -> None:
    with language("fr"):
        dialog = _file_dialog(tmp_path, QFileDialog.FileMode.AnyFile)
        qtbot.addWidget(dialog)
        dialog.show()
        labels = {without_mnemonic(label.text()) for label in dialog.findChildren(QLabel)}
    assert {"Voir dans\u00a0:", "Fichiers de type\u00a0:", "Nom de fichier\u00a0:"} <= labels


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0 personne"), (1, "1 personne"), (2, "2 personnes"), (5, "5 personnes")],
)
def test_counts_agree_in_french(window: MainWindow, count: int, shown: str) -> None:
    """French counts 0 and 1 in the singular, English 0 in the plural (ngettext)."""
    workspace = window.workspace
    assert workspace is not None
    for number in range(count):
        workspace.people.add(
            PersonDraft(given_name=f"Compté{number}", family_name="Quintuple", roles=("member",))
        )
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.list.search.setText("Quintuple")
    people.list.search.returnPressed.emit()
    QCoreApplication.processEvents()
    assert people.list.count.text() == shown
    assert english_leftovers(visible_texts(people)) == []
