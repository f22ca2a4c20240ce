"""Where a restore finds the erasures made after its backup: every other backup it can see.

A backup made before an erasure still holds the erased person; the erasure
must survive its restore even on another computer, with no vault in use, or
after the passphrase changed. So a restore reads the erasure list of every
other backup of the same vault in the folders it is shown (the backup's own
folder, the rotation folder): each backup carries its list sealed under the
data key (vault/sealed.py), opened with the key of the backup being restored
(unchanged by a passphrase change) or with one of the passphrases given.
A newer backup none of them opens is reported, never silently passed over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.store.erasures import Erasure, ErasureList, decode_erasures
from coursenplus_desk.vault.backup_file import (
    BACKUP_SUFFIX,
    BackupDamagedError,
    Manifest,
    read_manifest,
    read_sealed_erasures,
)
from coursenplus_desk.vault.sealed import ERASURES, unseal_with_passphrase
from coursenplus_desk.vault.vault import UnlockedVault


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: Manifest
    newer: bool  # made at the same time as the backup restored, or after


@dataclass(frozen=True)
class NewerErasures:
    """The erasure lists of the newer backups read, and the newer ones that could not be."""

    lists: tuple[ErasureList, ...] = ()
    unreadable: tuple[Path, ...] = ()
    read: tuple[Path, ...] = ()


def other_backups(source: Path, manifest: Manifest, folders: Iterable[Path]) -> list[Backup]:
    """The other backups of the same vault in these folders and beside `source`, newest first."""
    found: dict[Path, Manifest] = {}
    for folder in {source.parent, *folders}:
        if not folder.is_dir():
            continue
        for path in folder.glob(f"*{BACKUP_SUFFIX}"):
            resolved = path.resolve()
            if resolved == source.resolve() or resolved in found:
                continue
            try:
                other = read_manifest(path)
            except BackupDamagedError:
                continue
            if other.vault_id == manifest.vault_id:
                found[resolved] = other
    ordered = sorted(found.items(), key=lambda item: item[1].created_at, reverse=True)
    return [Backup(path, other, other.created_at >= manifest.created_at) for path, other in ordered]


# Opens an older-format backup (no sealed list) with a passphrase: its erasures, or None.
Unpack = Callable[[Path, str], list[Erasure] | None]


def read_other_erasures(
    backups: Sequence[Backup], restored: UnlockedVault, passphrases: Sequence[str], unpack: Unpack
) -> NewerErasures:
    """The erasure lists of these backups, opened with the restored copy's key or a passphrase.

    A sealed list is cheap to read, so every backup's is (an older one can hold an
    erasure too, after a restore); one of a backup made before sealed lists is read
    the slow way only when it may be newer. A backup that may be newer and cannot
    be read is reported.
    """
    lists: list[ErasureList] = []
    unreadable: list[Path] = []
    read: list[Path] = []
    for backup in backups:
        found = _erasures_of(backup, restored, passphrases, unpack)
        if found is not None:
            lists.append(ErasureList("newer" if backup.newer else "older", tuple(found)))
            read.append(backup.path)
        elif backup.newer:
            unreadable.append(backup.path)
    return NewerErasures(tuple(lists), tuple(unreadable), tuple(read))


def _erasures_of(
    backup: Backup, restored: UnlockedVault, passphrases: Sequence[str], unpack: Unpack
) -> list[Erasure] | None:
    try:
        sealed = read_sealed_erasures(backup.path)
    except BackupDamagedError:
        return None
    if sealed is None:  # made before backups carried a sealed list: the slow way
        if not backup.newer:
            return None
        return next((e for p in passphrases if (e := unpack(backup.path, p)) is not None), None)
    data = restored.unseal(ERASURES, sealed.sealed)
    for passphrase in passphrases:
        if data is not None:
            break
        data = unseal_with_passphrase(sealed.header, ERASURES, sealed.sealed, passphrase)
    if data is None:
        return None
    try:
        return decode_erasures(data)
    except (ValueError, TypeError):
        return None
