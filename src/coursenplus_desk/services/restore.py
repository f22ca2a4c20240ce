"""Verify a backup file and restore it into a new folder.

A restore never resurrects erased people. The backup carries its own
`erased_record` list, and the live vault's list (read when the live vault
opens with the same passphrase, or given by the GUI that holds it open) is
added to it; every listed record still present in the restored copy is
deleted again, the search index entries with it, and the file is rebuilt
(VACUUM) so no freed page keeps them. People restricted or anonymised in the
live vault get their live row back (cleared fields stay cleared). Without the
live vault (lost, or another passphrase) only the backup's own list applies,
and the CLI says so. Opening the
restored copy as a workspace runs the pending migrations, so a backup taken
before an upgrade is upgraded.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import (
    RefusedError,
    VaultInUseError,
    VaultUnavailableError,
    WrongPassphraseError,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasures import (
    LiveState,
    compact,
    erasures,
    live_state,
    reapply_erasures,
    reapply_hidden,
)
from coursenplus_desk.store.migrations import schema_version
from coursenplus_desk.vault.atomic import sync_folder
from coursenplus_desk.vault.backup_file import BackupDamagedError, Manifest, extract_backup
from coursenplus_desk.vault.vault import (
    DATABASE_NAME,
    HEADER_NAME,
    UnlockedVault,
    VaultPaths,
    unlock_vault,
)


class BackupUnusableError(VaultUnavailableError):
    """A damaged file, or not a backup of this program (exit code 4)."""


@dataclass(frozen=True)
class VerifyReport:
    manifest: Manifest
    schema_version: int
    people: int
    audit_events: int


@dataclass(frozen=True)
class RestoreReport:
    folder: Path
    people: int
    schema_before: int
    schema_after: int
    erasures_removed: int
    hidden_people: int
    unknown_tables: list[str] = field(default_factory=list)


def verify_backup(source: Path, passphrase: str) -> VerifyReport:
    """Open the backup with the passphrase and check every page; raises when damaged."""
    with (
        tempfile.TemporaryDirectory(prefix="cpdesk-verify-") as scratch,
        _opened_backup(source, Path(scratch), passphrase) as (vault, manifest),
    ):
        db = Database(vault.connection)
        return VerifyReport(
            manifest,
            schema_version(db),
            int(db.scalar("SELECT count(*) FROM person")),
            int(db.scalar("SELECT count(*) FROM audit_event")),
        )


def read_live_state(folder: Path, passphrase: str) -> LiveState | None:
    """The live vault's erasures and hidden people, or None when it cannot be opened now.

    The GUI, which holds the live vault open, passes `workspace.backups.live_state()`.
    """
    if not VaultPaths(folder).exists():
        return None
    try:
        vault = unlock_vault(folder, passphrase)
    except (WrongPassphraseError, VaultUnavailableError, VaultInUseError):
        return None
    with vault:
        return live_state(Database(vault.connection))


def restore_backup(
    source: Path,
    target: Path,
    passphrase: str,
    clock: Clock,
    *,
    live_folder: Path | None = None,
    live: LiveState | None = None,
) -> RestoreReport:
    """Verify, restore into the new folder `target`, re-apply every erasure; all or nothing."""
    target = target.expanduser().absolute()
    _check_target(target, live_folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        with _opened_backup(source, staging, passphrase) as (vault, _manifest):
            before = schema_version(Database(vault.connection))
            workspace = Workspace(vault, clock)  # runs pending migrations
            with workspace:
                report = _reapply(workspace, live or LiveState(), target, before)
        if target.exists():
            target.rmdir()  # empty, checked above
        staging.replace(target)
        sync_folder(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _reapply(workspace: Workspace, live: LiveState, target: Path, before: int) -> RestoreReport:
    db = workspace.db
    with db.transaction():
        result = reapply_erasures(db, [*erasures(db), *live.erasures])
        reapply_hidden(db, live.hidden, result)
        workspace.audit.record(
            "backup.restore",
            erasures_removed=result.removed,
            hidden_people=result.hidden,
            erasures_listed=int(db.scalar("SELECT count(*) FROM erased_record")),
        )
    compact(db)
    people = int(db.scalar("SELECT count(*) FROM person"))
    return RestoreReport(
        target,
        people,
        before,
        schema_version(db),
        result.removed,
        result.hidden,
        sorted(result.unknown_tables),
    )


@contextmanager
def _opened_backup(
    source: Path, folder: Path, passphrase: str
) -> Iterator[tuple[UnlockedVault, Manifest]]:
    """Unpack into `folder`, unlock with the passphrase, check every page."""
    try:
        manifest = extract_backup(source, folder, DATABASE_NAME, HEADER_NAME)
    except BackupDamagedError:
        raise _unusable(source) from None
    try:
        vault = unlock_vault(folder, passphrase)
    except (VaultUnavailableError, VaultInUseError):
        raise _unusable(source) from None
    with vault:
        if vault.vault_id != manifest.vault_id:
            raise _unusable(source)
        try:
            problems = vault.integrity_problems()
        except VaultUnavailableError:
            raise _unusable(source) from None
        if problems:
            raise _unusable(source)
        yield vault, manifest


def _unusable(source: Path) -> BackupUnusableError:
    return BackupUnusableError(
        N_("The backup {file} is damaged or is not a backup of this program."), file=str(source)
    )


def _check_target(target: Path, live_folder: Path | None) -> None:
    if live_folder is not None:
        live = live_folder.expanduser().resolve()
        resolved = target.resolve()
        if resolved == live or live in resolved.parents or resolved in live.parents:
            raise RefusedError(
                N_("A backup is never restored over the vault in use: choose a new folder.")
            )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RefusedError(
            N_("The folder {folder} is not empty: restore into a new folder."), folder=str(target)
        )
