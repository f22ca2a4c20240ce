"""The vault: key slots, unlock, passphrase change, tampering, the lock, the keychain."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.errors import (
    KeychainUnavailableError,
    RefusedError,
    ValidationError,
    VaultInUseError,
    VaultTooNewError,
    VaultUnavailableError,
    WrongPassphraseError,
)
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import (
    Workspace,
    open_remembered_workspace,
    open_workspace,
)
from coursenplus_desk.store.migrations import LATEST_VERSION
from coursenplus_desk.vault.kdf import calibrate, derive_key
from coursenplus_desk.vault.keychain import SystemKeychain
from coursenplus_desk.vault.vault import create_vault, unlock_vault
from tests.conftest import PASSPHRASE, MemoryKeyring, files_bytes
from tests.fast_kdf import FAST_KDF


def _add_someone(workspace: Workspace) -> int:
    return workspace.people.add(
        PersonDraft(given_name="Zoë", family_name="Lambert", roles=("student",))
    )


def test_a_vault_reopens_with_its_passphrase(workspace: Workspace, clock: FixedClock) -> None:
    person_id = _add_someone(workspace)
    folder = workspace.folder
    workspace.close()
    with open_workspace(folder, PASSPHRASE, clock) as reopened:
        assert reopened.people.get(person_id).person.given_name == "Zoë"


def test_a_wrong_passphrase_changes_no_file(workspace: Workspace, clock: FixedClock) -> None:
    _add_someone(workspace)
    folder = workspace.folder
    workspace.close()
    before = files_bytes(folder)
    with pytest.raises(WrongPassphraseError):
        open_workspace(folder, "not the passphrase", clock)
    assert files_bytes(folder) == before


def test_changing_the_passphrase_keeps_records(workspace: Workspace, clock: FixedClock) -> None:
    person_id = _add_someone(workspace)
    workspace.change_passphrase("a brand new passphrase")
    folder = workspace.folder
    workspace.close()
    with pytest.raises(WrongPassphraseError):
        open_workspace(folder, PASSPHRASE, clock)
    with open_workspace(folder, "a brand new passphrase", clock) as reopened:
        assert reopened.people.get(person_id).person.family_name == "Lambert"


def test_a_second_administrator_has_a_slot_of_their_own(
    workspace: Workspace, clock: FixedClock
) -> None:
    slot = workspace.vault.add_passphrase_slot(
        "second admin passphrase", "Marie", FAST_KDF, clock.now()
    )
    folder = workspace.folder
    workspace.close()
    with open_workspace(folder, "second admin passphrase", clock) as second:
        assert second.vault.slot_id == slot
        with pytest.raises(RefusedError):  # not one's own key, while using it
            second.vault.remove_slot(slot, clock.now())
    with open_workspace(folder, PASSPHRASE, clock) as first:
        first.vault.remove_slot(slot, clock.now())
    with pytest.raises(WrongPassphraseError):
        open_workspace(folder, "second admin passphrase", clock)


def test_the_last_passphrase_cannot_be_removed(workspace: Workspace, clock: FixedClock) -> None:
    with pytest.raises(RefusedError):
        workspace.vault.remove_slot(workspace.vault.slot_id, clock.now())


def test_a_short_passphrase_is_refused(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(ValidationError) as raised:
        create_vault(tmp_path / "v", "short", kdf=FAST_KDF, now=clock.now())
    assert raised.value.field == "passphrase"
    assert not (tmp_path / "v").exists()


def test_a_vault_is_never_created_over_another(workspace: Workspace, clock: FixedClock) -> None:
    with pytest.raises(RefusedError):
        create_vault(workspace.folder, PASSPHRASE, kdf=FAST_KDF, now=clock.now())


def test_only_one_program_opens_a_vault(workspace: Workspace, clock: FixedClock) -> None:
    with pytest.raises(VaultInUseError):
        open_workspace(workspace.folder, PASSPHRASE, clock)


def test_a_missing_vault_is_reported(tmp_path: Path, clock: FixedClock) -> None:
    with pytest.raises(VaultUnavailableError, match="no vault"):
        open_workspace(tmp_path / "nowhere", PASSPHRASE, clock)


@pytest.mark.parametrize(
    "edit",
    [
        lambda doc: doc["slots"][0].update(label="someone else"),
        lambda doc: doc.update(vault_id="0" * 32),
        lambda doc: doc["slots"][0]["kdf"].update(iterations=2),
    ],
)
def test_an_edited_header_is_detected(
    workspace: Workspace, clock: FixedClock, edit: object
) -> None:
    folder = workspace.folder
    workspace.close()
    header = folder / "keyslots.json"
    document = json.loads(header.read_text())
    edit(document)  # type: ignore[operator]
    header.write_text(json.dumps(document))
    with pytest.raises(VaultUnavailableError, match="altered"):
        unlock_vault(folder, PASSPHRASE)


def test_a_header_edit_that_fixes_its_checksum_is_still_detected(
    workspace: Workspace, clock: FixedClock
) -> None:
    import hashlib

    folder = workspace.folder
    workspace.close()
    header = folder / "keyslots.json"
    document = json.loads(header.read_text())
    document.pop("checksum")
    document["created_at"] = "2000-01-01T00:00:00+00:00"
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    header.write_text(json.dumps(document))
    with pytest.raises(VaultUnavailableError, match="altered"):
        unlock_vault(folder, PASSPHRASE)


def test_a_vault_from_a_newer_program_is_refused(workspace: Workspace, clock: FixedClock) -> None:
    workspace.db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    folder = workspace.folder
    workspace.close()
    with pytest.raises(VaultTooNewError):
        open_workspace(folder, PASSPHRASE, clock)
    unlock_vault(folder, PASSPHRASE).close()  # the refusal released the vault


def test_remembered_vault_unlocks_silently(
    workspace: Workspace, clock: FixedClock, memory_keyring: MemoryKeyring
) -> None:
    workspace.vault.remember(SystemKeychain(), clock.now())
    stored = next(iter(memory_keyring.items.values()))
    assert len(stored) < 200
    folder = workspace.folder
    workspace.close()
    reopened = open_remembered_workspace(folder, SystemKeychain(), clock)
    assert reopened is not None
    reopened.vault.forget(SystemKeychain())
    reopened.close()
    assert not memory_keyring.items
    assert open_remembered_workspace(folder, SystemKeychain(), clock) is None


def test_no_keychain_is_a_clear_message_and_the_passphrase_still_works(
    workspace: Workspace, clock: FixedClock, no_keyring: None
) -> None:
    with pytest.raises(KeychainUnavailableError, match="passphrase"):
        workspace.vault.remember(SystemKeychain(), clock.now())
    folder = workspace.folder
    workspace.close()
    # never remembered: the missing keychain is not even asked, so nothing to report at start
    assert open_remembered_workspace(folder, SystemKeychain(), clock) is None
    open_workspace(folder, PASSPHRASE, clock).close()


def test_files_are_private_to_the_user(workspace: Workspace) -> None:
    for name in ("records.db", "keyslots.json"):
        assert (workspace.folder / name).stat().st_mode & 0o077 == 0


def test_production_key_derivation_never_goes_below_its_floor() -> None:
    # A fact, not a time: whatever the machine's load, the calibration never picks
    # less than 64 MiB and 3 passes (the cheapest candidate, taken when no time is asked).
    floor = calibrate(target_seconds=0.0)
    assert (floor.memory_kib, floor.iterations) == (64 * 1024, 3)
    params = calibrate()
    assert params.memory_kib >= floor.memory_kib and params.iterations >= floor.iterations
    assert len(derive_key("a passphrase", b"0123456789abcdef", params)) == 32


def test_unicode_passphrases_match_in_any_normal_form(tmp_path: Path) -> None:
    composed, decomposed = "caf\u00e9 au lait!", "cafe\u0301 au lait!"
    when = FixedClock.on(date(2026, 1, 1)).now()
    create_vault(tmp_path / "v", composed, kdf=FAST_KDF, now=when).close()
    unlock_vault(tmp_path / "v", decomposed).close()
