"""What a French-speaking administrator stumbled on, each checked in the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QDialog, QLabel, QWizard
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.domain.validation import display_phone
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.import_wizard import ImportWizard
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.person_picker import PersonPicker
from coursenplus_desk.ui.wizard import FirstRunWizard
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    ScriptedDialogs,
    finish_unlock,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import Vault, open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return vault_with_a_past(tmp_path / "vault")


@pytest.fixture
def answered() -> Iterator[ScriptedDialogs]:
    with scripted_dialogs() as scripted, language("fr"):
        yield scripted


def people_of(window: MainWindow) -> PeopleSection:
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    return people


def settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()


def window_of_width(qtbot: QtBot, tmp_path: Path, width: int) -> MainWindow:
    """The window as the administrator has it when the vault opens."""
    window = MainWindow(gui_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(width, 900)
    window.show()
    window.start()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    finish_unlock(qtbot, window.unlock_screen)
    return window


def test_every_tab_of_a_person_is_in_sight_at_1440_pixels(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = window_of_width(qtbot, tmp_path, 1440)
    people = people_of(window)
    people.open_person(vault.student)
    settle()
    assert window.width() == 1440  # the window did not have to grow for the page
    page = people.page
    assert page is not None
    bar = page.tabs.tabBar()
    titles = [bar.tabText(i) for i in range(bar.count())]
    assert "Demandes" in titles
    for index in range(bar.count()):
        assert bar.rect().contains(bar.tabRect(index)), bar.tabText(index)
    name = people.list.table.horizontalHeader()
    assert name.sectionSize(0) > 180  # the list keeps room for names
    assert name.isSectionHidden(3)  # only active people: no empty Status column
    window.close()


def test_names_are_not_cut_while_an_empty_column_stays_wide(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    window.resize(1440, 900)
    people = people_of(window)
    people.open_person(vault.student)
    page = people.page
    assert page is not None
    page.tabs.setCurrentWidget(page.family)
    settle()
    view = page.family.guardian_view
    header = view.horizontalHeader()
    name = view.model().index(0, 0).data()
    assert name == "Łukasz Dąbrowski"
    assert header.sectionSize(0) >= view.fontMetrics().horizontalAdvance(name)
    assert header.sectionSize(2) <= header.sectionSizeFromContents(2).width() + 4
    window.close()


def test_the_notes_label_stands_beside_its_box(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    window.resize(1440, 900)
    people = people_of(window)
    people.open_person(vault.student)
    settle()
    assert people.page is not None
    form = people.page.identity.form
    label = next(w for w in form.findChildren(QLabel) if w.text() == "Remarques")
    box_top = form.notes.mapTo(form, QPoint(0, 0)).y()
    assert abs(label.mapTo(form, QPoint(0, 0)).y() - box_top) < label.height()
    window.close()


def test_after_a_search_the_page_shows_nobody_outside_the_list(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    people = people_of(window)
    people.open_person(vault.student)
    people.list.search.setText("Old")  # Ada and Bob Old, not Zoë
    people.list.search.returnPressed.emit()
    settle()
    assert shown_person(people) is None
    assert people.pages.currentIndex() == 0  # the hint: choose a person
    people.list.search.setText("Zoë")
    people.list.search.returnPressed.emit()
    settle()
    people.open_person(vault.student)
    people.list.search.setText("Dąbrowski")  # Zoë is still in the list: her page stays
    people.list.search.returnPressed.emit()
    settle()
    assert shown_person(people) == vault.student
    window.close()


def shown_person(people: PeopleSection) -> int | None:
    return people.page.person_id if people.page is not None else None


def offered(workspace: Workspace, person_id: int) -> set[str]:
    picker = PersonPicker(workspace, "", guardian_for=person_id, exclude=person_id)
    model = picker.list.model
    settle()
    names = {str(model.index(row, 0).data()) for row in range(model.rowCount())}
    picker.deleteLater()
    return names


def test_an_existing_guardian_is_a_guardian_or_an_adult_never_the_child_or_a_descendant(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    workspace = window.workspace
    assert workspace is not None
    grandchild = workspace.people.add(
        PersonDraft(given_name="Petit", family_name="Dąbrowski", roles=("student",)),
        (vault.student,),
    )
    for given, roles, born in (
        ("Marc", ("member",), "1980-05-01"),  # an adult member
        ("Tina", ("tutor",), ""),  # no birth date, not a student: taken as an adult
        ("Adèle", ("student",), "2000-01-01"),  # a student of 26
        ("Mini", ("student",), "2016-01-01"),  # a child: never
    ):
        workspace.people.add(
            PersonDraft(given_name=given, family_name="Autre", roles=roles, birth_date=born)
        )
    names = offered(workspace, vault.guardian)  # who may be Łukasz's own guardian
    assert "Dąbrowski, Zoë" not in names and "Dąbrowski, Petit" not in names  # descendants
    assert "Dąbrowski, Łukasz" not in names  # himself
    assert {"Autre, Marc", "Autre, Tina", "Autre, Adèle"} <= names
    assert "Autre, Mini" not in names and "Old, Ada" not in names  # students of unknown age
    for_zoe = offered(workspace, vault.student)
    assert "Dąbrowski, Łukasz" in for_zoe  # a guardian
    assert "Dąbrowski, Petit" not in for_zoe  # her own child
    assert grandchild
    window.close()


def test_a_phone_number_shows_as_people_of_the_country_write_it(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    people = people_of(window)
    people.open_person(vault.guardian)
    assert people.page is not None
    identity = people.page.identity
    identity.form.edits["phone"].setText("0476/55.44.33")
    identity.save()
    assert identity.form.edits["phone"].text() == "0476 55 44 33"
    assert window.workspace is not None
    assert window.workspace.people.fields(vault.guardian).phone == "+32476554433"  # E.164
    window.close()
    assert display_phone("+33612345678", "BE") == "+33 6 12 34 56 78"
    assert display_phone("+33612345678", "FR") == "06 12 34 56 78"


def test_the_assistants_open_large_enough(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    assert window.workspace is not None
    importer = ImportWizard(window.workspace, window)
    qtbot.addWidget(importer)
    assert importer.width() >= 900 and importer.height() >= 600
    first_run = FirstRunWizard(gui_context(tmp_path / "other"), window)
    qtbot.addWidget(first_run)
    first_run.show()
    first_run.next()  # a new vault
    first_run.next()  # in the folder proposed: the passphrase page
    settle()
    subtitle = next(
        label
        for label in first_run.findChildren(QLabel)
        if label.isVisible() and label.text().startswith("Toute personne qui ouvre")
    )
    assert subtitle.height() >= subtitle.heightForWidth(subtitle.width())  # not cut
    first_run.close()
    window.close()


def test_the_import_plan_says_a_duplicate_row_merges_into_another(
    qtbot: QtBot, tmp_path: Path, vault: Vault, answered: ScriptedDialogs
) -> None:
    window = open_window(qtbot, tmp_path)
    assert window.workspace is not None
    path = tmp_path / "twice.csv"
    path.write_text(
        "Nom;Prénom;Date de naissance\n"
        "Peeters;Anna;02/01/2016\n"
        "Peeters;Anna;02/01/2016\n"
        "Old;Ada;\n",
        encoding="utf-8",
    )
    wizard = ImportWizard(window.workspace, window)
    qtbot.addWidget(wizard)
    wizard.file_page.path_edit.setText(str(path))
    wizard.restart()
    wizard.next()
    wizard.next()
    table = wizard.preview_page.table
    outcomes = [str(table.model().index(row, 1).data()) for row in range(table.rowCount())]
    assert outcomes[0] == "à importer"
    assert outcomes[1] == "fusionnée avec la ligne 2"
    assert outcomes[2] in {
        "met à jour une personne déjà enregistrée",
        "déjà enregistrée, inchangée",
    }
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert isinstance(wizard, QDialog)
    window.close()
