"""Start-up through `run()`, one program per vault, and what the window remembers."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui.app import run
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.settings_view import AUTO_LOCK_SETTING, SettingsSection
from coursenplus_desk.ui.single_instance import InstanceServer, ask_running_instance
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    MemoryKeychain,
    ScriptedDialogs,
    demo_workspace,
    finish_unlock,
    gui_context,
    language,
    scripted_dialogs,
)

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def answered(tmp_path: Path) -> Iterator[ScriptedDialogs]:
    demo_workspace(tmp_path / "vault", people=30).close()
    with scripted_dialogs() as scripted, language("en"):
        yield scripted


@pytest.fixture
def restored_hooks() -> Iterator[None]:
    """run() installs the crash handler and a log file; put things back afterwards."""
    hooks = sys.excepthook, threading.excepthook
    logger = logging.getLogger("coursenplus_desk")
    handlers = list(logger.handlers)
    try:
        yield
    finally:
        sys.excepthook, threading.excepthook = hooks
        for handler in logger.handlers[len(handlers) :]:
            logger.removeHandler(handler)
            handler.close()


def unlocked(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(gui_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    finish_unlock(qtbot, window.unlock_screen)
    assert window.workspace is not None, window.unlock_screen.error.text()
    return window


def test_run_starts_on_the_unlock_screen_of_the_given_vault(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs, restored_hooks: None
) -> None:
    seen: list[str] = []

    def look_and_close() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                on_unlock = widget.stack.currentWidget() is widget.unlock_screen
                seen.append(f"{widget.context.folder.name}:{on_unlock}")
                widget.close()

    QTimer.singleShot(100, look_and_close)
    assert run(["--vault", str(tmp_path / "vault"), "--lang", "en"]) == 0
    assert seen == ["vault:True"]


def test_a_second_start_asks_the_first_window_to_come_forward(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    folder = tmp_path / "vault"
    asked: list[bool] = []
    server = InstanceServer(folder, lambda: asked.append(True))
    try:
        assert ask_running_instance(folder)
        qtbot.waitUntil(lambda: asked == [True])
    finally:
        server.server.close()
    assert not ask_running_instance(folder)


def test_the_window_remembers_its_last_section_and_size(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    window = unlocked(qtbot, tmp_path)
    window.resize(700, 500)
    window.section("courses")
    size = (window.width(), window.height())
    window.close()
    again = unlocked(qtbot, tmp_path)
    assert again.view is not None
    assert again.view.current_key() == "courses"
    assert (again.width(), again.height()) == size
    again.close()


def test_settings_are_kept_in_the_vault(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    window = unlocked(qtbot, tmp_path)
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    settings.auto_lock.setValue(3)
    settings.organisation_edits["name"].setText("École des devoirs du Midi")
    settings.save()
    workspace = window.workspace
    assert workspace is not None
    assert workspace.settings.get(AUTO_LOCK_SETTING) == 3
    assert workspace.settings.organisation().name == "École des devoirs du Midi"
    assert window.auto_lock.timer.interval() == 3 * 60_000
    window.close()


def test_a_contact_is_added_from_the_persons_page(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    window = unlocked(qtbot, tmp_path)
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.list.table.selectRow(0)
    page = people.page
    assert page is not None
    before = page.contacts.model.rowCount()
    page.contacts.day.setText("21/11/2026")
    page.contacts.summary.setText("Question about the timetable")
    page.contacts.add()
    assert page.contacts.model.rowCount() == before + 1
    assert page.contacts.model.data(page.contacts.model.index(0, 0)) == "21/11/2026"
    page.contacts.day.setText("23/11/2026")  # tomorrow: refused, with the reason
    page.contacts.add()
    assert answered.messages[-1] == ("warn", "This date is in the future.")
    window.close()


def test_remember_then_forget_this_computer_from_settings(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    window = unlocked(qtbot, tmp_path)
    keychain = window.context.keychain
    assert isinstance(keychain, MemoryKeychain)
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    settings.remember_button.click()
    assert len(keychain.items) == 1
    window.lock()
    window.start()  # as at the next start: the keychain opens the vault
    assert window.workspace is not None
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    settings.forget_button.click()
    assert keychain.items == {}
    assert [kind for kind, _text in answered.messages] == ["inform", "inform"]
    window.close()


def test_without_a_screen_the_program_says_so() -> None:
    from coursenplus_desk.ui.app import has_display

    assert not has_display({})
    assert has_display({"DISPLAY": ":0"})
    assert has_display({"QT_QPA_PLATFORM": "offscreen"})
