"""The backup file: one ZIP holding the encrypted database, the key-slot header and a manifest.

The database inside is a `sqlcipher_export` under the vault's own data key and
the header is the vault's own key-slot file, so a backup opens with the same
passphrases as the vault did when it was taken, and a stolen backup is as
useless as a stolen vault. Members are stored, not compressed (ciphertext does
not compress); ZIP's CRC-32 on each member reveals a damaged file on reading.
The manifest holds no personal value: format, vault id, time, schema version.
Since schema 9 a backup also carries its erasure list sealed under the data key
(vault/sealed.py): record identifiers only, readable without unpacking the
database; older backups lack that member.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.vault.atomic import sync_folder

BACKUP_FORMAT = "coursenplus-desk-backup"
BACKUP_VERSION = 1
BACKUP_SUFFIX = ".cpbackup"
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBER = "records.db"
HEADER_MEMBER = "keyslots.json"
ERASURES_MEMBER = "erasures.sealed"
_MEMBERS = {MANIFEST_NAME, DATABASE_MEMBER, HEADER_MEMBER}
_OPTIONAL = {ERASURES_MEMBER}
_MAX_ERASURES = 64 * 1024 * 1024
_MAX_MANIFEST = 64 * 1024


class BackupDamagedError(ValueError):
    """Not a backup of this program, or a damaged one."""


@dataclass(frozen=True)
class Manifest:
    vault_id: str
    created_at: str
    schema_version: int

    def encode(self) -> bytes:
        document = {
            "format": BACKUP_FORMAT,
            "version": BACKUP_VERSION,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "schema_version": self.schema_version,
        }
        return json.dumps(document, sort_keys=True, indent=2).encode("utf-8")

    @classmethod
    def decode(cls, data: bytes) -> Manifest:
        try:
            document = json.loads(data.decode("utf-8"))
            if document["format"] != BACKUP_FORMAT or document["version"] != BACKUP_VERSION:
                raise BackupDamagedError("unknown backup format")
            return cls(
                str(document["vault_id"]),
                str(document["created_at"]),
                int(document["schema_version"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise BackupDamagedError(str(error)) from None


def write_backup(
    target: Path, manifest: Manifest, database: Path, header: bytes, erasures: bytes | None = None
) -> None:
    """Pack the members into `target` atomically: temp file, fsync, rename."""
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_STORED) as archive:
                archive.writestr(MANIFEST_NAME, manifest.encode())
                archive.writestr(HEADER_MEMBER, header)
                if erasures is not None:
                    archive.writestr(ERASURES_MEMBER, erasures)
                archive.write(database, DATABASE_MEMBER)
            stream.flush()
            os.fsync(stream.fileno())
        if os.name == "posix":
            Path(temporary).chmod(0o600)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise
    sync_folder(target.parent)


def read_manifest(source: Path) -> Manifest:
    try:
        with zipfile.ZipFile(source) as archive:
            _check_members(archive)
            if archive.getinfo(MANIFEST_NAME).file_size > _MAX_MANIFEST:
                raise BackupDamagedError("manifest too large")
            return Manifest.decode(archive.read(MANIFEST_NAME))
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BackupDamagedError(str(error)) from None


@dataclass(frozen=True)
class SealedErasures:
    """A backup's sealed erasure list and the key-slot header that can open it."""

    manifest: Manifest
    header: bytes
    sealed: bytes


def read_sealed_erasures(source: Path) -> SealedErasures | None:
    """The sealed erasure list of a backup, or None for a backup made before it had one."""
    try:
        with zipfile.ZipFile(source) as archive:
            _check_members(archive)
            if ERASURES_MEMBER not in archive.namelist():
                return None
            if archive.getinfo(ERASURES_MEMBER).file_size > _MAX_ERASURES:
                raise BackupDamagedError("erasure list too large")
            manifest = Manifest.decode(archive.read(MANIFEST_NAME))
            return SealedErasures(
                manifest, archive.read(HEADER_MEMBER), archive.read(ERASURES_MEMBER)
            )
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BackupDamagedError(str(error)) from None


def extract_backup(source: Path, folder: Path, database_name: str, header_name: str) -> Manifest:
    """Unpack into the existing empty `folder`; every member's CRC is checked while reading."""
    try:
        with zipfile.ZipFile(source) as archive:
            _check_members(archive)
            manifest = Manifest.decode(archive.read(MANIFEST_NAME))
            for member, name in ((DATABASE_MEMBER, database_name), (HEADER_MEMBER, header_name)):
                with archive.open(member) as stream, (folder / name).open("xb") as out:
                    if os.name == "posix":
                        os.fchmod(out.fileno(), 0o600)
                    shutil.copyfileobj(stream, out)
                    out.flush()
                    os.fsync(out.fileno())
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise BackupDamagedError(str(error)) from None
    sync_folder(folder)
    return manifest


def _check_members(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if not _MEMBERS <= set(names) <= _MEMBERS | _OPTIONAL or len(names) != len(set(names)):
        raise BackupDamagedError("unexpected members")
