"""Whom a payment is for when someone else pays: the CLI's `--for`, the schema-50 migration,
and the link that goes when the child is erased while the parent's payment stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.errors import NotFoundError
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION, MIGRATIONS, schema_version
from coursenplus_desk.vault.vault import create_vault
from tests.conftest import PASSPHRASE, CliRunner
from tests.fast_kdf import FAST_KDF


def family(workspace: Workspace) -> tuple[int, int]:
    mother = workspace.people.add(PersonDraft("Nadia", "Haddad", roles=("guardian",)))
    child = workspace.people.add(PersonDraft("Yanis", "Haddad", roles=("student",)), (mother,))
    return mother, child


def test_the_payment_belongs_to_the_payer_and_shows_on_both_pages(workspace: Workspace) -> None:
    mother, child = family(workspace)
    paid = workspace.records.add_payment(mother, "120", "2026-09-01", "REF-1", for_person_id=child)
    own = workspace.records.add_payment(child, "5", "2026-09-02")
    assert [p.id for p in workspace.records.payments(child)] == [own, paid]
    assert [p.id for p in workspace.records.payments(mother)] == [paid]
    assert workspace.records.payments(mother)[0].for_person_id == child
    with pytest.raises(NotFoundError):
        workspace.records.add_payment(mother, "1", "2026-09-01", for_person_id=999)
    same = workspace.records.add_payment(mother, "1", "2026-09-03", for_person_id=mother)
    assert workspace.records.payments(mother)[0].id == same
    assert workspace.records.payments(mother)[0].for_person_id is None


def test_erasing_the_child_keeps_the_parents_payment(workspace: Workspace) -> None:
    mother, child = family(workspace)
    paid = workspace.records.add_payment(mother, "120", "2026-09-01", for_person_id=child)
    workspace.retention.erase_person(child)
    with pytest.raises(NotFoundError):
        workspace.people.get(child)
    kept = workspace.records.payments(mother)
    assert [(p.id, p.for_person_id) for p in kept] == [(paid, None)]


def test_the_cli_records_whom_a_payment_is_for(
    initialised_cli: CliRunner, vault_dir: Path, clock: FixedClock
) -> None:
    mother = initialised_cli.ok(
        "person", "add", "--role", "guardian", "--given-name", "Nadia", "--family-name", "H"
    )
    child = initialised_cli.ok(
        "person", "add", "--role", "student", "--given-name", "Yanis", "--family-name", "H",
        "--guardian", mother,
    )  # fmt: skip
    initialised_cli.ok(
        "payment", "add", mother, "--amount", "120", "--on", "2026-09-01", "--for", child
    )
    refused = initialised_cli(
        "payment", "add", mother, "--amount", "1", "--on", "2026-09-01", "--for", "999"
    )
    assert refused.code == 1 and refused.err.count("\n") == 1
    with open_workspace(vault_dir, PASSPHRASE, clock) as workspace:
        payments = workspace.records.payments(int(child))
    assert [(p.payer_id, p.for_person_id) for p in payments] == [(int(mother), int(child))]


def test_a_vault_of_schema_8_gets_the_column(tmp_path: Path, clock: FixedClock) -> None:
    """The payments of a vault made before schema 50 stay, with nobody they were for."""
    vault = create_vault(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF, now=clock.now())
    with vault:
        db = Database(vault.connection)
        for migration in MIGRATIONS:
            if migration.version <= 8:
                db.script(
                    f"BEGIN;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
                )
        db.execute(
            "INSERT INTO person (id, given_name, family_name, created_on, updated_at, sort_key)"
            " VALUES (1, 'Old', 'Payer', '2020-01-01', '2020-01-01T00:00:00', 'payer old')"
        )
        db.execute(
            "INSERT INTO payment (payer_id, amount_cents, paid_on) VALUES (1, 4500, '2020-02-01')"
        )
    with open_workspace(tmp_path / "v", PASSPHRASE, clock) as workspace:
        assert schema_version(workspace.db) == LATEST_VERSION
        assert [p.for_person_id for p in workspace.records.payments(1)] == [None]
