"""Two and three laptops sharing one register through folder copies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
