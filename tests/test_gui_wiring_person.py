"""A person's page: consents, their requests with "New request…", their retention dates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.requests import RequestKind
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui.consent_panel import ConsentPanel
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.person_page import PersonPage
from coursenplus_desk.ui.person_requests import NewRequestDialog, PersonRequestsTab
from coursenplus_desk.ui.requests_view import RequestsView
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    TODAY,
    check_model,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import badge, open_window, vault_with_a_past

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester

pytestmark = OFFSCREEN_NOISE


def page_of(window: MainWindow, person_id: int) -> PersonPage:
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.open_person(person_id)
    assert people.page is not None and people.page.person_id == person_id
    return people.page


def test_consents_are_given_on_the_page(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        page = page_of(window, vault.student)
        assert isinstance(page.consents, ConsentPanel)
        # a child: the guardian gives consent, chosen for us
        assert page.consents.giver.currentData() == vault.guardian
        grant = page.consents.findChild(QPushButton, "grant-photos")
        assert grant is not None
        grant.click()
        assert window.workspace is not None
        current = window.workspace.consent.current(vault.student)
        assert "photos" in current
        assert current["photos"].given_by_id == vault.guardian
        assert page.consents.findChild(QPushButton, "withdraw-photos") is not None
        window.close()


def test_a_new_request_from_the_page_asked_by_a_guardian(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        assert window.view is not None
        assert badge(window, "requests") == "Requests (2, 1 late)"
        page = page_of(window, vault.student)
        assert isinstance(page.requests, PersonRequestsTab)
        assert page.requests.model.rowCount() == 0

        def fill(dialog: QDialog) -> bool:
            assert isinstance(dialog, NewRequestDialog)
            names = [dialog.requester.itemText(i) for i in range(dialog.requester.count())]
            assert names == [
                "the person themselves", "Łukasz Dąbrowski",
                "a representative with a mandate (lawyer, association…)",
            ]  # fmt: skip
            assert not dialog.representative.isEnabled()
            dialog.kind.setCurrentIndex(dialog.kind.findData("erasure"))
            dialog.channel.setCurrentIndex(dialog.channel.findData("letter"))
            dialog.requester.setCurrentIndex(1)
            dialog.received.setText("21/11/2026")
            return True

        answered.expect(fill)
        page.requests.new_request()
        assert page.requests.model.rowCount() == 1
        assert page.requests.model.index(0, 2).data() == "erasure of the data"
        assert window.workspace is not None
        request = window.workspace.requests.of_person(vault.student)[0]
        assert request.kind is RequestKind.ERASURE
        assert request.requester_id == vault.guardian
        assert request.received_on.isoformat() == "2026-11-21"
        assert badge(window, "requests") == "Requests (3, 1 late)"
        window.close()


def test_a_request_in_the_future_is_refused_with_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        page = page_of(window, vault.student)

        def future(dialog: QDialog) -> bool:
            assert isinstance(dialog, NewRequestDialog)
            dialog.received.setText("01/01/2027")
            return True

        answered.expect(future)
        page.requests.new_request()
        assert answered.messages == [("warn", "This date is in the future.")]
        assert page.requests.model.rowCount() == 0
        window.close()


def test_retention_dates_on_the_identity_tab(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        old = page_of(window, vault.old_ones[0]).identity.retention.label.text()
        assert "identity and course data: kept until 01/05/2024 (counted from 01/05/2019)" in old
        young = page_of(window, vault.student).identity.retention.label.text()
        assert "kept until 01/05/2024" not in young
        window.close()


def test_the_page_requests_model_passes_the_checks(
    qtbot: QtBot, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with open_workspace(tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        page = PersonPage(workspace, vault.guardian, QUndoStack())
        qtbot.addWidget(page)
        assert page.requests.model.rowCount() == 2
        assert "(overdue)" in page.requests.model.index(0, 4).data()
        check_model(qtmodeltester, page.requests.model)


def test_the_requests_section_shows_a_request_made_on_a_page(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        requests = window.section("requests")
        assert isinstance(requests, RequestsView)
        assert requests.model.rowCount() == 2
        page = page_of(window, vault.old_ones[1])
        answered.expect(lambda dialog: True)  # the proposed values: access, today, by e-mail
        page.requests.new_request()
        assert window.section("requests") is requests
        assert requests.model.rowCount() == 3
        assert requests.summary.text() == "3 open, 1 overdue"
        window.close()
