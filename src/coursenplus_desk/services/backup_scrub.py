"""An erasure reaches the rotation folder too: its backups are rewritten without the erased.

A backup made before an erasure still holds the erased person. A restore
applies every erasure list it can find, but a copy on a stick is still a copy:
after an erasure, each backup of the rotation folder that holds an erased
record is unpacked, the records are deleted there too (with the search terms
and freed pages), and the file is written again under the same name, atomically.
Backups under an older key (before a re-key) or of an older schema are left
as they are and counted; a restore still applies the erasures to them.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.domain.work import Progress, WorkCancelledError, report
from coursenplus_desk.i18n import N_
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasures import (
    Erasure,
    ErasureList,
    applicable,
    apply_erasures,
    compact,
    decode_erasures,
    encode_erasures,
    erasures,
)
from coursenplus_desk.store.migrations import schema_version
from coursenplus_desk.vault.backup_file import (
    BackupDamagedError,
    extract_backup,
    read_sealed_erasures,
    write_backup,
)
from coursenplus_desk.vault.sealed import ERASURES
from coursenplus_desk.vault.vault import DATABASE_NAME, HEADER_NAME, UnlockedVault

_STOPPED = N_("Rewriting the backups was stopped; the ones already done stay done.")


class ScrubCancelledError(WorkCancelledError):
    """Stopped between two backups: the ones rewritten stay rewritten, the rest as they were."""


@dataclass(frozen=True)
class ScrubReport:
    rewritten: int = 0
    already_clean: int = 0
    left: int = 0  # under an older key or schema, or unreadable: a restore still re-erases


def scrub_backups(
    vault: UnlockedVault, db: Database, backups: list[Path], progress: Progress | None = None
) -> ScrubReport:
    """Rewrite each of these backups that still holds a record the vault lists as erased."""
    tombstones = erasures(db)
    wanted = {item.record_uuid for item in tombstones if not item.legacy}
    rewritten = clean = left = 0
    for done, path in enumerate(backups, start=1):
        outcome = _scrub_one(vault, path, tombstones, wanted, schema_version(db))
        rewritten += outcome == "rewritten"
        clean += outcome == "clean"
        left += outcome == "left"
        report(progress, done, len(backups), ScrubCancelledError, _STOPPED)
    return ScrubReport(rewritten, clean, left)


def _scrub_one(
    vault: UnlockedVault, path: Path, tombstones: list[Erasure], wanted: set[str], schema: int
) -> str:
    try:
        sealed = read_sealed_erasures(path)
    except BackupDamagedError:
        return "left"
    if sealed is not None:
        own = vault.unseal(ERASURES, sealed.sealed)
        if own is not None and wanted <= {e.record_uuid for e in decode_erasures(own)}:
            return "clean"  # it was made after every erasure the vault lists
    with tempfile.TemporaryDirectory(prefix=".cpdesk-scrub-", dir=path.parent) as scratch:
        folder = Path(scratch) / "copy"
        folder.mkdir()
        try:
            manifest = extract_backup(path, folder, DATABASE_NAME, HEADER_NAME)
        except BackupDamagedError:
            return "left"
        copy = vault.open_copy(folder)
        if copy is None:
            return "left"
        with copy:
            copy_db = Database(copy.connection)
            if schema_version(copy_db) != schema:
                return "left"
            live = [ErasureList("live", tuple(tombstones))]
            with copy_db.transaction():
                apply_erasures(copy_db, applicable(erasures(copy_db), live))
            compact(copy_db)
            exported = Path(scratch) / "records.db"
            copy.export_database(exported)
            listed = copy.seal(ERASURES, encode_erasures(erasures(copy_db)))
            write_backup(path, manifest, exported, copy.header_bytes(), listed)
        shutil.rmtree(folder, ignore_errors=True)
    return "rewritten"
