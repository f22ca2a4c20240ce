"""Record identities: ids never handed out twice, UUIDs, and restores that lose nothing.

The scenario that lost data: add A, add B, erase B, add C, back up, restore.
With reusable ids C took B's id and the restore "re-erased" C. Tombstones now
name UUIDs, and ids are never reused.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.restore import restore_backup
from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION, migrate
from coursenplus_desk.store.migrations.m0009_identities import RECORD_TABLES, legacy_uuid
from coursenplus_desk.vault.backup_file import Manifest, write_backup
from coursenplus_desk.vault.vault import create_vault
from tests.backup_support import add_person, erase_person, new_workspace
from tests.conftest import PASSPHRASE, TODAY, CliRunner, record_uuid, tombstones
from tests.fast_kdf import FAST_KDF

STUDENT = ("person", "add", "--role", "student", "--family-name", "Peeters", "--given-name")


def _erase_through_a_request(cli: CliRunner, person: str) -> None:
    request = cli.ok("request", "add", "--person", person, "--kind", "erasure",
                     "--received", TODAY.isoformat())  # fmt: skip
    cli.ok("request", "verify-identity", request, "--method", "identity card shown")
    cli.ok("request", "execute", request)


def _names(folder: Path) -> dict[int, str]:
    with open_workspace(folder, PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        rows = workspace.db.query("SELECT id, given_name FROM person")
        return {int(row["id"]): str(row["given_name"]) for row in rows}


def test_a_restore_keeps_a_person_added_after_an_erasure(
    initialised_cli: CliRunner, tmp_path: Path
) -> None:
    cli = initialised_cli
    first = cli.ok(*STUDENT, "Anna")
    second = cli.ok(*STUDENT, "Bram")
    _erase_through_a_request(cli, second)
    third = cli.ok(*STUDENT, "Cato")
    assert third != second  # the erased person's number is never handed out again
    backup = tmp_path / "b.bak"
    cli.ok("backup", "create", "--out", str(backup))
    restored = tmp_path / "restored"
    out = cli.ok("backup", "restore", str(backup), "--to", str(restored))
    assert "0 erased records removed again." in out
    assert _names(restored) == {int(first): "Anna", int(third): "Cato"}


def test_a_lost_vault_is_restored_into_its_usual_folder(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    cli = initialised_cli
    cli.ok(*STUDENT, "Anna")
    backup = tmp_path / "b.bak"
    cli.ok("backup", "create", "--out", str(backup))
    refused = cli("backup", "restore", str(backup), "--to", str(vault_dir))
    assert refused.code == 1 and "holds a vault" in refused.err
    vault_dir.rename(tmp_path / "lost")
    out = cli.ok("backup", "restore", str(backup), "--to", str(vault_dir))
    assert "the vault's usual folder" in out
    assert "intact" in cli.ok("audit", "verify")
    assert "Anna" in cli.ok("person", "find", "anna")


def test_the_usual_folder_is_the_default_target(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    cli = initialised_cli
    cli.ok(*STUDENT, "Anna")
    backup = tmp_path / "b.bak"
    cli.ok("backup", "create", "--out", str(backup))
    assert cli("backup", "restore", str(backup)).code == 1  # the vault is still there
    vault_dir.rename(tmp_path / "lost")
    cli.ok("backup", "restore", str(backup))
    assert _names(vault_dir) == {1: "Anna"}


def test_new_records_get_a_random_uuid_and_ids_above_every_erased_one(
    workspace: Workspace,
) -> None:
    first = add_person(workspace, "Anna", "Peeters")
    second = add_person(workspace, "Bram", "Peeters")
    erase_person(workspace, second)
    third = add_person(workspace, "Cato", "Peeters")
    assert third == second + 1
    uuids = {record_uuid(workspace, "person", p) for p in (first, third)}
    assert all(uuid.UUID(value).version == 4 for value in uuids) and len(uuids) == 2


# Vaults made before schema 9 ------------------------------------------------------------


def test_migration_keeps_ids_fills_uuids_and_converts_tombstones(tmp_path: Path) -> None:
    old = OldVault(tmp_path / "v")
    db, vault_id = old.db, old.vault.vault_id
    old.add(1, "Anna", "2026-01-01T10:00:00")
    db.execute("INSERT INTO contact_event (person_id, occurred_on, channel) VALUES (1, ?, ?)",
               ("2019-06-01", "email"))  # fmt: skip
    old.add(2, "Bram", "2026-01-01T10:00:00")
    old.erase(2, "2026-02-01T00:00:00")
    db.execute("DELETE FROM contact_event WHERE id = 1")
    db.execute("INSERT INTO erased_record VALUES ('contact_event', 1, '2026-02-01T00:00:00')")
    old.add(2, "Cato", "2026-03-01T10:00:00")  # the old program handed B's id to C
    migrate(db, vault_id)
    assert int(db.scalar("PRAGMA user_version")) == LATEST_VERSION
    rows = {int(r["id"]): str(r["uuid"]) for r in db.query("SELECT id, uuid FROM person")}
    assert rows == {1: legacy_uuid(vault_id, "person", 1), 2: legacy_uuid(vault_id, "person", 2)}
    listed = {(str(r["table_name"]), str(r["record_uuid"]), int(r["legacy"]))
              for r in db.query("SELECT * FROM erased_record")}  # fmt: skip
    assert listed == {
        ("person", legacy_uuid(vault_id, "person", 2), 1),
        ("contact_event", legacy_uuid(vault_id, "contact_event", 1), 1),
    }
    new_id = db.execute(
        "INSERT INTO person (given_name, family_name, created_on, updated_at, sort_key)"
        " VALUES ('Dirk', 'New', '2026-11-22', '2026-11-22T10:00:00', 'new dirk')"
    )
    assert new_id == 3
    new_contact = db.execute(
        "INSERT INTO contact_event (person_id, occurred_on, channel)"
        " VALUES (1, '2026-11-01', 'email')"
    )
    assert new_contact == 2  # above the erased contact 1, never it again
    for table in RECORD_TABLES:
        assert db.scalar(f"SELECT count(*) FROM {table} WHERE uuid IS NULL") == 0
    assert db.query("PRAGMA foreign_key_check") == []
    old.vault.close()


class OldVault:
    """A vault of the previous program (schema 8), changed the way that program did it."""

    def __init__(self, folder: Path) -> None:
        self.vault = create_vault(folder, PASSPHRASE, kdf=FAST_KDF,
                                  now=FixedClock.on(TODAY).now())  # fmt: skip
        self.db = Database(self.vault.connection)
        migrate(self.db, self.vault.vault_id, up_to=8)

    def add(self, person_id: int, name: str, updated_at: str) -> None:
        self.db.execute(
            "INSERT INTO person (id, given_name, family_name, created_on, updated_at, sort_key)"
            " VALUES (?, ?, 'Old', '2026-01-01', ?, ?)",
            (person_id, name, updated_at, name.lower()),
        )

    def erase(self, person_id: int, erased_at: str) -> None:
        self.db.execute("DELETE FROM person WHERE id = ?", (person_id,))
        self.db.execute("INSERT INTO erased_record VALUES ('person', ?, ?)", (person_id, erased_at))

    def backup(self, target: Path) -> Path:
        exported = target.with_suffix(".db")
        self.vault.export_database(exported)
        manifest = Manifest(self.vault.vault_id, "2026-01-01T00:00:00", 8)
        write_backup(target, manifest, exported, self.vault.header_bytes())
        exported.unlink()
        return target


def _restore(backup: Path, target: Path, live_folder: Path) -> list[tuple[str, int, str]]:
    with open_workspace(live_folder, PASSPHRASE, FixedClock.on(TODAY)) as live:
        state = live.backups.live_state()
    report = restore_backup(backup, target, PASSPHRASE, FixedClock.on(TODAY), live=state)
    return [(r.table, r.count, r.source) for r in report.removed]


def test_old_backups_lose_the_erased_person_and_keep_the_one_who_got_the_old_id(
    tmp_path: Path,
) -> None:
    """B erased and C given B's id by the old program: each old copy keeps what it should."""
    old = OldVault(tmp_path / "vault")
    old.add(1, "Anna", "2026-01-01T10:00:00")
    old.add(2, "Bram", "2026-01-01T10:00:00")
    before_erasure = old.backup(tmp_path / "before.bak")
    old.erase(2, "2026-02-01T00:00:00")
    old.add(2, "Cato", "2026-03-01T10:00:00")
    after_reuse = old.backup(tmp_path / "after.bak")
    old.vault.close()

    # The live vault is upgraded, then both old copies are restored beside it.
    assert _restore(before_erasure, tmp_path / "r1", tmp_path / "vault") == [("person", 1, "live")]
    assert sorted(_names(tmp_path / "r1").values()) == ["Anna"]
    assert _restore(after_reuse, tmp_path / "r2", tmp_path / "vault") == []
    assert sorted(_names(tmp_path / "r2").values()) == ["Anna", "Cato"]

    # Erasing C after the upgrade reaches C in every copy, and B too (same old id).
    with open_workspace(tmp_path / "vault", PASSPHRASE, FixedClock.on(TODAY)) as live:
        erase_person(live, 2)
    assert _restore(after_reuse, tmp_path / "r3", tmp_path / "vault") == [("person", 1, "live")]
    assert sorted(_names(tmp_path / "r3").values()) == ["Anna"]


