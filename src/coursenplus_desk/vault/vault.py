"""Create, unlock and manage a vault folder: database, key-slot header, lock file.

Unlocking reads only the header until a key slot opens, so a wrong passphrase
changes no file. The lock file is taken before the database is opened, and the
connection then holds the database itself exclusively (vault/connection.py):
one running program per vault even if the lock file is deleted.
"""

from __future__ import annotations

import contextlib
import os
import socket
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import filelock

from coursenplus_desk.domain.errors import (
    KeychainUnavailableError,
    RefusedError,
    ValidationError,
    VaultInUseError,
    VaultUnavailableError,
    WrongPassphraseError,
)
from coursenplus_desk.domain.passphrase import MIN_LENGTH, assess
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.vault import keyslots
from coursenplus_desk.vault.atomic import write_atomically
from coursenplus_desk.vault.connection import Connection, connect, integrity_problems
from coursenplus_desk.vault.export import export_database
from coursenplus_desk.vault.kdf import KdfParams, KdfPolicy
from coursenplus_desk.vault.keychain import Keychain, RememberedKey
from coursenplus_desk.vault.keyslots import (
    ForeignSlotError,
    Header,
    HeaderDamagedError,
    KeySlot,
    Opened,
    SlotKind,
    Witness,
)
from coursenplus_desk.vault.paths import DATABASE_NAME, HEADER_NAME, LOCK_NAME, VaultPaths
from coursenplus_desk.vault.rekey import commit_rekey, prepare_rekey, recover_interrupted_rekey
from coursenplus_desk.vault.slots import RekeyResult, plan_rekey

__all__ = ["DATABASE_NAME", "HEADER_NAME", "LOCK_NAME", "RekeyResult", "VaultPaths"]

MIN_PASSPHRASE_LENGTH = MIN_LENGTH


def check_new_passphrase(passphrase: str, related: tuple[str, ...] = ()) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            "passphrase",
            N_("The passphrase must have at least {count} characters."),
            count=MIN_PASSPHRASE_LENGTH,
        )
    strength = assess(passphrase, related)
    if not strength.acceptable:
        raise ValidationError(
            "passphrase",
            N_("This passphrase is too easy to guess: {reason} Choose several uncommon words."),
            reason=_(strength.reason),
        )


def check_new_params(policy: KdfPolicy) -> KdfParams:
    """The policy's parameters for a new slot, refused below its floor."""
    if policy.is_below_floor(policy.params):
        raise RefusedError(
            N_(
                "The key derivation parameters ({params}) are below the floor of {floor}: "
                "no key slot is written with them."
            ),
            params=policy.params.describe(),
            floor=policy.describe_floor(),
        )
    return policy.params


def damaged_header(paths: VaultPaths) -> VaultUnavailableError:
    return VaultUnavailableError(
        N_("The key file of the vault is damaged or was altered: {file}."),
        file=str(paths.header),
    )


def foreign_header(paths: VaultPaths) -> VaultUnavailableError:
    return VaultUnavailableError(
        N_("The key file is damaged or is not this vault's: {file}."), file=str(paths.header)
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
        raise damaged_header(paths) from None


def create_vault(
    folder: Path,
    passphrase: str,
    *,
    kdf: KdfPolicy,
    now: datetime,
    label: str = "",
    check_same_thread: bool = True,
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
        stamp = _stamp(now)
        slot = keyslots.passphrase_slot(
            data_key, passphrase, params, vault_id, label or _default_label(), stamp
        )
        header = keyslots.seal_header(Header(vault_id, stamp, (slot,)), data_key)
        write_atomically(paths.header, keyslots.encode_header(header))
        _restrict_permissions(paths.header)
        connection = connect(paths.database, data_key, check_same_thread=check_same_thread)
        _restrict_permissions(paths.database)
    except BaseException:
        lock.release()
        raise
    return UnlockedVault(paths, header, data_key, slot.id, lock, connection, check_same_thread)


def unlock_vault(folder: Path, passphrase: str, *, check_same_thread: bool = True) -> UnlockedVault:
    """`check_same_thread=False` lets one worker at a time use the connection (GUI long work)."""
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
            return _open(paths, header, opened, check_same_thread)
    if foreign:
        raise foreign_header(paths)
    raise WrongPassphraseError(N_("Wrong passphrase."))


def unlock_with_keychain(
    folder: Path, keychain: Keychain, *, check_same_thread: bool = True
) -> UnlockedVault | None:
    """Silent unlock when this computer remembers the vault; None when it does not."""
    paths = VaultPaths(folder)
    recover_interrupted_rekey(paths.database, paths.header, paths.lock)
    header = read_header(paths)
    remembered = keychain.load(header.vault_id)
    slot = header.slot(remembered.slot_id) if remembered else None
    if remembered is None or slot is None:
        return None
    try:
        opened = keyslots.open_secret_slot(slot, remembered.secret, header.vault_id)
    except ForeignSlotError:
        raise foreign_header(paths) from None
    return _open(paths, header, opened, check_same_thread) if opened else None


def _open(
    paths: VaultPaths, header: Header, opened: Opened, check_same_thread: bool
) -> UnlockedVault:
    if not keyslots.header_mac_is_valid(header, opened.data_key):
        raise damaged_header(paths)
    lock = _acquire_lock(paths)
    try:
        connection = connect(paths.database, opened.data_key, check_same_thread=check_same_thread)
    except BaseException:
        lock.release()
        raise
    vault = UnlockedVault(
        paths, header, opened.data_key, opened.slot.id, lock, connection, check_same_thread
    )
    if opened.slot.is_legacy:
        vault.upgrade_slot(opened)
    return vault


def _acquire_lock(paths: VaultPaths) -> filelock.BaseFileLock:
    lock = filelock.FileLock(str(paths.lock), timeout=0)
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
        check_same_thread: bool = True,
    ) -> None:
        self.paths = paths
        self._header = header
        self._data_key = bytearray(data_key)
        self.slot_id = slot_id
        self._lock = lock
        self._connection: Connection | None = connection
        self._check_same_thread = check_same_thread

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
            _stamp(now),
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
            _stamp(now),
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
            bytes(self._data_key), secret, self.vault_id, _default_label(), _stamp(now)
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
            now=_stamp(now),
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
            self._connection = connect(
                self.paths.database, new_key, check_same_thread=self._check_same_thread
            )
        except BaseException:
            self._forget_key()
            self._lock.release()
            raise
        _restrict_permissions(self.paths.header)
        _restrict_permissions(self.paths.database)
        self._forget_key()
        self._header, self._data_key = header, bytearray(new_key)
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
            _stamp(now),
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
        _restrict_permissions(self.paths.header)
        self._header = header


def _remembered(keychain: Keychain | None, vault_id: str) -> RememberedKey | None:
    if keychain is None:
        return None
    try:
        return keychain.load(vault_id)
    except KeychainUnavailableError:
        return None  # no usable keychain here: nothing of this computer's to replace


def _stamp(now: datetime) -> str:
    return now.isoformat(timespec="seconds")
