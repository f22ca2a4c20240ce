"""An erasure survives every restore: the erasures of newer backups are applied too.

On another computer there is no vault in use, but the backup folder came along
(a USB stick): its newer backups carry their erasure lists, sealed under the
data key, which a passphrase change leaves as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.rekey import rekey_workspace
from coursenplus_desk.services.restore import NewerBackupsUnreadableError, restore_backup
from coursenplus_desk.store.erasures import encode_erasures, erasures
from coursenplus_desk.store.migrations import schema_version
from coursenplus_desk.vault.backup_file import Manifest, read_sealed_erasures, write_backup
from tests.backup_support import (
    PASSPHRASE,
    TODAY,
    add_person,
    cli_env,
    erase_person,
    new_workspace,
    person_ids,
    reopen,
    run_cli,
)

NEW_PASSPHRASE = "a quite different passphrase now"


def _stick_with_an_erasure_after(tmp_path: Path) -> tuple[Path, int, int]:
    """Backups on a stick: one before Bram's erasure, one after; the vault itself is lost."""
    stick = tmp_path / "stick"
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        workspace.backups.set_folder(stick)
        anna = add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters", email="bram@example.org")
        old = workspace.backups.create()
        erase_person(workspace, bram)
        workspace.clock = FixedClock.on(TODAY)  # the same day, a later second
        workspace.backups.create()
    shutil.rmtree(vault)
    return old, anna, bram


def test_on_another_computer_the_newer_backups_of_the_folder_keep_the_erasure(
    tmp_path: Path,
) -> None:
    old, anna, _bram = _stick_with_an_erasure_after(tmp_path)
    elsewhere = tmp_path / "new-laptop" / "vault"
    code, out, err = run_cli(["backup", "restore", str(old)], cli_env(elsewhere))
    assert code == 0, err
    assert "Removed again: 1 person, erased since the backup was made" in out
    assert "newer backup" in out
    assert person_ids(elsewhere) == {anna}
    for file in elsewhere.iterdir():
        assert b"bram@example.org" not in file.read_bytes()


def test_after_a_passphrase_change_the_newer_backups_still_open(tmp_path: Path) -> None:
    stick, vault = tmp_path / "stick", tmp_path / "vault"
    with new_workspace(vault) as workspace:
        workspace.backups.set_folder(stick)
        anna = add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters")
        old = workspace.backups.create()
        workspace.change_passphrase(NEW_PASSPHRASE)
        erase_person(workspace, bram)
        workspace.backups.create()
    shutil.rmtree(vault)
    report = restore_backup(
        old, tmp_path / "r", PASSPHRASE, FixedClock.on(TODAY), backup_folders=[stick]
    )
    assert [(r.table, r.count, r.source) for r in report.removed] == [("person", 1, "newer")]
    assert person_ids(tmp_path / "r") == {anna}


def test_a_newer_backup_under_a_new_key_needs_its_passphrase(tmp_path: Path) -> None:
    stick, vault = tmp_path / "stick", tmp_path / "vault"
    with new_workspace(vault) as workspace:
        workspace.backups.set_folder(stick)
        anna = add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters")
        old = workspace.backups.create()
        rekey_workspace(workspace, new_passphrase=NEW_PASSPHRASE)  # a new data key
        erase_person(workspace, bram)
        workspace.backups.create()
    shutil.rmtree(vault)
    clock = FixedClock.on(TODAY)
    with pytest.raises(NewerBackupsUnreadableError) as refused:
        restore_backup(old, tmp_path / "r", PASSPHRASE, clock, backup_folders=[stick])
    assert "do not open with this passphrase" in refused.value.message()
    assert not (tmp_path / "r").exists()
    report = restore_backup(
        old,
        tmp_path / "r",
        PASSPHRASE,
        clock,
        backup_folders=[stick],
        newer_passphrases=[NEW_PASSPHRASE],
    )
    assert report.erasures_removed == 1
    assert person_ids(tmp_path / "r") == {anna}


