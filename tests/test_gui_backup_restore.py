"""Settings → Backups: restore a backup into a new folder, verify a backup file, check the vault."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui import background
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.restore_backup import BackupPassphraseDialog, RestoreDialog
from coursenplus_desk.ui.settings_view import SettingsSection
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    TODAY,
    DialogHandler,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def settings_of(window: MainWindow) -> SettingsSection:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    return settings


def done(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)


def with_passphrase(passphrase: str) -> DialogHandler:
    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, BackupPassphraseDialog)
        dialog.passphrase.setText(passphrase)
        return True

    return answer


def test_back_up_then_verify_restore_and_check(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    stick, restored = tmp_path / "stick", tmp_path / "restored"
    stick.mkdir()
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        box = settings_of(window).backups
        answered.paths.append(stick)
        box.choose_button.click()
        assert box.latest_label.text() == "There is no backup in this folder yet."
        box.backup_button.click()
        done(qtbot)
        assert box.latest_label.text().startswith("1 backup in the folder, the latest taken on")
        [made] = sorted(stick.iterdir())

        answered.paths.append(made)
        answered.expect(with_passphrase("not the passphrase"))
        box.verify_backup_button.click()
        done(qtbot)
        assert answered.messages[-1] == ("warn", "Wrong passphrase.")
        answered.paths.append(made)
        answered.expect(with_passphrase(PASSPHRASE))
        box.verify_backup_button.click()
        done(qtbot)
        kind, text = answered.messages[-1]
        assert kind == "inform" and text.startswith("The backup is intact: 4 people, taken on")

        def restore_into(dialog: QDialog) -> bool:
            assert isinstance(dialog, RestoreDialog)
            assert dialog.backups.count() == 1 and dialog.source() == made
            dialog.passphrase.setText(PASSPHRASE)
            dialog.target.setText(str(restored))
            return True

        answered.expect(restore_into)
        box.restore_button.click()
        done(qtbot)
        assert answered.messages[-1] == (
            "inform",
            f"Backup restored into {restored} (4 people).\n0 erased records removed again.",
        )
        answered.expect(restore_into)  # the same folder again: it now holds a vault
        box.restore_button.click()
        done(qtbot)
        assert answered.messages[-1][0] == "warn"
        assert f"The folder {restored} holds a vault" in answered.messages[-1][1]

        box.check_button.click()
        done(qtbot)
        assert answered.messages[-1] == (
            "inform", "The vault is intact: every page passed its integrity check."
        )  # fmt: skip
        window.close()
    with open_workspace(restored, PASSPHRASE, FixedClock.on(TODAY)) as copy:
        assert len(copy.people.find("dabrowski")) == 2
