"""The register and the consent ledger agree, in a new vault and in one made before."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.register import LegalBasis, consent_gaps
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import MIGRATIONS, migrate, schema_version
from coursenplus_desk.store.register import RegisterStore
from coursenplus_desk.vault.connection import connect
from tests.consent_helpers import new_workspace


@pytest.fixture
def named(tmp_path: Path) -> Workspace:
    return new_workspace(tmp_path / "vault")


def test_every_consent_purpose_is_served_by_a_consent_based_activity(named: Workspace) -> None:
    activities = named.register.activities()
    purposes = [purpose.key for purpose in named.consent.purposes()]
    assert {"newsletter", "photos", "testimonials", "future-courses", "holiday-courses",
            "health-data"} <= set(purposes)  # fmt: skip
    for purpose in purposes:
        serving = [a for a in activities if purpose in a.consent_purposes]
        assert serving, purpose
        assert all(a.legal_basis is LegalBasis.CONSENT for a in serving), purpose
    assert named.register.consent_gaps() == []
    [future] = [a for a in activities if "future-courses" in a.consent_purposes]
    assert future.name == "Information about future activities"
    assert future.legal_basis is LegalBasis.CONSENT  # not legitimate interest any more
    [health] = [a for a in activities if a.special_categories == "health"]
    assert health.retention is Category.HEALTH and health.consent_purposes == ("health-data",)


def test_a_new_purpose_shows_as_a_gap_until_an_activity_serves_it(named: Workspace) -> None:
    named.consent.add_purpose("concerts", "Concert programme")
    assert [(g.kind, g.key) for g in named.register.consent_gaps()] == [("purpose", "concerts")]
    with pytest.raises(ValidationError):
        named.register.add_activity(
            {
                "name": "Concerts",
                "purpose": "Tell about concerts",
                "people": "Members",
                "data": "Email",
                "security": "As above",
                "legal_basis": "consent",
                "consent_purposes": "concert",
            }
        )
    added = named.register.add_activity(
        {"name": "Concerts", "purpose": "Tell about concerts", "people": "Members",
         "data": "Email", "security": "As above", "legal_basis": "consent",
         "consent_purposes": "concerts"}
    )  # fmt: skip
    assert named.register.consent_gaps() == []
    named.register.set_activity_field(added, "legal_basis", "legitimate_interest")
    assert [(g.kind, g.key) for g in named.register.consent_gaps()] == [
        ("purpose", "concerts"), ("basis", "Concerts")
    ]  # fmt: skip


def test_the_pure_rule_finds_each_kind_of_disagreement() -> None:
    from coursenplus_desk.domain.register import Activity

    def activity(name: str, basis: LegalBasis, purposes: tuple[str, ...]) -> Activity:
        return Activity(0, name, "p", basis, "people", "data", "", Category.IDENTIFICATION, "s",
                        consent_purposes=purposes)  # fmt: skip

    found = consent_gaps(
        [activity("A", LegalBasis.CONSENT, ()), activity("B", LegalBasis.CONTRACT, ("x",))],
        ["x", "y"],
    )
    assert [(g.kind, g.key) for g in found] == [
        ("purpose", "x"), ("purpose", "y"), ("activity", "A"), ("basis", "B")
    ]  # fmt: skip


def test_a_vault_made_before_gets_the_consent_activities_and_the_health_category(
    tmp_path: Path,
) -> None:
    """A vault of schema 8 (whose CHECK did not know 'health'), with an edited register."""
    connection = connect(tmp_path / "old.db", os.urandom(32))
    db = Database(connection)
    for migration in (m for m in MIGRATIONS if m.version <= 8):
        sql = migration.sql.replace(", 'health'", "")  # as the program of then wrote it
        db.script(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;")
    db.execute("UPDATE processing_activity SET recipients = 'Fiduciaire Dupont' WHERE id = 3")
    old_check = str(db.scalar("SELECT sql FROM sqlite_master WHERE name = 'processing_activity'"))
    assert "'health'" not in old_check
    migrate(db, "a vault made before")
    assert schema_version(db) == max(m.version for m in MIGRATIONS)
    activities = RegisterStore(db).activities()
    assert activities[2].recipients == "Fiduciaire Dupont"  # the association's edit kept
    assert activities[3].legal_basis is LegalBasis.CONSENT
    assert [a.retention for a in activities][-1] is Category.HEALTH
    assert db.scalar("SELECT years FROM retention_policy WHERE category = 'health'") == 1
    # The wider CHECK holds on this very connection, and still refuses the unknown.
    db.execute("UPDATE processing_activity SET retention_category = 'health' WHERE id = 1")
    with pytest.raises(Exception, match="CHECK"):
        db.execute("UPDATE processing_activity SET retention_category = 'forever' WHERE id = 1")
    assert [row[0] for row in db.query("PRAGMA integrity_check")] == ["ok"]
    connection.close()
