"""Keys: a changed passphrase and revoked old keys; administrators added, listed, removed;
key-derivation parameters with a floor and a ceiling and no switch; weak passphrases refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.vault import keyslots, slot_crypto
from coursenplus_desk.vault.kdf import KdfPolicy, derive_key
from coursenplus_desk.vault.known_slots import KnownSlots
from coursenplus_desk.vault.vault import create_vault, unlock_vault
from tests.backup_support import CLOCK, subprocess_env
from tests.conftest import PASSPHRASE, CliRunner
from tests.fast_kdf import FAST_KDF, FAST_PARAMS

NEW = "a brand new passphrase"
OTHER = "the other administrator"


def _old_key_file_beside_current_database(vault: Path, old_header: bytes, tmp: Path) -> Path:
    stolen = tmp / "stolen"
    stolen.mkdir()
    shutil.copy(vault / "records.db", stolen / "records.db")
    (stolen / "keyslots.json").write_bytes(old_header)
    return stolen


def test_passwd_says_that_old_key_files_still_open_the_vault(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    old_header = (vault_dir / "keyslots.json").read_bytes()
    result = initialised_cli("passwd", COURSENPLUS_NEW_PASSPHRASE=NEW)
    assert result.code == 0, result.err
    assert "still open the vault" in result.out and "--revoke-old-keys" in result.out
    # what the message warns of: the old key file and the old passphrase read today's data
    stolen = _old_key_file_beside_current_database(vault_dir, old_header, tmp_path)
    unlock_vault(stolen, PASSPHRASE).close()


def test_revoked_old_keys_no_longer_open_the_current_database(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    initialised_cli.ok("person", "add", "--role", "student", "--given-name", "Zoé",
                       "--family-name", "Martin")  # fmt: skip
    old_header = (vault_dir / "keyslots.json").read_bytes()
    result = initialised_cli("passwd", "--revoke-old-keys", COURSENPLUS_NEW_PASSPHRASE=NEW)
    assert result.code == 0, result.err
    assert "old keys revoked" in result.out
    stolen = _old_key_file_beside_current_database(vault_dir, old_header, tmp_path)
    for passphrase in (PASSPHRASE, NEW):
        code = initialised_cli(
            "person", "find", "zoe", COURSENPLUS_VAULT=str(stolen),
            COURSENPLUS_PASSPHRASE=passphrase,
        ).code  # fmt: skip
        assert code in (3, 4)
    assert "Zoé" in initialised_cli("person", "find", "zoe", COURSENPLUS_PASSPHRASE=NEW).out


def test_administrators_are_added_listed_and_removed(
    initialised_cli: CliRunner, vault_dir: Path
) -> None:
    added = initialised_cli("vault", "slots", "add", "--label", "Marie Dupont",
                            COURSENPLUS_NEW_PASSPHRASE=OTHER)  # fmt: skip
    assert added.code == 0, added.err
    listing = initialised_cli.ok("vault", "slots").splitlines()
    assert len(listing) == 2
    marie = next(line for line in listing if "Marie Dupont" in line)
    fields = marie.split("\t")
    assert fields[1] == "passphrase" and fields[3].startswith("2026-11-22")
    assert fields[4] == FAST_PARAMS.describe()
    slot_id = fields[0].strip()
    unlock_vault(vault_dir, OTHER).close()
    removed = initialised_cli("vault", "slots", "remove", slot_id)
    assert removed.code == 0 and "data key replaced" in removed.out
    assert initialised_cli("person", "find", "x", COURSENPLUS_PASSPHRASE=OTHER).code == 3
    assert initialised_cli("vault", "slots", "remove", "nope").code == 1


def test_a_weak_passphrase_is_refused_with_the_reason(cli: CliRunner) -> None:
    result = cli("init", COURSENPLUS_PASSPHRASE="password123")
    assert result.code == 1 and "too easy to guess" in result.err
    assert "very common password" in result.err
    french = cli("init", COURSENPLUS_PASSPHRASE="password123", COURSENPLUS_LANG="fr")
    assert french.code == 1 and "deviner" in french.err
    assert cli("init", COURSENPLUS_PASSPHRASE="correct horse battery").code == 0


def test_a_new_slot_below_the_floor_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RefusedError) as raised:
        create_vault(tmp_path / "v", PASSPHRASE, kdf=KdfPolicy(FAST_PARAMS), now=CLOCK.now())
    assert "below the floor" in raised.value.message()
    assert not (tmp_path / "v" / "keyslots.json").exists()


def test_vault_check_reports_slots_below_the_floor(
    initialised_cli: CliRunner, vault_dir: Path
) -> None:
    """The vault was made with the tests' fast parameters; the program's floor reports them."""
    out, err = io.StringIO(), io.StringIO()
    cli = Cli(env=initialised_cli.env, stdout=out, stderr=err, interactive=False,
              kdf=KdfPolicy(FAST_PARAMS))  # fmt: skip
    assert main(["vault", "check"], cli) == 1
    assert "below the floor of 64 MiB" in err.getvalue() and "intact" in out.getvalue()


@pytest.mark.parametrize(("field", "value"), [("memory_kib", 3 * 1024 * 1024), ("iterations", 51)])
def test_absurd_parameters_are_damage(
    initialised_cli: CliRunner, vault_dir: Path, field: str, value: int
) -> None:
    path = vault_dir / "keyslots.json"
    document = json.loads(path.read_text())
    document["slots"][0]["kdf"][field] = value
    document.pop("checksum")
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(document))
    result = initialised_cli("person", "find", "x")
    assert result.code == 4 and "key file" in result.err


def test_the_installed_program_has_no_switch_for_weak_parameters(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path)
    env.update(
        COURSENPLUS_PASSPHRASE=PASSPHRASE,
        COURSENPLUS_VAULT=str(tmp_path / "vault"),
        COURSENPLUS_KDF_PROFILE="insecure-fast-for-tests",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    done = subprocess.run(
        [sys.executable, "-m", "coursenplus_desk", "init"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    slot = json.loads((tmp_path / "vault" / "keyslots.json").read_text())["slots"][0]
    assert slot["kdf"]["memory_kib"] >= 64 * 1024
    assert "COURSENPLUS_KDF_PROFILE" not in os.environ


def _legacy_slot(data_key: bytes, vault_id: str) -> keyslots.KeySlot:
    """A slot as version 1 wrote it: the data key sealed under the passphrase's key."""
    salt = os.urandom(16)
    slot = keyslots.KeySlot("legacy", keyslots.SlotKind.PASSPHRASE, "old", "2025-01-01T00:00:00",
                            salt, FAST_PARAMS, b"", b"")  # fmt: skip
    ad = keyslots._canonical({"vault_id": vault_id, **slot.public_fields()})
    nonce, wrapped = slot_crypto.seal(derive_key(OTHER, salt, FAST_PARAMS), data_key, ad)
    return keyslots.KeySlot(**{**slot.__dict__, "nonce": nonce, "wrapped_key": wrapped})


