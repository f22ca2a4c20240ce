"""The unlock screen: silent unlock, and every problem told in the window, never a traceback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.errors import KeychainUnavailableError
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.vault.keychain import RememberedKey
from coursenplus_desk.vault.vault import VaultPaths
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
    wait_idle,
)

pytestmark = OFFSCREEN_NOISE


class BrokenKeychain(MemoryKeychain):
    def load(self, vault_id: str) -> RememberedKey | None:
        raise KeychainUnavailableError(N_("The keychain of this computer is locked."))

    def save(self, vault_id: str, key: RememberedKey) -> None:
        raise KeychainUnavailableError(N_("The keychain of this computer is locked."))


@pytest.fixture
def context(tmp_path: Path) -> Iterator[AppContext]:
    context = gui_context(tmp_path)
    demo_workspace(context.folder, people=20).close()
    yield context


@pytest.fixture
def answered() -> Iterator[ScriptedDialogs]:
    with scripted_dialogs() as scripted, language("en"):
        yield scripted


def is_open(window: MainWindow) -> bool:
    return window.workspace is not None


def started(qtbot: QtBot, context: AppContext) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def test_a_remembered_vault_opens_without_the_passphrase(
    qtbot: QtBot, context: AppContext, answered: ScriptedDialogs
) -> None:
    with open_workspace(context.folder, PASSPHRASE, context.clock) as workspace:
        workspace.vault.remember(context.keychain, context.clock.now())
    window = started(qtbot, context)
    assert is_open(window)
    assert window.view is not None
    window.close()
    open_workspace(context.folder, PASSPHRASE, context.clock).close()  # closing released it


def test_a_failing_keychain_is_explained_and_the_passphrase_still_works(
    qtbot: QtBot, context: AppContext, answered: ScriptedDialogs
) -> None:
    with open_workspace(context.folder, PASSPHRASE, context.clock) as workspace:
        workspace.vault.remember(context.keychain, context.clock.now())  # asked for earlier
    context.keychain = BrokenKeychain()
    window = started(qtbot, context)
    screen = window.unlock_screen
    assert not is_open(window)
    assert screen.error.isVisibleTo(screen)
    assert "keychain" in screen.error.text()
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock()
    finish_unlock(qtbot, screen)
    assert is_open(window)
    window.close()


def test_a_missing_keychain_is_not_mentioned_when_nobody_asked_to_remember(
    qtbot: QtBot, context: AppContext, answered: ScriptedDialogs
) -> None:
    context.keychain = BrokenKeychain()
    window = started(qtbot, context)
    screen = window.unlock_screen
    assert not screen.error.isVisibleTo(screen)
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock()
    finish_unlock(qtbot, screen)
    assert is_open(window)
    window.close()


def test_a_damaged_vault_is_reported_in_the_window(
    qtbot: QtBot, context: AppContext, answered: ScriptedDialogs
) -> None:
    header = VaultPaths(context.folder).header
    header.write_bytes(header.read_bytes()[:40])
    window = started(qtbot, context)
    screen = window.unlock_screen
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock()
    finish_unlock(qtbot, screen)
    assert not is_open(window)
    assert "damaged" in screen.error.text()


def test_a_vault_open_elsewhere_is_reported_in_the_window(
    qtbot: QtBot, context: AppContext, answered: ScriptedDialogs
) -> None:
    with open_workspace(context.folder, PASSPHRASE, context.clock):
        window = started(qtbot, context)
        screen = window.unlock_screen
        screen.passphrase.setText(PASSPHRASE)
        screen.unlock()
        finish_unlock(qtbot, screen)
        assert not is_open(window)
        assert "already open" in screen.error.text()


def test_an_empty_passphrase_asks_for_one(
    qtbot: QtBot, context: AppContext, answered: ScriptedDialogs
) -> None:
    window = started(qtbot, context)
    window.unlock_screen.unlock()
    finish_unlock(qtbot, window.unlock_screen)
    assert window.unlock_screen.error.text()
    assert not is_open(window)


def test_no_usable_keychain_in_the_assistant_is_said_and_the_vault_is_made(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    context = gui_context(tmp_path)
    context.keychain = BrokenKeychain()
    window = started(qtbot, context)
    wizard = window.wizard
    assert wizard is not None
    wizard.passphrase_page.first.setText(PASSPHRASE)
    wizard.passphrase_page.second.setText(PASSPHRASE)
    wizard.passphrase_page.remember.setChecked(True)
    with qtbot.waitSignal(window.opened):
        wizard.accept()
    assert [kind for kind, _text in answered.messages] == ["inform"]
    assert "keychain" in answered.messages[0][1]
    assert is_open(window)
    assert window.workspace is not None
    assert window.workspace.settings.organisation().country == "BE"
    window.close()


def test_a_folder_that_cannot_be_made_is_refused_and_the_assistant_stays(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    window = started(qtbot, gui_context(tmp_path))
    wizard = window.wizard
    assert wizard is not None
    wizard.folder_page.folder.setText(str(blocker / "vault"))
    wizard.passphrase_page.first.setText(PASSPHRASE)
    wizard.passphrase_page.second.setText(PASSPHRASE)
    wizard.accept()
    wait_idle(qtbot)
    assert not is_open(window)
    assert window.wizard is wizard
    assert answered.messages and answered.messages[0][0] == "warn"
    assert "cannot be created" in answered.messages[0][1]
