"""The Retention section widget, offscreen, on a real vault."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.retention import Status
from coursenplus_desk.domain.retention_actions import Action
from coursenplus_desk.i18n import set_language
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.retention_view import RetentionView
from tests.gui_support import wait_idle
from tests.retention_support import MovingClock, add_person, new_workspace

TODAY = date(2026, 11, 22)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """Two people overdue, one due soon, one held, one recent."""
    set_language("en")
    clock = MovingClock(date(2019, 5, 1))
    with new_workspace(tmp_path / "vault", clock) as opened:
        add_person(opened, "Ada", "Old")
        add_person(opened, "Bob", "Old")
        held = add_person(opened, "Cy", "Held")
        clock.move_to(date(2021, 12, 20))
        add_person(opened, "Dee", "Soon")
        clock.move_to(date(2025, 1, 1))
        add_person(opened, "Eve", "Recent")
        clock.move_to(TODAY)
        opened.retention.place_hold(held, "litige")
        yield opened
    set_language("fr")


def settled(qtbot: QtBot, view: RetentionView) -> None:
    """Wait for the view's background scan or action (and the scan an action starts)."""
    wait_idle(qtbot)


@pytest.fixture
def view(qtbot: QtBot, workspace: Workspace) -> RetentionView:
    widget = RetentionView(workspace)
    qtbot.addWidget(widget)
    settled(qtbot, widget)
    return widget


def shown(view: RetentionView) -> list[tuple[str, str, str]]:
    model = view.model
    return [
        (
            str(model.data(model.index(row, 0))),
            str(model.data(model.index(row, 2))),
            str(model.data(model.index(row, 3))),
        )
        for row in range(model.rowCount())
    ]


def test_lists_overdue_due_soon_and_held_with_dates(view: RetentionView, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(view.model)
    assert shown(view) == [
        ("1 · Ada Old", "past its retention period", "2024-05-01"),
        ("2 · Bob Old", "past its retention period", "2024-05-01"),
        ("4 · Dee Soon", "due within the window", "2026-12-20"),
        ("3 · Cy Held", "under legal hold", "2024-05-01"),
    ]
    assert view.summary.text() == "People: 2 expired, 1 due soon, 1 held"
    assert view.model.headerData(3, Qt.Orientation.Horizontal) == "Retention ends on"


def test_filters_and_window(qtbot: QtBot, view: RetentionView) -> None:
    view.status_filter.setCurrentIndex(view.status_filter.findData(Status.HELD.value))
    assert [row[0] for row in shown(view)] == ["3 · Cy Held"]
    view.status_filter.setCurrentIndex(0)
    view.window_days.setValue(0)
    settled(qtbot, view)
    assert [row[1] for row in shown(view)] == ["past its retention period"] * 2 + [
        "under legal hold"
    ]
    view.category_filter.setCurrentIndex(view.category_filter.findData("financial"))
    assert shown(view) == []


def test_acting_on_the_selection_asks_first_and_only_touches_the_overdue(
    qtbot: QtBot, view: RetentionView, workspace: Workspace
) -> None:
    answers: list[str] = []

    def refuse(title: str, text: str, action: str) -> bool:
        answers.append(text)
        return False

    view.confirm = refuse
    view.action.setCurrentIndex(view.action.findData(Action.ERASE.value))
    selection = view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 2, 3):  # Ada (overdue), Dee (due soon), Cy (held)
        selection.select(view.model.index(row, 0), flags)
    assert view.selected_people() == [1]
    assert view.act_selected.isEnabled()
    view.act_selected.click()
    assert answers == ["erase (irreversible): the overdue data of 1 person. This cannot be undone."]
    assert workspace.people.store.exists(1)

    view.confirm = lambda title, text, action: True
    view.act_selected.click()
    qtbot.waitUntil(lambda: view.message.text() != "")
    settled(qtbot, view)
    assert not workspace.people.store.exists(1)
    assert view.message.text() == "1 person handled."
    assert [row[0] for row in shown(view)] == ["2 · Bob Old", "4 · Dee Soon", "3 · Cy Held"]


def test_acting_on_everybody_overdue_shows_progress(
    qtbot: QtBot, view: RetentionView, workspace: Workspace
) -> None:
    view.confirm = lambda title, text, action: True
    view.action.setCurrentIndex(view.action.findData(Action.ANONYMISE.value))
    view.act_all.click()
    action = view.task
    assert action is not None and action.show_after_ms == 0  # its dialog shows at once
    qtbot.waitUntil(lambda: action.done)
    assert action.shown_progress == (2, 2)
    settled(qtbot, view)
    statuses = workspace.db.column("SELECT status FROM person ORDER BY id")
    assert statuses == ["anonymised", "anonymised", "active", "active", "active"]
    assert not view.act_all.isEnabled()
    assert view.summary.text() == "People: 0 expired, 1 due soon, 1 held"