def test_a_version_1_slot_opens_gains_its_key_pair_and_survives_a_rekey(tmp_path: Path) -> None:
    vault = create_vault(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF, now=CLOCK.now())
    data_key = bytes(vault._data_key)
    legacy = _legacy_slot(data_key, vault.vault_id)
    vault._replace_slots([*vault.slots, legacy])
    vault.close()
    assert json.loads((tmp_path / "v" / "keyslots.json").read_text())["slots"][1].get(
        "public_key") is None  # fmt: skip
    with unlock_vault(tmp_path / "v", OTHER) as opened:
        assert not opened._header.slot("legacy").is_legacy  # type: ignore[union-attr]
    with unlock_vault(tmp_path / "v", PASSPHRASE) as opened:
        result = opened.rekey(CLOCK.now())
        assert (result.rewrapped, result.dropped) == (1, 0)
    unlock_vault(tmp_path / "v", OTHER).close()


def test_a_passphrase_change_needs_a_strong_passphrase(tmp_path: Path) -> None:
    with create_vault(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF, now=CLOCK.now()) as vault:
        with pytest.raises(ValidationError):
            vault.change_passphrase("aaaaaaaaaaaa", FAST_KDF, CLOCK.now())
        with pytest.raises(ValidationError):
            vault.add_passphrase_slot("azertyuiop", "Marie", FAST_KDF, CLOCK.now())


def _edit_kdf_with_a_fixed_checksum(vault_dir: Path) -> None:
    path = vault_dir / "keyslots.json"
    document = json.loads(path.read_text())
    document["slots"][0]["kdf"]["iterations"] += 1
    document.pop("checksum")
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(document))


def test_edited_parameters_are_not_called_a_wrong_passphrase_here(
    initialised_cli: CliRunner, vault_dir: Path
) -> None:
    """This computer saw the slot: same salt, other parameters is an edit, not a typo."""
    assert initialised_cli("person", "find", "x").code == 0
    _edit_kdf_with_a_fixed_checksum(vault_dir)
    result = initialised_cli("person", "find", "x")
    assert result.code == 4 and "not this vault's" in result.err


def test_a_passphrase_changed_on_another_computer_is_no_edit(
    initialised_cli: CliRunner, vault_dir: Path, tmp_path: Path
) -> None:
    assert initialised_cli("person", "find", "x").code == 0  # seen here
    elsewhere = Cli(env=initialised_cli.env, stdout=io.StringIO(), stderr=io.StringIO(),
                    interactive=False, kdf=FAST_KDF,
                    known=KnownSlots(tmp_path / "other-computer.json"))  # fmt: skip
    assert main(["passwd"], replace_env(elsewhere, COURSENPLUS_NEW_PASSPHRASE=NEW)) == 0
    result = initialised_cli("person", "find", "x", COURSENPLUS_PASSPHRASE="not the passphrase")
    assert result.code == 3 and "Wrong passphrase" in result.err
    assert initialised_cli("person", "find", "x", COURSENPLUS_PASSPHRASE=NEW).code == 0


def replace_env(cli: Cli, **extra: str) -> Cli:
    cli.env = {**cli.env, **extra}
    return cli
