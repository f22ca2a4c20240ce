"""Every item model of the windows passes Qt's model checks; the people list fetches lazily."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonDraft, PersonStatus, Role
from coursenplus_desk.i18n import _
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import people_model
from coursenplus_desk.ui.courses_view import CoursesSection
from coursenplus_desk.ui.people_model import PeopleModel
from coursenplus_desk.ui.table_model import ID_ROLE
from tests.gui_support import OFFSCREEN_NOISE, check_model, demo_workspace

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with demo_workspace(tmp_path / "vault") as workspace:
        yield workspace


def test_people_model_passes_the_model_checks(
    qtmodeltester: ModelTester, workspace: Workspace
) -> None:
    model = PeopleModel(workspace.people)
    model.set_query(PeopleQuery())
    check_model(qtmodeltester, model)
    model.set_query(PeopleQuery(text="a", roles=frozenset({Role.STUDENT})))
    check_model(qtmodeltester, model)


def test_people_model_shows_rows_in_batches(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people_model, "BATCH", 40)
    model = PeopleModel(workspace.people)
    model.set_query(PeopleQuery(statuses=frozenset()))
    qtbot.waitUntil(model.is_complete, timeout=3000)  # the full list follows the first rows
    total = model.total()
    assert total > 200
    assert model.rowCount() == 40
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 80
    # the rows follow the store's order, and each knows its person
    expected = workspace.people.ids(PeopleQuery(statuses=frozenset()))
    assert [model.index(row, 0).data(ID_ROLE) for row in range(80)] == expected[:80]
    first = workspace.people.summaries(expected[:1])[0]
    assert model.index(0, 0).data() == f"{first.family_name}, {first.given_name}"
    # finding a person far down the list fetches up to that row, no further than needed
    row = model.row_of(expected[150])
    assert row == 150
    assert 150 < model.rowCount() <= 200
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total


def test_people_model_searches_folded_text(workspace: Workspace) -> None:
    person_id = workspace.people.add(
        PersonDraft(given_name="Zoë", family_name="Łukasiewicz", roles=("student",))
    )
    model = PeopleModel(workspace.people)
    model.set_query(PeopleQuery(text="zoe lukas"))
    assert model.total() == 1
    assert model.person_id(0) == person_id


def test_courses_models_pass_the_model_checks(
    qtbot: QtBot, qtmodeltester: ModelTester, workspace: Workspace
) -> None:
    section = CoursesSection(workspace)
    qtbot.addWidget(section)
    check_model(qtmodeltester, section.courses)
    section.select_course(0)
    assert section.groups.rowCount() > 0
    check_model(qtmodeltester, section.groups)
    section.select_group(0)
    check_model(qtmodeltester, section.members)


def test_restricted_people_are_marked_when_listed(workspace: Workspace) -> None:
    person_id = workspace.people.add(
        PersonDraft(given_name="Lina", family_name="Aerts", roles=("student",))
    )
    workspace.people.store.set_status(person_id, PersonStatus.RESTRICTED, workspace.clock.now())
    model = PeopleModel(workspace.people)
    model.set_query(PeopleQuery(text="lina aerts"))
    assert model.total() == 0  # hidden from the normal list
    model.set_query(PeopleQuery(text="lina aerts", statuses=frozenset(PersonStatus)))
    assert model.total() == 1
    assert model.index(0, 3).data() == _("restricted")
