"""A batch of writes reworks the retention facts once, at its end, and leaves the schema whole.

The property test of `test_retention_facts` runs random writes in a batch; these
are the cases it meets too rarely to rely on, and the import, its one user.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.retention_batch import batched
from coursenplus_desk.store.retention_facts import FIELDS, definitions_sql
from tests.import_support import new_workspace


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with new_workspace(tmp_path / "vault") as opened:
        yield opened


def _kept(db: Database) -> list[tuple[object, ...]]:
    fields = ", ".join(FIELDS)
    return db.tuples(f"SELECT person_id, {fields} FROM retention_facts ORDER BY person_id")


def _defined(db: Database) -> list[tuple[object, ...]]:
    return db.tuples(f"SELECT p.id, {definitions_sql('p.id')} FROM person p ORDER BY p.id")


def _triggers(db: Database) -> list[tuple[object, ...]]:
    return db.tuples(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' UNION ALL"
        " SELECT name, sql FROM sqlite_temp_master WHERE type = 'trigger' ORDER BY name"
    )


def _person(db: Database, role: str, created_on: str) -> int:
    person = db.execute(
        "INSERT INTO person (given_name, family_name, created_on, updated_at, sort_key)"
        " VALUES ('P', 'N', ?, ?, 'p n')",
        (created_on, f"{created_on}T09:00:00"),
    )
    db.execute("INSERT INTO person_role (person_id, role) VALUES (?, ?)", (person, role))
    return person


def test_a_link_moved_to_another_guardian_moves_both_of_them(workspace: Workspace) -> None:
    db = workspace.db
    with db.transaction():
        first = _person(db, "guardian", "2020-01-01")
        second = _person(db, "guardian", "2020-01-01")
        child = _person(db, "student", "2021-05-01")
        db.execute(
            "INSERT INTO guardianship (guardian_id, student_id) VALUES (?, ?)", (first, child)
        )
        with batched(db):
            db.execute(
                "UPDATE guardianship SET guardian_id = ? WHERE guardian_id = ?", (second, first)
            )
            db.execute("UPDATE person_role SET person_id = ? WHERE person_id = ?", (second, child))
    clocks = db.tuples("SELECT person_id, children_clock, roles FROM retention_facts ORDER BY 1")
    assert clocks == [
        (first, None, "guardian"),
        (second, "2021-05-01", "guardian,student"),
        (child, None, ""),
    ]
    assert _kept(db) == _defined(db)


def test_a_failed_batch_leaves_the_triggers_and_the_facts_as_they_were(
    workspace: Workspace,
) -> None:
    db = workspace.db
    with db.transaction():
        _person(db, "student", "2021-05-01")
    triggers, facts = _triggers(db), _kept(db)
    with pytest.raises(ZeroDivisionError), db.transaction(), batched(db):
        db.execute("INSERT INTO person_role (person_id, role) VALUES (1, 'tutor')")
        raise ZeroDivisionError
    assert _triggers(db) == triggers
    assert _kept(db) == facts == _defined(db)
    with db.transaction():  # and the triggers work again
        db.execute("INSERT INTO person_role (person_id, role) VALUES (1, 'tutor')")
    assert _kept(db) == _defined(db)


def test_a_batch_belongs_in_a_transaction(workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), batched(workspace.db):
        pass


def test_an_import_keeps_every_fact(workspace: Workspace, tmp_path: Path) -> None:
    db = workspace.db
    marie = _person(db, "tutor", "2019-03-01")
    db.execute(
        "UPDATE person SET given_name = 'Marie', family_name = 'Dupont' WHERE id = ?", (marie,)
    )
    path = tmp_path / "people.csv"
    path.write_text(
        "Nom;Prénom;Nom parent 1;Prénom parent 1;Nom parent 2;Prénom parent 2\n"
        "Dupont;Zoë;Dupont;Marie;Dupont;Paul\nDupont;Léo;Dupont;Marie;;\n",
        "utf-8",
    )
    triggers = _triggers(db)
    source = workspace.importer.open(path)
    workspace.importer.commit(source, workspace.importer.plan(source))
    assert _triggers(db) == triggers
    assert _kept(db) == _defined(db)
    roles = db.column("SELECT roles FROM retention_facts ORDER BY person_id")
    assert roles == ["guardian,tutor", "student", "guardian", "student"]
