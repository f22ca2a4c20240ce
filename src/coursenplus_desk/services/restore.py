"""Verify a backup file and restore it into a folder that holds no vault.

A restore never resurrects erased records and never removes one that was not
erased. Tombstones name records by UUID (store/erasures.py): the backup's own
list, and the live vault's (read when the live vault opens with the same
passphrase, or given by the GUI that holds it open), are applied to the
restored copy; a listed record still present is deleted again, its search
terms with it, and the file is rebuilt (VACUUM) so no freed page keeps it. The
report says what was removed, from which table and on whose list. People
restricted or anonymised in the live vault get their live row back (cleared
fields stay cleared). Without the live vault (lost, or another passphrase)
only the backup's own list applies, and the CLI says so. Opening the restored
copy as a workspace runs the pending migrations, so a backup taken before an
upgrade is upgraded.

The target may be the vault's usual folder once no vault is there any more
(a lost laptop, a new one): what is refused is a folder that holds a vault.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import (
    RefusedError,
    VaultInUseError,
    VaultUnavailableError,
    WrongPassphraseError,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.backup import FOLDER as BACKUP_FOLDER
from coursenplus_desk.services.erasure_sources import other_backups, read_other_erasures
from coursenplus_desk.services.locations import rotation_folder
from coursenplus_desk.services.workspace import Workspace, reseat_witnesses
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasures import (
    Erasure,
    ErasureList,
    LiveState,
    applicable,
    apply_erasures,
    compact,
    erasures,
    live_state,
    reapply_hidden,
    tombstone_count,
)
from coursenplus_desk.store.migrations import schema_version
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.settings import SettingsStore
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


class NewerBackupsUnreadableError(RefusedError):
    """Newer backups hold erasures this restore cannot read: it would bring people back."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__(
            N_(
                "Newer backups of this vault do not open with this passphrase ({files}): the "
                "erasures they record could not be applied. Give the passphrase they open with "
                "too (the vault's passphrase changed since this backup)."
            ),
            files=", ".join(path.name for path in paths),
        )
        self.paths = tuple(paths)


@dataclass(frozen=True)
class VerifyReport:
    manifest: Manifest
    schema_version: int
    people: int
    audit_events: int


@dataclass(frozen=True)
class Removal:
    """Records a restore removed again: how many of one table, on whose erasure list."""

    table: str
    count: int
    source: str  # "backup" (its own list), "live" (the vault in use), "newer" (a newer backup)


@dataclass(frozen=True)
class RestoreReport:
    folder: Path
    people: int
    schema_before: int
    schema_after: int
    removed: tuple[Removal, ...]
    hidden_people: int
    unknown_tables: list[str] = field(default_factory=list)

    @property
    def erasures_removed(self) -> int:
        return sum(removal.count for removal in self.removed)


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
            PeopleStore(db).count_all(),
            AuditStore(db).count(),
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
        db = Database(vault.connection)
        chosen = SettingsStore(db).get(BACKUP_FOLDER)
        return replace(live_state(db), backup_folder=str(rotation_folder(chosen, folder)))


def restore_backup(
    source: Path,
    target: Path,
    passphrase: str,
    clock: Clock,
    *,
    live: LiveState | None = None,
    backup_folders: Sequence[Path] = (),
    newer_passphrases: Sequence[str] = (),
) -> RestoreReport:
    """Verify, restore into `target` (no vault there), re-apply every erasure; all or nothing.

    The erasures come from the backup, the live vault (`live`) and every newer
    backup of the vault in `backup_folders` or beside the backup; a newer
    backup that neither this backup's key nor a passphrase opens stops the restore.
    """
    target = target.expanduser().absolute()
    check_restore_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        with _opened_backup(source, staging, passphrase) as (vault, manifest):
            newer = read_other_erasures(
                other_backups(source, manifest, backup_folders),
                vault,
                [passphrase, *newer_passphrases],
                lambda path, key: _unpacked_erasures(path, key, clock),
            )
            if newer.unreadable:
                raise NewerBackupsUnreadableError(newer.unreadable)
            before = schema_version(Database(vault.connection))
            workspace = Workspace(vault, clock)  # runs pending migrations
            with workspace:
                lists = [ErasureList("live", tuple((live or LiveState()).erasures)), *newer.lists]
                report = _reapply(workspace, live or LiveState(), lists, target, before)
                reseat_witnesses(workspace, target)  # restored on purpose: not "an older copy"
        if target.exists():
            target.rmdir()  # empty, checked above
        staging.replace(target)
        sync_folder(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def _reapply(
    workspace: Workspace,
    live: LiveState,
    lists: Sequence[ErasureList],
    target: Path,
    before: int,
) -> RestoreReport:
    db = workspace.db
    with db.transaction():
        chosen = applicable(erasures(db), lists)
        result = apply_erasures(db, chosen)
        reapply_hidden(db, live.hidden, result)
        removed = tuple(
            Removal(table, count, source)
            for (source, table), count in sorted(result.removed.items())
        )
        workspace.audit.record(
            "backup.restore",
            erasures_removed=result.removed_count,
            removed={f"{r.source}:{r.table}": r.count for r in removed},
            hidden_people=result.hidden,
            erasures_listed=tombstone_count(db),
        )
    compact(db)
    people = PeopleStore(db).count_all()
    return RestoreReport(
        target,
        people,
        before,
        schema_version(db),
        removed,
        result.hidden,
        sorted(result.unknown_tables),
    )


def _unpacked_erasures(path: Path, passphrase: str, clock: Clock) -> list[Erasure] | None:
    """The erasures of a backup made before backups carried a sealed list (the slow way)."""
    try:
        with (
            tempfile.TemporaryDirectory(prefix="cpdesk-newer-") as scratch,
            _opened_backup(path, Path(scratch), passphrase) as (vault, _manifest),
            Workspace(vault, clock) as workspace,  # its pending migrations run
        ):
            return erasures(workspace.db)
    except (BackupUnusableError, WrongPassphraseError):
        return None


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


def check_restore_target(target: Path) -> None:
    """A backup goes into a folder with no vault in it or above it, empty or new."""
    for folder in (target, *target.parents):
        if VaultPaths(folder).exists():
            raise RefusedError(
                N_(
                    "The folder {folder} holds a vault: a backup is never restored over a vault."
                    " Choose a new folder, or move that vault away first."
                ),
                folder=str(folder),
            )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RefusedError(
            N_("The folder {folder} is not empty: restore into a new folder."), folder=str(target)
        )
