"""Create, unlock and manage a vault folder: database, key-slot header, lock file.

Unlocking reads only the header until a key slot opens, so a wrong passphrase
changes no file. The lock file is taken before the database is opened, and the
connection then holds the database itself exclusively (vault/connection.py):
one running program per vault even if the lock file is deleted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.domain.errors import (
    RefusedError,
    VaultInUseError,
    VaultUnavailableError,
    WrongPassphraseError,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.vault import keyslots
from coursenplus_desk.vault.atomic import write_atomically
from coursenplus_desk.vault.checks import (
    MIN_PASSPHRASE_LENGTH,
    check_new_params,
    check_new_passphrase,
    damaged_header,
    foreign_header,
    read_header,
)
from coursenplus_desk.vault.connection import connect
from coursenplus_desk.vault.kdf import KdfPolicy
from coursenplus_desk.vault.keychain import Keychain
from coursenplus_desk.vault.keyslots import (
    ForeignSlotError,
    Header,
    Opened,
    SlotKind,
)
from coursenplus_desk.vault.known_slots import KnownSlots
from coursenplus_desk.vault.paths import DATABASE_NAME, HEADER_NAME, LOCK_NAME, VaultPaths
from coursenplus_desk.vault.rekey import recover_interrupted_rekey
from coursenplus_desk.vault.slots import RekeyResult
from coursenplus_desk.vault.unlocked import (
    UnlockedVault,
    default_label,
    restrict_permissions,
    stamp,
)

# filelock (20 ms to import) is needed once the key is derived: imported then, or meanwhile
# (services/preload.py).
if TYPE_CHECKING:
    import filelock

__all__ = [
    "DATABASE_NAME",
    "HEADER_NAME",
    "LOCK_NAME",
    "MIN_PASSPHRASE_LENGTH",
    "RekeyResult",
    "UnlockedVault",
    "VaultPaths",
    "check_new_passphrase",
    "read_header",
]


def create_vault(
    folder: Path,
    passphrase: str,
    *,
    kdf: KdfPolicy,
    now: datetime,
    label: str = "",
) -> UnlockedVault:
    paths = VaultPaths(folder)
    if paths.exists():
        raise RefusedError(N_("A vault already exists in {folder}."), folder=str(folder))
    check_new_passphrase(passphrase)
    params = check_new_params(kdf)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = _acquire_lock(paths)
    try:
        data_key = keyslots.new_data_key()
        vault_id = keyslots.new_vault_id()
        created = stamp(now)
        slot = keyslots.passphrase_slot(
            data_key, passphrase, params, vault_id, label or default_label(), created
        )
        header = keyslots.seal_header(Header(vault_id, created, (slot,)), data_key)
        write_atomically(paths.header, keyslots.encode_header(header))
        restrict_permissions(paths.header)
        connection = connect(paths.database, data_key)
        restrict_permissions(paths.database)
    except BaseException:
        lock.release()
        raise
    return UnlockedVault(paths, header, data_key, slot.id, lock, connection)


def unlock_vault(
    folder: Path,
    passphrase: str,
    *,
    known: KnownSlots | None = None,
) -> UnlockedVault:
    """`known`: what this computer saw of the slots, to tell an edited slot from a wrong
    passphrase (vault/known_slots.py).
    """
    paths = VaultPaths(folder)
    recover_interrupted_rekey(paths.database, paths.header, paths.lock)
    header = read_header(paths)
    foreign = False
    for slot in header.slots:
        try:
            opened = keyslots.open_passphrase_slot(slot, passphrase, header.vault_id)
        except ForeignSlotError:
            foreign = True
            continue
        if opened is not None:
            return _open(paths, header, opened, known)
    if foreign or (known is not None and known.edited(header)):
        raise foreign_header(paths)
    raise WrongPassphraseError(N_("Wrong passphrase."))


def unlock_with_keychain(
    folder: Path,
    keychain: Keychain,
    *,
    known: KnownSlots | None = None,
) -> UnlockedVault | None:
    """Silent unlock when this computer remembers the vault; None when it does not."""
    paths = VaultPaths(folder)
    recover_interrupted_rekey(paths.database, paths.header, paths.lock)
    header = read_header(paths)
    if not _has_keychain_slot(header):
        return None  # nobody asked to remember it: the keychain is not asked either
    remembered = keychain.load(header.vault_id)
    slot = header.slot(remembered.slot_id) if remembered else None
    if remembered is None or slot is None:
        return None
    try:
        opened = keyslots.open_secret_slot(slot, remembered.secret, header.vault_id)
    except ForeignSlotError:
        raise foreign_header(paths) from None
    return _open(paths, header, opened, known) if opened else None


def may_be_remembered(folder: Path) -> bool:
    """Whether some computer was asked to remember the vault (its key file alone says)."""
    return _has_keychain_slot(read_header(VaultPaths(folder)))


def _has_keychain_slot(header: Header) -> bool:
    return any(slot.kind is SlotKind.KEYCHAIN for slot in header.slots)


def _open(
    paths: VaultPaths,
    header: Header,
    opened: Opened,
    known: KnownSlots | None = None,
) -> UnlockedVault:
    if not keyslots.header_mac_is_valid(header, opened.data_key):
        raise damaged_header(paths)
    lock = _acquire_lock(paths)
    try:
        connection = connect(paths.database, opened.data_key)
    except BaseException:
        lock.release()
        raise
    vault = UnlockedVault(paths, header, opened.data_key, opened.slot.id, lock, connection)
    vault.known = known
    if known is not None:
        known.remember(header)
    if opened.slot.is_legacy:
        vault.upgrade_slot(opened)
    return vault


def open_with_data_key(
    folder: Path, vault_id: str, data_key: bytes, slot_id: str
) -> UnlockedVault | None:
    """A copy of a vault (an unpacked backup) opened with a data key already known; None when
    the copy's key file is not that vault's or not under that key."""
    paths = VaultPaths(folder)
    header = read_header(paths)
    if header.vault_id != vault_id or not keyslots.header_mac_is_valid(header, data_key):
        return None
    lock = _acquire_lock(paths)
    try:
        connection = connect(paths.database, data_key)
    except BaseException:
        lock.release()
        raise
    return UnlockedVault(paths, header, data_key, slot_id, lock, connection)


def _acquire_lock(paths: VaultPaths) -> filelock.BaseFileLock:
    import filelock

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
