"""'Remember on this computer': an unlock secret kept in the operating system's keychain.

The keychain item holds a key-slot id and a random 32-byte secret (base64, well
under Windows' 2,560-byte limit); forgetting the computer deletes the item and
its slot. Any program of the same user can read such an item: the UI says so.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from coursenplus_desk.domain.errors import KeychainUnavailableError
from coursenplus_desk.i18n import N_

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE_NAME = "Cours en Plus Desk"
WITNESS_SUFFIX = "witness"


@dataclass(frozen=True)
class RememberedKey:
    slot_id: str
    secret: bytes

    def encode(self) -> str:
        return f"{self.slot_id}:{base64.b64encode(self.secret).decode('ascii')}"

    @classmethod
    def decode(cls, text: str) -> RememberedKey | None:
        slot_id, _, secret = text.partition(":")
        try:
            return cls(slot_id, base64.b64decode(secret, validate=True)) if slot_id else None
        except (binascii.Error, ValueError):
            return None


class Keychain(Protocol):
    """Where remembered keys live; tests give an in-memory one."""

    def save(self, vault_id: str, key: RememberedKey) -> None: ...

    def load(self, vault_id: str) -> RememberedKey | None: ...

    def delete(self, vault_id: str) -> None: ...


class SystemKeychain:
    """The OS keychain through `keyring`; a missing, locked or failing one is reported clearly.

    `keyring` loads its backends when first asked: a program that never touches the
    keychain (most commands) does not pay for it.
    """

    def save(self, vault_id: str, key: RememberedKey) -> None:
        with _reported():
            _usable_backend().set_password(SERVICE_NAME, vault_id, key.encode())

    def load(self, vault_id: str) -> RememberedKey | None:
        with _reported():
            stored = _usable_backend().get_password(SERVICE_NAME, vault_id)
        return RememberedKey.decode(stored) if stored else None

    def delete(self, vault_id: str) -> None:
        from keyring.errors import PasswordDeleteError

        with _reported(), contextlib.suppress(PasswordDeleteError):  # nothing was remembered
            _usable_backend().delete_password(SERVICE_NAME, vault_id)

    def save_witness(self, vault_id: str, text: str) -> None:
        """The audit head at the last close (rollback detection), when the user allows it."""
        with _reported():
            _usable_backend().set_password(SERVICE_NAME, f"{vault_id}:{WITNESS_SUFFIX}", text)

    def load_witness(self, vault_id: str) -> str | None:
        with _reported():
            stored = _usable_backend().get_password(SERVICE_NAME, f"{vault_id}:{WITNESS_SUFFIX}")
        return str(stored) if stored else None


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    from keyring.errors import KeyringError

    try:
        yield
    except KeyringError as error:
        raise _unavailable(error) from None


def _usable_backend() -> KeyringBackend:
    import keyring
    from keyring.backends import chainer, fail, null

    backend = keyring.get_keyring()
    no_keychain = isinstance(backend, fail.Keyring | null.Keyring) or (
        isinstance(backend, chainer.ChainerBackend) and not backend.backends
    )
    if no_keychain:
        raise KeychainUnavailableError(
            N_(
                "This computer has no usable keychain, so the vault cannot be remembered here. "
                "Unlock it with the passphrase."
            )
        )
    return backend


def _unavailable(error: Exception) -> KeychainUnavailableError:
    from keyring.errors import KeyringLocked

    if isinstance(error, KeyringLocked):
        return KeychainUnavailableError(
            N_("The keychain of this computer is locked. Unlock it with the passphrase.")
        )
    return KeychainUnavailableError(
        N_("The keychain of this computer did not answer. Unlock it with the passphrase.")
    )
