"""This vault's place in the register: its identity, keys, the laptops, their files and acks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from coursenplus_desk.domain.sync.order import LaptopStatus, Member
from coursenplus_desk.store.database import Database, Row


@dataclass(frozen=True)
class Registration:
    register_id: str
    laptop_id: str
    folder: str
    private_key: bytes
    key_id: int
    clock: str
    last_number: int
    audit_sent: int
    scrubbed: int
    joined_at: str
    last_sync_at: str | None
    last_outcome: dict[str, Any]


@dataclass(frozen=True)
class Laptop:
    laptop_id: str
    label: str
    status: LaptopStatus
    public_key: bytes | None
    cut: int
    applied: int
    content_applied: int
    last_written_at: str | None

    @property
    def member(self) -> Member:
        return Member(self.laptop_id, self.status, self.cut)


@dataclass(frozen=True)
class PendingInvitation:
    laptop_id: str
    invitation_id: str
    private_key: bytes
    path: str
    header: bytes
    code_key: bytes
    created_at: str


@dataclass(frozen=True)
class OwnFile:
    number: int
    key_id: int
    body: bytes
    content: bool
    hollow: bool
    sha256: str | None
    written_at: str


class SyncStateStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # this laptop

    def registration(self) -> Registration | None:
        row = self.db.one("SELECT * FROM sync_register WHERE id = 1")
        if row is None:
            return None
        return Registration(
            register_id=str(row["register_id"]),
            laptop_id=str(row["laptop_id"]),
            folder=str(row["folder"]),
            private_key=bytes(row["private_key"]),
            key_id=int(row["key_id"]),
            clock=str(row["clock"]),
            last_number=int(row["last_number"]),
            audit_sent=int(row["audit_sent"]),
            scrubbed=int(row["scrubbed"]),
            joined_at=str(row["joined_at"]),
            last_sync_at=row["last_sync_at"],
            last_outcome=json.loads(row["last_outcome"]),
        )

    def register(
        self,
        register_id: str,
        laptop_id: str,
        folder: str,
        private_key: bytes,
        key_id: int,
        now: datetime,
    ) -> None:
        self.db.execute(
            "INSERT INTO sync_register (id, register_id, laptop_id, folder, private_key, key_id,"
            " joined_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
            (register_id, laptop_id, folder, private_key, key_id, now.isoformat()),
        )

    def update_registration(self, **values: object) -> None:
        allowed = {"folder", "private_key", "key_id", "clock", "last_number", "audit_sent",
                   "scrubbed", "last_sync_at", "last_outcome"}  # fmt: skip
        assert set(values) <= allowed, values
        assignments = ", ".join(f"{name} = ?" for name in values)
        params = [json.dumps(v) if isinstance(v, dict) else v for v in values.values()]
        self.db.execute(f"UPDATE sync_register SET {assignments} WHERE id = 1", params)

    # keys

    def keys(self) -> dict[int, bytes]:
        return {
            int(r["key_id"]): bytes(r["secret"]) for r in self.db.query("SELECT * FROM sync_key")
        }

    def add_key(self, key_id: int, secret: bytes) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO sync_key (key_id, secret) VALUES (?, ?)", (key_id, secret)
        )

    # laptops

    def laptops(self) -> list[Laptop]:
        return [
            _laptop(r) for r in self.db.query("SELECT * FROM sync_laptop ORDER BY label, laptop_id")
        ]

    def laptop(self, laptop_id: str) -> Laptop | None:
        row = self.db.one("SELECT * FROM sync_laptop WHERE laptop_id = ?", (laptop_id,))
        return _laptop(row) if row else None

    def put_laptop(
        self,
        laptop_id: str,
        label: str,
        status: LaptopStatus,
        public_key: bytes | None,
        cut: int = 0,
    ) -> None:
        self.db.execute(
            "INSERT INTO sync_laptop (laptop_id, label, status, public_key, cut)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (laptop_id) DO UPDATE SET"
            " label = excluded.label, status = excluded.status,"
            " public_key = coalesce(excluded.public_key, public_key),"
            " cut = max(cut, excluded.cut)",
            (laptop_id, label, status.value, public_key, cut),
        )

    def mark_applied(
        self, laptop_id: str, number: int, content: bool, written_at: str | None
    ) -> None:
        self.db.execute(
            "UPDATE sync_laptop SET applied = ?, last_written_at = coalesce(?, last_written_at),"
            " content_applied = CASE WHEN ? THEN ? ELSE content_applied END WHERE laptop_id = ?",
            (number, written_at, int(content), number, laptop_id),
        )

    def applied(self) -> dict[str, int]:
        return {
            str(r["laptop_id"]): int(r["applied"])
            for r in self.db.query("SELECT laptop_id, applied FROM sync_laptop")
        }

    def content_applied(self) -> dict[str, int]:
        return {
            str(r["laptop_id"]): int(r["content_applied"])
            for r in self.db.query("SELECT laptop_id, content_applied FROM sync_laptop")
        }

    def set_applied(self, frontier: Mapping[str, int]) -> None:
        """A new vault starts where its invitation's copy of the register ends."""
        self.db.execute_many(
            "UPDATE sync_laptop SET applied = ?, content_applied = ? WHERE laptop_id = ?",
            [(n, n, laptop) for laptop, n in frontier.items()],
        )

    # acknowledgements: what each laptop said it had seen

    def acks(self) -> dict[str, dict[str, int]]:
        found: dict[str, dict[str, int]] = {}
        for row in self.db.query("SELECT * FROM sync_ack"):
            found.setdefault(str(row["laptop_id"]), {})[str(row["of_laptop"])] = int(row["number"])
        return found

    def record_acks(self, laptop_id: str, seen: Mapping[str, int]) -> None:
        self.db.execute_many(
            "INSERT INTO sync_ack (laptop_id, of_laptop, number) VALUES (?, ?, ?)"
            " ON CONFLICT (laptop_id, of_laptop)"
            " DO UPDATE SET number = max(number, excluded.number)",
            [(laptop_id, other, int(n)) for other, n in seen.items()],
        )

    # files this laptop wrote

    def add_own_file(
        self, number: int, key_id: int, body: bytes, content: bool, now: datetime
    ) -> None:
        self.db.execute(
            "INSERT INTO sync_own_file (number, key_id, body, content, written_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (number, key_id, body, int(content), now.isoformat()),
        )

    def own_files(self) -> list[OwnFile]:
        return [
            OwnFile(
                int(r["number"]),
                int(r["key_id"]),
                bytes(r["body"]),
                bool(r["content"]),
                bool(r["hollow"]),
                r["sha256"],
                str(r["written_at"]),
            )
            for r in self.db.query("SELECT * FROM sync_own_file ORDER BY number")
        ]

    def replace_own_body(self, number: int, body: bytes, hollow: bool = False) -> None:
        self.db.execute(
            "UPDATE sync_own_file SET body = ?, sha256 = NULL, hollow = max(hollow, ?)"
            " WHERE number = ?",
            (body, int(hollow), number),
        )

    def mark_written(self, number: int, sha256: str) -> None:
        self.db.execute("UPDATE sync_own_file SET sha256 = ? WHERE number = ?", (sha256, number))

    def drop_own_file(self, number: int) -> None:
        self.db.execute("DELETE FROM sync_own_file WHERE number = ?", (number,))

    # invitations this laptop made

    def add_invitation(self, invitation: PendingInvitation) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO sync_invitation (laptop_id, invitation_id, private_key, path,"
            " header, code_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                invitation.laptop_id,
                invitation.invitation_id,
                invitation.private_key,
                invitation.path,
                invitation.header,
                invitation.code_key,
                invitation.created_at,
            ),
        )

    def invitations(self) -> list[PendingInvitation]:
        return [
            PendingInvitation(
                str(r["laptop_id"]),
                str(r["invitation_id"]),
                bytes(r["private_key"]),
                str(r["path"]),
                bytes(r["header"]),
                bytes(r["code_key"]),
                str(r["created_at"]),
            )
            for r in self.db.query("SELECT * FROM sync_invitation ORDER BY created_at")
        ]

    def drop_invitation(self, laptop_id: str) -> None:
        self.db.execute("DELETE FROM sync_invitation WHERE laptop_id = ?", (laptop_id,))

    # what the outbox holds besides records

    def special_marks(self, last_mark: int, kinds: tuple[str, ...]) -> dict[str, list[str]]:
        """Laptops to announce, keys to hand out, audit events redacted: by kind."""
        found: dict[str, list[str]] = {}
        marks = ",".join("?" * len(kinds))
        for row in self.db.query(
            f"SELECT DISTINCT tbl, key FROM sync_outbox WHERE id <= ? AND tbl IN ({marks})",
            (last_mark, *kinds),
        ):
            found.setdefault(str(row["tbl"]), []).append(str(row["key"]))
        return found

    def mark(self, kind: str, key: str) -> None:
        self.db.execute("INSERT INTO sync_outbox (tbl, key, cols) VALUES (?, ?, '*')", (kind, key))

    def tombstone_count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM sync_tombstone"))


def _laptop(row: Row) -> Laptop:
    return Laptop(
        laptop_id=str(row["laptop_id"]),
        label=str(row["label"]),
        status=LaptopStatus(row["status"]),
        public_key=bytes(row["public_key"]) if row["public_key"] is not None else None,
        cut=int(row["cut"]),
        applied=int(row["applied"]),
        content_applied=int(row["content_applied"]),
        last_written_at=row["last_written_at"],
    )


def members(laptops: Iterable[Laptop]) -> list[Member]:
    return [laptop.member for laptop in laptops]
