"""An unlocked vault with its services: what the GUI and the CLI work with.

Opening applies pending schema migrations, compares the vault with its
rollback witnesses and records the unlock; closing records the lock, writes
the witnesses and releases the vault. Writes pass the integrity gate
(services/integrity.py). Key-derivation parameters for new slots come from a
`KdfPolicy` passed in (calibrated on this computer unless one is given).
"""

from __future__ import annotations

import contextlib
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import UserError, VaultDamagedError, VaultUnavailableError
from coursenplus_desk.domain.remembered import forget_all
from coursenplus_desk.domain.validation import phone_region
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.integrity import IntegrityGate
from coursenplus_desk.services.locations import BACKUP_FOLDER_SETTING, rotation_folder
from coursenplus_desk.services.preload import importing_meanwhile
from coursenplus_desk.store.database import Database
from coursenplus_desk.vault.connection import DatabaseError
from coursenplus_desk.vault.kdf import KdfPolicy, calibrated_policy
from coursenplus_desk.vault.keychain import Keychain
from coursenplus_desk.vault.known_slots import KnownSlots
from coursenplus_desk.vault.vault import (
    UnlockedVault,
    create_vault,
    unlock_vault,
    unlock_with_keychain,
)

if TYPE_CHECKING:
    from coursenplus_desk.services.audit_trail import AuditTrailService
    from coursenplus_desk.services.backup import BackupService
    from coursenplus_desk.services.breaches import BreachService
    from coursenplus_desk.services.consent import ConsentService
    from coursenplus_desk.services.courses import CoursesService
    from coursenplus_desk.services.exporting import ExportService
    from coursenplus_desk.services.forms import FormsService
    from coursenplus_desk.services.health import HealthService
    from coursenplus_desk.services.importing import ImportService
    from coursenplus_desk.services.membership import MembershipService
    from coursenplus_desk.services.people import PeopleService
    from coursenplus_desk.services.records import RecordsService
    from coursenplus_desk.services.register import RegisterService
    from coursenplus_desk.services.requests import RequestsService
    from coursenplus_desk.services.retention import RetentionService
    from coursenplus_desk.services.settings import SettingsService
    from coursenplus_desk.services.sharing.service import ShareService
    from coursenplus_desk.services.tutors import TutorsService
    from coursenplus_desk.services.witness import Finding, Witnesses


