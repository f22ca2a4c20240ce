"""Create, unlock and manage a vault folder: database, key-slot header, lock file.

Unlocking reads only the header until a key slot opens, so a wrong passphrase
changes no file. The lock is taken before the database is opened: one running
program per vault.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import filelock

from coursenplus_desk.domain.errors import (
    RefusedError,
    ValidationError,
    VaultInUseError,
    VaultUnavailableError,
    WrongPassphraseError,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.vault import keyslots, sealed
from coursenplus_desk.vault.atomic import write_atomically
from coursenplus_desk.vault.connection import Connection, connect, integrity_problems
from coursenplus_desk.vault.export import export_database
from coursenplus_desk.vault.kdf import KdfParams
from coursenplus_desk.vault.keychain import Keychain, RememberedKey
from coursenplus_desk.vault.keyslots import Header, HeaderDamagedError, KeySlot, SlotKind
from coursenplus_desk.vault.rekey import commit_rekey, prepare_rekey, recover_interrupted_rekey

DATABASE_NAME = "records.db"
HEADER_NAME = "keyslots.json"
LOCK_NAME = "vault.lock"
MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True)
class VaultPaths:
    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_NAME

    @property
    def header(self) -> Path:
        return self.folder / HEADER_NAME

    @property
    def lock(self) -> Path:
        return self.folder / LOCK_NAME

    def exists(self) -> bool:
        return self.header.exists() or self.database.exists()


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            "passphrase",
            N_("The passphrase must have at least {count} characters."),
            count=MIN_PASSPHRASE_LENGTH,
        )


def read_header(paths: VaultPaths) -> Header:
    if not paths.folder.is_dir():
        raise VaultUnavailableError(N_("There is no vault in {folder}."), folder=str(paths.folder))
    if not paths.header.is_file():
        if paths.database.exists():
            raise VaultUnavailableError(
                N_("The key file of the vault in {folder} is missing."), folder=str(paths.folder)
            )
        raise VaultUnavailableError(N_("There is no vault in {folder}."), folder=str(paths.folder))
    try:
        return keyslots.decode_header(paths.header.read_bytes())
    except (HeaderDamagedError, OSError):
        raise VaultUnavailableError(
            N_("The key file of the vault is damaged or was altered: {file}."),
            file=str(paths.header),
        ) from None


def create_vault(
    folder: Path,
    passphrase: str,
    *,
    params: KdfParams,
    now: datetime,
    label: str = "",
) -> UnlockedVault:
    paths = VaultPaths(folder)
    if paths.exists():
        raise RefusedError(N_("A vault already exists in {folder}."), folder=str(folder))
    check_new_passphrase(passphrase)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = _acquire_lock(paths)
    try:
        data_key = keyslots.new_data_key()
        vault_id = keyslots.new_vault_id()
        stamp = now.isoformat(timespec="seconds")
        slot = keyslots.passphrase_slot(
            data_key, passphrase, params, vault_id, label or _default_label(), stamp
        )
        header = keyslots.seal_header(Header(vault_id, stamp, (slot,)), data_key)
        write_atomically(paths.header, keyslots.encode_header(header))
        _restrict_permissions(paths.header)
        connection = connect(paths.database, data_key)
        _restrict_permissions(paths.database)
    except BaseException:
        lock.release()
        raise
    return UnlockedVault(paths, header, data_key, slot.id, lock, connection)


def unlock_vault(folder: Path, passphrase: str) -> UnlockedVault:
    paths = VaultPaths(folder)
    recover_interrupted_rekey(paths.database, paths.header, paths.lock)
    header = read_header(paths)
    for slot in header.slots:
        data_key = keyslots.open_passphrase_slot(slot, passphrase, header.vault_id)
        if data_key is not None:
            return _open(paths, header, data_key, slot.id)
    raise WrongPassphraseError(N_("Wrong passphrase."))


def unlock_with_keychain(folder: Path, keychain: Keychain) -> UnlockedVault | None:
    """Silent unlock when this computer remembers the vault; None when it does not."""
    paths = VaultPaths(folder)
    recover_interrupted_rekey(paths.database, paths.header, paths.lock)
    header = read_header(paths)
    if not any(slot.kind is SlotKind.KEYCHAIN for slot in header.slots):
        return None  # nobody asked to remember it: the keychain is not asked either
    remembered = keychain.load(header.vault_id)
    slot = header.slot(remembered.slot_id) if remembered else None
    if remembered is None or slot is None:
        return None
    data_key = keyslots.open_secret_slot(slot, remembered.secret, header.vault_id)
    return _open(paths, header, data_key, slot.id) if data_key else None


def _open(paths: VaultPaths, header: Header, data_key: bytes, slot_id: str) -> UnlockedVault:
    if not keyslots.header_mac_is_valid(header, data_key):
        raise VaultUnavailableError(
            N_("The key file of the vault is damaged or was altered: {file}."),
            file=str(paths.header),
        )
    lock = _acquire_lock(paths)
    try:
        connection = connect(paths.database, data_key)
    except BaseException:
        lock.release()
        raise
    return UnlockedVault(paths, header, data_key, slot_id, lock, connection)


def _acquire_lock(paths: VaultPaths) -> filelock.BaseFileLock:
    # Not thread-local: a vault unlocked in the worker thread is locked again by the GUI thread.
    lock = filelock.FileLock(str(paths.lock), timeout=0, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise VaultInUseError(
            N_("This vault is already open in another window or program. Close it there first.")
        ) from None
    except OSError:
        raise VaultUnavailableError(
            N_("The vault folder {folder} cannot be written to."), folder=str(paths.folder)
        ) from None
    return lock


def _restrict_permissions(path: Path) -> None:
    if os.name == "posix":
        path.chmod(0o600)


def _default_label() -> str:
    return socket.gethostname() or "administrator"


class UnlockedVault:
    """An open vault: its one connection, the administrator's slot, and slot management."""

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
        self._data_key = data_key
        self.slot_id = slot_id
        self._lock = lock
        self._connection: Connection | None = connection

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

    def close(self) -> None:
        """Lock: close the connection (SQLite checkpoints the WAL) and release the folder."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None
            self._data_key = b""
            self._lock.release()

    def __enter__(self) -> UnlockedVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_problems(self) -> list[str]:
        return integrity_problems(self.connection)

    def change_passphrase(self, new_passphrase: str, params: KdfParams, now: datetime) -> None:
        """Rewrite this administrator's slot only; the database is untouched."""
        check_new_passphrase(new_passphrase)
        old = self._header.slot(self.slot_id)
        if old is None or old.kind is not SlotKind.PASSPHRASE:
            raise RefusedError(N_("This vault was unlocked without a passphrase."))
        new = keyslots.passphrase_slot(
            self._data_key, new_passphrase, params, self.vault_id, old.label, _stamp(now)
        )
        self._replace_slots([new if slot.id == old.id else slot for slot in self.slots])
        self.slot_id = new.id

    def add_passphrase_slot(
        self, passphrase: str, label: str, params: KdfParams, now: datetime
    ) -> str:
        check_new_passphrase(passphrase)
        slot = keyslots.passphrase_slot(
            self._data_key, passphrase, params, self.vault_id, label, _stamp(now)
        )
        self._replace_slots([*self.slots, slot])
        return slot.id

    def remove_slot(self, slot_id: str) -> None:
        remaining = [slot for slot in self.slots if slot.id != slot_id]
        if len(remaining) == len(self.slots):
            raise RefusedError(N_("There is no such administrator key."))
        if not any(slot.kind is SlotKind.PASSPHRASE for slot in remaining):
            raise RefusedError(N_("The last administrator passphrase cannot be removed."))
        self._replace_slots(remaining)

    def remember(self, keychain: Keychain, now: datetime) -> None:
        """Keep an unlock secret in this computer's keychain (replacing an older one)."""
        secret = os.urandom(32)
        slot = keyslots.secret_slot(
            self._data_key, secret, self.vault_id, _default_label(), _stamp(now)
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

    def open_copy(self, folder: Path) -> UnlockedVault | None:
        """Open a copy of this vault (an unpacked backup) with this vault's data key; None when
        the copy is under another key (made before a re-key) or not of this vault."""
        paths = VaultPaths(folder)
        header = read_header(paths)
        if header.vault_id != self.vault_id or not keyslots.header_mac_is_valid(
            header, self._data_key
        ):
            return None
        return _open(paths, header, self._data_key, self.slot_id)

    def seal(self, purpose: bytes, data: bytes) -> bytes:
        """A note only this vault's data key opens (vault/sealed.py)."""
        return sealed.seal(self._data_key, self.vault_id, purpose, data)

    def unseal(self, purpose: bytes, blob: bytes) -> bytes | None:
        return sealed.unseal(self._data_key, self.vault_id, purpose, blob)

    def header_bytes(self) -> bytes:
        """The key-slot header as stored: it travels with every backup."""
        return keyslots.encode_header(self._header)

    def export_database(self, target: Path) -> None:
        """An encrypted copy of the database under this vault's own data key."""
        export_database(self.connection, target, self._data_key)

    def rekey(self, passphrase: str, params: KdfParams, now: datetime) -> list[KeySlot]:
        """New data key, database rewritten under it; the slots removed (all but this one).

        Only the passphrase typed now can be rewrapped (a slot can be rewrapped only
        by someone who knows its passphrase): other administrators' slots and
        remembered computers are removed and must be added again.
        """
        current = next(
            (
                slot
                for slot in self.slots
                if keyslots.open_passphrase_slot(slot, passphrase, self.vault_id) == self._data_key
            ),
            None,
        )
        if current is None:
            raise WrongPassphraseError(N_("Wrong passphrase."))
        new_key = keyslots.new_data_key()
        slot = keyslots.passphrase_slot(
            new_key, passphrase, params, self.vault_id, current.label, _stamp(now)
        )
        header = keyslots.seal_header(replace(self._header, slots=(slot,)), new_key)
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
            self._data_key = b""
            self._lock.release()
            raise
        _restrict_permissions(self.paths.header)
        _restrict_permissions(self.paths.database)
        removed = [s for s in self.slots if s.id != current.id]
        self._header, self._data_key, self.slot_id = header, new_key, slot.id
        return removed

    def _replace_slots(self, slots: list[KeySlot]) -> None:
        header = keyslots.seal_header(replace(self._header, slots=tuple(slots)), self._data_key)
        write_atomically(self.paths.header, keyslots.encode_header(header))
        _restrict_permissions(self.paths.header)
        self._header = header


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")
