"""The records' history (values that lost a concurrent edit) and the "to review" list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from coursenplus_desk.store.database import Database, Row


class ReviewKind(StrEnum):
    CONFLICT = "conflict"  # two laptops changed the same field concurrently
    CYCLE = "cycle"  # a merged guardianship makes someone their own guardian
    DOUBLE_ENROLLMENT = "double-enrollment"  # a student enrolled twice in one group
    RESTRICTED_EDIT = "restricted-edit"  # an edit of a restricted person was not applied
    RESTRICTED_ADDITION = "restricted-addition"  # a record added to a restricted person
    NOT_APPLIED = "not-applied"  # a change this vault could not take (kept out, listed)


@dataclass(frozen=True)
class ReviewItem:
    id: int
    kind: ReviewKind
    table: str
    key: str
    column: str
    kept_stamp: str
    other_value: Any  # the value that lost (conflicts only)
    other_stamp: str
    details: dict[str, Any]
    noted_at: str
    resolved_at: str | None


class ReviewStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def keep_loser(
        self, table: str, key: str, column: str, value: Any, stamp: str, now: datetime
    ) -> int:
        return self.db.execute(
            "INSERT INTO sync_history (tbl, key, col, value, hlc, kept_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (table, key, column, json.dumps(value, ensure_ascii=False), stamp, now.isoformat()),
        )

    def note(
        self,
        kind: ReviewKind,
        table: str,
        key: str,
        now: datetime,
        *,
        column: str = "",
        kept_stamp: str = "",
        other_id: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> int:
        return self.db.execute(
            "INSERT INTO sync_review (kind, tbl, key, col, kept_hlc, other_id, details, noted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                kind.value,
                table,
                key,
                column,
                kept_stamp,
                other_id,
                json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
                now.isoformat(),
            ),
        )

    def items(self, include_resolved: bool = False) -> list[ReviewItem]:
        where = "" if include_resolved else " WHERE r.resolved_at IS NULL"
        rows = self.db.query(
            "SELECT r.*, h.value AS other_value, h.hlc AS other_hlc FROM sync_review r"
            f" LEFT JOIN sync_history h ON h.id = r.other_id{where} ORDER BY r.id"
        )
        return [_item(row) for row in rows]

    def item(self, item_id: int) -> ReviewItem | None:
        row = self.db.one(
            "SELECT r.*, h.value AS other_value, h.hlc AS other_hlc FROM sync_review r"
            " LEFT JOIN sync_history h ON h.id = r.other_id WHERE r.id = ?",
            (item_id,),
        )
        return _item(row) if row else None

    def open_count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM sync_review WHERE resolved_at IS NULL"))

    def resolve(self, item_id: int, now: datetime) -> None:
        self.db.execute(
            "UPDATE sync_review SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL",
            (now.isoformat(), item_id),
        )

    def history(self, key: str) -> list[tuple[str, Any, str]]:
        """(column, value, stamp) of the values of a record that lost, oldest first."""
        return [
            (str(row["col"]), json.loads(row["value"]), str(row["hlc"]))
            for row in self.db.query(
                "SELECT col, value, hlc FROM sync_history WHERE key = ? ORDER BY id", (key,)
            )
        ]


def _item(row: Row) -> ReviewItem:
    other = row["other_value"]
    return ReviewItem(
        id=int(row["id"]),
        kind=ReviewKind(row["kind"]),
        table=str(row["tbl"]),
        key=str(row["key"]),
        column=str(row["col"]),
        kept_stamp=str(row["kept_hlc"]),
        other_value=json.loads(other) if other is not None else None,
        other_stamp=str(row["other_hlc"] or ""),
        details=json.loads(row["details"]),
        noted_at=str(row["noted_at"]),
        resolved_at=row["resolved_at"],
    )
