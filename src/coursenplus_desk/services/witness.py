"""Rollback detection: witnesses of the audit trail's head, compared at every unlock.

At every close the head (id of the newest event and its hash) is written into
the key file (covered by its HMAC), into the backup folder's manifest (a small
file beside the backups) and, when the administrators allow it, into this
computer's keychain. At unlock a vault whose head is behind a witness, or whose
event at the witnessed id has another hash (an older copy put back and then
used), is an older vault: it is reported, never silently used.

Witnesses outside the vault folder are kept per copy: per vault id and per
folder (a hash of its path, no name in clear). A restore into a new folder or a
vault moved elsewhere starts a copy of its own; an older copy put back where
the newer one was is caught. A deliberate restore into the same folder, or an
older copy accepted on purpose, calls `reseat_witnesses` (services/workspace.py)
so that it becomes the reference.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from coursenplus_desk.domain.errors import UserError, VaultUnavailableError
from coursenplus_desk.i18n import N_
from coursenplus_desk.store.audit_chain import AuditChainStore, event_hash_of
from coursenplus_desk.store.database import Database
from coursenplus_desk.vault.atomic import write_atomically
from coursenplus_desk.vault.keychain import Keychain
from coursenplus_desk.vault.keyslots import Witness
from coursenplus_desk.vault.vault import UnlockedVault

KEYCHAIN_SETTING = "security.keychain_witness"
MANIFEST_FORMAT = "coursenplus-desk-backup-folder"


@runtime_checkable
class WitnessKeychain(Protocol):
    def save_witness(self, vault_id: str, text: str) -> None: ...

    def load_witness(self, vault_id: str) -> str | None: ...


class RolledBackError(VaultUnavailableError):
    """The vault is older than what this computer, its key file or its backups last saw."""


@dataclass(frozen=True)
class Finding:
    where: str  # a message id naming the witness
    witness: Witness
    diverged: bool  # the same event id holds another hash: a copy put back then used

    def error(self) -> RolledBackError:
        return RolledBackError(
            N_(
                "This vault is older than the copy last used ({where}: event {event}). "
                "Records saved since may be missing. Open the newest copy or restore the "
                "newest backup; if you put this copy back on purpose, accept it with "
                "`vault accept-older` (or the button on the screen)."
            ),
            where=_where(self.where),
            event=self.witness.head_id,
        )


WHERE_HEADER = N_("the key file")
WHERE_FOLDER = N_("the backup folder")
WHERE_KEYCHAIN = N_("this computer's keychain")


def _where(message_id: str) -> str:
    from coursenplus_desk.i18n import _

    return _(message_id)


def chain_head(db: Database) -> Witness:
    state = AuditChainStore(db).state()
    return Witness(state.head_id, state.head_hash)


def compare(db: Database, witness: Witness) -> bool | None:
    """None: the vault is at or past the witness; False: behind it; True: it diverged."""
    head = chain_head(db)
    if witness.head_id > head.head_id:
        return False
    stored = event_hash_of(db, witness.head_id) if witness.head_id else None
    if stored is not None and stored != witness.head_hash:
        return True
    return None


def manifest_path(folder: Path, vault_id: str) -> Path:
    return folder / f".cpdesk-{vault_id[:8]}.manifest.json"


def copy_name(vault_folder: Path) -> str:
    """Which copy of the vault: its folder, hashed (a path may hold a person's name)."""
    resolved = str(vault_folder.expanduser().resolve())
    return hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _read_manifest(folder: Path, vault_id: str) -> dict[str, object]:
    try:
        document = json.loads(manifest_path(folder, vault_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # no folder (an unplugged stick), no manifest yet, or unreadable
    valid = isinstance(document, dict) and document.get("format") == MANIFEST_FORMAT
    copies = document.get("copies") if valid and document.get("vault_id") == vault_id else None
    return copies if isinstance(copies, dict) else {}


def read_folder_witness(folder: Path, vault_id: str, copy: str) -> Witness | None:
    try:
        return Witness.from_dict(_read_manifest(folder, vault_id).get(copy))
    except ValueError:
        return None


def write_folder_witness(
    folder: Path, vault_id: str, copy: str, witness: Witness, *, create: bool
) -> None:
    """`create` only for the default folder: a chosen one on an unplugged stick is not remade."""
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not folder.is_dir():
        return
    copies = {**_read_manifest(folder, vault_id), copy: witness.to_dict()}
    document = {"format": MANIFEST_FORMAT, "vault_id": vault_id, "copies": copies}
    write_atomically(
        manifest_path(folder, vault_id), json.dumps(document, sort_keys=True).encode("utf-8")
    )


class Witnesses:
    """The three witnesses of one open vault."""

    def __init__(
        self,
        vault: UnlockedVault,
        db: Database,
        backup_folder: Path,
        keychain: Keychain | None,
        keychain_allowed: bool,
        *,
        folder_chosen: bool = True,
        copy_folder: Path | None = None,
    ) -> None:
        self.vault = vault
        self.db = db
        self.backup_folder = backup_folder
        self.folder_chosen = folder_chosen
        self.copy = copy_name(copy_folder or vault.paths.folder)
        self.keychain_name = f"{vault.vault_id}:{self.copy}"
        self.keychain: WitnessKeychain | None = (
            keychain if isinstance(keychain, WitnessKeychain) else None
        )
        self.keychain_allowed = keychain_allowed

    def find_rollback(self) -> Finding | None:
        for where, witness in self._witnesses():
            verdict = compare(self.db, witness)
            if verdict is not None:
                return Finding(where, witness, verdict)
        return None

    def record(self) -> None:
        """At close: the head into every witness; a witness that cannot be written is skipped."""
        head = chain_head(self.db)
        with contextlib.suppress(OSError, UserError):
            self.vault.record_witness(head)
        with contextlib.suppress(OSError):
            write_folder_witness(
                self.backup_folder,
                self.vault.vault_id,
                self.copy,
                head,
                create=not self.folder_chosen,
            )
        if self.keychain is not None and self.keychain_allowed:
            with contextlib.suppress(Exception):  # a keychain that fails never stops a close
                self.keychain.save_witness(self.keychain_name, json.dumps(head.to_dict()))

    def _witnesses(self) -> list[tuple[str, Witness]]:
        found: list[tuple[str, Witness]] = []
        if self.vault.witness is not None:
            found.append((WHERE_HEADER, self.vault.witness))
        folder = read_folder_witness(self.backup_folder, self.vault.vault_id, self.copy)
        if folder is not None:
            found.append((WHERE_FOLDER, folder))
        kept = self._keychain_witness()
        if kept is not None:
            found.append((WHERE_KEYCHAIN, kept))
        return found

    def _keychain_witness(self) -> Witness | None:
        if self.keychain is None or not self.keychain_allowed:
            return None
        try:
            text = self.keychain.load_witness(self.keychain_name)
            return Witness.from_dict(json.loads(text)) if text else None
        except Exception:
            return None
