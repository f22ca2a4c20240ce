"""Generated families imported twice: the second import finds everyone and changes nothing.

People are drawn from a pool where each person has one name and one set of
details; each row shows some of them, with the name spelled in any case.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.import_types import Action
from tests.import_support import new_workspace, snapshot

HEADERS = (
    "Nom", "Prénom", "Date de naissance", "E-mail", "GSM", "Ville",
    "Nom parent 1", "Prénom parent 1", "E-mail parent 1", "GSM parent 1",
)  # fmt: skip
NAMES = [
    ("Dupont", "Zoë"), ("Dupont", "Léo"), ("Dupont", "Marie"), ("Lefèvre", "Zoë"),
    ("Peeters", "Jan"), ("Peeters", "An"), ("Martin", "Tom"),
]  # fmt: skip
# How people write the same name: "DUPONT", "zoë"...
SPELLINGS: st.SearchStrategy[Callable[[str], str]] = st.sampled_from(
    [lambda text: text, str.upper, str.lower]
)


@dataclass(frozen=True)
class Person:
    """One real person: one name, one set of details (a file shows all, some or none)."""

    family: str
    given: str
    birth: str
    email: str
    phone: str


@st.composite
def people(draw: st.DrawFn) -> list[Person]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=5, unique=True))
    return [
        Person(
            family,
            given,
            draw(st.sampled_from(["", "22/11/2015", "2016-01-02", "42800"])),
            # A family address is shared; a personal one belongs to one person.
            draw(st.sampled_from(["", f"{family}@example.be", f"{given}.{family}@example.be"])),
            draw(st.sampled_from(["", "0470 12 34 56", "+32 471 22 33 44", "0472112233"])),
        )
        for family, given in names
    ]


def _cells(draw: st.DrawFn, person: Person, with_birth: bool) -> list[str]:
    def maybe(value: str) -> str:
        return value if draw(st.booleans()) else ""

    cells = [draw(SPELLINGS)(person.family), draw(SPELLINGS)(person.given)]
    if with_birth:
        cells.append(maybe(person.birth))
    return [*cells, maybe(person.email), maybe(person.phone)]


@st.composite
def files(draw: st.DrawFn) -> list[list[str]]:
    pool = draw(people())
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        child, parent = draw(st.permutations(pool))[:2]
        city = draw(st.sampled_from(["", "Liège", "Namur"]))
        cells = [*_cells(draw, child, with_birth=True), city]
        parent_cells = _cells(draw, parent, with_birth=False)
        rows.append(cells + (parent_cells if draw(st.booleans()) else [""] * 4))
    return rows


def _csv(table: list[list[str]]) -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(table)
    return stream.getvalue().encode("utf-8")


_vaults = count()


@settings(max_examples=40, deadline=None)
@given(table=files())
def test_importing_the_same_file_twice_changes_nothing(
    tmp_path_factory: pytest.TempPathFactory, table: list[list[str]]
) -> None:
    folder = tmp_path_factory.mktemp(f"idempotence{next(_vaults)}")
    path = folder / "people.csv"
    path.write_bytes(_csv(table))
    with new_workspace(folder / "vault") as workspace:
        source = workspace.importer.open(path)
        plan = workspace.importer.plan(source)
        workspace.importer.commit(source, plan, skip_invalid=True)
        first = snapshot(workspace)
        again = workspace.importer.plan(workspace.importer.open(path))
        assert [target.action for target in again.targets] == [Action.UNCHANGED] * len(
            again.targets
        )
        assert again.links == []
        workspace.importer.commit(source, again, skip_invalid=True)
        assert snapshot(workspace) == first
