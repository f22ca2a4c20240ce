"""The shared register as the GUI and the CLI use it: share, sync, status, remove, review.

A vault becomes shared with `init` (a new register) or by joining one
(`joining.join_register`). Once shared, every write is captured; `sync`
exchanges files with the folder; the rest reads or adjusts this laptop's
state of the register.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursenplus_desk.domain.audit_chain import BreakKind, ChainBreak, first_break
from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, VaultUnavailableError
from coursenplus_desk.domain.sync.order import LaptopStatus, confirmations
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.sharing.bodies import unb64
from coursenplus_desk.services.sharing.engine import SyncEngine
from coursenplus_desk.services.sharing.invitations import Invitation, Inviter
from coursenplus_desk.services.sharing.notices import (
    AlreadySharedError,
    Notice,
    ShareFolderError,
    not_shared,
)
from coursenplus_desk.services.sharing.report import SyncReport
from coursenplus_desk.services.sharing.review import ReviewEntry, describe, resolve_with_other
from coursenplus_desk.services.sharing.unlock import is_shared
from coursenplus_desk.store import retention_facts
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasure import ErasureStore, purge_files
from coursenplus_desk.store.sync import capture
from coursenplus_desk.store.sync.snapshot import (
    bulk_load,
    clear_presets,
    index_everyone,
    load_rows,
)
from coursenplus_desk.store.sync.state import Laptop, Registration
from coursenplus_desk.store.sync.tombstones import Origin
from coursenplus_desk.vault import laptop_keys
from coursenplus_desk.vault.kdf import KdfParams

# What a laptop's status is called where people read it.
LAPTOP_STATUS_LABELS = {
    LaptopStatus.INVITED: N_("invited"),
    LaptopStatus.ACTIVE: N_("in service"),
    LaptopStatus.REMOVED: N_("removed"),
}


@dataclass(frozen=True)
class LaptopView:
    laptop_id: str
    label: str
    status: LaptopStatus
    is_this_laptop: bool
    last_written_at: str | None
    files_applied: int


@dataclass(frozen=True)
class ShareStatus:
    register_id: str
    laptop_id: str
    folder: str
    last_sync_at: str | None
    pending_changes: int
    to_review: int
    laptops: list[LaptopView]
    notices: list[Notice]
    unconfirmed_erasures: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "register": self.register_id,
            "laptop": self.laptop_id,
            "folder": self.folder,
            "last_sync_at": self.last_sync_at,
            "pending_changes": self.pending_changes,
            "to_review": self.to_review,
            "unconfirmed_erasures": self.unconfirmed_erasures,
            "laptops": [
                {
                    "id": v.laptop_id,
                    "name": v.label,
                    "status": v.status.value,
                    "this_laptop": v.is_this_laptop,
                    "last_seen": v.last_written_at,
                }
                for v in self.laptops
            ],
            "notices": [n.text() for n in self.notices],
        }


def this_computer() -> str:
    return socket.gethostname() or "laptop"


_PEER_BREAKS = {
    BreakKind.MISSING: N_(
        "The audit trail of laptop {name} was tampered with: event {id} is missing."
    ),
    BreakKind.ALTERED: N_(
        "The audit trail of laptop {name} was tampered with: event {id} was altered."
    ),
    BreakKind.UNLINKED: N_(
        "The audit trail of laptop {name} was tampered with: event {id} does not follow the "
        "event before it."
    ),
}


class PeerAuditTamperedError(VaultUnavailableError):
    """The copy of another laptop's audit chain does not verify."""

    def __init__(self, name: str, found: ChainBreak) -> None:
        super().__init__(_PEER_BREAKS[found.kind], name=name, id=found.event_id)


