"""Members and payments in the windows: applications confirmed once the fee is received, the
members register saved as a PDF, and a parent paying for a child with a bank reference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.ui import background
from coursenplus_desk.ui.members_view import (
    ApplicationDialog,
    ConfirmDialog,
    DepartureDialog,
    MembersSection,
)
from coursenplus_desk.ui.person_page import PersonPage
from coursenplus_desk.ui.saved_document import SavedDocument
from coursenplus_desk.ui.table_model import RowsModel
from tests.fast_kdf import FAST_KDF
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    DialogHandler,
    ScriptedDialogs,
    language,
    scripted_dialogs,
)
from tests.request_gui_support import Opened, accept, opened, text_of

__all__ = ["opened"]

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def workspace(vault_dir: Path, clock: FixedClock) -> Iterator[Workspace]:
    """As the windows open it: the background worker borrows the connection."""
    with create_workspace(vault_dir, PASSPHRASE, clock, FAST_KDF) as opened_workspace:
        yield opened_workspace


@pytest.fixture
def answered() -> Iterator[ScriptedDialogs]:
    with scripted_dialogs() as scripted, language("en"):
        yield scripted


def rows(model: RowsModel[Any]) -> list[list[str]]:
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_an_application_confirmed_then_in_the_register(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs, tmp_path: Path, opened: Opened
) -> None:
    section = MembersSection(workspace)
    qtbot.addWidget(section)

    def apply(dialog: QDialog) -> bool:
        assert isinstance(dialog, ApplicationDialog)
        assert (dialog.starts.text(), dialog.ends.text()) == ("01/09/2026", "31/08/2027")
        dialog.given.setText("Ana")
        dialog.family.setText("Peeters")
        dialog.email.setText("ana@example.org")
        dialog.fee.setText("25")
        return accept(dialog)

    answered.expect(apply)
    section.new_button.click()
    assert rows(section.applications) == [
        ["Ana Peeters", "22/11/2026", "01/09/2026", "31/08/2027", "€25.00"]
    ]
    assert section.register.rowCount() == 0

    def paid(dialog: QDialog) -> bool:
        assert isinstance(dialog, ConfirmDialog)
        dialog.method.setCurrentIndex(0)  # bank transfer
        dialog.paid_on.setText("20/11/2026")
        return accept(dialog)

    section.application_view.selectRow(0)
    answered.expect(paid)
    section.confirm_button.click()
    assert section.applications.rowCount() == 0
    assert section.message.text() == "Ana Peeters is a member and entered in the register."
    assert rows(section.register) == [["Ana Peeters", "", "22/11/2026", ""]]

    register = tmp_path / "register.pdf"
    answered.paths.append(register)
    answered.expect(lambda dialog: isinstance(dialog, SavedDocument) and _open(dialog))
    section.pdf_button.click()
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
    assert "Ana Peeters" in text_of(register)
    assert opened == [("viewer", register)]

    def left(on: str) -> DialogHandler:
        def answer(dialog: QDialog) -> bool:
            assert isinstance(dialog, DepartureDialog)
            dialog.left_on.setText(on)
            return accept(dialog)

        return answer

    section.register_view.selectRow(0)
    answered.expect(left("21/11/2026"))  # before she was admitted
    section.depart_button.click()
    assert answered.messages[-1] == ("warn", "The end date comes before the start date.")
    answered.expect(left("22/11/2026"))
    section.depart_button.click()
    assert rows(section.register)[0][3] == "22/11/2026"


def _open(dialog: SavedDocument) -> bool:
    dialog.open_button.click()
    return True


def test_a_withdrawn_application_takes_the_unknown_applicant_with_it(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    workspace.membership.apply("Bo", "Lind", "2026-11-01", "2026-09-01", "2027-08-31", "25")
    section = MembersSection(workspace)
    qtbot.addWidget(section)
    section.application_view.selectRow(0)
    answered.answers.append(False)
    section.withdraw_button.click()
    assert section.applications.rowCount() == 1  # stepped back
    section.withdraw_button.click()
    assert section.applications.rowCount() == 0
    assert workspace.people.find("lind") == []
    assert [kind for kind, _text in answered.messages] == ["confirm", "confirm"]


def test_a_parent_pays_for_the_child_with_a_reference(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    mother = workspace.people.add(PersonDraft("Nadia", "Haddad", roles=("guardian",)))
    child = workspace.people.add(PersonDraft("Yanis", "Haddad", roles=("student",)), (mother,))
    page = PersonPage(workspace, child, QUndoStack())
    qtbot.addWidget(page)
    tab = page.payments
    assert [tab.payer.itemText(i) for i in range(tab.payer.count())] == [
        "Yanis Haddad",
        "Nadia Haddad",
    ]
    tab.payer.setCurrentIndex(1)
    tab.amount.setText("120")
    tab.purpose.setText("first term")
    tab.reference.setText("+++090/9337/55493+++")
    tab.add_payment()
    assert answered.messages == []
    assert rows(tab.payments) == [
        ["22/11/2026", "€120.00", "Nadia Haddad", "Yanis Haddad", "first term",
         "+++090/9337/55493+++"]
    ]  # fmt: skip
    payment = workspace.records.payments(mother)[0]
    assert (payment.payer_id, payment.for_person_id) == (mother, child)

    mother_page = PersonPage(workspace, mother, QUndoStack())
    qtbot.addWidget(mother_page)
    assert rows(mother_page.payments.payments)[0][2:4] == ["Nadia Haddad", "Yanis Haddad"]


def test_a_membership_confirmed_from_the_person_page(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    person = workspace.people.add(PersonDraft("Ines", "Lambert", roles=("member",)))
    page = PersonPage(workspace, person, QUndoStack())
    qtbot.addWidget(page)
    tab = page.payments
    tab.fee.setText("30")
    tab.add_membership()
    assert rows(tab.memberships)[0][4] == "applied, fee not received"
    tab.confirm_button.click()
    assert answered.messages[-1] == ("inform", "Choose a membership waiting for its fee first.")
    tab.membership_view.selectRow(0)
    answered.expect(accept)
    tab.confirm_button.click()
    assert rows(tab.memberships)[0][3:] == ["22/11/2026", "confirmed"]
    assert [entry.full_name for entry in workspace.membership.register()] == ["Ines Lambert"]