def test_the_command_takes_the_newer_passphrase_from_a_file(tmp_path: Path) -> None:
    stick, vault = tmp_path / "stick", tmp_path / "vault"
    with new_workspace(vault) as workspace:
        workspace.backups.set_folder(stick)
        add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters")
        old = workspace.backups.create()
        rekey_workspace(workspace, new_passphrase=NEW_PASSPHRASE)
        erase_person(workspace, bram)
        workspace.backups.create()
    shutil.rmtree(vault)
    env = cli_env(tmp_path / "other")
    code, _out, err = run_cli(["backup", "restore", str(old)], env)
    assert code == 1 and "do not open with this passphrase" in err
    secret = tmp_path / "newer.txt"
    secret.write_text(NEW_PASSPHRASE + "\n", encoding="utf-8")
    argv = ["backup", "restore", str(old), "--newer-passphrase-file", str(secret)]
    code, _out, err = run_cli(argv, env)
    assert code == 0, err


def test_a_newer_backup_without_a_sealed_list_is_read_the_slow_way(tmp_path: Path) -> None:
    stick, vault = tmp_path / "stick", tmp_path / "vault"
    with new_workspace(vault) as workspace:
        anna = add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters")
        stick.mkdir()
        old = workspace.backups.create(stick / "old.cpbackup")
        erase_person(workspace, bram)
        exported = tmp_path / "export.db"
        workspace.vault.export_database(exported)
        manifest = Manifest(
            workspace.vault.vault_id, "2099-01-01T00:00:00", schema_version(workspace.db)
        )
        unsealed = stick / "newer.cpbackup"
        write_backup(unsealed, manifest, exported, workspace.vault.header_bytes())
        assert erasures(workspace.db) and encode_erasures(erasures(workspace.db))
    assert read_sealed_erasures(unsealed) is None
    report = restore_backup(old, tmp_path / "r", PASSPHRASE, FixedClock.on(TODAY))
    assert report.erasures_removed == 1
    assert person_ids(tmp_path / "r") == {anna}
    with reopen(tmp_path / "r") as restored:
        assert restored.people.get(anna) is not None


def test_an_erasure_rewrites_the_rotation_backups_that_hold_the_person(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters", email="bram.scrub@example.org")
        first = workspace.backups.create()
        second = workspace.backups.create(tmp_path / "elsewhere.cpbackup")  # not the rotation's
        assert workspace.backups.scrub().rewritten == 0  # nothing erased yet: left alone
        erase_person(workspace, bram)
        found = workspace.backups.scrub()
        assert (found.rewritten, found.left) == (1, 0)
        assert workspace.backups.scrub().already_clean == 1  # done once, not again
        events = [e.action for e in workspace.audit.store.events(None)]
        assert "backup.scrub" in events
    report = restore_backup(first, tmp_path / "r", PASSPHRASE, FixedClock.on(TODAY))
    assert report.erasures_removed == 0  # the file itself no longer holds Bram
    assert person_ids(tmp_path / "r") == {1}
    for path in (first, *(tmp_path / "r").iterdir()):
        assert b"bram.scrub@example.org" not in path.read_bytes()
    assert b"bram.scrub@example.org" not in (tmp_path / "vault" / "records.db").read_bytes()
    assert second.exists()  # a copy written elsewhere is the person's own to keep safe


def test_the_erasing_commands_rewrite_the_rotation_backups(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    with new_workspace(vault) as workspace:
        add_person(workspace, "Anna", "Peeters")
        bram = add_person(workspace, "Bram", "Peeters")
        workspace.records.add_contact(bram, "2019-06-01", "email")
        workspace.backups.create()
    env = cli_env(vault)
    code, out, err = run_cli(
        ["retention", "apply", "--person", str(bram), "--action", "erase", "--as-of",
         TODAY.isoformat(), "--yes"], env,
    )  # fmt: skip
    assert code == 0, err
    assert "1 backup of the rotation folder was rewritten without the erased records." in out
