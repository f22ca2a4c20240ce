"""Rollback: an older `records.db` (with or without its key file) put back is reported at
unlock (exit 4), through the key file's witness, the backup folder's manifest or this
computer's keychain; a copy accepted on purpose (or re-seated by a restore) is not."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from coursenplus_desk.services.witness import RolledBackError
from coursenplus_desk.services.workspace import open_workspace, reseat_witnesses
from tests.backup_support import CLOCK, PASSPHRASE
from tests.conftest import CliRunner, MemoryKeyring

ADD = ("person", "add", "--role", "student", "--given-name", "Later", "--family-name", "Added")


def _save(vault: Path, where: Path, *names: str) -> None:
    where.mkdir()
    for name in names:
        shutil.copy(vault / name, where / name)


def _put_back(saved: Path, vault: Path) -> None:
    for file in saved.iterdir():
        shutil.copy(file, vault / file.name)


def test_an_older_vault_put_back_is_reported(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    initialised_cli.ok("person", "add", "--role", "student", "--given-name", "Early",
                       "--family-name", "One")  # fmt: skip
    _save(vault_dir, tmp_path / "old", "records.db", "keyslots.json")
    initialised_cli.ok(*ADD)
    _put_back(tmp_path / "old", vault_dir)
    result = initialised_cli("person", "find", "early")
    assert result.code == 4 and result.out == ""
    assert "older than the copy last used" in result.err and result.err.count("\n") == 1
    assert "backup folder" in result.err
    # refused every time, not once: nothing was re-seated by the refusal
    assert initialised_cli("vault", "check").code == 4
    assert initialised_cli("audit", "verify").code == 4


def test_an_older_database_beside_a_newer_key_file_is_reported(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    _save(vault_dir, tmp_path / "old", "records.db")
    initialised_cli.ok(*ADD)
    shutil.rmtree(vault_dir.parent / "backups")  # no folder witness: the key file's alone
    _put_back(tmp_path / "old", vault_dir)
    result = initialised_cli("person", "find", "later")
    assert result.code == 4 and "the key file" in result.err


def test_an_older_copy_then_used_is_still_reported(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    _save(vault_dir, tmp_path / "old", "records.db", "keyslots.json")
    for _ in range(3):
        initialised_cli.ok(*ADD)
    _put_back(tmp_path / "old", vault_dir)
    # used from a program that does not know witnesses: its events pass the witnessed id
    with open_workspace(vault_dir, PASSPHRASE, CLOCK, allow_older=True) as workspace:
        for n in range(6):
            workspace.audit.record("test.event", n=n)
    result = initialised_cli("person", "find", "later")
    assert result.code == 4 and "older" in result.err


def test_an_older_copy_accepted_on_purpose_opens_again(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    _save(vault_dir, tmp_path / "old", "records.db", "keyslots.json")
    initialised_cli.ok(*ADD)
    _put_back(tmp_path / "old", vault_dir)
    assert initialised_cli("person", "find", "x").code == 4
    assert "now the current one" in initialised_cli.ok("vault", "accept-older")
    assert initialised_cli("person", "find", "x").code == 0
    assert "nothing to accept" in initialised_cli.ok("vault", "accept-older")
    events = initialised_cli.ok("audit", "list")
    assert "vault.older_accepted" in events


def test_reseat_witnesses_makes_a_copy_restored_in_place_the_reference(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "copy.cpbackup"
    initialised_cli.ok("backup", "create", "--out", str(backup))
    initialised_cli.ok(*ADD)
    # what a restore into the vault's own folder leaves there: the backup's files
    with zipfile.ZipFile(backup) as archive:
        for name in ("records.db", "keyslots.json"):
            (vault_dir / name).write_bytes(archive.read(name))
    with pytest.raises(RolledBackError):
        open_workspace(vault_dir, PASSPHRASE, CLOCK)
    with open_workspace(vault_dir, PASSPHRASE, CLOCK, allow_older=True) as workspace:
        assert workspace.rollback is not None
        reseat_witnesses(workspace)
    open_workspace(vault_dir, PASSPHRASE, CLOCK).close()
    assert initialised_cli("person", "find", "x").code == 0


def test_a_copy_restored_elsewhere_and_the_live_vault_both_open(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "copy.cpbackup"
    initialised_cli.ok("backup", "create", "--out", str(backup))
    initialised_cli.ok(*ADD)
    initialised_cli.ok("backup", "restore", str(backup), "--to", str(tmp_path / "restored"))
    restored = str(tmp_path / "restored")
    for _ in range(2):  # each copy has witnesses of its own: neither is "older"
        assert initialised_cli("person", "find", "x", COURSENPLUS_VAULT=restored).code == 0
        assert initialised_cli("person", "find", "x").code == 0


def test_the_keychain_witness_catches_a_vault_and_backup_folder_put_back(
    initialised_cli: CliRunner,
    vault_dir: Path,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    initialised_cli.ok("vault", "witness", "on")
    initialised_cli.ok(*ADD)
    shutil.copytree(vault_dir, tmp_path / "old-vault")
    shutil.copytree(vault_dir.parent / "backups", tmp_path / "old-backups")
    initialised_cli.ok(*ADD)
    assert any("witness" in user for _service, user in memory_keyring.items)
    shutil.rmtree(vault_dir)
    shutil.rmtree(vault_dir.parent / "backups")
    shutil.copytree(tmp_path / "old-vault", vault_dir)
    shutil.copytree(tmp_path / "old-backups", vault_dir.parent / "backups")
    result = initialised_cli("person", "find", "later")
    assert result.code == 4 and "keychain" in result.err
