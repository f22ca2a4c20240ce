"""One sync: publish this laptop's changes, apply the others' files in order, keep files clean.

    publish  -> apply every ready file -> publish acknowledgements
             -> scrub own files of erased values -> check own files -> compact

Each step that changes the vault is one transaction. The folder is only
read, and written under this laptop's own id.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.domain.sync.hlc import Hlc, millis, tick
from coursenplus_desk.domain.sync.order import (
    LaptopStatus,
    compaction_floor,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.sharing import notices
from coursenplus_desk.services.sharing.applying import FileApplier
from coursenplus_desk.services.sharing.bodies import (
    KeyEntry,
    LaptopEntry,
    key_context,
    pack,
    unpack,
)
from coursenplus_desk.services.sharing.notices import Notice
from coursenplus_desk.services.sharing.report import SyncReport
from coursenplus_desk.services.sharing.stores import SyncStores
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION
from coursenplus_desk.store.sync.state import Registration
from coursenplus_desk.store.sync.tombstones import Origin, scrub_rows
from coursenplus_desk.vault import laptop_keys
from coursenplus_desk.vault.exchange_file import (
    FileHeader,
    seal,
)
from coursenplus_desk.vault.exchange_folder import ExchangeFolder

HOLLOW_KEPT = timedelta(days=30)  # an emptied file stays this long, so copies get emptied too
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SPECIAL = ("laptop", "key", "audit_event")  # outbox marks that are not record tables


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SyncEngine:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        rewrite_invitations: Callable[[], None] = lambda: None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.rewrite_invitations = rewrite_invitations
        self.s = SyncStores(db)

    def registration(self) -> Registration:
        registration = self.s.state.registration()
        if registration is None:
            raise notices.not_shared()
        return registration

    def folder(self) -> ExchangeFolder:
        registration = self.registration()
        return ExchangeFolder(Path(registration.folder), registration.register_id)

    def sync(self) -> SyncReport:
        report = SyncReport()
        me = self.registration().laptop_id
        own = self.s.state.laptop(me)
        if own is not None and own.status is LaptopStatus.REMOVED:
            report.removed = True
            report.notice(Notice(notices.THIS_LAPTOP_REMOVED))
            return report
        folder = self.folder()
        reachable = folder.is_reachable()
        if reachable:
            self.refuse_if_behind(folder)
        self.publish(report, folder if reachable else None)
        if not reachable:
            report.folder_missing = True
            report.notice(Notice(notices.FOLDER_MISSING, {"folder": str(folder.root)}))
            return report
        self.check_own_files(folder)
        self.apply_ready(folder, report)
        self.publish(report, folder)
        self.scrub(folder)
        self.compact(folder)
        return report

    def refuse_if_behind(self, folder: ExchangeFolder) -> None:
        """Files of this laptop newer than its vault: the vault is an older copy (a restored
        backup) or another laptop took its identity. Writing on would give two versions of one
        file, so nothing is written."""
        registration = self.registration()
        numbers = folder.numbers(registration.laptop_id)
        if numbers and numbers[-1] > registration.last_number:
            raise RefusedError(
                N_(
                    "The shared folder holds files of this laptop newer than its vault (was an "
                    "older backup restored?). This vault no longer takes part: join the "
                    "register again with a new invitation."
                )
            )

    # publishing

    def publish_pending(self) -> None:
        """This laptop's pending changes into its next file (written when the folder is there)."""
        folder = self.folder()
        self.publish(SyncReport(), folder if folder.is_reachable() else None)

    def publish(self, report: SyncReport, folder: ExchangeFolder | None) -> int | None:
        """Write this laptop's next file when it has changes or acknowledgements to give."""
        number = self._record_next_file()
        if number is None:
            return None
        report.files_written += 1
        if folder is not None:
            self.write_own(folder, number)
        return number

    def _acks_due(self, me: str) -> bool:
        said = self.s.state.acks().get(me, {})
        return any(
            count > said.get(laptop, 0)
            for laptop, count in self.s.state.content_applied().items()
            if laptop != me
        )

    def _record_next_file(self) -> int | None:
        registration = self.registration()
        me = registration.laptop_id
        acks_due = self._acks_due(me)
        if not self.s.publisher.has_marks() and not acks_due:
            return None
        with self.db.transaction():
            now = self.clock.now()
            last = Hlc.decode(registration.clock) if registration.clock else None
            stamp = tick(last, millis(now), me).encode()
            number = registration.last_number + 1
            outgoing = self.s.publisher.collect(stamp, Origin(me, number))
            special = self.s.state.special_marks(outgoing.last_mark, _SPECIAL)
            laptops = [self._laptop_entry(i) for i in special.get("laptop", [])]
            keys = [self._key_entry(registration, int(i)) for i in special.get("key", [])]
            content = not outgoing.empty or bool(laptops) or bool(keys)
            if not content and not acks_due:
                self.s.publisher.forget_marks(outgoing.last_mark, published=False)
                return None
            seen = {k: v for k, v in self.s.state.applied().items() if k != me}
            events = self.s.peers.own_events(registration.audit_sent)
            redacted = self.s.peers.own_redactions([int(i) for i in special.get("audit_event", [])])
            body: dict[str, Any] = {
                "hlc": stamp,
                "written_at": now.isoformat(timespec="seconds"),
                "seen": seen,
                "rows": outgoing.rows,
                "tombstones": outgoing.tombstones,
                "laptops": [entry.to_dict() for entry in laptops if entry is not None],
                "keys": [entry.to_dict() for entry in keys],
                "audit": {
                    "events": events,
                    "state": self.s.peers.own_state(),
                    "redacted": redacted,
                },
            }
            self.s.state.add_own_file(number, registration.key_id, pack(body), content, now)
            self.s.state.update_registration(
                last_number=number,
                clock=stamp,
                audit_sent=events[-1][0] if events else registration.audit_sent,
                key_id=max([registration.key_id, *(entry.key_id for entry in keys)]),
            )
            self.s.state.record_acks(me, seen)
            self.s.publisher.forget_marks(outgoing.last_mark)
        return number

    def _laptop_entry(self, laptop_id: str) -> LaptopEntry | None:
        laptop = self.s.state.laptop(laptop_id)
        if laptop is None:
            return None
        seen = (
            self.s.state.acks().get(laptop_id, {}) if laptop.status is LaptopStatus.INVITED else {}
        )
        return LaptopEntry(
            laptop_id, laptop.label, laptop.status, laptop.public_key, laptop.cut, seen
        )

    def _key_entry(self, registration: Registration, key_id: int) -> KeyEntry:
        secret = self.s.state.keys()[key_id]
        wrapped = {
            laptop.laptop_id: laptop_keys.wrap_for(
                laptop.public_key,
                secret,
                key_context(registration.register_id, key_id, laptop.laptop_id),
            )
            for laptop in self.s.state.laptops()
            if laptop.status is not LaptopStatus.REMOVED
            and laptop.public_key is not None
            and laptop.laptop_id != registration.laptop_id
        }
        return KeyEntry(key_id, wrapped)

    def write_own(self, folder: ExchangeFolder, number: int) -> None:
        registration = self.registration()
        own = next((f for f in self.s.state.own_files() if f.number == number), None)
        if own is None:
            return
        header = FileHeader(
            registration.register_id, registration.laptop_id, number, own.key_id, LATEST_VERSION
        )
        data = seal(header, unpack(own.body), self.s.state.keys()[own.key_id])
        folder.write(registration.laptop_id, number, data)
        self.s.state.mark_written(number, sha256(data))

    def check_own_files(self, folder: ExchangeFolder) -> None:
        """Own files as written: missing, changed or older copies carried back are rewritten."""
        registration = self.registration()
        me = registration.laptop_id
        own = self.s.state.own_files()
        for file in own:
            data = folder.read(me, file.number)
            if data is None or file.sha256 is None or sha256(data) != file.sha256:
                self.write_own(folder, file.number)
        known = {file.number for file in own}
        for number in folder.numbers(me):
            if number not in known and number <= registration.last_number:
                folder.delete(me, number)  # emptied and deleted here; a copy came back

    # applying

    def apply_ready(self, folder: ExchangeFolder, report: SyncReport) -> None:
        """Every file that can be applied, in causal order, until none is ready."""
        applier = FileApplier(self.db, self.clock, self.s)
        while applier.apply_one(folder, report):
            pass

    # erasure reaches this laptop's files

    def scrub(self, folder: ExchangeFolder | None) -> None:
        """Rewrite own files (and invitations) without values of records buried since last time."""
        total = self.s.state.tombstone_count()
        if total == self.registration().scrubbed:
            return
        for own in self.s.state.own_files():
            if own.hollow:
                continue
            body = unpack(own.body)
            dead = self.s.graves.dead_among(_uuids(body.get("rows", [])))
            if not dead:
                continue
            rows, changed = scrub_rows(body.get("rows", []), dead, self.s.schema)
            if changed:
                body["rows"] = rows
                with self.db.transaction():
                    self.s.state.replace_own_body(own.number, pack(body))
                if folder is not None:
                    self.write_own(folder, own.number)
        self.rewrite_invitations()
        self.s.state.update_registration(scrubbed=total)

    # compaction

    def compact(self, folder: ExchangeFolder) -> None:
        """Files every laptop has applied are emptied, and deleted after a while."""
        registration = self.registration()
        me = registration.laptop_id
        members = [laptop.member for laptop in self.s.state.laptops()]
        floor = compaction_floor(me, members, self.s.state.acks(), registration.last_number)
        now = self.clock.now()
        for own in self.s.state.own_files():
            if own.number > floor:
                break
            if not own.hollow:
                body = unpack(own.body)
                shell = {
                    "hlc": body["hlc"],
                    "written_at": body.get("written_at"),
                    "seen": body.get("seen", {}),
                }
                with self.db.transaction():
                    self.s.state.replace_own_body(own.number, pack(shell), hollow=True)
                self.write_own(folder, own.number)
            elif now - datetime.fromisoformat(own.written_at) > HOLLOW_KEPT:
                folder.delete(me, own.number)
                self.s.state.drop_own_file(own.number)


def _uuids(rows: list[Any]) -> set[str]:
    """Every UUID a file's rows mention: keys, key parts and foreign keys."""
    found: set[str] = set()
    for row in rows:
        if not isinstance(row, list) or len(row) != 5:
            continue
        _table, key, _present, values, _bases = row
        if isinstance(key, str):
            if key.startswith("["):
                found.update(p for p in re.findall(r'"([^"]+)"', key) if _UUID.match(p))
            elif _UUID.match(key):
                found.add(key)
        if isinstance(values, dict):
            found.update(v for v in values.values() if isinstance(v, str) and _UUID.match(v))
    return found
