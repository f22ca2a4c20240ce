"""The shortcuts the benchmark led to give the same results as the long way."""

from __future__ import annotations

from reportlab.platypus import Paragraph, Table

from coursenplus_desk.domain.people import PersonDraft, PersonStatus
from coursenplus_desk.reports.base import FRAME_WIDTH, table
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery


def test_the_first_ids_are_the_head_of_the_full_list(workspace: Workspace) -> None:
    fill_demo(workspace, 120, seed=3)
    queries = [
        PeopleQuery(),
        PeopleQuery(text="ma"),
        PeopleQuery(descending=True),
        PeopleQuery(order="last_contact"),
        PeopleQuery(statuses=frozenset(PersonStatus)),
    ]
    for query in queries:
        everyone = workspace.people.ids(query)
        assert len(everyone) > 5
        assert workspace.people.ids(query, limit=5) == everyone[:5]
        assert workspace.people.ids(query, limit=len(everyone) + 10) == everyone
        assert all(isinstance(person_id, int) for person_id in everyone)


def test_find_with_a_limit_returns_the_first_matches(workspace: Workspace) -> None:
    for name in ("Aerts", "Maes", "Peeters", "Wouters"):
        workspace.people.add(PersonDraft(given_name="Lena", family_name=name, roles=("student",)))
    found = workspace.people.store.find(PeopleQuery(text="lena"), limit=2)
    assert [p.family_name for p in found] == ["Aerts", "Maes"]


def test_cells_that_fit_are_plain_text_and_long_ones_wrap() -> None:
    long_text = "a remark long enough to need several lines in its column " * 4
    parts = table(["Date", "Note"], [["2026-11-22", "short"], ["2026-11-21", long_text]])
    assert len(parts) == 1 and isinstance(parts[0], Table)
    cells = parts[0]._cellvalues
    assert cells[1] == ["2026-11-22", "short"]
    assert cells[2][0] == "2026-11-21"
    assert isinstance(cells[2][1], Paragraph)
    width, _height = parts[0].wrap(FRAME_WIDTH, 800)
    assert width <= FRAME_WIDTH + 0.01  # the table still fits the page


def test_text_with_markup_characters_and_line_breaks_is_shown_as_typed() -> None:
    parts = table(["Note"], [["a < b & c"], ["first line\nsecond line"]])
    cells = parts[0]._cellvalues
    assert cells[1] == ["a < b & c"]  # drawn as is: no markup is read from a plain cell
    assert isinstance(cells[2][0], Paragraph)
