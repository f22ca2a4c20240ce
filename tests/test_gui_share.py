"""The shared register in the window: Settings, invitation, joining in the assistant, status bar,
background syncs, and the "To review" list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.sharing.joining import join_register
from coursenplus_desk.services.sharing.service import ShareStatus
from coursenplus_desk.services.workspace import create_workspace
from coursenplus_desk.ui import background
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.review_view import ReviewView
from coursenplus_desk.ui.settings_view import SettingsSection
from coursenplus_desk.ui.share_sync import status_text
from coursenplus_desk.ui.wizard import FirstRunWizard
from tests.fast_kdf import FAST_KDF
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    TODAY,
    ScriptedDialogs,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import open_window
from tests.sync_support import START, TickingClock, exchange, first_laptop, join

pytestmark = OFFSCREEN_NOISE


def status(**values: object) -> ShareStatus:
    base: dict[str, object] = {
        "register_id": "r", "laptop_id": "l", "folder": "/f", "last_sync_at": None,
        "pending_changes": 0, "to_review": 0, "laptops": [], "notices": [],
        "unconfirmed_erasures": 0,
    }  # fmt: skip
    base.update(values)
    return ShareStatus(**base)  # type: ignore[arg-type]


def test_the_status_bar_says_when_and_what_waits() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    two_minutes = status(last_sync_at="2026-11-22T11:58:00+00:00")
    with language("fr"):
        assert status_text(two_minutes, now) == "Synchronisé il y a 2 min"
        assert status_text(status(pending_changes=3), now) == "3 modifications en attente"
        assert status_text(status(), now) == "Pas encore synchronisé"
        reviewing = status(last_sync_at="2026-11-22T11:58:00+00:00", to_review=1)
        assert status_text(reviewing, now) == "Synchronisé il y a 2 min · 1 à vérifier"


def wait_for_background(qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10_000)


def share_from_settings(
    qtbot: QtBot, window: MainWindow, answered: ScriptedDialogs, folder: Path
) -> SettingsSection:
    settings = window.section("settings")
    assert isinstance(settings, SettingsSection)
    answered.paths.append(folder)
    settings.share_box.share_button.click()
    assert settings.share_box.sync_button.isVisible() or settings.share_box.invite_button.text()
    return settings


def test_share_invite_and_join_from_settings(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = TickingClock(START)
    with create_workspace(tmp_path / "vault", PASSPHRASE, clock, FAST_KDF) as workspace:
        workspace.people.add(
            PersonDraft(given_name="Zoë", family_name="Dupont", roles=("student",))
        )
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("secrétariat", True))
    with scripted_dialogs() as answered:
        window = open_window(qtbot, tmp_path)
        settings = share_from_settings(qtbot, window, answered, folder)
        assert window.workspace is not None and window.workspace.sharing.is_shared
        wait_for_background(qtbot)
        assert window.share_sync.label.isVisible()
        answered.paths.append(tmp_path / "trésorier.cpinvite")
        settings.share_box.invite_button.click()
        code_message = answered.messages[-1][1]
        code = next(word for word in code_message.split() if word.count("-") == 2)
        assert (tmp_path / "trésorier.cpinvite").is_file()
        assert settings.share_box.model.rowCount() == 2

        # The new laptop joins (the assistant's own test is with the assistant's pages)
        second_vault = join_register(
            tmp_path / "trésorier.cpinvite", code.lower(), folder, tmp_path / "second" / "vault",
            PASSPHRASE, FixedClock.on(TODAY), FAST_KDF,
        )  # fmt: skip
        second_vault.close()
        second = MainWindow(gui_context(tmp_path / "second"))
        qtbot.addWidget(second)
        second.show()
        second.start()
        second.unlock_screen.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(second.opened, timeout=20_000):
            second.unlock_screen.unlock()
        assert second.workspace is not None
        assert second.workspace.people.find("zoe")
        wait_for_background(qtbot)

        # An edit on the second laptop reaches the first with "Sync now" on each
        zoe = second.workspace.people.find("zoe")[0].id
        second.workspace.people.link_guardian(
            second.workspace.people.add(
                PersonDraft(given_name="Marc", family_name="Dupont", roles=("guardian",))
            ),
            zoe,
        )
        second_settings = second.section("settings")
        assert isinstance(second_settings, SettingsSection)
        second_settings.share_box.sync_now()
        wait_for_background(qtbot)
        settings.share_box.sync_now()
        wait_for_background(qtbot)
        assert window.workspace.people.find("marc")
        assert "Synchronised" in window.share_sync.label.text()
        second.lock()
        window.lock()


def test_to_review_lists_a_conflict_and_takes_the_other_value(qtbot: QtBot, tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    zoe_a = a.add("Zoë", "Dupont")
    b = join(a, tmp_path, "b")
    zoe_b = b.person_id(a.uuid(zoe_a))
    assert zoe_b is not None
    a.edit(zoe_a, city="Namur")
    b.edit(zoe_b, city="Liège")
    exchange(a, b)
    view = ReviewView(a.workspace)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 1
    entry = view.model.row(0)
    assert entry is not None and "City" in entry.message()
    view.view.selectRow(0)
    assert view.other_button.isEnabled()
    kept = a.workspace.people.fields(zoe_a).city
    view.take_other()
    assert a.workspace.people.fields(zoe_a).city != kept
    assert view.model.rowCount() == 0
    exchange(a, b)
    assert b.workspace.people.fields(zoe_b).city == a.workspace.people.fields(zoe_a).city
    a.close()
    b.close()


def test_joining_through_the_first_run_assistant(qtbot: QtBot, tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    a.add("Zoë", "Dupont")
    invitation = a.workspace.sharing.invite(tmp_path / "b.cpinvite", "b")
    window = MainWindow(gui_context(tmp_path / "second"))
    qtbot.addWidget(window)
    window.show()
    window.start()
    wizard = window.wizard
    assert isinstance(wizard, FirstRunWizard)
    wizard.start_page.join.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.passphrase_page.first.setText(PASSPHRASE)
    wizard.passphrase_page.second.setText(PASSPHRASE)
    wizard.next()
    page = wizard.join_page
    assert wizard.currentPage() is page and not page.isComplete()
    page.invitation.setText(str(invitation.path))
    page.code.setText(invitation.code.replace("-", " "))
    page.folder.setText(str(a.folder))
    page.name.setText("trésorier")
    assert page.isComplete() and wizard.nextId() == -1
    with qtbot.waitSignal(window.opened, timeout=20_000):
        wizard.accept()
    assert window.workspace is not None
    assert window.workspace.people.find("zoe")
    assert window.workspace.sharing.is_shared
    window.lock()
    a.close()
