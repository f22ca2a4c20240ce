"""Numbered schema migrations; the schema version is SQLite's `user_version`.

Each migration runs in its own transaction together with the version bump, so
a crash leaves the vault at the previous version. A vault written by a newer
program is refused rather than guessed at. A migration is an SQL script, or a
function for the few that need Python (it gets the vault's id); one that
rebuilds tables runs with foreign keys off, as SQLite requires, and checks them
before it commits.

A vault at version N never runs a migration numbered N or below, so a new
migration always takes a number above every one already released.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coursenplus_desk.domain.errors import VaultTooNewError
from coursenplus_desk.i18n import N_
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import (
    m0001_core,
    m0002_retention,
    m0003_requests,
    m0004_consent,
    m0005_backup,
    m0006_register,
    m0008_request_retention,
    m0009_identities,
    m0010_last_contact,
    m0050_payment_for,
    m0051_shared_register,
    m0052_health,
    m0053_register_consents,
    m0054_breach_times,
    m0055_request_parties,
    m0056_disclosures,
    m0065_retention_facts,
    m0066_person_order,
)

Step = Callable[[Database, str], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str = ""  # or `run`, a function of the database and the vault's id
    run: Step | None = None
    rebuilds_tables: bool = False


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core records", m0001_core.SQL),
    Migration(2, "retention", m0002_retention.SQL),
    Migration(3, "data-subject requests", m0003_requests.SQL),
    Migration(4, "consent and membership", m0004_consent.SQL),
    Migration(5, "backups and audit chain", m0005_backup.SQL),
    Migration(6, "register of processing and breaches", m0006_register.SQL),
    Migration(8, "request files in the retention scan", m0008_request_retention.SQL),
    Migration(9, "record identities", run=m0009_identities.run, rebuilds_tables=True),
    Migration(10, "one definition of the last contact", m0010_last_contact.SQL),
    Migration(50, "whom a payment is for", m0050_payment_for.SQL),
    # Numbered 40 for a while, below 50: vaults already at 50 never ran it. It creates
    # only what is missing, so the vaults that did run it as 40 pass through unchanged.
    Migration(51, "shared register", m0051_shared_register.SQL),
    # The documents' and rights' own schema, after every migration released before it.
    Migration(52, "health information", m0052_health.SQL),
    Migration(53, "the register agrees with the consent ledger", m0053_register_consents.SQL),
    Migration(54, "breach notification times", m0054_breach_times.SQL),
    Migration(55, "representatives and recipients of requests", m0055_request_parties.SQL),
    Migration(56, "disclosures to tutors and processor agreements", m0056_disclosures.SQL),
    Migration(65, "retention facts kept per person", m0065_retention_facts.SQL),
    Migration(66, "people's order read by id", m0066_person_order.SQL),
)

LATEST_VERSION = max(migration.version for migration in MIGRATIONS)


class ForeignKeyError(RuntimeError):
    """A table rebuild left a reference dangling: the migration is rolled back."""


def schema_version(db: Database) -> int:
    return int(db.scalar("PRAGMA user_version"))


def migrate(db: Database, vault_id: str, up_to: int | None = None) -> list[int]:
    """Bring the vault to the latest schema (or to `up_to`); the versions applied."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise VaultTooNewError(
            N_(
                "This vault was made by a newer version of the program (schema {found}, "
                "this program knows {known}). Install the newer version to open it."
            ),
            found=current,
            known=LATEST_VERSION,
        )
    applied = []
    for migration in sorted(MIGRATIONS, key=lambda m: m.version):
        if current < migration.version <= (up_to or LATEST_VERSION):
            _apply(db, migration, vault_id)
            applied.append(migration.version)
    return applied


def _apply(db: Database, migration: Migration, vault_id: str) -> None:
    version = f"PRAGMA user_version = {migration.version}"
    if migration.run is None:
        _apply_script(db, f"BEGIN IMMEDIATE;\n{migration.sql}\n{version};\nCOMMIT;")
        return
    if migration.rebuilds_tables:
        db.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set it first
    try:
        with db.transaction():
            migration.run(db, vault_id)
            if migration.rebuilds_tables and db.query("PRAGMA foreign_key_check"):
                raise ForeignKeyError(f"schema {migration.version} left dangling references")
            db.execute(version)
    finally:
        if migration.rebuilds_tables:
            db.execute("PRAGMA foreign_keys = ON")


def _apply_script(db: Database, script: str) -> None:
    try:
        db.script(script)
    except BaseException:
        db.rollback()
        raise