def test_a_legacy_tombstone_spares_the_newcomer_who_got_the_old_id(tmp_path: Path) -> None:
    """A copy whose own list already holds the tombstone postdates the erasure: its row is C."""
    with new_workspace(tmp_path / "vault") as workspace:
        anna = add_person(workspace, "Anna", "Peeters")
        cato = add_person(workspace, "Cato", "Peeters")
        cato_uuid = record_uuid(workspace, "person", cato)
        now = workspace.clock.now().isoformat()
        workspace.db.execute(  # a tombstone converted from the old list: it names C's uuid
            "INSERT INTO erased_record (record_uuid, table_name, erased_at, legacy)"
            " VALUES (?, 'person', ?, 1)",
            (cato_uuid, now),
        )
        backup = workspace.backups.create()
        live = workspace.backups.live_state()
    report = restore_backup(backup, tmp_path / "r", PASSPHRASE, FixedClock.on(TODAY), live=live)
    assert report.removed == ()
    assert set(_names(tmp_path / "r")) == {anna, cato}
    with open_workspace(tmp_path / "r", PASSPHRASE, FixedClock.on(TODAY)) as restored:
        assert tombstones(restored) == {("person", cato_uuid)}


# Any sequence of add / erase / back up / restore --------------------------------------------


class RestoreMachine(RuleBasedStateMachine):
    """A real vault: restores never lose a record that was not erased, never bring one back.

    A restore also becomes the vault in use (the recovery of a lost laptop), so the
    erasure lists it merged must keep working for the next restores.
    """

    def __init__(self) -> None:
        super().__init__()
        self.scratch = tempfile.TemporaryDirectory(prefix="cpdesk-restores-")
        self.root = Path(self.scratch.name)
        self.folders = 0
        self.workspace = new_workspace(self._new_folder())
        self.live: set[str] = set()
        self.erased: set[str] = set()
        self.backups: list[tuple[Path, frozenset[str]]] = []

    def _new_folder(self) -> Path:
        self.folders += 1
        return self.root / f"vault{self.folders}"

    @rule()
    def add(self) -> None:
        person = add_person(self.workspace, "Anna", f"Family{len(self.live)}")
        self.live.add(record_uuid(self.workspace, "person", person))

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data())
    def erase(self, data: st.DataObject) -> None:
        chosen = data.draw(st.sampled_from(sorted(self.live)))
        person = int(self.workspace.db.scalar("SELECT id FROM person WHERE uuid = ?", (chosen,)))
        erase_person(self.workspace, person)
        self.live.discard(chosen)
        self.erased.add(chosen)

    @rule()
    def back_up(self) -> None:
        path = self.root / f"backup{len(self.backups)}.bak"
        self.backups.append((self.workspace.backups.create(path), frozenset(self.live)))

    @precondition(lambda self: bool(self.backups))
    @rule(data=st.data())
    def restore_and_use_it(self, data: st.DataObject) -> None:
        path, held = data.draw(st.sampled_from(self.backups))
        state = self.workspace.backups.live_state()
        self.workspace.close()
        target = self._new_folder()
        restore_backup(path, target, PASSPHRASE, FixedClock.on(TODAY), live=state)
        self.workspace = open_workspace(target, PASSPHRASE, FixedClock.on(TODAY))
        restored = set(self.workspace.db.column("SELECT uuid FROM person"))
        assert restored == held - self.erased
        self.live = restored

    @invariant()
    def the_vault_holds_what_the_model_holds(self) -> None:
        assert set(self.workspace.db.column("SELECT uuid FROM person")) == self.live

    def teardown(self) -> None:
        self.workspace.close()
        self.scratch.cleanup()


TestRestores = RestoreMachine.TestCase
TestRestores.settings = settings(max_examples=12, stateful_step_count=10, deadline=None)
