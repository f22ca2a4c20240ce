"""Keychain: absent, locked or failing → the passphrase still unlocks, with a message.

Test backends only (negative priority, installed with keyring.set_keyring and
restored after): the real keychain is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from coursenplus_desk.i18n import translator
from coursenplus_desk.services.rekey import rekey_workspace
from coursenplus_desk.services.unlock import unlock
from coursenplus_desk.vault.keychain import SystemKeychain
from tests.backup_support import CLOCK, PASSPHRASE, new_workspace
from tests.conftest import MemoryKeyring


class LockedKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


class FailingKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("the service did not answer")


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def _remembered_vault(folder: Path, memory: MemoryKeyring) -> None:
    with new_workspace(folder) as workspace:
        workspace.vault.remember(SystemKeychain(), CLOCK.now())
    assert len(memory.items) == 1


def _never_asked() -> str:
    raise AssertionError("the passphrase was asked for")


def test_a_remembered_vault_unlocks_without_the_passphrase(
    tmp_path: Path, memory: MemoryKeyring
) -> None:
    _remembered_vault(tmp_path / "vault", memory)
    unlocked = unlock(tmp_path / "vault", SystemKeychain(), CLOCK, _never_asked)
    with unlocked.workspace:
        assert unlocked.keychain_problem is None


@pytest.mark.parametrize(
    ("replacement", "words"),
    [
        (fail.Keyring(), "no usable keychain"),  # type: ignore[no-untyped-call]
        (LockedKeyring(), "locked"),
        (FailingKeyring(), "did not answer"),
    ],
)
def test_without_a_usable_keychain_the_passphrase_still_unlocks(
    tmp_path: Path, memory: MemoryKeyring, replacement: KeyringBackend, words: str
) -> None:
    _remembered_vault(tmp_path / "vault", memory)
    keyring.set_keyring(replacement)
    asked: list[bool] = []

    def passphrase() -> str:
        asked.append(True)
        return PASSPHRASE

    unlocked = unlock(tmp_path / "vault", SystemKeychain(), CLOCK, passphrase)
    with unlocked.workspace as workspace:
        assert asked == [True]
        assert unlocked.keychain_problem is not None
        message = unlocked.keychain_problem.message(translator("en"))
        assert words in message and "passphrase" in message
        assert workspace.audit_trail.events(limit=1)[0].action == "vault.unlock"


def test_after_rekey_the_keychain_secret_is_replaced_and_the_old_one_is_useless(
    tmp_path: Path, memory: MemoryKeyring
) -> None:
    _remembered_vault(tmp_path / "vault", memory)
    old_item = dict(memory.items)
    with unlock(tmp_path / "vault", SystemKeychain(), CLOCK, _never_asked).workspace as ws:
        rekey_workspace(ws)  # unlocked from the keychain: no passphrase needed
    assert memory.items != old_item  # a new secret for the same slot
    unlocked = unlock(tmp_path / "vault", SystemKeychain(), CLOCK, _never_asked)
    with unlocked.workspace as workspace:
        assert unlocked.keychain_problem is None
        assert len(workspace.vault.slots) == 2
    memory.items.clear()
    memory.items.update(old_item)  # the old secret (a copy of the keychain) opens nothing now
    unlocked = unlock(tmp_path / "vault", SystemKeychain(), CLOCK, lambda: PASSPHRASE)
    with unlocked.workspace:
        pass
