"""French by default, English or Dutch on request: no other language left on the main screens."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTableView,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coursenplus_desk.i18n import current_language
from coursenplus_desk.paths import locale_dir
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
        if isinstance(widget, QTableView) and widget.model() is not None:
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
