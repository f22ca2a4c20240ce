"""Updating many people at once (an import) writes only the roles and search words that
change, and ends with exactly the values given; the retention facts follow."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from coursenplus_desk.domain.people import PersonDraft, Role
from coursenplus_desk.store import search
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.transfer import TransferStore
from tests.backup_support import CLOCK, new_workspace


def test_roles_kept_dropped_and_added(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        db = workspace.db
        store, transfer = PeopleStore(db), TransferStore(db)
        anne_id = workspace.people.add(_draft("Anne", ("student", "tutor")))
        marc_id = workspace.people.add(_draft("Marc", ("guardian",)))
        anne, marc = transfer.person_fields(anne_id), transfer.person_fields(marc_id)
        assert anne is not None and marc is not None
        with db.transaction():
            store.update_many(
                [
                    (anne_id, replace(anne, roles=frozenset({Role.STUDENT, Role.GUARDIAN}),
                                      email="anne.dubois@example.be")),
                    (marc_id, marc),  # the same roles and words
                ],
                CLOCK.now(),
                {anne_id: anne, marc_id: marc},
            )  # fmt: skip
        assert _roles(workspace.db, anne_id) == ["guardian", "student"]
        assert _roles(workspace.db, marc_id) == ["guardian"]
        assert search.indexed(db, '"dubois"') == [anne_id, marc_id]
        assert search.indexed(db, '"example"') == [anne_id]  # her new address is found
        facts = "SELECT roles FROM retention_facts WHERE person_id = ?"
        assert db.scalar(facts, (anne_id,)) == "guardian,student"
        assert db.scalar(facts, (marc_id,)) == "guardian"


def _roles(db: Database, person_id: int) -> list[str]:
    return [str(v) for v in db.column(
        "SELECT role FROM person_role WHERE person_id = ? ORDER BY role", (person_id,)
    )]  # fmt: skip


def _draft(given: str, roles: tuple[str, ...]) -> PersonDraft:
    return PersonDraft(given_name=given, family_name="Dubois", roles=roles)
