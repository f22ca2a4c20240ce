"""The Requests section: register, deadlines and filters, on a real vault, offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from pytestqt.qtbot import QtBot

from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.requests_view import DUE_SOON_COLOUR, OVERDUE_COLOUR, RequestsView
from tests.requests_fixtures import build_family, english_messages, workspace

__all__ = ["english_messages", "workspace"]


def shown_rows(view: RequestsView) -> list[list[str]]:
    model = view.model
    return [
        [str(model.data(model.index(row, column))) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def choose(view: RequestsView, combo_name: str, key: str) -> None:
    combo = view.show_filter if combo_name == "show" else view.kind_filter
    combo.setCurrentIndex(combo.findData(key))


def test_the_register_shows_deadlines_and_filters(
    qtbot: QtBot, qtmodeltester: object, workspace: Workspace
) -> None:
    family = build_family(workspace)  # holds one answered rectification request
    late = workspace.requests.add(family.student, "access", "2026-10-01", "letter", family.guardian)
    soon = workspace.requests.add(family.guardian, "erasure", "2026-10-25")
    later = workspace.requests.add(family.guardian, "portability", "2026-11-20")
    counts: list[tuple[int, int]] = []

    view = RequestsView(workspace)
    qtbot.addWidget(view)
    view.countsChanged.connect(lambda open_, overdue: counts.append((open_, overdue)))
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]

    # Open requests by default, the earliest deadline first; the late one is flagged.
    rows = shown_rows(view)
    assert [row[0] for row in rows] == [str(late), str(soon), str(later)]
    assert rows[0][1] == "Zoë Dąbrowski-Çağla"
    assert rows[0][4] == "01/11/2026 (overdue)"
    assert rows[1][4] == "25/11/2026 (this week)"
    assert rows[2][4] == "20/12/2026"
    colours = [view.model.index(row, 4).data(Qt.ItemDataRole.ForegroundRole) for row in range(3)]
    assert isinstance(colours[0], QBrush) and colours[0].color() == OVERDUE_COLOUR
    assert isinstance(colours[1], QBrush) and colours[1].color() == DUE_SOON_COLOUR
    assert colours[2] is None
    bold = view.model.index(1, 0).data(Qt.ItemDataRole.FontRole)
    assert isinstance(bold, QFont) and bold.bold()
    assert view.model.index(2, 0).data(Qt.ItemDataRole.FontRole) is None
    assert view.summary.text() == "3 open, 1 overdue, 1 due within a week"

    choose(view, "show", "overdue")
    assert [row[0] for row in shown_rows(view)] == [str(late)]
    choose(view, "show", "due_soon")
    assert [row[0] for row in shown_rows(view)] == [str(soon)]
    choose(view, "show", "closed")
    assert [row[5] for row in shown_rows(view)] == ["answered"]
    choose(view, "show", "all")
    assert len(shown_rows(view)) == 4
    choose(view, "kind", "portability")
    assert [row[0] for row in shown_rows(view)] == [str(later)]

    workspace.requests.verify_identity(late, "eID")
    workspace.requests.reply(late)
    workspace.requests.close(late)
    view.refresh()
    assert counts[-1] == (2, 0)
    assert view.summary.text() == "2 open, 0 overdue, 1 due within a week"

    choose(view, "kind", "")
    choose(view, "show", "open")
    assert "Select a request" in view.details.text()
    view.table.selectRow(0)
    selected = view.selected_request_id()
    assert selected == view.model.rows[0].request.id == soon
    assert view.details.text().splitlines() == [
        f"Request {soon}: erasure of the data, received on 25/10/2026 by email.",
        "Due on 25/11/2026.",
        "Next step: Check the requester's identity (or refuse the request, with reasons).",
    ]
    closed = view.file_lines(late)
    assert "Identity checked on 22/11/2026: eID" in closed
    assert any(line.startswith("Document: request-") and "SHA-256" in line for line in closed)
    assert closed[-1] == "Next step: Nothing left to do."


def test_opening_a_request_file_is_audited_once(qtbot: QtBot, workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(
        family.student, "access", "2026-11-01", "letter", family.guardian
    )
    view = RequestsView(workspace)
    qtbot.addWidget(view)

    def views() -> int:
        events = workspace.audit_trail.events(family.student, 100)
        return sum(1 for e in events if e.action == "request.view")

    other = workspace.requests.add(family.student, "erasure", "2026-11-02")
    view.refresh()
    assert views() == 0
    view.select_request(request)
    view.refresh()  # the same file shown again after a step: no new access
    view.table.clearSelection()
    view.select_request(request)
    assert views() == 1
    view.select_request(other)
    assert views() == 2
