"""An unlocked vault with its services: what the GUI and the CLI work with.

Opening applies pending schema migrations and records the unlock; closing
records the lock and releases the vault.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import UserError, VaultUnavailableError
from coursenplus_desk.domain.validation import phone_region
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.audit_trail import AuditTrailService
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.backup import BackupService
from coursenplus_desk.services.breaches import BreachService
from coursenplus_desk.services.consent import ConsentService
from coursenplus_desk.services.courses import CoursesService
from coursenplus_desk.services.erasure import RetentionEraser
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
from coursenplus_desk.services.tutors import TutorsService
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import migrate
from coursenplus_desk.vault.connection import DatabaseError
from coursenplus_desk.vault.kdf import INSECURE_TEST_PARAMS, KdfParams, calibrate
from coursenplus_desk.vault.keychain import Keychain
from coursenplus_desk.vault.vault import (
    UnlockedVault,
    create_vault,
    unlock_vault,
    unlock_with_keychain,
)

# Tests only: makes new key slots derive in microseconds. Never set it for real vaults.
KDF_PROFILE_VARIABLE = "COURSENPLUS_KDF_PROFILE"
INSECURE_TEST_PROFILE = "insecure-fast-for-tests"


@cache
def _calibrated() -> KdfParams:
    return calibrate()


def kdf_params(env: Mapping[str, str] | None = None) -> KdfParams:
    """Parameters for a new key slot: calibrated to about half a second here."""
    env = os.environ if env is None else env
    if env.get(KDF_PROFILE_VARIABLE) == INSECURE_TEST_PROFILE:
        return INSECURE_TEST_PARAMS
    return _calibrated()


class Workspace:
    def __init__(self, vault: UnlockedVault, clock: Clock) -> None:
        self.vault = vault
        self.clock = clock
        self.db = Database(vault.connection)
        try:
            migrate(self.db, vault.vault_id)
        except BaseException:
            vault.close()
            raise
        self.audit = Auditor(self.db, clock, vault.slot_id)
        self.people = PeopleService(
            self.db, clock, self.audit, lambda: phone_region(self.settings.organisation().country)
        )
        self.courses = CoursesService(self.db, clock, self.audit)
        self.records = RecordsService(self.db, clock, self.audit)
        self.settings = SettingsService(self.db, self.audit)
        self.consent = ConsentService(self.db, clock, self.audit)
        self.health = HealthService(self.db, clock, self.audit, self.consent)
        self.tutors = TutorsService(self.db, clock, self.audit)
        self.forms = FormsService(self.db, clock, self.audit)
        self.membership = MembershipService(self.db, clock, self.audit)
        self.retention = RetentionService(self.db, clock, self.audit)
        self.requests = RequestsService(
            self.db, clock, self.audit, eraser=RetentionEraser(self.retention)
        )
        self.register = RegisterService(self.db, clock, self.audit, self.settings, self.retention)
        self.breaches = BreachService(self.db, clock, self.audit)
        self.backups = BackupService(vault, self.db, clock, self.audit, self.settings)
        self.audit_trail = AuditTrailService(self.db, clock, self.audit, self.settings)
        self.importer = ImportService(self.db, clock, self.audit, self.people, self.courses)
        self.exporter = ExportService(self.db, clock, self.audit)

    @property
    def folder(self) -> Path:
        return self.vault.paths.folder

    def close(self) -> None:
        with self.db.owned():  # after any other thread's statement or transaction
            if not self.vault.is_open:
                return
            try:
                self.audit.record("vault.lock")
            except (UserError, DatabaseError):
                pass  # a damaged vault cannot record its locking; it must still be released
            finally:
                self.vault.close()

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
        return self.vault.integrity_problems()

    def change_passphrase(self, new_passphrase: str, params: KdfParams | None = None) -> None:
        self.vault.change_passphrase(new_passphrase, params or kdf_params(), self.clock.now())
        self.audit.record("vault.passphrase_changed")


def create_workspace(
    folder: Path,
    passphrase: str,
    clock: Clock,
    params: KdfParams | None = None,
) -> Workspace:
    vault = create_vault(
        folder,
        passphrase,
        params=params or kdf_params(),
        now=clock.now(),
    )
    return _recorded(Workspace(vault, clock), "vault.create")


def open_workspace(folder: Path, passphrase: str, clock: Clock) -> Workspace:
    vault = unlock_vault(folder, passphrase)
    return _recorded(Workspace(vault, clock), "vault.unlock")


def open_remembered_workspace(folder: Path, keychain: Keychain, clock: Clock) -> Workspace | None:
    """Unlock silently from this computer's keychain; None when it does not remember the vault."""
    vault = unlock_with_keychain(folder, keychain)
    if vault is None:
        return None
    return _recorded(Workspace(vault, clock), "vault.unlock", keychain=True)


def _recorded(workspace: Workspace, action: str, **details: bool) -> Workspace:
    """The opened workspace with its opening in the audit trail; released if that fails
    (a damaged page met there must not leave the vault locked for the next command)."""
    try:
        workspace.audit.record(action, **details)
    except BaseException:
        workspace.close()
        raise
    return workspace


def require_open(workspace: Workspace | None) -> Workspace:
    if workspace is None or not workspace.vault.is_open:
        raise VaultUnavailableError(N_("The vault is locked."))
    return workspace
