"""A new laptop: the first-run assistant restores the vault from a backup, with progress."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.wizard import RESTORE, FirstRunWizard
from tests.backup_support import add_person, erase_person, new_workspace
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    gui_context,
    language,
    scripted_dialogs,
    wait_idle,
)

pytestmark = OFFSCREEN_NOISE


def _lost_laptop(tmp_path: Path) -> Path:
    """A vault with two people backed up on a stick, one erased since; then the laptop is lost."""
    folder = tmp_path / "user" / "vault"
    with new_workspace(folder) as workspace:
        add_person(workspace, "Anna", "Peeters")
        gone = add_person(workspace, "Bram", "Peeters")
        stick = workspace.backups.create(tmp_path / "stick.bak")
        erase_person(workspace, gone)
        workspace.backups.create()  # the rotation folder holds the erasure
    folder.rename(tmp_path / "lost")
    return stick


def test_the_assistant_restores_a_backup_into_the_usual_folder(
    qtbot: QtBot, tmp_path: Path
) -> None:
    stick = _lost_laptop(tmp_path)
    context = gui_context(tmp_path)
    context.folder = tmp_path / "user" / "vault"
    with scripted_dialogs() as answered, language("en"):
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        window.start()
        wizard = window.wizard
        assert isinstance(wizard, FirstRunWizard)
        assert wizard.start_page.restore.text() == "Restore from a backup"
        wizard.start_page.restore.setChecked(True)
        wizard.next()
        assert wizard.currentId() == RESTORE
        page = wizard.restore_page
        assert not page.isComplete()
        answered.paths.append(stick)
        page._choose_backup()
        assert page.backup.text() == str(stick)
        page.passphrase.setText(PASSPHRASE)
        assert page.folder.text() == str(context.folder) and page.isComplete()
        wizard.accept()
        wait_idle(qtbot)
        assert window.workspace is not None
        names = window.workspace.db.column("SELECT given_name FROM person ORDER BY id")
        assert names == ["Anna"]  # the newer backup of the rotation folder lists Bram's erasure
        assert answered.messages[-1][0] == "inform"
        assert "(1 person)" in answered.messages[-1][1]
        assert "1 erased record removed again" in answered.messages[-1][1]
        window.close()


def test_a_folder_that_holds_a_vault_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    stick = _lost_laptop(tmp_path)
    context = gui_context(tmp_path)
    context.folder = tmp_path / "user" / "vault"
    with scripted_dialogs() as answered, language("en"):
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.show()
        window.start()
        wizard = window.wizard
        assert isinstance(wizard, FirstRunWizard)
        wizard.start_page.restore.setChecked(True)
        wizard.restore_page.backup.setText(str(stick))
        wizard.restore_page.passphrase.setText(PASSPHRASE)
        wizard.restore_page.folder.setText(str(tmp_path / "lost"))
        wizard.accept()
        wait_idle(qtbot)
        assert window.workspace is None and window.wizard is wizard
        assert answered.messages[-1][0] == "warn" and "holds a vault" in answered.messages[-1][1]
        window.close()
