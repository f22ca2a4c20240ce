"""The schema version only grows: a vault at version N never runs a migration numbered below N.

So a migration added later must take a number above every migration before it;
one slipped in below the latest would silently never run on the vaults already
in use.
"""

from __future__ import annotations

from pathlib import Path

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    m0051_shared_register,
    migrate,
    schema_version,
)
from coursenplus_desk.vault.vault import create_vault, unlock_vault
from tests.conftest import PASSPHRASE
from tests.fast_kdf import FAST_KDF


def test_migrations_are_listed_in_the_order_they_were_added_with_rising_numbers() -> None:
    versions = [migration.version for migration in MIGRATIONS]
    assert versions == sorted(set(versions)), "a new migration takes a number above the latest"
    assert versions[-1] == LATEST_VERSION


def test_every_migration_has_a_name_and_exactly_one_body() -> None:
    for migration in MIGRATIONS:
        assert migration.name.strip()
        assert bool(migration.sql.strip()) != (migration.run is not None), migration.version


def _vault_at(folder: Path, clock: FixedClock, versions: set[int]) -> None:
    """A vault as an older program left it: these migrations run, in order, and no other."""
    vault = create_vault(folder, PASSPHRASE, kdf=FAST_KDF, now=clock.now())
    with vault:
        db = Database(vault.connection)
        for migration in MIGRATIONS:
            if migration.version in versions:
                migrate(db, vault.vault_id, up_to=migration.version)


def _is_shareable(folder: Path, clock: FixedClock) -> bool:
    with open_workspace(folder, PASSPHRASE, clock) as workspace:
        assert schema_version(workspace.db) == LATEST_VERSION
        return (
            not workspace.sharing.is_shared
            and workspace.db.scalar("SELECT active FROM sync_capture WHERE id = 1") == 0
        )


def test_a_vault_left_at_schema_50_without_the_shared_register_gets_it(
    tmp_path: Path, clock: FixedClock
) -> None:
    _vault_at(tmp_path / "v", clock, {m.version for m in MIGRATIONS if m.version <= 50})
    assert _is_shareable(tmp_path / "v", clock)


def test_a_vault_that_ran_the_shared_register_before_schema_50_opens_unchanged(
    tmp_path: Path, clock: FixedClock
) -> None:
    """The shared register was once numbered 40: such a vault reached 50 with its tables."""
    _vault_at(tmp_path / "v", clock, {m.version for m in MIGRATIONS if m.version <= 10})
    vault = unlock_vault(tmp_path / "v", PASSPHRASE)
    with vault:
        db = Database(vault.connection)
        db.script(f"BEGIN;\n{m0051_shared_register.SQL}\nPRAGMA user_version = 40;\nCOMMIT;")
        migrate(db, vault.vault_id, up_to=50)
    assert _is_shareable(tmp_path / "v", clock)
