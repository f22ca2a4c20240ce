"""An open vault: its one connection, the administrator's slot, and managing the key slots."""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.domain.errors import (
    KeychainUnavailableError,
    RefusedError,
    ValidationError,
    VaultUnavailableError,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.vault import keyslots, sealed
from coursenplus_desk.vault.atomic import write_atomically
from coursenplus_desk.vault.checks import check_new_params, check_new_passphrase
from coursenplus_desk.vault.connection import (
    Connection,
    connect,
    integrity_problems,
    page_problems,
)
from coursenplus_desk.vault.export import export_database
from coursenplus_desk.vault.kdf import KdfPolicy
from coursenplus_desk.vault.keychain import Keychain, RememberedKey
from coursenplus_desk.vault.keyslots import Header, KeySlot, Opened, SlotKind, Witness
from coursenplus_desk.vault.known_slots import KnownSlots
from coursenplus_desk.vault.paths import VaultPaths
from coursenplus_desk.vault.rekey import commit_rekey, prepare_rekey
from coursenplus_desk.vault.slots import RekeyResult, plan_rekey

if TYPE_CHECKING:
    import filelock


def restrict_permissions(path: Path) -> None:
    if os.name == "posix":
        path.chmod(0o600)


def default_label() -> str:
    import socket

    return socket.gethostname() or "administrator"


class UnlockedVault:
    """An open vault: its one connection, the administrator's slot, and slot management.

    The data key lives in a bytearray that `close` overwrites with zeros.
    """

    def __init__(
        self,
        paths: VaultPaths,
        header: Header,
        data_key: bytes,
        slot_id: str,
        lock: filelock.BaseFileLock,
        connection: Connection,
    ) -> None:
        self.paths = paths
        self._header = header
        self._data_key = bytearray(data_key)
        self.slot_id = slot_id
        self._lock = lock
        self._connection: Connection | None = connection
        self.known: KnownSlots | None = None  # told of every key file this program writes

    @property
    def vault_id(self) -> str:
        return self._header.vault_id

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise VaultUnavailableError(N_("The vault is locked."))
        return self._connection

    @property
    def is_open(self) -> bool:
        return self._connection is not None

    @property
    def slots(self) -> tuple[KeySlot, ...]:
        return self._header.slots

    @property
    def header(self) -> Header:
        return self._header

    @property
    def witness(self) -> Witness | None:
        """The audit head recorded in the (authenticated) key file at the last close."""
        return self._header.witness

    def close(self) -> None:
        """Lock: close the connection (SQLite checkpoints the WAL) and release the folder."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
            self._forget_key()
            self._lock.release()

    def _forget_key(self) -> None:
        for index in range(len(self._data_key)):
            self._data_key[index] = 0
        self._data_key = bytearray()

    def __enter__(self) -> UnlockedVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_problems(self) -> list[str]:
        return integrity_problems(self.connection)

    def page_problems(self) -> list[str]:
        return page_problems(self.connection)

    def change_passphrase(self, new_passphrase: str, kdf: KdfPolicy, now: datetime) -> None:
        """Rewrite this administrator's slot only (a new key pair); the data key stays.

        Old copies of the key file still open the vault with the old passphrase:
        `rekey` (revoke old keys) is what stops them.
        """
        check_new_passphrase(new_passphrase)
        old = self._own_passphrase_slot()
        new = keyslots.passphrase_slot(
            bytes(self._data_key),
            new_passphrase,
            check_new_params(kdf),
            self.vault_id,
            old.label,
            stamp(now),
            slot_id=old.id,  # the audit trail keeps naming the same administrator
        )
        self._replace_slots([new if slot.id == old.id else slot for slot in self.slots])

    def add_passphrase_slot(
        self, passphrase: str, label: str, kdf: KdfPolicy, now: datetime
    ) -> str:
        check_new_passphrase(passphrase)
        label = " ".join(label.split())
        if not label:
            raise ValidationError("label", N_("Give the administrator's name."))
        slot = keyslots.passphrase_slot(
            bytes(self._data_key), passphrase, check_new_params(kdf), self.vault_id, label,
            stamp(now),
        )  # fmt: skip
        self._replace_slots([*self.slots, slot])
        return slot.id

    def upgrade_slot(self, opened: Opened) -> None:
        """A version 1 slot that just opened gains its key pair (so that a re-key keeps it)."""
        upgraded = keyslots.upgrade(opened, self.vault_id)
        self._replace_slots([upgraded if s.id == upgraded.id else s for s in self.slots])

    def remember(self, keychain: Keychain, now: datetime) -> None:
        """Keep an unlock secret in this computer's keychain (replacing an older one)."""
        secret = os.urandom(32)
        slot = keyslots.secret_slot(
            bytes(self._data_key), secret, self.vault_id, default_label(), stamp(now)
        )
        previous = keychain.load(self.vault_id)
        keychain.save(self.vault_id, RememberedKey(slot.id, secret))
        kept = [s for s in self.slots if not (previous and s.id == previous.slot_id)]
        self._replace_slots([*kept, slot])

    def forget(self, keychain: Keychain) -> None:
        remembered = keychain.load(self.vault_id)
        keychain.delete(self.vault_id)
        if remembered and self._header.slot(remembered.slot_id):
            self._replace_slots([s for s in self.slots if s.id != remembered.slot_id])

    def record_witness(self, witness: Witness) -> None:
        """Write the audit head into the key file (authenticated by its HMAC)."""
        if witness != self._header.witness:
            self._write_header(replace(self._header, witness=witness))

    def open_copy(self, folder: Path) -> UnlockedVault | None:
        """Open a copy of this vault (an unpacked backup) with this vault's data key; None when
        the copy is under another key (made before a re-key) or not of this vault."""
        from coursenplus_desk.vault.vault import open_with_data_key  # it builds this class

        return open_with_data_key(folder, self.vault_id, bytes(self._data_key), self.slot_id)

    def seal(self, purpose: bytes, data: bytes) -> bytes:
        """A note only this vault's data key opens (vault/sealed.py)."""
        return sealed.seal(bytes(self._data_key), self.vault_id, purpose, data)

    def unseal(self, purpose: bytes, blob: bytes) -> bytes | None:
        return sealed.unseal(bytes(self._data_key), self.vault_id, purpose, blob)

    def header_bytes(self) -> bytes:
        """The key-slot header as stored: it travels with every backup."""
        return keyslots.encode_header(self._header)

    def export_database(self, target: Path) -> None:
        """An encrypted copy of the database under this vault's own data key."""
        export_database(self.connection, target, bytes(self._data_key))

    def rekey(
        self,
        now: datetime,
        *,
        kdf: KdfPolicy | None = None,
        new_passphrase: str | None = None,
        remove: frozenset[str] = frozenset(),
        keychain: Keychain | None = None,
    ) -> RekeyResult:
        """New data key, database rewritten under it, every remaining slot re-wrapped.

        `new_passphrase` replaces this administrator's slot in the same step;
        `remove` drops slots (an administrator who leaves). This computer's
        remembered secret is replaced; slots of version 1 that never opened
        since cannot be re-wrapped and are removed (the result counts them).
        """
        if new_passphrase is not None:
            check_new_passphrase(new_passphrase)
            if kdf is None:
                raise ValueError("a new passphrase needs key derivation parameters")
        if self.slot_id in remove:
            raise RefusedError(N_("You cannot remove your own key while you use it."))
        new_key = keyslots.new_data_key()
        remembered = _remembered(keychain, self.vault_id)
        plan = plan_rekey(
            self.slots,
            new_key,
            self.vault_id,
            current=self.slot_id,
            own=self._own_slot_for(new_passphrase, kdf, new_key, now),
            remove=remove,
            remembered=remembered,
            now=stamp(now),
        )
        header = keyslots.seal_header(replace(self._header, slots=plan.slots), new_key)
        prepare_rekey(
            self.connection,
            self.paths.database,
            self.paths.header,
            new_key,
            keyslots.encode_header(header),
        )
        self.connection.close()
        self._connection = None
        try:
            commit_rekey(self.paths.database, self.paths.header)
            self._connection = connect(self.paths.database, new_key)
        except BaseException:
            self._forget_key()
            self._lock.release()
            raise
        restrict_permissions(self.paths.header)
        restrict_permissions(self.paths.database)
        self._forget_key()
        self._header, self._data_key = header, bytearray(new_key)
        if self.known is not None:
            self.known.remember(header)
        self.slot_id = plan.own_slot_id or self.slot_id
        if keychain is not None and plan.remembered is not None:
            with contextlib.suppress(Exception):  # the passphrase still opens: never fatal
                keychain.save(self.vault_id, plan.remembered)
        return plan.result

    def remove_slot(self, slot_id: str, now: datetime, keychain: Keychain | None = None) -> None:
        """An administrator (or a remembered computer) leaves: always a re-key."""
        self.rekey(now, remove=frozenset({slot_id}), keychain=keychain)

    def _own_slot_for(
        self, new_passphrase: str | None, kdf: KdfPolicy | None, new_key: bytes, now: datetime
    ) -> KeySlot | None:
        if new_passphrase is None or kdf is None:
            return None
        old = self._own_passphrase_slot()
        return keyslots.passphrase_slot(
            new_key,
            new_passphrase,
            check_new_params(kdf),
            self.vault_id,
            old.label,
            stamp(now),
            slot_id=old.id,
        )

    def _own_passphrase_slot(self) -> KeySlot:
        old = self._header.slot(self.slot_id)
        if old is None or old.kind is not SlotKind.PASSPHRASE:
            raise RefusedError(N_("This vault was unlocked without a passphrase."))
        return old

    def _replace_slots(self, slots: list[KeySlot]) -> None:
        self._write_header(replace(self._header, slots=tuple(slots)))

    def _write_header(self, header: Header) -> None:
        header = keyslots.seal_header(header, bytes(self._data_key))
        write_atomically(self.paths.header, keyslots.encode_header(header))
        restrict_permissions(self.paths.header)
        self._header = header
        if self.known is not None:
            self.known.remember(header)


def _remembered(keychain: Keychain | None, vault_id: str) -> RememberedKey | None:
    if keychain is None:
        return None
    try:
        return keychain.load(vault_id)
    except KeychainUnavailableError:
        return None  # no usable keychain here: nothing of this computer's to replace


def stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")