class Workspace:
    def __init__(
        self,
        vault: UnlockedVault,
        clock: Clock,
        *,
        kdf: KdfPolicy | None = None,
        keychain: Keychain | None = None,
    ) -> None:
        self.vault = vault
        self.clock = clock
        self.keychain = keychain
        self._kdf = kdf
        self.db = Database(vault.connection)
        self.integrity = IntegrityGate(vault, self.db, self._newest_backup)
        self.db.before_write = self.integrity.before_write
        # Imported here, not with this module: the unlock screen needs the vault, not these.
        from coursenplus_desk.services.auditor import Auditor
        from coursenplus_desk.store.migrations import migrate

        self.audit = Auditor(self.db, clock, vault.slot_id)
        self.rollback: Finding | None = None  # set at unlock when the vault is an older copy
        # Only a vault opened for use (compared with its witnesses) updates them at its close:
        # not the transient copy a restore works on before `reseat_witnesses`.
        self.witnessed = False
        try:  # the first reads: a damaged page may show here, and the vault is then released
            migrate(self.db, vault.vault_id)
            # Capture triggers exist only while the vault is shared (they follow the schema).
            from coursenplus_desk.services.sharing.unlock import prepare_capture

            prepare_capture(self.db)
        except BaseException:
            vault.close()
            raise

    @property
    def folder(self) -> Path:
        return self.vault.paths.folder

    # Each service is made, and its module imported, on first use: a command or a
    # screen pays only for what it uses (the PDF and spreadsheet libraries are heavy).

    @cached_property
    def people(self) -> PeopleService:
        from coursenplus_desk.services.people import PeopleService

        def region() -> str:
            return phone_region(self.settings.organisation().country)

        return PeopleService(self.db, self.clock, self.audit, region)

    @cached_property
    def courses(self) -> CoursesService:
        from coursenplus_desk.services.courses import CoursesService

        return CoursesService(self.db, self.clock, self.audit)

    @cached_property
    def records(self) -> RecordsService:
        from coursenplus_desk.services.records import RecordsService

        return RecordsService(self.db, self.clock, self.audit)

    @cached_property
    def settings(self) -> SettingsService:
        from coursenplus_desk.services.settings import SettingsService

        return SettingsService(self.db, self.audit)

    @cached_property
    def consent(self) -> ConsentService:
        from coursenplus_desk.services.consent import ConsentService

        return ConsentService(self.db, self.clock, self.audit)

    @cached_property
    def health(self) -> HealthService:
        from coursenplus_desk.services.health import HealthService

        return HealthService(self.db, self.clock, self.audit, self.consent)

    @cached_property
    def tutors(self) -> TutorsService:
        from coursenplus_desk.services.tutors import TutorsService

        return TutorsService(self.db, self.clock, self.audit)

    @cached_property
    def forms(self) -> FormsService:
        from coursenplus_desk.services.forms import FormsService

        return FormsService(self.db, self.clock, self.audit)

    @cached_property
    def membership(self) -> MembershipService:
        from coursenplus_desk.services.membership import MembershipService

        return MembershipService(self.db, self.clock, self.audit)

    @cached_property
    def retention(self) -> RetentionService:
        from coursenplus_desk.services.retention import RetentionService

        return RetentionService(self.db, self.clock, self.audit)

    @cached_property
    def requests(self) -> RequestsService:
        from coursenplus_desk.services.erasure import RetentionEraser
        from coursenplus_desk.services.requests import RequestsService

        eraser = RetentionEraser(self.retention)
        service = RequestsService(self.db, self.clock, self.audit, eraser=eraser)
        service.erasure_copies = self.sharing.erasure_confirmations  # laptops that confirmed
        return service

    @cached_property
    def register(self) -> RegisterService:
        from coursenplus_desk.services.register import RegisterService

        return RegisterService(self.db, self.clock, self.audit, self.settings, self.retention)

    @cached_property
    def breaches(self) -> BreachService:
        from coursenplus_desk.services.breaches import BreachService

        return BreachService(self.db, self.clock, self.audit)

    @cached_property
    def backups(self) -> BackupService:
        from coursenplus_desk.services.backup import BackupService

        return BackupService(self.vault, self.db, self.clock, self.audit, self.settings)

    @cached_property
    def audit_trail(self) -> AuditTrailService:
        from coursenplus_desk.services.audit_trail import AuditTrailService

        return AuditTrailService(self.db, self.clock, self.audit, self.settings)

    @cached_property
    def importer(self) -> ImportService:
        from coursenplus_desk.services.importing import ImportService

        return ImportService(self.db, self.clock, self.audit, self.people, self.courses)

    @cached_property
    def sharing(self) -> ShareService:
        from coursenplus_desk.services.sharing.service import ShareService

        return ShareService(self.db, self.clock, self.audit, lambda: self.kdf.params)

    @cached_property
    def exporter(self) -> ExportService:
        from coursenplus_desk.services.exporting import ExportService

        return ExportService(self.db, self.clock, self.audit)

    @property
    def kdf(self) -> KdfPolicy:
        """Parameters and floor for new key slots (calibrated here unless given)."""
        if self._kdf is None:
            self._kdf = calibrated_policy()
        return self._kdf

    def witnesses(self, folder: Path | None = None) -> Witnesses:
        from coursenplus_desk.services.witness import KEYCHAIN_SETTING, Witnesses

        allowed = self.settings.get(KEYCHAIN_SETTING) is True
        chosen_folder = self.settings.get(BACKUP_FOLDER_SETTING)
        return Witnesses(
            self.vault,
            self.db,
            rotation_folder(chosen_folder, self.vault.paths.folder),
            self.keychain,
            allowed,
            folder_chosen=isinstance(chosen_folder, str),
            copy_folder=folder,
        )

    def find_rollback(self) -> Finding | None:
        self.rollback = self.witnesses().find_rollback()
        return self.rollback

    def close(self) -> None:
        with self.db.owned():  # after any other thread's statement or transaction
            if not self.vault.is_open:
                return
            try:
                self.audit.record("vault.lock")
                self.audit.flush()
                if self.witnessed and self.rollback is None and not self.integrity.damaged:
                    self.witnesses().record()
            except (UserError, DatabaseError):
                pass  # a damaged vault cannot record its locking; it must still be released
            finally:
                self.vault.close()
                forget_all()  # the addresses, numbers and names checked while it was open

    def _newest_backup(self) -> Path | None:
        try:
            backups = self.backups.backups()
        except (UserError, DatabaseError, OSError):
            return None
        return backups[0].path if backups else None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            self.close()
            return
        # A damaged page can leave the connection unwritable: report the first error, not this.
        with contextlib.suppress(Exception):
            self.close()

    def integrity_problems(self) -> list[str]:
        """Every page's HMAC and SQLite's structural check (`vault check`)."""
        return self.integrity.full_check()

    def change_passphrase(self, new_passphrase: str) -> None:
        """This administrator's slot only: fast; old key files keep the old passphrase."""
        self.vault.change_passphrase(new_passphrase, self.kdf, self.clock.now())
        self.audit.record("vault.passphrase_changed")


