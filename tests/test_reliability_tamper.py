"""Tamper: a flipped byte in any page of the database, or an edited key-slot header, is
detected with a clear error (exit 4 on the CLI) and never read as data."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest

from tests.backup_support import add_person, cli_env, new_workspace, run_cli

PAGE = 4096


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "vault"
    with new_workspace(folder) as workspace:
        for n in range(40):
            add_person(workspace, f"Given{n}", f"Family{n}", email=f"p{n}@example.org")
    return folder


def _copy(pristine: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    shutil.copytree(pristine, folder)
    return folder


def test_a_flipped_byte_in_any_page_is_detected(pristine: Path, tmp_path: Path) -> None:
    env_base = cli_env(pristine)
    code, expected, _ = run_cli(["person", "find", "family"], env_base)
    assert code == 0
    size = (pristine / "records.db").stat().st_size
    assert size % PAGE == 0
    rng = random.Random(9)
    for page in range(size // PAGE):
        folder = tmp_path / f"page{page}" / "vault"  # its own backup folder beside it
        shutil.copytree(pristine, folder)
        database = folder / "records.db"
        data = bytearray(database.read_bytes())
        offset = page * PAGE + rng.randrange(PAGE)
        data[offset] ^= 1 << rng.randrange(8)
        database.write_bytes(bytes(data))
        env = cli_env(folder)
        code, out, err = run_cli(["vault", "check"], env)
        assert code == 4, f"page {page}, offset {offset}: not detected"
        assert "damaged" in err and err.count("\n") == 1
        code, out, err = run_cli(["person", "find", "family"], env)
        assert (code, out) in ((4, ""), (0, expected)), f"page {page}: read as data"
    print(f"\ntamper: {size // PAGE} pages, a flipped byte in each detected")


def test_a_truncated_database_is_detected(pristine: Path, tmp_path: Path) -> None:
    folder = _copy(pristine, tmp_path)
    database = folder / "records.db"
    database.write_bytes(database.read_bytes()[: -PAGE - 100])
    assert run_cli(["vault", "check"], cli_env(folder))[0] == 4


def _edit_header(folder: Path, edit: str) -> None:
    path = folder / "keyslots.json"
    document = json.loads(path.read_text())
    if edit == "label":
        document["slots"][0]["label"] = "intruder"
    elif edit == "kdf":
        document["slots"][0]["kdf"]["iterations"] += 1
    elif edit == "vault_id":
        document["vault_id"] = "0" * 32
    elif edit == "created_at":
        document["created_at"] = "2001-01-01T00:00:00"
    path.write_text(json.dumps(document))


@pytest.mark.parametrize("edit", ["label", "kdf", "vault_id", "created_at"])
def test_an_edited_header_is_detected(pristine: Path, tmp_path: Path, edit: str) -> None:
    folder = _copy(pristine, tmp_path)
    _edit_header(folder, edit)
    code, _out, err = run_cli(["person", "find", "family"], cli_env(folder))
    assert code == 4
    assert "key file" in err and err.count("\n") == 1


@pytest.mark.parametrize("edit", ["label", "kdf", "vault_id", "created_at"])
def test_an_edit_with_a_recomputed_checksum_is_detected(
    pristine: Path, tmp_path: Path, edit: str
) -> None:
    """A forger who also fixes the checksum still cannot open the vault.

    A slot's fields are its first layer's associated data: an edited label or
    KDF parameter fails like a wrong passphrase on a computer that never saw the
    slot (exit 3: nothing in the key file tells them apart; test_security_keys
    shows the computer that knew it saying "not this vault's"). Another vault id
    opens the slot's first layer but not its data key: "not this vault's"
    (exit 4). Any other edit opens the slot but fails the header's HMAC: exit 4.
    """
    folder = _copy(pristine, tmp_path)
    _edit_header(folder, edit)
    path = folder / "keyslots.json"
    document = json.loads(path.read_text())
    document.pop("checksum")

    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    path.write_text(json.dumps(document))
    code, _out, err = run_cli(["person", "find", "family"], cli_env(folder))
    if edit == "created_at":
        assert code == 4 and "key file" in err
    elif edit == "vault_id":
        assert code == 4 and "not this vault's" in err
    else:
        assert code == 3 and "Wrong passphrase" in err


def test_a_missing_or_foreign_header_is_detected(pristine: Path, tmp_path: Path) -> None:
    folder = _copy(pristine, tmp_path)
    other = tmp_path / "other"
    with new_workspace(other):
        pass
    shutil.copy(other / "keyslots.json", folder / "keyslots.json")
    assert run_cli(["person", "find", "x"], cli_env(folder))[0] == 4
    (folder / "keyslots.json").unlink()
    code, _out, err = run_cli(["person", "find", "x"], cli_env(folder))
    assert code == 4 and "missing" in err
