"""The People list shows its first rows at once and completes the full list a moment later."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonStatus, Role
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import people_model
from coursenplus_desk.ui.people_model import PeopleModel
from coursenplus_desk.ui.people_view import PeopleList
from coursenplus_desk.ui.table_model import ID_ROLE
from tests.gui_support import OFFSCREEN_NOISE, check_model, demo_workspace

pytestmark = OFFSCREEN_NOISE

SMALL_BATCH = 40  # the demo vault's 300 people then span several batches
EVERYONE = PeopleQuery(statuses=frozenset(PersonStatus))


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setattr(people_model, "BATCH", SMALL_BATCH)
    with demo_workspace(tmp_path / "vault") as workspace:
        yield workspace


def shown_ids(model: PeopleModel) -> list[int]:
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


def test_first_rows_are_shown_before_the_event_loop_runs(workspace: Workspace) -> None:
    expected = workspace.people.ids(EVERYONE)
    assert len(expected) > 3 * SMALL_BATCH
    model = PeopleModel(workspace.people)
    totals: list[int] = []
    model.totalChanged.connect(totals.append)
    model.set_query(EVERYONE)
    # no event processed yet: the head is there, the full list is still to come
    assert shown_ids(model) == expected[:SMALL_BATCH]
    assert model.index(0, 0).data() != ""
    assert not model.is_complete()
    assert model.total() == SMALL_BATCH
    assert not model.canFetchMore()
    assert totals == []
    model.clear()  # the vault closes after the test: drop the pending completion


def test_the_full_list_follows_then_fetches_in_batches(qtbot: QtBot, workspace: Workspace) -> None:
    expected = workspace.people.ids(EVERYONE)
    model = PeopleModel(workspace.people)
    with qtbot.waitSignal(model.totalChanged, timeout=3000) as announced:
        model.set_query(EVERYONE)
    assert announced.args == [len(expected)]
    assert model.is_complete()
    assert model.total() == len(expected)
    assert model.rowCount() == SMALL_BATCH  # the rows shown did not move
    assert model.canFetchMore()
    model.fetchMore()
    assert shown_ids(model) == expected[: 2 * SMALL_BATCH]
    while model.canFetchMore():
        model.fetchMore()
    assert shown_ids(model) == expected


def test_a_short_list_is_complete_at_once(workspace: Workspace) -> None:
    model = PeopleModel(workspace.people)
    totals: list[int] = []
    model.totalChanged.connect(totals.append)
    model.set_query(PeopleQuery(text="zzq"))
    assert model.is_complete()
    assert totals == [0]


def test_a_stale_completion_is_dropped(qtbot: QtBot, workspace: Workspace) -> None:
    students = PeopleQuery(roles=frozenset({Role.STUDENT}))
    expected = workspace.people.ids(students)
    assert len(expected) > SMALL_BATCH
    model = PeopleModel(workspace.people)
    totals: list[int] = []
    model.totalChanged.connect(totals.append)
    model.set_query(EVERYONE)
    model.set_query(students)  # before the first query's completion has run
    qtbot.waitUntil(model.is_complete, timeout=3000)
    qtbot.wait(50)  # time enough for the first completion, had it not been dropped
    assert totals == [len(expected)]
    assert model.total() == len(expected)
    while model.canFetchMore():
        model.fetchMore()
    assert shown_ids(model) == expected


def test_clear_cancels_a_pending_completion(qtbot: QtBot, workspace: Workspace) -> None:
    model = PeopleModel(workspace.people)
    model.set_query(EVERYONE)
    model.clear()
    qtbot.wait(50)
    assert (model.rowCount(), model.total(), model.canFetchMore()) == (0, 0, False)


def test_finding_a_person_beyond_the_first_rows_reads_the_full_list(
    workspace: Workspace,
) -> None:
    expected = workspace.people.ids(EVERYONE)
    model = PeopleModel(workspace.people)
    model.set_query(EVERYONE)
    assert model.row_of(expected[150]) == 150  # before the completion came
    assert model.is_complete()
    assert model.person_id(150) == expected[150]


def test_the_model_checks_pass_while_the_list_completes(
    qtbot: QtBot, qtmodeltester: ModelTester, workspace: Workspace
) -> None:
    model = PeopleModel(workspace.people)
    model.set_query(EVERYONE)
    check_model(qtmodeltester, model)  # on the head; then again at every change it signals
    qtbot.waitUntil(model.is_complete, timeout=3000)
    model.fetchMore()
    model.set_query(PeopleQuery(text="a"))
    model.set_query(EVERYONE)  # the completion of "a" is dropped
    qtbot.waitUntil(model.is_complete, timeout=3000)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == model.total()
    model.clear()


def test_the_count_follows_the_full_list(qtbot: QtBot, workspace: Workspace) -> None:
    people = PeopleList(workspace)
    qtbot.addWidget(people)
    total = len(workspace.people.ids(people.current_query()))
    assert total > SMALL_BATCH
    qtbot.waitUntil(lambda: people.count.text() == f"{total} people", timeout=3000)


def test_a_head_shorter_than_a_batch_grows_by_batches(
    qtbot: QtBot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people_model, "HEAD", SMALL_BATCH // 2)
    expected = workspace.people.ids(EVERYONE)
    model = PeopleModel(workspace.people)
    with qtbot.waitSignal(model.totalChanged, timeout=3000):
        model.set_query(EVERYONE)
        assert shown_ids(model) == expected[: SMALL_BATCH // 2]  # before the completion
    assert model.rowCount() == SMALL_BATCH // 2  # the rows shown did not move
    model.fetchMore()
    assert shown_ids(model) == expected[: SMALL_BATCH // 2 + SMALL_BATCH]
    while model.canFetchMore():
        model.fetchMore()
    assert shown_ids(model) == expected