def create_workspace(
    folder: Path,
    passphrase: str,
    clock: Clock,
    kdf: KdfPolicy | None = None,
    *,
    keychain: Keychain | None = None,
    known: KnownSlots | None = None,
) -> Workspace:
    policy = kdf or calibrated_policy()
    vault = create_vault(folder, passphrase, kdf=policy, now=clock.now())
    if known is not None:
        vault.known = known
        known.remember_vault(vault)
    workspace = Workspace(vault, clock, kdf=policy, keychain=keychain)
    workspace.integrity.problems = []  # a new, empty database: nothing to check
    workspace.witnessed = True
    workspace.audit.record("vault.create")
    return workspace


def open_workspace(
    folder: Path,
    passphrase: str,
    clock: Clock,
    *,
    kdf: KdfPolicy | None = None,
    keychain: Keychain | None = None,
    allow_older: bool = False,
    known: KnownSlots | None = None,
) -> Workspace:
    """`allow_older`: the caller shows `workspace.rollback` itself (the GUI's screen).
    `known`: this computer's record of key slots (an edited slot is told apart)."""
    with importing_meanwhile():
        vault = unlock_vault(folder, passphrase, known=known)
    workspace = Workspace(vault, clock, kdf=kdf, keychain=keychain)
    _after_unlock(workspace, allow_older)
    return workspace


def open_remembered_workspace(
    folder: Path,
    keychain: Keychain,
    clock: Clock,
    *,
    kdf: KdfPolicy | None = None,
    allow_older: bool = False,
    known: KnownSlots | None = None,
) -> Workspace | None:
    """Unlock silently from this computer's keychain; None when it does not remember the vault."""
    vault = unlock_with_keychain(folder, keychain, known=known)
    if vault is None:
        return None
    workspace = Workspace(vault, clock, kdf=kdf, keychain=keychain)
    _after_unlock(workspace, allow_older, keychain=True)
    return workspace


def _after_unlock(workspace: Workspace, allow_older: bool, *, keychain: bool = False) -> None:
    """The quick check of an unlock: the key file's MAC and the schema were read already;
    here the audit head against the witnesses, then the unlock is recorded.

    An older vault is refused, or (`allow_older`) left for the caller to show with
    nothing recorded in it yet (a refusal then closes `workspace.vault` only, and the
    copy does not change). A damaged page met here leaves the vault open read-only
    (`workspace.integrity.damaged`): the front end says so and names the newest backup.
    """
    try:
        finding = workspace.find_rollback()
        workspace.witnessed = True
        if finding is not None and not allow_older:
            raise finding.error()
        if finding is None and keychain:
            workspace.audit.record("vault.unlock", keychain=True)
        elif finding is None:
            workspace.audit.record("vault.unlock")
    except VaultDamagedError:
        workspace.db.damaged = True
    except BaseException:
        workspace.vault.close()
        raise


def reseat_witnesses(workspace: Workspace, folder: Path | None = None) -> None:
    """Make this vault the reference for rollback detection (a deliberate restore, or an
    older copy accepted on purpose): its head goes into the key file, the backup folder's
    manifest and (when allowed) the keychain, and it is no longer reported as older.

    `folder`: where this copy will live when that is not where it is open now (a restore
    works in a staging folder renamed to the target afterwards)."""
    workspace.rollback = None
    workspace.witnessed = True
    workspace.witnesses(folder).record()


def require_open(workspace: Workspace | None) -> Workspace:
    if workspace is None or not workspace.vault.is_open:
        raise VaultUnavailableError(N_("The vault is locked."))
    return workspace
