"""The desktop program's side of the keys, the damage and the rollbacks: Settings →
Administrators, the screen for an older copy, a damaged vault opened read-only."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.errors import VaultDamagedError, WrongPassphraseError
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui import background, integrity
from coursenplus_desk.ui.administrators import (
    AdministratorsBox,
    ChangePassphraseDialog,
    NewAdministratorDialog,
)
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.rollback import RollbackScreen
from coursenplus_desk.ui.settings_view import SettingsSection
from coursenplus_desk.vault.vault import unlock_vault
from tests.backup_support import CLOCK
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    finish_unlock,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE
OTHER = "the other administrator"
NEW = "a brand new passphrase"


def _administrators(window: MainWindow) -> AdministratorsBox:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    return settings.administrators


def _is_open(window: MainWindow) -> bool:
    return window.workspace is not None


def _no_rollback_screen(window: MainWindow) -> bool:
    return window.rollback_screen is None


def _name(box: AdministratorsBox, row: int) -> str:
    item = box.table.item(row, 0)
    return item.text() if item is not None else ""


def _ok(dialog: QDialog) -> QDialogButtonBox:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    return buttons


def test_administrators_are_added_removed_and_keys_revoked(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        box = _administrators(window)
        assert box.table.rowCount() == 1 and "(you)" in _name(box, 0)

        def fill_new(dialog: QDialog) -> bool:
            assert isinstance(dialog, NewAdministratorDialog)
            dialog.form.first.setText("password123")
            dialog.form.second.setText("password123")
            assert not _ok(dialog).button(QDialogButtonBox.StandardButton.Ok).isEnabled()
            assert dialog.form.hint.text()  # the reason, shown as it is typed
            dialog.label.setText("Marie Dupont")
            dialog.form.first.setText(OTHER)
            dialog.form.second.setText(OTHER)
            assert _ok(dialog).button(QDialogButtonBox.StandardButton.Ok).isEnabled()
            return True

        answered.expect(fill_new)
        box.add_button.click()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        assert box.table.rowCount() == 2
        assert any("Marie Dupont" in _name(box, r) for r in range(2))

        marie = next(r for r in range(2) if "Marie" in _name(box, r))
        box.table.selectRow(marie)
        answered.answers.append(True)
        box.remove_button.click()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        assert box.table.rowCount() == 1
        assert "data key replaced" in answered.messages[-1][1]

        old_header = (tmp_path / "vault" / "keyslots.json").read_bytes()

        def change(dialog: QDialog) -> bool:
            assert isinstance(dialog, ChangePassphraseDialog)
            assert dialog.revoke.isChecked()
            dialog.form.first.setText(NEW)
            dialog.form.second.setText(NEW)
            return True

        answered.expect(change)
        box.passphrase_button.click()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        assert "old keys revoked" in answered.messages[-1][1]
        window.close()
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    shutil.copy(tmp_path / "vault" / "records.db", stolen / "records.db")
    (stolen / "keyslots.json").write_bytes(old_header)
    with pytest.raises(WrongPassphraseError):
        unlock_vault(tmp_path / "vault", PASSPHRASE)
    unlock_vault(tmp_path / "vault", NEW).close()


def test_an_older_copy_gets_its_own_screen(qtbot: QtBot, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault_with_a_past(vault)
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        window.lock()
        shutil.copytree(vault, tmp_path / "old")
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        window.lock()  # the witness moves on with this session's events
        for name in ("records.db", "keyslots.json"):
            shutil.copy(tmp_path / "old" / name, vault / name)
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        screen = window.rollback_screen
        assert isinstance(screen, RollbackScreen)
        assert window.workspace is None and window.stack.currentWidget() is screen
        assert "older than the copy last used" in screen.message.text()
        screen.close_button.click()
        assert window.stack.currentWidget() is window.unlock_screen

        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        screen = window.rollback_screen
        assert isinstance(screen, RollbackScreen)
        answered.answers.append(True)
        screen.use_button.click()
        assert _is_open(window) and _no_rollback_screen(window)
        window.lock()
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        assert _is_open(window)  # accepted: no screen again
        window.close()


@pytest.mark.parametrize("inline", [True, False])
def test_a_damaged_vault_opens_read_only_with_the_newest_backup(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inline: bool
) -> None:
    vault = tmp_path / "vault"
    vault_with_a_past(vault)
    with scripted_dialogs(), language("en"):
        open_window(qtbot, tmp_path).close()  # its closing may back up: not the newest then
    with open_workspace(vault, PASSPHRASE, CLOCK) as workspace:
        backup = workspace.backups.create()
    _damage_a_page_the_unlock_does_not_read(vault, tmp_path)
    if not inline:
        monkeypatch.setattr(integrity, "INLINE_CHECK_BYTES", 0)
    with scripted_dialogs() as answered, language("en"):
        window = MainWindow(gui_context(tmp_path))
        qtbot.addWidget(window)
        window.show()
        window.start()
        window.unlock_screen.passphrase.setText(PASSPHRASE)
        window.unlock_screen.unlock()
        finish_unlock(qtbot, window.unlock_screen)
        qtbot.waitUntil(lambda: "read-only" in window.windowTitle(), timeout=30_000)
        warnings = [text for kind, text in answered.messages if kind == "warn"]
        assert any("read-only" in text and backup.name in text for text in warnings)
        window.close()


def _damage_a_page_the_unlock_does_not_read(vault: Path, tmp_path: Path) -> None:
    """From the last page back: the first whose damage still lets the vault open (a page of
    the schema, say, opens nothing at all)."""
    pristine = (vault / "records.db").read_bytes()
    for page in range(len(pristine) // 4096 - 1, 0, -1):
        data = bytearray(pristine)
        data[page * 4096 + random.Random(page).randrange(4096)] ^= 0x10
        (vault / "records.db").write_bytes(bytes(data))
        try:
            with open_workspace(vault, PASSPHRASE, CLOCK, allow_older=True) as opened:
                if opened.integrity.check():
                    (vault / "records.db").write_bytes(bytes(data))  # as it was before opening
                    return
        except VaultDamagedError:
            continue
    raise AssertionError("no page could be damaged without stopping the unlock")
