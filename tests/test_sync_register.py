"""Two and three laptops sharing one register through folder copies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import RefusedError
from tests.sync_support import Laptop, exchange, first_laptop, join


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Laptop, Laptop]]:
    a = first_laptop(tmp_path, "a")
    a.add("Zoë", "Dupont", email="zoe@example.org")
    b = join(a, tmp_path, "b")
    yield a, b
    a.close()
    b.close()


def names(laptop: Laptop) -> list[tuple[str, str, str | None]]:
    return [
        (str(r["given_name"]), str(r["family_name"]), r["email"])
        for r in laptop.workspace.db.query(
            "SELECT given_name, family_name, email FROM person ORDER BY uuid"
        )
    ]


def test_a_joined_laptop_has_the_register(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    assert names(b) == names(a) == [("Zoë", "Dupont", "zoe@example.org")]
    assert b.workspace.people.find("zoe")


def test_edits_of_different_fields_both_survive(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    zoe_a = a.workspace.people.find("zoe")[0].id
    zoe_b = b.workspace.people.find("zoe")[0].id
    a.edit(zoe_a, email="zoe.d@example.org")
    b.edit(zoe_b, phone="+32470123456")
    exchange(a, b)
    assert names(a) == names(b)
    assert a.workspace.people.fields(zoe_a).phone == "+32470123456"
    assert b.workspace.people.fields(zoe_b).email == "zoe.d@example.org"
    assert not a.workspace.sharing.review()


def test_the_same_field_edited_twice_is_listed_for_review(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    zoe_a = a.workspace.people.find("zoe")[0].id
    zoe_b = b.workspace.people.find("zoe")[0].id
    a.edit(zoe_a, city="Namur")
    b.edit(zoe_b, city="Liège")
    exchange(a, b)
    assert a.workspace.people.fields(zoe_a).city == b.workspace.people.fields(zoe_b).city
    for laptop in (a, b):
        entries = laptop.workspace.sharing.review()
        assert len(entries) == 1, entries
        assert {entries[0].kept, entries[0].other} == {"Namur", "Liège"}


def test_a_new_person_reaches_the_other_laptop(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    b.add("Łukasz", "Wałęsa")
    exchange(a, b)
    assert names(a) == names(b)
    assert a.workspace.people.find("lukasz")


def test_an_erasure_wins_and_leaves_every_file(pair: tuple[Laptop, Laptop], tmp_path: Path) -> None:
    a, b = pair
    victim_a = a.add("Bérénice", "Oubliée", email="berenice@example.org")
    exchange(a, b)
    victim_b = b.person_id(a.uuid(victim_a))
    assert victim_b is not None
    a.workspace.retention.erase_person(victim_a)
    b.edit(victim_b, city="Ostende")  # not yet synced: B does not know
    exchange(a, b, rounds=3)
    for laptop in (a, b):
        assert not laptop.workspace.people.find("berenice")
        assert (
            laptop.workspace.db.scalar("SELECT count(*) FROM person WHERE family_name = 'Oubliée'")
            == 0
        )
    for path in tmp_path.rglob("*.cpx"):
        assert b"Oubli" not in path.read_bytes()
    assert names(a) == names(b)
    # B applied someone else's erasure: its own file keeps no freed page or old WAL frame
    assert b.workspace.db.scalar("PRAGMA freelist_count") == 0
    assert not b.workspace.people.find("oubliee")


def test_the_associations_settings_travel_and_this_computers_do_not(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    a.workspace.settings.set_organisation_value("name", "Cours en Plus ASBL")
    a.workspace.settings.set("ui.auto_lock_minutes", 3)
    exchange(a, b)
    assert b.workspace.settings.organisation().name == "Cours en Plus ASBL"
    assert b.workspace.settings.get("ui.auto_lock_minutes") is None


def test_links_made_on_two_laptops_that_close_a_loop_are_listed(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    marc_a = a.add("Marc", "Boucle")
    exchange(a, b)
    zoe_a = a.workspace.people.find("zoe")[0].id
    zoe_b = b.person_id(a.uuid(zoe_a))
    marc_b = b.person_id(a.uuid(marc_a))
    assert zoe_b is not None and marc_b is not None
    a.workspace.people.link_guardian(marc_a, zoe_a)
    b.workspace.people.link_guardian(zoe_b, marc_b)  # each alone is allowed
    exchange(a, b)
    for laptop in (a, b):
        kinds = {e.kind.value for e in laptop.workspace.sharing.review()}
        assert "cycle" in kinds


def test_a_student_enrolled_twice_from_two_laptops_is_listed(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    course = a.workspace.courses.add_course("Mathématiques")
    group = a.workspace.courses.add_group(course, "Maths 6e")
    exchange(a, b)
    zoe_a = a.workspace.people.find("zoe")[0].id
    zoe_b = b.person_id(a.uuid(zoe_a))
    group_b = int(b.workspace.db.scalar("SELECT id FROM course_group"))
    assert zoe_b is not None
    a.workspace.courses.enroll(zoe_a, group, "2026-09-01")
    b.workspace.courses.enroll(zoe_b, group_b, "2026-09-02")
    exchange(a, b)
    assert a.workspace.db.scalar("SELECT count(*) FROM enrollment") == 2
    assert any(e.kind.value == "double-enrollment" for e in a.workspace.sharing.review())


def test_a_vault_restored_from_an_older_copy_stops_instead_of_writing_twice(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, _b = pair
    registration = a.workspace.sharing.s.state.registration()
    assert registration is not None
    a.workspace.db.execute("UPDATE sync_register SET last_number = 0")  # as an old backup has it
    a.add("Après", "Restauration")
    with pytest.raises(RefusedError, match="newer than its vault"):
        a.sync()
    numbers = sorted((a.folder / registration.register_id / registration.laptop_id).glob("*.cpx"))
    assert numbers and all(p.stat().st_size > 0 for p in numbers)


def test_an_expired_view_redacted_on_one_laptop_is_redacted_in_the_copies(
    pair: tuple[Laptop, Laptop],
) -> None:
    a, b = pair
    zoe = a.workspace.people.find("zoe")[0].id
    a.workspace.audit.record("person.view", zoe)
    a.add("Encore", "Quelqu'un")
    exchange(a, b)
    viewed = int(
        a.workspace.db.scalar("SELECT max(id) FROM audit_event WHERE action = 'person.view'")
    )
    a.workspace.db.execute(
        "UPDATE audit_event SET actor = '', person_id = NULL, details = '{}', redacted = 1"
        " WHERE id = ?",
        (viewed,),
    )
    a.add("Et", "Encore")
    exchange(a, b)
    copy = b.workspace.db.one(
        "SELECT redacted, person_id FROM sync_peer_audit WHERE id = ? AND laptop_id <> ?",
        (viewed, b.workspace.sharing.s.state.registration().laptop_id),  # type: ignore[union-attr]
    )
    assert copy is not None and tuple(copy) == (1, None)
    assert dict(b.workspace.sharing.verify_chains())