class ShareService:
    def __init__(
        self, db: Database, clock: Clock, audit: Auditor, kdf: Callable[[], KdfParams]
    ) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.kdf = kdf
        self.engine = SyncEngine(db, clock, rewrite_invitations=self._rewrite_invitations)
        self.inviter = Inviter(db, self.engine)
        self.s = self.engine.s

    # state

    @property
    def is_shared(self) -> bool:
        return is_shared(self.db)

    # making and joining a register

    def init(self, folder: Path, label: str = "") -> str:
        """Share this vault through `folder`: a new register; its id."""
        if self.is_shared:
            raise AlreadySharedError(N_("This vault is already shared through a folder."))
        register = _register_folder(folder)
        register_id, laptop_id = secrets.token_hex(16), secrets.token_hex(8)
        private = laptop_keys.new_private_key()
        with self.db.transaction():
            self.s.state.register(
                register_id, laptop_id, str(register), private, 1, self.clock.now()
            )
            self.s.state.add_key(1, os.urandom(32))
            self.s.state.put_laptop(
                laptop_id,
                label or this_computer(),
                LaptopStatus.ACTIVE,
                laptop_keys.public_key(private),
            )
            capture.set_active(self.db, True)
            self.audit.record("share.init")
        capture.install_triggers(self.db, self.s.schema)
        (register / register_id / laptop_id).mkdir(parents=True, exist_ok=True)
        return register_id

    def load_invitation(
        self, body: dict[str, Any], copy: Iterable[Any], folder: Path, label: str
    ) -> None:
        """A new vault takes the register from an invitation (see `joining`), all or nothing:
        the copy's tag is checked after its last line, before the transaction commits."""
        register = _register_folder(folder)
        laptop_id = str(body["laptop"])
        private = laptop_keys.new_private_key()  # its own, unknown to the inviting laptop
        with self.db.transaction():
            clear_presets(self.db, self.s.schema)
            with bulk_load(self.db, self.s.schema):
                for item in copy:
                    self._load_item(item)
            index_everyone(self.db)
            retention_facts.rebuild(self.db)
            self._load_laptops(body)
            self.s.state.register(
                str(body["register"]), laptop_id, str(register), private, int(body["key_id"]),
                self.clock.now(),
            )  # fmt: skip
            name = label or str(body.get("label") or this_computer())
            public = laptop_keys.public_key(private)
            self.s.state.put_laptop(laptop_id, name, LaptopStatus.ACTIVE, public)
            self.s.state.set_applied({k: int(v) for k, v in body["frontier"].items()})
            self.s.state.update_registration(clock=str(body["clock"]))
            self.s.state.mark("laptop", laptop_id)  # the first file says: joined, this key
            capture.set_active(self.db, True)
            self.audit.record("share.join", inviter=str(body["inviter"]))
        capture.install_triggers(self.db, self.s.schema)
        (register / str(body["register"]) / laptop_id).mkdir(parents=True, exist_ok=True)

    def _load_item(self, item: Any) -> None:
        kind = item[0] if isinstance(item, list) and item else None
        if kind == "rows":
            _kind, table, columns, rows = item
            load_rows(self.db, self.s.schema, str(table), [str(c) for c in columns], rows)
        elif kind == "stamps":
            self.s.stamps.set_rows((str(t), str(k), str(c), str(h)) for t, k, c, h in item[1])
        elif kind == "tombstones":
            for table, key, laptop, number, erased in item[1]:
                origin = Origin(str(laptop), int(number))
                self.s.graves.record(str(table), str(key), origin, bool(erased))
        elif kind == "audit":
            _kind, laptop, state, events = item
            self.s.peers.receive(str(laptop), events, state, [])

    def _load_laptops(self, body: dict[str, Any]) -> None:
        for entry in body["laptops"]:
            public = unb64(entry["public_key"]) if entry.get("public_key") else None
            status = LaptopStatus(entry["status"])
            self.s.state.put_laptop(str(entry["id"]), str(entry["label"]), status, public,
                                    int(entry["cut"]))  # fmt: skip
        for laptop, seen in body["acks"].items():
            self.s.state.record_acks(str(laptop), seen)
        for key_id, secret in body["keys"].items():
            self.s.state.add_key(int(key_id), unb64(secret))

    def invite(self, out: Path, label: str = "", params: KdfParams | None = None) -> Invitation:
        self._registration()
        invitation = self.inviter.invite(out, label, params or self.kdf(), self.clock.now())
        self.audit.record("share.invite", laptop=invitation.laptop_id)
        return invitation

    # exchanging

    def sync(self) -> SyncReport:
        self._registration()
        report = self.engine.sync()
        self.inviter.clean_up()
        if report.buried:  # another laptop erased: the values leave this vault's files too
            ErasureStore(self.db).optimize_search()
            purge_files(self.db)
        with self.db.transaction():
            self.s.state.update_registration(
                last_sync_at=self.clock.now().isoformat(timespec="seconds"),
                last_outcome=report.to_dict(),
            )
            if report.files_applied or report.files_written:
                self.audit.record(
                    "share.sync", applied=report.files_applied, written=report.files_written,
                    conflicts=report.conflicts,
                )  # fmt: skip
        return report

    def _rewrite_invitations(self) -> None:
        self.inviter.rewrite_pending()

    # looking at it

    def status(self) -> ShareStatus:
        registration = self._registration()
        laptops = self.s.state.laptops()
        outcome = registration.last_outcome.get("notices", [])
        return ShareStatus(
            register_id=registration.register_id,
            laptop_id=registration.laptop_id,
            folder=registration.folder,
            last_sync_at=registration.last_sync_at,
            pending_changes=capture.pending_count(self.db),
            to_review=self.s.review.open_count(),
            laptops=[_view(laptop, registration.laptop_id) for laptop in laptops],
            notices=[n for n in (Notice.from_dict(d) for d in outcome) if n is not None],
            unconfirmed_erasures=self._unconfirmed_erasures(),
        )

    def erasure_confirmations(self, record_uuid: str) -> tuple[int, int] | None:
        """(laptops that have applied an erasure, laptops of the register); None if unknown."""
        if not record_uuid or not self.is_shared:
            return None
        members = [laptop.member for laptop in self.s.state.laptops()]
        origin = self.s.graves.confirmations_origin(record_uuid)
        if origin is None:  # erased here, not yet in a file: this laptop only
            return 1, sum(1 for m in members if m.status is not LaptopStatus.REMOVED)
        author = origin.laptop_id or self._registration().laptop_id
        return confirmations(author, origin.number, members, self.s.state.acks())

    def _unconfirmed_erasures(self) -> int:
        members = [laptop.member for laptop in self.s.state.laptops()]
        acks = self.s.state.acks()
        count = 0
        for origin in self.s.graves.erasure_origins():
            done, total = confirmations(origin.laptop_id, origin.number, members, acks)
            count += int(done < total)
        return count

    # leaving

    def remove(self, laptop_id: str) -> Laptop:
        """Remove a laptop (lost, stolen, leaving): a new register key for the others only."""
        registration = self._registration()
        laptop = self._find_laptop(laptop_id)
        if laptop.laptop_id == registration.laptop_id:
            raise RefusedError(N_("This laptop cannot remove itself from the register."))
        if laptop.status is LaptopStatus.REMOVED:
            raise RefusedError(N_("This laptop was already removed from the register."))
        new_key = max(self.s.state.keys()) + 1
        with self.db.transaction():
            cut = self.s.state.applied().get(laptop.laptop_id, 0)
            self.s.state.put_laptop(laptop.laptop_id, laptop.label, LaptopStatus.REMOVED, None, cut)
            self.s.state.add_key(new_key, os.urandom(32))
            self.s.state.mark("laptop", laptop.laptop_id)
            self.s.state.mark("key", str(new_key))
            self.audit.record("share.remove", laptop=laptop.laptop_id)
        self.engine.publish_pending()
        self.inviter.clean_up()
        return laptop

    def _find_laptop(self, wanted: str) -> Laptop:
        """By id, id prefix or name, as the person types it."""
        text = wanted.strip().lower()
        laptops = self.s.state.laptops()
        found = [m for m in laptops if m.laptop_id == text or m.label.lower() == text]
        found = found or [m for m in laptops if len(text) >= 4 and m.laptop_id.startswith(text)]
        if len(found) != 1:
            raise NotFoundError(N_("There is no laptop “{name}” in the register."), name=wanted)
        return found[0]

    # to review

    def review(self) -> list[ReviewEntry]:
        self._registration()
        labels = {m.laptop_id: m.label for m in self.s.state.laptops()}
        return [describe(self.s, item, labels) for item in self.s.review.items()]

    def resolve(self, item_id: int, use_other: bool = False) -> None:
        item = self.s.review.item(item_id)
        if item is None or item.resolved_at is not None:
            raise NotFoundError(N_("There is nothing to review with number {id}."), id=item_id)
        with self.db.transaction():
            if use_other:
                resolve_with_other(self.s, item)
            self.s.review.resolve(item_id, self.clock.now())
            self.audit.record("share.review", item=item_id, other=use_other)

    # audit chains of the other laptops

    def verify_chains(self) -> list[tuple[str, int]]:
        """Each other laptop's audit chain copy: (its name, events checked); raises at a break."""
        if not self.is_shared:
            return []
        labels = {m.laptop_id: m.label for m in self.s.state.laptops()}
        checked = []
        for laptop_id in self.s.peers.peers():
            state = self.s.peers.state(laptop_id)
            name = labels.get(laptop_id) or laptop_id
            found = first_break(self.s.peers.links(laptop_id), state)
            if found is not None:
                raise PeerAuditTamperedError(name, found)
            checked.append((name, state.count))
        return checked

    def _registration(self) -> Registration:
        registration = self.s.state.registration()
        if registration is None:
            raise not_shared()
        return registration


def _view(laptop: Laptop, me: str) -> LaptopView:
    return LaptopView(
        laptop.laptop_id, laptop.label, laptop.status, laptop.laptop_id == me,
        laptop.last_written_at, laptop.applied,
    )  # fmt: skip


def _register_folder(folder: Path) -> Path:
    """The exchange folder, made when its parent exists; refused when it cannot be written."""
    folder = folder.expanduser()
    try:
        folder.mkdir(parents=False, exist_ok=True)
    except OSError:
        raise ShareFolderError(
            N_("The shared folder {folder} does not exist or cannot be written to."),
            folder=str(folder),
        ) from None
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise ShareFolderError(
            N_("The shared folder {folder} does not exist or cannot be written to."),
            folder=str(folder),
        )
    return folder.resolve()
