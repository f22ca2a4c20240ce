"""The schema version only grows: a vault at version N never runs a migration numbered below N.

So a migration added later must take a number above every migration before it;
one slipped in below the latest would silently never run on the vaults already
in use.
"""

from __future__ import annotations

from coursenplus_desk.store.migrations import LATEST_VERSION, MIGRATIONS


def test_migrations_are_listed_in_the_order_they_were_added_with_rising_numbers() -> None:
    versions = [migration.version for migration in MIGRATIONS]
    assert versions == sorted(set(versions)), "a new migration takes a number above the latest"
    assert versions[-1] == LATEST_VERSION


def test_every_migration_has_a_name_and_exactly_one_body() -> None:
    for migration in MIGRATIONS:
        assert migration.name.strip()
        assert bool(migration.sql.strip()) != (migration.run is not None), migration.version
