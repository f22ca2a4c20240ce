"""Damage is an answer: every page is checked before the first write, and a vault found
damaged stays open read-only, pointing to the newest backup.

The check is SQLCipher's `cipher_integrity_check` (each page's HMAC; a flipped
bit anywhere fails it) after a WAL checkpoint: about 0.5 s for the 140 MB of
100,000 people, where SQLite's structural check would take 3.5 s (`vault
check` runs both). The CLI pays it only for commands
that write; the GUI runs it in the background once the first screen is shown,
and a write made before it ends waits for it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from coursenplus_desk.domain.errors import VaultDamagedError
from coursenplus_desk.i18n import N_
from coursenplus_desk.store.database import Database
from coursenplus_desk.vault.vault import UnlockedVault

NewestBackup = Callable[[], Path | None]


class IntegrityGate:
    def __init__(self, vault: UnlockedVault, db: Database, newest_backup: NewestBackup) -> None:
        self.vault = vault
        self.db = db
        self.newest_backup = newest_backup
        self.problems: list[str] | None = None  # None: not checked yet
        self._lock = threading.Lock()

    @property
    def checked(self) -> bool:
        return self.problems is not None

    @property
    def damaged(self) -> bool:
        return self.db.damaged or bool(self.problems)

    def check(self) -> list[str]:
        """Every page's HMAC, once per unlock (the GUI's worker or the first write runs it)."""
        with self._lock:
            if self.problems is None:
                try:
                    with self.db.owned():  # the GUI's worker and the GUI share the connection
                        self.problems = self.vault.page_problems()
                except VaultDamagedError as error:  # a page unreadable even for the check
                    self.problems = [error.message()]
                    self.db.damaged = True
                    raise
                if self.problems:
                    self.db.damaged = True
            return list(self.problems)

    def full_check(self) -> list[str]:
        """The pages and SQLite's structural check (`vault check`); a problem makes it read-only."""
        problems = self.check()
        if not problems:
            with self.db.owned():
                problems = self.vault.integrity_problems()
        if problems:
            self.problems, self.db.damaged = problems, True
        return problems

    def before_write(self, audit_only: bool) -> None:
        """The database's write hook: no write at all on a vault known to be damaged."""
        if not self.damaged and not audit_only:
            with contextlib.suppress(VaultDamagedError):  # now known: refused below
                self.check()
        if self.damaged:
            raise self.read_only_error()

    def read_only_error(self) -> VaultDamagedError:
        newest = self.newest_backup()
        if newest is None:
            return VaultDamagedError(
                N_(
                    "The vault is damaged: it is open read-only and no backup of it was "
                    "found. Copy what you need, then ask for help."
                )
            )
        return VaultDamagedError(
            N_(
                "The vault is damaged: it is open read-only. Restore the last good backup, "
                "{file}, into a new folder."
            ),
            file=str(newest),
        )
