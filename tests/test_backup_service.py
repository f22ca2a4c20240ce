"""Backups: create, list, verify, restore (every record back, erased people stay erased)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import RefusedError, VaultUnavailableError, WrongPassphraseError
from coursenplus_desk.services.restore import read_live_state, restore_backup, verify_backup
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION, m0001_core
from coursenplus_desk.vault.backup_file import DATABASE_MEMBER, Manifest, write_backup
from coursenplus_desk.vault.vault import create_vault
from tests.backup_support import (
    CLOCK,
    PASSPHRASE,
    add_person,
    cli_env,
    erase_person,
    new_workspace,
    person_ids,
    reopen,
    run_cli,
)
from tests.conftest import record_uuid, tombstones
from tests.fast_kdf import FAST_KDF


def test_backup_holds_no_clear_value_and_verifies(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        add_person(workspace, "Zéphyrine", "Quackenbush", email="zq@example.org")
        path = workspace.backups.create()
    assert path.parent == tmp_path / "backups"
    data = path.read_bytes()
    for value in ("Quackenbush", "Zéphyrine", "zq@example.org"):
        assert value.encode() not in data
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == [
            "erasures.sealed",
            "keyslots.json",
            "manifest.json",
            "records.db",
        ]
        assert archive.read(DATABASE_MEMBER)[:16] != b"SQLite format 3\x00"
    report = verify_backup(path, PASSPHRASE)
    assert report.people == 1
    assert report.schema_version == LATEST_VERSION


def test_verify_with_a_wrong_passphrase_says_so(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        path = workspace.backups.create()
    with pytest.raises(WrongPassphraseError):
        verify_backup(path, "not the passphrase")


def test_create_erase_live_vault_restore_gives_back_every_record(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        ids = {add_person(workspace, f"Given{n}", f"Family{n}") for n in range(25)}
        workspace.records.add_contact(min(ids), "2026-11-01", "phone", "called")
        events_before = workspace.db.scalar("SELECT count(*) FROM audit_event")
    env = cli_env(vault)
    code, out, err = run_cli(["backup", "create"], env)
    assert (code, err) == (0, ""), err
    backup = Path(out.strip().removeprefix("Backup written to ").removesuffix("."))
    for file in vault.iterdir():
        file.unlink()
    vault.rmdir()
    code, out, err = run_cli(["backup", "restore", str(backup), "--to", str(tmp_path / "r")], env)
    assert code == 0, err
    assert "could be opened" in out  # the live vault is gone: only the backup's list
    assert person_ids(tmp_path / "r") == ids
    with reopen(tmp_path / "r") as restored:
        assert restored.db.scalar("SELECT count(*) FROM contact_event") == 1
        assert restored.db.scalar("SELECT count(*) FROM audit_event") > events_before
        assert restored.people.find("family1")
        assert restored.integrity_problems() == []
        restored.audit_trail.verify()


def test_person_erased_after_the_backup_stays_erased(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        kept = add_person(workspace, "Kept", "Person")
        gone = add_person(workspace, "Zébulon", "Effacé", email="zebulon@example.org")
        workspace.records.add_contact(gone, "2026-11-01", "email", "asked to be erased")
        backup = workspace.backups.create()
        gone_uuid = record_uuid(workspace, "person", gone)
        erase_person(workspace, gone)
    code, out, err = run_cli(
        ["backup", "restore", str(backup), "--to", str(tmp_path / "r")], cli_env(vault)
    )
    assert code == 0, err
    assert "1 erased record removed again." in out
    assert "Removed again: 1 person, erased since the backup was made" in out
    with reopen(tmp_path / "r") as restored:
        assert set(restored.db.column("SELECT id FROM person")) == {kept}
        assert restored.db.scalar("SELECT count(*) FROM contact_event") == 0
        assert restored.people.find("zebulon") == []
        assert tombstones(restored) == {("person", gone_uuid)}
    for file in (tmp_path / "r").iterdir():
        assert "Zébulon".encode() not in file.read_bytes()


def test_erasure_listed_in_the_backup_itself_is_applied_again(tmp_path: Path) -> None:
    """An erasure whose record survived in the file (e.g. a partial erase) is redone."""
    with new_workspace(tmp_path / "vault") as workspace:
        person = add_person(workspace, "Half", "Erased")
        workspace.db.execute(
            "INSERT INTO erased_record (record_uuid, table_name, erased_at)"
            " VALUES (?, 'person', '2026-11-20T00:00:00+00:00')",
            (record_uuid(workspace, "person", person),),
        )
        workspace.db.execute(
            "INSERT INTO erased_record (record_uuid, table_name, erased_at)"
            " VALUES ('00000000-0000-4000-8000-000000000007', 'mystery_table',"
            " '2026-11-20T00:00:00+00:00')"
        )
        backup = workspace.backups.create()
    report = restore_backup(backup, tmp_path / "r", PASSPHRASE, CLOCK)
    assert report.erasures_removed == 1
    assert report.unknown_tables == ["mystery_table"]
    assert person_ids(tmp_path / "r") == set()


def test_restore_refuses_the_live_vault_and_non_empty_folders(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        backup = workspace.backups.create()
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file.txt").write_text("x")
    env = cli_env(vault)
    for target in (vault, tmp_path / "busy", vault / "inside"):
        code, _out, err = run_cli(["backup", "restore", str(backup), "--to", str(target)], env)
        assert code == 1, err
        assert err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "busy", "vault"]
    with pytest.raises(RefusedError):
        restore_backup(backup, tmp_path / "busy", PASSPHRASE, CLOCK)


def test_restore_into_an_existing_empty_folder(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        person = add_person(workspace, "Empty", "Folder")
        backup = workspace.backups.create()
    (tmp_path / "r").mkdir()
    restore_backup(backup, tmp_path / "r", PASSPHRASE, CLOCK)
    assert person_ids(tmp_path / "r") == {person}


def test_damaged_backup_is_refused_with_exit_4_and_nothing_restored(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        add_person(workspace, "Some", "One")
        backup = workspace.backups.create()
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged = tmp_path / "damaged.cpbackup"
    damaged.write_bytes(bytes(data))
    env = cli_env(vault)
    code, _out, err = run_cli(["backup", "verify", str(damaged)], env)
    assert code == 4
    assert "damaged" in err
    code, _out, err = run_cli(["backup", "restore", str(damaged), "--to", str(tmp_path / "r")], env)
    assert code == 4, err
    assert not (tmp_path / "r").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    garbage = tmp_path / "garbage.cpbackup"
    garbage.write_bytes(b"not a zip at all")
    assert run_cli(["backup", "verify", str(garbage)], env)[0] == 4


def test_backup_taken_before_a_migration_is_upgraded_on_restore(tmp_path: Path) -> None:
    """A schema-1 vault (before this feature's migration), backed up, restores at the latest."""
    old = create_vault(tmp_path / "old", PASSPHRASE, kdf=FAST_KDF, now=CLOCK.now())
    with old:
        db = Database(old.connection)
        db.script(f"BEGIN;\n{m0001_core.SQL}\nPRAGMA user_version = 1;\nCOMMIT;")
        db.execute(
            "INSERT INTO person (id, given_name, family_name, created_on, updated_at, sort_key)"
            " VALUES (3, 'Old', 'Schema', '2020-01-01', '2020-01-01T00:00:00', 'schema old')"
        )
        old.export_database(tmp_path / "export.db")
        manifest = Manifest(old.vault_id, "2020-01-01T00:00:00+00:00", 1)
        write_backup(
            tmp_path / "old.cpbackup", manifest, tmp_path / "export.db", old.header_bytes()
        )
    assert verify_backup(tmp_path / "old.cpbackup", PASSPHRASE).schema_version == 1
    report = restore_backup(tmp_path / "old.cpbackup", tmp_path / "r", PASSPHRASE, CLOCK)
    assert (report.schema_before, report.schema_after) == (1, LATEST_VERSION)
    with reopen(tmp_path / "r") as restored:
        assert restored.people.get(3).person.family_name == "Schema"
        restored.audit_trail.verify()


def test_backup_if_changed_only_after_a_change(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        assert workspace.backups.backup_if_changed() is not None  # the vault's creation
        assert workspace.backups.backup_if_changed() is None
        person = add_person(workspace, "New", "Person")
        workspace.audit.record("person.view", person)
        assert workspace.backups.backup_if_changed() is not None
        workspace.audit.record("person.view", person)
        assert workspace.backups.backup_if_changed() is None
        assert len(workspace.backups.backups()) == 2


def test_backup_out_file_and_folder_setting(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault):
        pass
    env = cli_env(vault)
    out_file = tmp_path / "usb" / "copy.cpbackup"
    assert run_cli(["backup", "create", "--out", str(out_file)], env)[0] == 1  # no such folder
    out_file.parent.mkdir()
    assert run_cli(["backup", "create", "--out", str(out_file)], env)[0] == 0
    assert run_cli(["backup", "create", "--out", str(out_file)], env)[0] == 1  # exists
    assert run_cli(["backup", "create", "--out", str(vault / "x.cpbackup")], env)[0] == 1
    assert run_cli(["backup", "folder", str(vault / "sub")], env)[0] == 1
    code, out, _ = run_cli(["backup", "folder", str(tmp_path / "synced")], env)
    assert (code, out.strip()) == (0, str(tmp_path / "synced"))
    assert run_cli(["backup", "create"], env)[0] == 0
    code, out, _ = run_cli(["backup", "list"], env)
    assert code == 0
    assert str(tmp_path / "synced") in out
    assert len(out.splitlines()) == 1
    assert run_cli(["backup", "verify", str(out_file)], env)[0] == 0


def test_live_state_needs_the_vault(tmp_path: Path) -> None:
    assert read_live_state(tmp_path / "none", PASSPHRASE) is None
    with new_workspace(tmp_path / "vault") as workspace:
        person = add_person(workspace, "To", "Erase")
        uuid = record_uuid(workspace, "person", person)
        erase_person(workspace, person)
        assert read_live_state(tmp_path / "vault", PASSPHRASE) is None  # open elsewhere
        from_gui = workspace.backups.live_state()
    assert read_live_state(tmp_path / "vault", "wrong passphrase") is None
    state = read_live_state(tmp_path / "vault", PASSPHRASE)
    assert state == from_gui
    assert [(e.table_name, e.record_uuid) for e in state.erasures] == [("person", uuid)]


def test_people_anonymised_after_the_backup_stay_anonymous(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        person = add_person(workspace, "Ophélie", "Anonymisée", email="ophelie@example.org")
        backup = workspace.backups.create()
        with workspace.db.transaction():  # what the retention engine's anonymisation leaves
            workspace.db.execute(
                "UPDATE person SET given_name = '-', family_name = '-', email = NULL,"
                " sort_key = '-', status = 'anonymised' WHERE id = ?",
                (person,),
            )
            workspace.db.execute("DELETE FROM person_search WHERE rowid = ?", (person,))
    code, _out, err = run_cli(
        ["backup", "restore", str(backup), "--to", str(tmp_path / "r")], cli_env(vault)
    )
    assert code == 0, err
    with reopen(tmp_path / "r") as restored:
        row = restored.db.query("SELECT * FROM person WHERE id = ?", (person,))[0]
        assert (row["given_name"], row["email"], row["status"]) == ("-", None, "anonymised")
        assert restored.db.scalar("SELECT count(*) FROM person_search") == 0


def test_backup_of_a_locked_workspace_is_refused(tmp_path: Path) -> None:
    workspace = new_workspace(tmp_path / "vault")
    workspace.close()
    with pytest.raises(VaultUnavailableError):
        workspace.backups.create()


def test_a_chosen_folder_on_an_unplugged_stick_is_not_recreated(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        workspace.backups.set_folder(tmp_path / "media" / "usb" / "backups")
        with pytest.raises(RefusedError):
            workspace.backups.create()
        assert not (tmp_path / "media").exists()
        (tmp_path / "media" / "usb").mkdir(parents=True)
        assert workspace.backups.create().parent == tmp_path / "media" / "usb" / "backups"
