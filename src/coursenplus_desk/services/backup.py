"""Backups of the unlocked vault: on demand, automatically on lock when something changed,
kept in a rotation in a folder the user chooses (a USB stick, a synced folder).

A backup is the database exported under the vault's own data key plus the
key-slot header, in one file written atomically (vault/backup_file.py).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coursenplus_desk.domain.backups import DEFAULT_MAX_AGE_MONTHS, KEEP_LAST, RotationPolicy
from coursenplus_desk.domain.backups import backups_to_keep as kept_by_policy
from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.work import Progress
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.backup_scrub import ScrubReport, scrub_backups
from coursenplus_desk.services.locations import BACKUP_FOLDER_SETTING, rotation_folder
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasures import LiveState, encode_erasures, erasures, live_state
from coursenplus_desk.store.migrations import schema_version
from coursenplus_desk.store.settings import SettingsStore
from coursenplus_desk.vault.backup_file import BACKUP_SUFFIX, Manifest, write_backup
from coursenplus_desk.vault.sealed import ERASURES
from coursenplus_desk.vault.vault import UnlockedVault

FOLDER = BACKUP_FOLDER_SETTING
KEEP_LAST_SETTING = "backup.keep_last"
MAX_AGE_SETTING = "backup.max_age_months"
LAST_EVENT = "backup.last_event"  # id of the newest audit event the last backup holds

# Events that change nothing worth a new backup.
_NOT_CHANGES = ("vault.unlock", "vault.lock", "backup.create", "backup.prune")
_NAME = re.compile(
    r"^cpdesk-([0-9a-f]{8})-(\d{8}-\d{6})(?:-(\d+))?" + re.escape(BACKUP_SUFFIX) + "$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int


class BackupService:
    def __init__(
        self,
        vault: UnlockedVault,
        db: Database,
        clock: Clock,
        audit: Auditor,
        settings: SettingsService,
    ) -> None:
        self.vault = vault
        self.db = db
        self.clock = clock
        self.audit = audit
        self.settings = settings

    def folder(self) -> Path:
        return rotation_folder(self.settings.get(FOLDER), self.vault.paths.folder)

    def set_folder(self, folder: Path) -> Path:
        folder = folder.expanduser().resolve()
        if _inside(folder, self.vault.paths.folder.resolve()):
            raise ValidationError("folder", N_("Backups must be kept outside the vault folder."))
        self.settings.set(FOLDER, str(folder))
        return folder

    def create(self, out: Path | None = None) -> Path:
        """Write a backup (into the rotation folder unless `out` is given); its path."""
        self.vault.connection  # noqa: B018 - raises "The vault is locked." when it is
        target = self._target(out)
        staging = Path(tempfile.mkdtemp(prefix=".cpbackup-", dir=target.parent))
        try:
            database = staging / "records.db"
            # ATTACH/DETACH fail while another thread's statement of the shared connection runs.
            with self.db.owned():
                self.vault.export_database(database)
            manifest = Manifest(
                self.vault.vault_id,
                self.clock.now().isoformat(timespec="seconds"),
                schema_version(self.db),
            )
            sealed = self.vault.seal(ERASURES, encode_erasures(erasures(self.db)))
            write_backup(target, manifest, database, self.vault.header_bytes(), sealed)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        with self.db.transaction():
            self.audit.record("backup.create", rotation=out is None)
            SettingsStore(self.db).set(LAST_EVENT, self._newest_event())
        if out is None:
            self.rotate()
        return target

    def has_changes(self) -> bool:
        """Whether anything but unlocks, locks, views and backups happened since the last backup."""
        last = self.settings.get(LAST_EVENT)
        return AuditStore(self.db).changed_since(last if isinstance(last, int) else 0, _NOT_CHANGES)

    def backup_if_changed(self) -> Path | None:
        """For the GUI, on lock and on close: a rotation backup when something changed."""
        return self.create() if self.has_changes() else None

    def live_state(self) -> LiveState:
        """What a restore needs from this (live) vault so that it resurrects no one."""
        return replace(live_state(self.db), backup_folder=str(self.folder()))

    def backups(self) -> list[BackupInfo]:
        """This vault's backups in the rotation folder, newest first."""
        folder = self.folder()
        if not folder.is_dir():
            return []
        found = []
        for path in folder.iterdir():
            taken = _taken_at(path.name, self.vault.vault_id)
            if taken is not None and path.is_file():
                found.append(BackupInfo(path, taken, path.stat().st_size))
        return sorted(found, key=lambda info: info.taken_at, reverse=True)

    def scrub(self, progress: Progress | None = None) -> ScrubReport:
        """After an erasure: rewrite the rotation's backups that still hold erased records."""
        found = scrub_backups(self.vault, self.db, [info.path for info in self.backups()], progress)
        if found.rewritten:
            with self.db.transaction():
                self.audit.record("backup.scrub", rewritten=found.rewritten, left=found.left)
        return found

    def rotate(self) -> list[Path]:
        """Delete the backups the rotation no longer keeps; the paths deleted."""
        backups = self.backups()
        keep = kept_by_policy(
            (info.taken_at for info in backups), self.clock.today(), self._policy()
        )
        removed = [info.path for info in backups if info.taken_at not in keep]
        for path in removed:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        if removed:
            self.audit.record("backup.prune", count=len(removed))
        return removed

    def _policy(self) -> RotationPolicy:
        keep = self.settings.get(KEEP_LAST_SETTING)
        months = self.settings.get(MAX_AGE_SETTING)
        return RotationPolicy(
            keep if isinstance(keep, int) and keep > 0 else KEEP_LAST,
            months if isinstance(months, int) and months > 0 else DEFAULT_MAX_AGE_MONTHS,
        )

    def _target(self, out: Path | None) -> Path:
        if out is not None:
            out = out.expanduser().absolute()
            if out.exists():
                raise RefusedError(N_("The file {file} already exists."), file=str(out))
            if not out.parent.is_dir():
                raise ValidationError(
                    "out", N_("The folder {folder} does not exist."), folder=str(out.parent)
                )
            if _inside(out.resolve(), self.vault.paths.folder.resolve()):
                raise ValidationError("out", N_("Backups must be kept outside the vault folder."))
            return out
        folder = self.folder()
        chosen = isinstance(self.settings.get(FOLDER), str)
        try:
            # A chosen folder on an unplugged stick must not be recreated on the local disk.
            folder.mkdir(parents=not chosen, exist_ok=True, mode=0o700)
        except OSError:
            raise RefusedError(
                N_("The backup folder {folder} cannot be written to."), folder=str(folder)
            ) from None
        stamp = self.clock.now().astimezone(UTC).strftime("%Y%m%d-%H%M%S")
        base = f"cpdesk-{self.vault.vault_id[:8]}-{stamp}"
        target = folder / f"{base}{BACKUP_SUFFIX}"
        counter = 1
        while target.exists():
            counter += 1
            target = folder / f"{base}-{counter}{BACKUP_SUFFIX}"
        return target

    def _newest_event(self) -> int:
        return AuditStore(self.db).newest_id()


def _taken_at(name: str, vault_id: str) -> datetime | None:
    """The moment in a rotation file's name (same-second backups differ by microseconds)."""
    match = _NAME.match(name)
    if match is None or match.group(1) != vault_id[:8]:
        return None
    try:
        moment = datetime.strptime(match.group(2), "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment + timedelta(microseconds=int(match.group(3) or 1) - 1)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
