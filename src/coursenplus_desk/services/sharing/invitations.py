"""Inviting a laptop and joining a register: the invitation file and its one-time code.

The invitation carries the register's keys, the new laptop's id and key
pair, and the register as the inviting laptop holds it, so joining needs no
files from the folder. The inviting laptop keeps what it needs to write the
invitation again (after an erasure, the copy is made anew without the erased
people) and deletes it once the new laptop has written its first file.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from coursenplus_desk.domain.sync import codes
from coursenplus_desk.domain.sync.order import LaptopStatus
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.sharing.bodies import LaptopEntry, b64
from coursenplus_desk.services.sharing.engine import SyncEngine
from coursenplus_desk.services.sharing.notices import ShareFolderError
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION
from coursenplus_desk.store.sync.snapshot import table_items
from coursenplus_desk.store.sync.state import PendingInvitation
from coursenplus_desk.vault import laptop_keys
from coursenplus_desk.vault.exchange_file import ExchangeFileError
from coursenplus_desk.vault.invitation_file import (
    InvitationHeader,
    InvitationWriter,
    code_key,
    new_header,
    read_invitation_header,
)
from coursenplus_desk.vault.kdf import KdfParams

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class Invitation:
    laptop_id: str
    code: str  # shown once, to be read aloud or typed on the new laptop
    path: Path


class Inviter:
    def __init__(self, db: Database, engine: SyncEngine) -> None:
        self.db = db
        self.engine = engine
        self.s = engine.s

    def invite(self, out: Path, label: str, params: KdfParams, now: datetime) -> Invitation:
        if out.is_dir() or not out.parent.is_dir():
            raise ShareFolderError(N_("The invitation cannot be written to {file}."), file=str(out))
        self.engine.publish_pending()  # the copy then matches this laptop's files exactly
        laptop_id = secrets.token_hex(8)
        private = laptop_keys.new_private_key()
        code = codes.new_code()
        raw = codes.normalise_code(code)
        assert raw is not None
        header = new_header(secrets.token_hex(16), params)
        pending = PendingInvitation(
            laptop_id, header.invitation_id, private, str(out), header.encode(),
            code_key(header, raw), now.isoformat(),
        )  # fmt: skip
        with self.db.transaction():
            self.s.state.put_laptop(
                laptop_id, label, LaptopStatus.INVITED, laptop_keys.public_key(private)
            )
            self.s.state.record_acks(laptop_id, self._frontier())
            self.s.state.mark("laptop", laptop_id)
            self.s.state.add_invitation(pending)
            self._write(pending, header)
        return Invitation(laptop_id, code, out)

    def rewrite_pending(self) -> None:
        """After an erasure: each invitation still waiting is written again from the register."""
        for pending in self.s.state.invitations():
            laptop = self.s.state.laptop(pending.laptop_id)
            if laptop is None or laptop.status is not LaptopStatus.INVITED:
                continue  # it has joined (its first file is here) or was removed
            path = Path(pending.path)
            header = InvitationHeader.decode(pending.header)
            if self._is_ours(path, header.invitation_id):
                # The copy is today's; the files since the first copy stay in the folder
                # (the laptop may have joined with the first one already), so no
                # acknowledgement is assumed here.
                with self.db.transaction():  # one consistent copy
                    self._write(pending, header)

    def clean_up(self) -> None:
        """Invitations of laptops that have joined (or were removed) are deleted."""
        for pending in self.s.state.invitations():
            laptop = self.s.state.laptop(pending.laptop_id)
            if laptop is not None and laptop.status is LaptopStatus.INVITED:
                continue
            path = Path(pending.path)
            if self._is_ours(path, InvitationHeader.decode(pending.header).invitation_id):
                with contextlib.suppress(OSError):
                    path.unlink()
            with self.db.transaction():
                self.s.state.drop_invitation(pending.laptop_id)

    def _is_ours(self, path: Path, invitation_id: str) -> bool:
        try:
            return read_invitation_header(path.read_bytes()).invitation_id == invitation_id
        except (OSError, ExchangeFileError):
            return False

    def _frontier(self) -> dict[str, int]:
        registration = self.engine.registration()
        applied = self.s.state.applied()
        return {**applied, registration.laptop_id: registration.last_number}

    def _write(self, pending: PendingInvitation, header: InvitationHeader) -> None:
        """The invitation, written a batch of rows at a time (temp file, then renamed)."""
        writer = InvitationWriter(
            Path(pending.path), header, pending.code_key, self._particulars(pending)
        )
        try:
            for item in self._copy():
                writer.add(item)
            writer.finish()
        except BaseException:
            writer.abandon()
            raise

    def _copy(self) -> Iterator[list[Any]]:
        me = self.engine.registration().laptop_id
        yield from table_items(self.db, self.s.schema)
        for rows in self.s.stamps.all():
            yield ["stamps", rows]
        for rows in self.s.graves.all():
            yield ["tombstones", rows]
        yield from self.s.peers.chains(me)

    def _particulars(self, pending: PendingInvitation) -> dict[str, Any]:
        """What the new laptop is, where the copy stops, and the keys: one small block."""
        registration = self.engine.registration()
        laptops = [
            LaptopEntry(m.laptop_id, m.label, m.status, m.public_key, m.cut).to_dict()
            for m in self.s.state.laptops()
        ]
        own = self.s.state.laptop(pending.laptop_id)
        return {
            "format": SNAPSHOT_FORMAT,
            "schema": LATEST_VERSION,
            "register": registration.register_id,
            "laptop": pending.laptop_id,
            "label": own.label if own else "",
            "private_key": b64(pending.private_key),
            "inviter": registration.laptop_id,
            "keys": {str(k): b64(v) for k, v in self.s.state.keys().items()},
            "key_id": registration.key_id,
            "clock": registration.clock,
            "laptops": laptops,
            "acks": self.s.state.acks(),
            "frontier": self._frontier(),
        }
