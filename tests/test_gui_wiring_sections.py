"""Requests, Retention and Register are real sections of the window, with counts in the sidebar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.retention_actions import Action
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.register_view import RegisterView
from coursenplus_desk.ui.requests_view import RequestsView
from coursenplus_desk.ui.retention_view import RetentionView
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs, wait_idle
from tests.gui_wiring_support import badge, open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def sidebar(window: MainWindow, key: str) -> str:
    return badge(window, key)


def test_the_three_sections_are_the_real_views_with_counts(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        # the scan ran on unlock: the two people last seen in 2019 are overdue
        assert sidebar(window, "retention") == "Retention (2)"
        assert sidebar(window, "requests") == "Requests (2, 1 late)"
        requests = window.section("requests")
        assert isinstance(requests, RequestsView)
        assert requests.model.rowCount() == 2
        retention = window.section("retention")
        assert isinstance(retention, RetentionView)
        wait_idle(qtbot)
        overdue = {f.person_id for f in retention.findings if f.status.value == "overdue"}
        assert sorted(overdue) == list(vault.old_ones)
        register = window.section("register")
        assert isinstance(register, RegisterView)
        assert register.preview.toPlainText().strip()
        window.close()


def test_retention_confirms_through_the_dialogs_and_the_count_follows(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        retention = window.section("retention")
        assert isinstance(retention, RetentionView)
        wait_idle(qtbot)
        retention.action.setCurrentIndex(retention.action.findData(Action.ANONYMISE.value))
        selection = retention.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        selection.select(retention.model.index(0, 0), flags)
        answered.answers.append(False)  # first: refused, nothing happens
        retention.act_selected.click()
        assert answered.messages[-1][0] == "confirm"
        assert "cannot be undone" in answered.messages[-1][1]
        assert sidebar(window, "retention") == "Retention (2)"
        selection.select(retention.model.index(0, 0), flags)
        answered.answers.append(True)
        retention.act_selected.click()
        wait_idle(qtbot)
        assert sidebar(window, "retention") == "Retention (1)"
        assert window.workspace is not None
        assert window.workspace.retention.overdue_count() == 1
        statuses = {
            person: window.workspace.people.get(person).person.status.value
            for person in vault.old_ones
        }
        assert sorted(statuses.values()) == ["active", "anonymised"]
        window.close()


def test_the_request_count_follows_the_register(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        assert window.workspace is not None
        window.workspace.requests.add(
            vault.student, "access", "2026-11-21", requester_id=vault.guardian
        )
        requests = window.section("requests")
        assert isinstance(requests, RequestsView)
        assert sidebar(window, "requests") == "Requests (3, 1 late)"
        assert requests.model.rowCount() == 3
        window.close()


def test_the_register_is_saved_where_the_dialog_says(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    target = tmp_path / "register.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        register = window.section("register")
        assert isinstance(register, RegisterView)
        answered.paths.append(target)
        register._ask_register()
        assert target.read_bytes().startswith(b"%PDF")
        assert register.status.text() == f"Saved in {target}."
        window.close()


def test_no_section_widens_a_laptop_sized_window(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("fr"):  # French labels are the longer ones
        window = open_window(qtbot, tmp_path)
        window.resize(1100, 720)
        widths = {}
        for key in ("people", "courses", "members", "requests", "retention", "register",
                    "settings"):  # fmt: skip
            window.section(key)
            qtbot.wait(1)
            widths[key] = window.width()
        assert set(widths.values()) == {1100}, widths
        window.close()
