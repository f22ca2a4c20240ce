"""The whole day of an administrator, driven through the real windows offscreen.

First run → create the vault → add a student with two guardians → find the
student by a partial, accent-less name → edit and undo → lock → a wrong
passphrase is refused with a message → unlock.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.errors import WrongPassphraseError
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.ui.family_links import LinkDialog
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.person_form import PersonFormDialog
from coursenplus_desk.ui.wizard import FirstRunWizard
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    DialogHandler,
    ScriptedDialogs,
    finish_unlock,
    gui_context,
    scripted_dialogs,
)

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def answered() -> Iterator[ScriptedDialogs]:
    with scripted_dialogs() as scripted:
        yield scripted


def fill_person(given: str, family: str) -> DialogHandler:
    def handler(dialog: QDialog) -> bool:
        assert isinstance(dialog, PersonFormDialog)
        dialog.form.edits["given_name"].setText(given)
        dialog.form.edits["family_name"].setText(family)
        dialog.save()
        return dialog.person_id is not None

    return handler


def opened_workspace(window: MainWindow) -> Workspace:
    assert window.workspace is not None, "the vault is locked"
    return window.workspace


def create_vault_through_wizard(qtbot: QtBot, window: MainWindow) -> None:
    wizard = window.wizard
    assert isinstance(wizard, FirstRunWizard)
    qtbot.waitExposed(wizard)
    assert wizard.start_page.new_vault.isChecked()
    wizard.next()  # a new vault
    wizard.next()  # in the folder proposed
    page = wizard.passphrase_page
    page.first.setText("short")
    assert not page.isComplete()
    assert page.hint.text()
    QTest.keyClicks(page.first, PASSPHRASE[5:])
    page.first.setText(PASSPHRASE)
    page.second.setText(PASSPHRASE + "!")
    assert not page.isComplete()
    page.second.setText(PASSPHRASE)
    assert page.isComplete()
    assert page.meter.value() >= 2
    wizard.next()
    wizard.association_page.name.setText("Cours en Plus ASBL")
    wizard.association_page.privacy_contact.setText("vie-privee@example.org")
    wizard.next()
    with qtbot.waitSignal(window.opened, timeout=10_000):
        wizard.accept()


def link_as(relationship: str, main_contact: bool | None) -> DialogHandler:
    """Answer the family link's questions; `main_contact` None keeps what is proposed."""

    def answer(dialog: QDialog) -> bool:
        assert isinstance(dialog, LinkDialog)
        if main_contact is None:
            assert dialog.primary.isChecked()
        else:
            dialog.primary.setChecked(main_contact)
        dialog.relationship.setCurrentText(relationship)
        return True

    return answer


def test_first_run_to_unlock(qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs) -> None:
    context = gui_context(tmp_path)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.start()
    create_vault_through_wizard(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    assert workspace.settings.organisation().name == "Cours en Plus ASBL"

    # a student with two guardians
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    answered.expect(fill_person("Zoë", "Ørsted-Lefèvre"))
    window.new_person_action.trigger()
    page = people.page
    assert page is not None
    student_id = page.person_id
    answered.expect(fill_person("Marc", "Ørsted"))
    answered.expect(link_as("father", main_contact=None))  # the first one: main contact
    page.family.new_guardian()
    answered.expect(fill_person("Hélène", "Dubois"))
    answered.expect(link_as("mother", main_contact=False))
    page.family.new_guardian()
    details = workspace.people.get(student_id)
    assert sorted((link.full_name, link.relationship, link.primary_contact)
                  for link in details.guardians) == [
        ("Hélène Dubois", "mother", False), ("Marc Ørsted", "father", True),
    ]  # fmt: skip
    assert people.page is not None
    assert people.page.family.guardian_links.rowCount() == 2
    assert any(e.action == "person.view" for e in AuditStore(workspace.db).events(student_id))

    # search as you type, accent-less and partial
    window.find_action.trigger()
    search = people.list.search
    QTest.keyClicks(search, "zoe ors")
    qtbot.waitUntil(lambda: people.list.model.total() == 1, timeout=3000)
    assert people.list.model.person_id(0) == student_id
    search.clear()
    QTest.keyClicks(search, "orst")
    qtbot.waitUntil(lambda: people.list.model.total() == 2, timeout=3000)

    # a bad value shows its message beside the field, and nothing is saved
    form = people.page.identity.form
    form.edits["email"].setText("not an address")
    people.page.identity.save()
    assert form.errors["email"].isVisibleTo(form)
    assert form.errors["email"].text()
    assert workspace.people.fields(student_id).email is None

    # edit, then undo and redo
    form.edits["email"].setText("")
    form.edits["given_name"].setText("Zoé")
    QTest.mouseClick(people.page.identity.save_button, Qt.MouseButton.LeftButton)
    assert workspace.people.fields(student_id).given_name == "Zoé"
    assert window.undo_action.isEnabled()
    window.activateWindow()  # the window's shortcuts act in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keySequence(window, QKeySequence("Ctrl+Z"))
    assert workspace.people.fields(student_id).given_name == "Zoë"
    assert people.page.identity.form.edits["given_name"].text() == "Zoë"
    QTest.keySequence(window, QKeySequence("Ctrl+Shift+Z"))
    assert workspace.people.fields(student_id).given_name == "Zoé"
    # undo while another person's page is shown: back to the student, undone
    people.open_person(details.guardians[0].person_id)
    window.undo_action.trigger()
    assert workspace.people.fields(student_id).given_name == "Zoë"
    assert people.page is not None and people.page.person_id == student_id

    # lock (Ctrl+L): the views go away with the connection
    QTest.keySequence(window, QKeySequence("Ctrl+L"))
    assert window.workspace is None
    assert not workspace.vault.is_open
    assert window.view is None
    assert window.stack.currentWidget() is window.unlock_screen
    assert not window.undo_action.isEnabled()

    # a wrong passphrase is refused in the window, with a message
    screen = window.unlock_screen
    QTest.keyClicks(screen.passphrase, "wrong horse battery")
    screen.button.click()
    finish_unlock(qtbot, screen)
    assert window.workspace is None
    assert screen.error.isVisibleTo(screen)
    assert screen.error.text() == WrongPassphraseError(N_("Wrong passphrase.")).message()

    # the right one opens the vault again, on the People section
    screen.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(window.opened):
        screen.button.click()
        finish_unlock(qtbot, screen)
    reopened = opened_workspace(window)
    assert reopened.people.fields(student_id).given_name == "Zoë"
    assert not [kind for kind, _text in answered.messages if kind == "warn"]
    window.close()
