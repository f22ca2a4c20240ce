"""Re-key: a new data key, the database rewritten under it; a crash leaves one usable vault."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import VaultUnavailableError, WrongPassphraseError
from coursenplus_desk.services.rekey import rekey_workspace
from coursenplus_desk.vault import keyslots
from coursenplus_desk.vault.rekey import pending, prepare_rekey
from coursenplus_desk.vault.vault import unlock_vault
from tests.backup_support import (
    CLOCK,
    PASSPHRASE,
    add_person,
    cli_env,
    new_workspace,
    person_ids,
    reopen,
    run_cli,
)
from tests.fast_kdf import FAST_KDF, FAST_PARAMS

OTHER = "the other administrator"


def _vault(folder: Path) -> set[int]:
    with new_workspace(folder) as workspace:
        ids = {add_person(workspace, f"Given{n}", f"Family{n}") for n in range(5)}
        workspace.vault.add_passphrase_slot(OTHER, "leaving", FAST_KDF, CLOCK.now())
    return ids


def test_rekey_keeps_the_records_and_every_administrator(tmp_path: Path) -> None:
    """Every remaining slot is re-wrapped (no other passphrase needed); old key files stop."""
    vault = tmp_path / "vault"
    ids = _vault(vault)
    old_header = (vault / "keyslots.json").read_bytes()
    with unlock_vault(vault, OTHER) as opened:
        vault_id = opened.vault_id
    code, out, err = run_cli(["rekey"], cli_env(vault))
    assert (code, err) == (0, ""), err
    assert "1 other key was re-wrapped" in out
    unlock_vault(vault, OTHER).close()  # the other administrator still opens it
    assert person_ids(vault) == ids
    with reopen(vault) as workspace:
        assert workspace.vault.vault_id == vault_id
        assert len(workspace.vault.slots) == 2
        assert workspace.integrity_problems() == []
        workspace.audit_trail.verify()
        assert [e.details for e in workspace.audit_trail.events() if e.action == "vault.rekey"] == [
            {"removed_keys": 0, "rewrapped": 1, "passphrase_changed": False}
        ]
    # A copy of the old key file opens the old key, which no longer reads the database.
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    shutil.copy(vault / "records.db", stolen / "records.db")
    (stolen / "keyslots.json").write_bytes(old_header)
    for passphrase in (OTHER, PASSPHRASE):
        with pytest.raises(VaultUnavailableError):
            unlock_vault(stolen, passphrase).close()
    names = sorted(p.name for p in vault.iterdir())
    assert names == ["keyslots.json", "records.db", "vault.lock"]


def test_removing_an_administrator_rekeys(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    ids = _vault(vault)
    with unlock_vault(vault, OTHER) as opened:
        leaving = opened.slot_id
    old_header = (vault / "keyslots.json").read_bytes()
    code, _out, err = run_cli(["vault", "slots", "remove", leaving], cli_env(vault))
    assert (code, err) == (0, ""), err
    with pytest.raises(WrongPassphraseError):
        unlock_vault(vault, OTHER)
    assert person_ids(vault) == ids
    (tmp_path / "stolen").mkdir()
    shutil.copy(vault / "records.db", tmp_path / "stolen" / "records.db")
    (tmp_path / "stolen" / "keyslots.json").write_bytes(old_header)
    with pytest.raises(VaultUnavailableError):  # the departed key opens only the old data key
        unlock_vault(tmp_path / "stolen", OTHER).close()


def test_workspace_keeps_working_after_rekey(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        rekey_workspace(workspace)
        person = add_person(workspace, "After", "Rekey")
        assert workspace.people.find("rekey")[0].id == person
        backup = workspace.backups.create()
    assert person_ids(tmp_path / "vault") == {person}
    assert run_cli(["backup", "verify", str(backup)], cli_env(tmp_path / "vault"))[0] == 0


def _crash_after_prepare(folder: Path, commit_header: bool) -> None:
    """Leave the folder as a crash would, before or just after the commit point."""
    vault = unlock_vault(folder, PASSPHRASE)
    new_key = keyslots.new_data_key()
    slot = keyslots.passphrase_slot(
        new_key, PASSPHRASE, FAST_PARAMS, vault.vault_id, "me", "2026-11-22T12:00:00"
    )
    header = keyslots.seal_header(
        keyslots.Header(vault.vault_id, "2026-11-22T12:00:00", (slot,)), new_key
    )
    prepare_rekey(
        vault.connection, vault.paths.database, vault.paths.header, new_key,
        keyslots.encode_header(header),
    )  # fmt: skip
    vault.close()
    if commit_header:
        pending(vault.paths.header).replace(vault.paths.header)


@pytest.mark.parametrize("committed", [False, True])
def test_unlock_recovers_an_interrupted_rekey(tmp_path: Path, committed: bool) -> None:
    vault = tmp_path / "vault"
    ids = _vault(vault)
    _crash_after_prepare(vault, committed)
    assert pending(vault / "records.db").exists()
    assert person_ids(vault) == ids
    assert not pending(vault / "records.db").exists()
    assert not pending(vault / "keyslots.json").exists()
    with reopen(vault) as workspace:
        assert workspace.integrity_problems() == []
        assert len(workspace.vault.slots) == (1 if committed else 2)
