"""A person's page: family links both ways with confirmation, and what its forms accept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.ui.family_links import LinkDialog
from coursenplus_desk.ui.formats import date_input, format_date
from coursenplus_desk.ui.passphrase import strength
from coursenplus_desk.ui.people_view import PeopleList
from coursenplus_desk.ui.person_page import PersonPage
from coursenplus_desk.ui.person_picker import PersonPicker
from tests.gui_support import (
    OFFSCREEN_NOISE,
    ScriptedDialogs,
    demo_workspace,
    language,
    scripted_dialogs,
)

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with demo_workspace(tmp_path / "vault", people=20) as workspace:
        yield workspace


@pytest.fixture
def answered() -> Iterator[ScriptedDialogs]:
    with scripted_dialogs() as scripted, language("en"):
        yield scripted


def test_link_an_existing_child_then_remove_the_link_after_confirming(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    parent = workspace.people.add(PersonDraft("Nadia", "Haddad", roles=("guardian",)))
    child = workspace.people.add(PersonDraft("Yanis", "Haddad", roles=("student",)))
    page = PersonPage(workspace, parent, QUndoStack())
    qtbot.addWidget(page)

    def pick(dialog: QDialog) -> bool:
        assert isinstance(dialog, PersonPicker)
        dialog.list.search.setText("yanis hadd")
        dialog.list.search.returnPressed.emit()  # Enter searches at once
        assert dialog.list.model.total() == 1
        dialog.list.table.selectRow(0)
        dialog.buttons.accepted.emit()
        return dialog.person_id == child

    def mother(dialog: QDialog) -> bool:
        assert isinstance(dialog, LinkDialog)
        assert dialog.note.text() == "Nadia Haddad is a parent or guardian of Yanis Haddad."
        assert dialog.primary.isChecked()  # her only guardian
        dialog.relationship.setCurrentText("mother")
        return True

    answered.expect(pick)
    answered.expect(mother)
    page.family.link_child()
    page.reload()
    assert [link.person_id for link in workspace.people.get(parent).children] == [child]
    assert page.family.child_links.rowCount() == 1
    model = page.family.child_links
    shown = [model.index(0, column).data() for column in range(3)]
    assert shown == ["Yanis Haddad", "mother", "yes"]

    def not_main(dialog: QDialog) -> bool:
        assert isinstance(dialog, LinkDialog)
        assert dialog.relationship.currentText() == "mother"
        dialog.primary.setChecked(False)
        return True

    answered.expect(not_main)  # a double-click on the relationship edits the link
    page.family.child_view.doubleClicked.emit(model.index(0, 1))
    assert workspace.people.get(child).guardians[0].primary_contact is False
    opened: list[int] = []
    page.open_person.connect(opened.append)
    page.family.child_view.doubleClicked.emit(model.index(0, 0))  # on the name: opens the child
    assert opened == [child]

    page.family.child_view.selectRow(0)
    answered.answers.append(False)
    page.family.unlink(guardian_side=False)
    assert workspace.people.get(parent).children  # refused: still linked
    page.family.unlink(guardian_side=False)
    page.reload()
    assert workspace.people.get(parent).children == ()
    assert [kind for kind, _text in answered.messages] == ["confirm", "confirm"]
    actions = [e.action for e in AuditStore(workspace.db).events(child)]
    assert "family.link" in actions and "family.unlink" in actions


def test_a_bad_birth_date_is_explained_as_typed(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    person = workspace.people.add(PersonDraft("Inès", "Lambert", roles=("student",)))
    page = PersonPage(workspace, person, QUndoStack())
    qtbot.addWidget(page)
    form = page.identity.form
    form.edits["birth_date"].setText("31/02/2015")
    page.identity.save()
    assert form.errors["birth_date"].text() == "“31/02/2015” is not a valid date (DD/MM/YYYY)."
    form.edits["birth_date"].setText("3/9/2015")
    page.identity.save()
    assert workspace.people.fields(person).birth_date == date(2015, 9, 3)
    assert form.edits["birth_date"].text() == "03/09/2015"


@given(st.dates(min_value=date(1000, 1, 1)))
def test_dates_are_shown_with_four_digit_years_and_read_back(day: date) -> None:
    shown = format_date(day)
    assert shown.endswith(f"/{day.year:04d}")
    assert date_input(shown) == day.isoformat()


def test_longer_passphrases_are_stronger() -> None:
    assert strength("short") == 0
    assert strength("abcdefgh") < strength("correct horse battery staple")
    assert strength("aaaaaaaaaaaaaaaaaaaa") <= 2


def test_a_payment_is_added_and_shown_in_euros(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    person = workspace.people.add(PersonDraft("Omar", "Benali", roles=("guardian",)))
    page = PersonPage(workspace, person, QUndoStack())
    qtbot.addWidget(page)
    tab = page.payments
    tab.amount.setText("45,50")
    tab.purpose.setText("second term")
    tab.add_payment()
    assert [p.amount_cents for p in workspace.records.payments(person)] == [4550]
    assert tab.payments.data(tab.payments.index(0, 1)) == "€45.50"
    tab.amount.setText("-3")
    tab.add_payment()
    assert answered.messages[-1] == ("warn", "An amount cannot be negative.")
    assert len(workspace.records.payments(person)) == 1
    tab.fee.setText("20")
    tab.add_membership()
    [membership] = workspace.records.memberships(person)
    assert (membership.starts_on, membership.ends_on) == (date(2026, 9, 1), date(2027, 8, 31))
    assert tab.memberships.data(tab.memberships.index(0, 2)) == "€20.00"


def test_typing_searches_once_typing_pauses(
    qtbot: QtBot, workspace: Workspace, answered: ScriptedDialogs
) -> None:
    people = PeopleList(workspace)
    qtbot.addWidget(people)
    found: list[int] = []
    people.model.modelReset.connect(lambda: found.append(people.model.total()))
    QTest.keyClicks(people.search, "zzq")
    assert found == []  # nothing yet: the search waits for a pause
    qtbot.waitUntil(lambda: found != [], timeout=2000)
    qtbot.wait(400)
    assert found == [0]
    assert people.count.text() == "0 people"
