"""A restriction or an anonymisation wins over edits made meanwhile on another laptop."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.sync_support import Laptop, exchange, first_laptop, join

LATER = datetime(2040, 1, 1, 9, 0, tzinfo=UTC)


def years_later(a: Laptop, b: Laptop) -> None:
    """A acts when the person is overdue; B's edit is stamped later still (its clock is ahead),
    so that the plain last-writer rule alone would let the edit through."""
    a.clock.moment = LATER
    b.clock.moment = LATER.replace(year=2041)


def test_a_restriction_keeps_emptied_fields_empty_everywhere(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    person_a = a.add("Rita", "Restreinte", email="rita@example.org", city="Namur")
    b = join(a, tmp_path, "b")
    exchange(a, b)
    person_b = b.person_id(a.uuid(person_a))
    assert person_b is not None
    years_later(a, b)
    a.workspace.retention.apply(person_a, "restrict", "2040-01-01")
    b.edit(person_b, email="rita.new@example.org", city="Gent")  # B has not seen it yet
    exchange(a, b, rounds=3)
    for laptop, person in ((a, person_a), (b, person_b)):
        row = laptop.workspace.db.one("SELECT status, email, city FROM person WHERE id = ?",
                                      (person,))  # fmt: skip
        assert row is not None
        assert row["status"] == "restricted"
        assert row["email"] is None  # emptied by the restriction: stays empty
        assert row["city"] == "Gent"  # the restriction keeps the address: the edit stands
        assert not laptop.workspace.people.find("rita")
    assert any(e.kind.value == "restricted-edit" for e in a.workspace.sharing.review())
    a.close()
    b.close()


def test_an_anonymisation_wins_over_a_concurrent_rename(tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a")
    person_a = a.add("Anna", "Anonyme", email="anna@example.org")
    b = join(a, tmp_path, "b")
    exchange(a, b)
    person_b = b.person_id(a.uuid(person_a))
    assert person_b is not None
    years_later(a, b)
    a.workspace.retention.apply(person_a, "anonymise", "2040-01-01")
    b.edit(person_b, given_name="Annabelle", notes="rappeler")
    exchange(a, b, rounds=3)
    for laptop, person in ((a, person_a), (b, person_b)):
        row = laptop.workspace.db.one(
            "SELECT status, given_name, family_name, email, notes FROM person WHERE id = ?",
            (person,),
        )
        assert row is not None
        assert tuple(row) == ("anonymised", "", "", None, None)
    a.close()
    b.close()
