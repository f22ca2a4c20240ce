"""Applying other laptops' files: checked, in causal order, each in one transaction.

A file is opened only when its number is the next one of its laptop; its
header must name this register, its laptop and its number, it must
authenticate under a register key, and its body must have the expected
shape. It is applied once everything its author had seen has been applied
here. Anything else is set aside with a notice, never applied.
"""

from __future__ import annotations

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.sync.hlc import Hlc, millis, receive
from coursenplus_desk.domain.sync.order import (
    LaptopStatus,
    acceptance_limit,
    is_ready,
    merged_status,
)
from coursenplus_desk.services.sharing import notices
from coursenplus_desk.services.sharing.bodies import (
    BadBodyError,
    Incoming,
    KeyEntry,
    LaptopEntry,
    key_context,
    read_body,
)
from coursenplus_desk.services.sharing.notices import Notice
from coursenplus_desk.services.sharing.report import SyncReport
from coursenplus_desk.services.sharing.stores import SyncStores
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION
from coursenplus_desk.store.sync import capture
from coursenplus_desk.store.sync.merge import Merger
from coursenplus_desk.store.sync.state import Registration
from coursenplus_desk.store.sync.tombstones import Origin
from coursenplus_desk.vault import laptop_keys
from coursenplus_desk.vault.exchange_file import (
    ExchangeFileDamagedError,
    ExchangeFileForgedError,
    ExchangeFileTooNewError,
    open_body,
    read_header,
)
from coursenplus_desk.vault.exchange_folder import ExchangeFolder


class FileApplier:
    def __init__(self, db: Database, clock: Clock, stores: SyncStores) -> None:
        self.db = db
        self.clock = clock
        self.s = stores

    def _registration(self) -> Registration:
        registration = self.s.state.registration()
        if registration is None:
            raise notices.not_shared()
        return registration

    def apply_one(self, folder: ExchangeFolder, report: SyncReport) -> bool:
        registration = self._registration()
        me = registration.laptop_id
        laptops = {laptop.laptop_id: laptop for laptop in self.s.state.laptops()}
        applied = {**self.s.state.applied(), me: registration.last_number}
        acks = self.s.state.acks()
        members = [laptop.member for laptop in laptops.values()]
        for laptop_id in folder.laptops():
            known = laptops.get(laptop_id)
            if laptop_id == me:
                continue
            number = applied.get(laptop_id, 0) + 1
            removed = known is not None and known.status is LaptopStatus.REMOVED
            if removed and number > acceptance_limit(known.member, members, acks):  # type: ignore[union-attr]
                continue
            data = folder.read(laptop_id, number)
            if data is None:
                if any(n > number for n in folder.numbers(laptop_id)):
                    report.waiting_for.add(laptop_id)
                continue
            incoming = self._open(laptop_id, number, data, registration, report)
            if incoming is None:
                continue
            if known is None or not is_ready(laptop_id, number, incoming.seen, applied):
                report.waiting_for.add(laptop_id)
                continue
            self._apply_file(laptop_id, number, incoming, report)
            report.waiting_for.discard(laptop_id)
            return True
        return False

    def _open(
        self,
        laptop_id: str,
        number: int,
        data: bytes,
        registration: Registration,
        report: SyncReport,
    ) -> Incoming | None:
        name = {"file": f"{laptop_id}/{number:08d}.cpx"}
        try:
            header = read_header(data)
            if (
                header.register != registration.register_id
                or header.laptop != laptop_id
                or header.number != number
            ):
                report.notice(Notice(notices.FILE_MISPLACED, name))
                return None
            if header.schema > LATEST_VERSION:
                raise ExchangeFileTooNewError(str(header.schema))
            key = self.s.state.keys().get(header.key_id)
            if key is None:  # a new register key not received yet
                report.waiting_for.add(laptop_id)
                return None
            return read_body(open_body(data, key))
        except ExchangeFileTooNewError:
            report.newer_program = True
            report.notice(Notice(notices.NEWER_PROGRAM))
        except ExchangeFileForgedError:
            report.notice(Notice(notices.FILE_FORGED, name))
        except (ExchangeFileDamagedError, BadBodyError):
            report.notice(Notice(notices.FILE_DAMAGED, name))
        return None

    def _apply_file(
        self, laptop_id: str, number: int, incoming: Incoming, report: SyncReport
    ) -> None:
        registration = self._registration()
        with self.db.transaction(), capture.paused(self.db):
            now = self.clock.now()
            self._apply_laptops(registration, incoming.laptops)
            self._apply_keys(registration, incoming.keys)
            merger = Merger(
                self.db,
                self.s.schema,
                self.s.rows,
                self.s.stamps,
                self.s.graves,
                self.s.review,
                now,
            )
            buried = merger.apply_tombstones(incoming.tombstones, Origin(laptop_id, number))
            counts = merger.apply_rows(incoming.rows, incoming.stamp)
            audit = incoming.audit
            self.s.peers.receive(
                laptop_id, audit.get("events", []), audit.get("state"), audit.get("redacted", [])
            )
            self.s.state.record_acks(laptop_id, {**incoming.seen, laptop_id: number})
            sender = self.s.state.laptop(laptop_id)
            if sender is not None and sender.status is LaptopStatus.INVITED:
                self.s.state.put_laptop(laptop_id, sender.label, LaptopStatus.ACTIVE, None)
            last = Hlc.decode(registration.clock) if registration.clock else None
            clock = receive(last, Hlc.decode(incoming.stamp), millis(now), registration.laptop_id)
            self.s.state.update_registration(clock=clock.encode())
            self.s.state.mark_applied(laptop_id, number, incoming.content, incoming.written_at)
        self.s.rows.forget_ids()
        report.files_applied += 1
        report.changes_applied += counts.applied
        report.conflicts += counts.conflicts
        report.buried += len(buried) + len(counts.buried)

    def _apply_laptops(self, registration: Registration, entries: list[LaptopEntry]) -> None:
        for entry in entries:
            existing = self.s.state.laptop(entry.laptop_id)
            status = merged_status(existing.status, entry.status) if existing else entry.status
            keep_key = existing is not None and existing.public_key is not None
            public = (
                entry.public_key if (entry.status is LaptopStatus.ACTIVE or not keep_key) else None
            )
            self.s.state.put_laptop(
                entry.laptop_id,
                entry.label or (existing.label if existing else ""),
                status,
                public,
                entry.cut,
            )
            if entry.status is LaptopStatus.INVITED and entry.seen:
                self.s.state.record_acks(entry.laptop_id, entry.seen)

    def _apply_keys(self, registration: Registration, entries: list[KeyEntry]) -> None:
        me = registration.laptop_id
        for entry in entries:
            blob = entry.wrapped.get(me)
            if blob is None:
                continue
            context = key_context(registration.register_id, entry.key_id, me)
            secret = laptop_keys.unwrap(registration.private_key, blob, context)
            if secret is not None:
                self.s.state.add_key(entry.key_id, secret)
                if entry.key_id > self._registration().key_id:
                    self.s.state.update_registration(key_id=entry.key_id)
