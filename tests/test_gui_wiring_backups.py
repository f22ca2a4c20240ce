"""Backups on lock and close, pruning on unlock; Settings' backups, audit trail, retention."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui import background
from coursenplus_desk.ui.audit_view import AuditDialog
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.retention_view import RetentionView
from coursenplus_desk.ui.settings_view import SettingsSection
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    TODAY,
    check_model,
    finish_unlock,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import Vault, badge, open_window, vault_with_a_past

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester

pytestmark = OFFSCREEN_NOISE


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("cpdesk-*")) if folder.is_dir() else []


def unlock(qtbot: QtBot, window: MainWindow) -> None:
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    finish_unlock(qtbot, window.unlock_screen)
    assert window.workspace is not None


def edit_someone(window: MainWindow, vault: Vault) -> None:
    assert window.workspace is not None
    window.workspace.people.link_guardian(vault.guardian, vault.old_ones[0])


def test_unlock_prunes_the_old_events_and_the_trail_still_verifies(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault_with_a_past(tmp_path / "vault")
    with open_workspace(tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        assert sum(event.at.year == 2019 for event in workspace.audit_trail.events()) == 3
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        assert window.workspace is not None
        trail = window.workspace.audit_trail
        qtbot.waitUntil(lambda: any(e.action == "audit.prune" for e in trail.events()))
        events = trail.events()
        # changes are kept five years: only the anchor of the chain is left of 2019
        assert sum(event.at.year == 2019 for event in events) <= 1
        assert any(event.action == "audit.prune" for event in events)
        assert trail.verify() == trail.chain.state().count
        window.close()


def test_the_first_screen_shows_before_the_page_check_and_the_pruning_after_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Pruning is a write, and a write waits for every page's check: before the first
    screen it held the window back for the whole check (seconds on a large vault)."""
    vault_with_a_past(tmp_path / "vault")
    seen: list[tuple[bool, bool]] = []
    with scripted_dialogs(), language("en"):
        window = MainWindow(gui_context(tmp_path))
        qtbot.addWidget(window)

        def opened() -> None:
            assert window.workspace is not None
            pruned = any(e.action == "audit.prune" for e in window.workspace.audit_trail.events())
            seen.append((window.workspace.integrity.checked, pruned))

        window.opened.connect(opened)
        window.show()
        window.start()
        unlock(qtbot, window)
        assert seen == [(False, False)]  # shown: nothing has waited for the check
        assert window.workspace is not None
        workspace = window.workspace
        qtbot.waitUntil(lambda: workspace.integrity.checked)
        qtbot.waitUntil(
            lambda: any(e.action == "audit.prune" for e in workspace.audit_trail.events())
        )
        window.close()


def test_lock_backs_up_only_when_something_changed(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    folder = tmp_path / "backups"  # next to the vault, by default
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        window.lock()  # the pruning on unlock is a change
        assert len(backups_in(folder)) == 1
        unlock(qtbot, window)
        window.lock()
        assert len(backups_in(folder)) == 1  # nothing changed: no new backup
        unlock(qtbot, window)
        edit_someone(window, vault)
        window.close()  # closing backs up too
        assert len(backups_in(folder)) == 2
        assert answered.messages == []


def test_a_failed_backup_is_told_and_the_vault_still_locks(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with open_workspace(tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        workspace.backups.set_folder(tmp_path / "unplugged" / "stick")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        edit_someone(window, vault)
        window.lock()
        assert window.workspace is None
        assert answered.messages[-1][0] == "warn"
        assert answered.messages[-1][1].startswith("No backup could be made: The backup folder")
        window.close()


def settings_of(window: MainWindow) -> SettingsSection:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    return settings


def test_settings_choose_the_folder_back_up_now_and_verify(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    stick = tmp_path / "stick"
    stick.mkdir()
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        box = settings_of(window).backups
        answered.paths.append(tmp_path / "vault" / "inside")
        box.choose_button.click()
        assert answered.messages[-1] == ("warn", "Backups must be kept outside the vault folder.")
        answered.paths.append(stick)
        box.choose_button.click()
        assert str(stick) in box.folder_label.text()
        box.backup_button.click()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        made = backups_in(stick)
        assert len(made) == 1
        assert answered.messages[-1] == ("inform", f"Backup saved in {made[0]}.")
        box.verify_button.click()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        kind, text = answered.messages[-1]
        assert kind == "inform" and text.startswith("The audit trail is intact (")
        window.close()


def test_the_audit_trail_from_settings_with_a_person_filter(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        seen: list[set[str]] = []

        def look(dialog: QDialog) -> bool:
            assert isinstance(dialog, AuditDialog)
            everyone = {dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())}
            dialog.person.setValue(vault.student)
            one = {dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())}
            whats = {dialog.model.index(r, 1).data() for r in range(dialog.model.rowCount())}
            seen.extend([everyone, one, whats])
            return False

        answered.expect(look)
        settings_of(window).backups.audit_button.click()
        everyone, one, whats = seen
        assert {"", str(vault.student), str(vault.guardian)} <= everyone
        assert one == {str(vault.student)}
        assert "created" in whats
        window.close()


def test_the_audit_model_passes_the_checks(
    qtbot: QtBot, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    vault_with_a_past(tmp_path / "vault")
    with open_workspace(tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        dialog = AuditDialog(workspace)
        qtbot.addWidget(dialog)
        assert dialog.model.rowCount() > 0
        check_model(qtmodeltester, dialog.model)


def test_retention_periods_in_settings(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        assert window.view is not None
        assert badge(window, "retention") == "Retention (2)"
        box = settings_of(window).retention
        identity = box.years[Category.IDENTIFICATION]
        assert identity.value() == 5
        identity.setValue(8)  # last seen in May 2019: kept until May 2027 now
        box.save_button.click()
        assert window.workspace is not None
        assert window.workspace.retention.policies().of(Category.IDENTIFICATION) == 8
        retention = window.section("retention")
        assert isinstance(retention, RetentionView)
        assert not any(f.status.value == "overdue" for f in retention.findings)
        assert badge(window, "retention") == "Retention"
        box.years[Category.FINANCIAL].setValue(3)
        box.save_button.click()
        assert answered.messages[-1][1].startswith("Accounting records must be kept at least 7")
        assert box.years[Category.FINANCIAL].value() == 10  # the stored value again
        window.close()
