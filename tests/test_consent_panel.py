"""The consent panel on a person's page: one click to grant, one to withdraw."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QDialog, QPushButton
from pytestqt.qtbot import QtBot

from coursenplus_desk.i18n import set_language
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.consent_panel import ConfirmConsentDialog, ConsentPanel
from tests.consent_helpers import add_person, new_workspace
from tests.gui_support import scripted_dialogs


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    set_language("en")
    opened = new_workspace(tmp_path / "vault")
    yield opened
    opened.close()


def _button(panel: ConsentPanel, name: str) -> QPushButton:
    button = panel.findChild(QPushButton, name)
    assert isinstance(button, QPushButton), name
    return button


def _text(panel: ConsentPanel, row: int, column: int) -> str:
    item = panel.history.item(row, column)
    assert item is not None
    return item.text()


def test_grant_and_withdraw_are_one_click_each(qtbot: QtBot, workspace: Workspace) -> None:
    adult = add_person(workspace, "Marc", "Dubois", "member")
    panel = ConsentPanel(workspace, adult)
    qtbot.addWidget(panel)

    with qtbot.waitSignal(panel.changed):
        _button(panel, "grant-photos").click()
    assert set(workspace.consent.current(adult)) == {"photos"}
    assert panel.history.rowCount() == 1

    with qtbot.waitSignal(panel.changed):
        _button(panel, "withdraw-photos").click()
    assert workspace.consent.current(adult) == {}
    [consent] = workspace.consent.history(adult)
    assert consent.withdrawn_on == workspace.clock.today()
    assert _text(panel, 0, 4) == "22/11/2026"
    assert _button(panel, "grant-photos").text() == "Grant"


def test_a_young_child_is_granted_by_the_guardian_and_refusals_show_inline(
    qtbot: QtBot, workspace: Workspace
) -> None:
    mother = add_person(workspace, "Nadia", "Haddad", "guardian")
    child = add_person(workspace, "Lina", "Haddad", "student", guardians=(mother,),
                       birth_date="2016-02-10")  # fmt: skip
    panel = ConsentPanel(workspace, child)
    qtbot.addWidget(panel)
    assert panel.giver.currentData() == mother

    assert panel.grant("newsletter") is True
    assert workspace.consent.history(child)[0].given_by_id == mother
    assert _text(panel, 0, 5) == "Nadia Haddad"

    panel.giver.setCurrentIndex(0)  # the child alone
    assert panel.grant("photos") is False
    assert "13" in panel.message.text()
    assert "photos" not in workspace.consent.current(child)


def test_an_email_consent_waits_for_its_confirmation_a_signed_form_does_not(
    qtbot: QtBot, workspace: Workspace
) -> None:
    adult = add_person(workspace, "Marc", "Dubois", "member")
    panel = ConsentPanel(workspace, adult)
    qtbot.addWidget(panel)
    panel.method.setCurrentIndex(panel.method.findData("email"))
    _button(panel, "grant-newsletter").click()
    assert workspace.consent.current(adult)["newsletter"].confirmed_on is None  # not yet

    def confirmed(dialog: QDialog) -> bool:
        assert isinstance(dialog, ConfirmConsentDialog)
        dialog.confirmed_on.setText("22/11/2026")
        return True

    with scripted_dialogs() as answered:
        answered.expect(confirmed)
        _button(panel, "confirm-newsletter").click()
    assert workspace.consent.current(adult)["newsletter"].confirmed_on == workspace.clock.today()
    assert confirm_buttons(panel) == []
    assert _text(panel, 0, 3) == "22/11/2026"

    panel.method.setCurrentIndex(panel.method.findData("form"))
    panel.evidence.setText("form no. 2026-14, blue binder")
    _button(panel, "grant-photos").click()
    photos = next(c for c in workspace.consent.history(adult) if c.purpose == "photos")
    assert (photos.confirmed_on, photos.evidence) == (
        workspace.clock.today(), "form no. 2026-14, blue binder"
    )  # fmt: skip
    assert confirm_buttons(panel) == []
    assert panel.evidence.text() == ""
    assert _text(panel, 0, 7) == "form no. 2026-14, blue binder"


def confirm_buttons(panel: ConsentPanel) -> list[str]:
    cells = [panel.current.cellWidget(row, 3) for row in range(panel.current.rowCount())]
    return [cell.objectName() for cell in cells if cell is not None]
