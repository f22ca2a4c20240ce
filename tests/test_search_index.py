"""One owner for the search index: after any writes it equals an index built from scratch.

The index holds the words of everybody but the anonymised and the erased; the check
rebuilds one beside it (same tokenizer) from the people's stored values and
compares what each word finds in both.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft, PersonStatus
from coursenplus_desk.domain.text import words
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store import search
from coursenplus_desk.store.erasure import ErasureStore
from coursenplus_desk.store.people import PeopleQuery, _select
from tests.backup_support import new_workspace
from tests.conftest import TODAY

NAMES = ["Zoë", "Łukasz", "Øre", "Straße", "Anna", "Bram", "Đorđe", "Çağla"]
Step = tuple[str, int, str, str]
steps = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "rename", "restrict", "anonymise", "erase", "hide", "reactivate", "demo"]
        ),
        st.integers(0, 20),
        st.sampled_from(NAMES),
        st.sampled_from(["zoe@example.be", "lukasz@mail.be", "", "anna.b@example.org"]),
    ),
    max_size=14,
)


def _draft(given: str, family: str, email: str) -> PersonDraft:
    return PersonDraft(given_name=given, family_name=family, roles=("member",), email=email or None)


def _apply(workspace: Workspace, step: Step) -> None:
    kind, pick, name, email = step
    everyone = workspace.db.column("SELECT id FROM person ORDER BY id")
    person = everyone[pick % len(everyone)] if everyone else None
    now = workspace.clock.now()
    if kind == "add" or person is None:
        workspace.people.add(_draft(name, NAMES[pick % len(NAMES)], email))
    elif kind == "rename" and _is_active(workspace, person):
        workspace.people.update(person, _draft(name, "Renamed", email))
    elif kind == "hide":  # what carrying out a restriction request does
        with workspace.db.transaction():
            workspace.people.store.set_status(person, PersonStatus.RESTRICTED, now)
    elif kind == "restrict":
        with workspace.db.transaction():
            ErasureStore(workspace.db).restrict_person(person, {}, now)
    elif kind == "anonymise":
        with workspace.db.transaction():
            ErasureStore(workspace.db).anonymise_person(person, now)
    elif kind == "erase":
        with workspace.db.transaction():
            ErasureStore(workspace.db).delete_person(person, now)
    elif kind == "reactivate":
        with workspace.db.transaction():
            workspace.people.store.set_status(person, PersonStatus.ACTIVE, now)
    elif kind == "demo":
        fill_demo(workspace, 3, seed=pick)


def _is_active(workspace: Workspace, person: int) -> bool:
    found = workspace.people.store.get(person)
    return found is not None and found.status is PersonStatus.ACTIVE


def _rebuilt(workspace: Workspace) -> None:
    """The index as a rebuild makes it, in a temporary table beside the real one."""
    db = workspace.db
    db.execute(
        "CREATE VIRTUAL TABLE temp.rebuilt USING fts5 (terms, content = '', contentless_delete = 1,"
        " tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    active = db.column("SELECT id FROM person WHERE status <> 'anonymised' ORDER BY id")
    db.execute_many(
        "INSERT INTO temp.rebuilt (rowid, terms) VALUES (?, ?)",
        [(p, search.search_terms(workspace.people.store.fields(p))) for p in active],  # type: ignore[arg-type]
    )


def _probes(workspace: Workspace) -> set[str]:
    found = {word for name in NAMES for word in words(name)}
    for terms in (search.search_terms(workspace.people.store.fields(p))  # type: ignore[arg-type]
                  for p in workspace.db.column("SELECT id FROM person")):  # fmt: skip
        found.update(terms.split())
    prefixes = {word[:2] for word in found}
    return {f'"{word}"*' for word in found | prefixes}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_the_search_index_equals_a_rebuild_after_any_writes(sequence: list[Step]) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="cpdesk-search-") as scratch,
        new_workspace(Path(scratch) / "vault", FixedClock.on(TODAY)) as workspace,
    ):
        for step in sequence:
            _apply(workspace, step)
        _rebuilt(workspace)
        for probe in sorted(_probes(workspace)):
            rebuilt = workspace.db.column(
                "SELECT rowid FROM temp.rebuilt WHERE rebuilt MATCH ? ORDER BY rowid", (probe,)
            )
            assert search.indexed(workspace.db, probe) == rebuilt, probe


def test_a_search_in_name_order_sorts_its_matches_from_the_narrow_index(
    workspace: Workspace,
) -> None:
    fill_demo(workspace, 60, seed=3)
    store = workspace.people.store
    plans = {}
    for order in ("name", "last_contact"):
        query = PeopleQuery(text="a", order=order)
        sql, params = _select(query, "p.id")
        plans[order] = " ".join(
            str(row[3]) for row in workspace.db.query(f"EXPLAIN QUERY PLAN {sql}", params)
        )
        found = store.ids(query)
        assert 0 < len(found) == store.count(query) < store.count(PeopleQuery(order=order))
        in_order = [person for person in store.ids(PeopleQuery(order=order)) if person in found]
        assert found == in_order  # the matches keep the order of the whole list
    assert "COVERING INDEX person_order_by_id" in plans["name"]
    assert "person_order_by_id" not in plans["last_contact"]  # its clock is in the row
