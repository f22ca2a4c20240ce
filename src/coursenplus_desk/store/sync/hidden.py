"""Restriction and anonymisation win over edits made meanwhile on other laptops.

A person's status moves to restricted or anonymised; when two laptops
change it concurrently, the more protective status wins (anonymised over
restricted over active), whatever the clocks say. The fields the action
emptied are *held*: while the person is hidden they stay empty on every
laptop, whatever order the edits arrive in, and an edit that would fill one
is dropped (and listed for review, without its value). A restriction made
for a request, which empties nothing, holds nothing: the data stays, hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasure import ANONYMISED_CLEARED, RESTRICTED_CLEARED
from coursenplus_desk.store.sync.review import ReviewKind, ReviewStore
from coursenplus_desk.store.sync.stamps import StampStore, effective

PRECEDENCE = {"active": 0, "restricted": 1, "anonymised": 2}
NAMES = ("given_name", "family_name")  # NOT NULL: emptied to ''
EMPTIED = {"restricted": RESTRICTED_CLEARED, "anonymised": (*ANONYMISED_CLEARED, *NAMES)}
HELD = "#held"  # travels with the change that hides a person: the fields it holds empty


def is_hidden(status: object) -> bool:
    return status in EMPTIED


def held_columns(row: Mapping[str, Any]) -> list[str]:
    """The fields a hidden person's row has empty among those its status empties.

    Read on the laptop that hid the person and sent along, so every laptop
    holds the same ones (a restriction made for a request empties nothing and
    holds only what was already empty).
    """
    status = row.get("status")
    if not is_hidden(status):
        return []
    return [c for c in EMPTIED[str(status)] if row.get(c) in (None, "")]


def take_held(values: dict[str, Any]) -> list[str]:
    """The held fields a change carries, removed from its values."""
    text = values.pop(HELD, None)
    return [c for c in str(text).split(",") if c] if isinstance(text, str) else []


class HiddenPeople:
    def __init__(self, db: Database, stamps: StampStore, review: ReviewStore) -> None:
        self.db = db
        self.stamps = stamps
        self.review = review

    def hold(self, key: str, columns: Iterable[str]) -> None:
        self.db.execute_many(
            "INSERT OR IGNORE INTO sync_held (key, col) VALUES (?, ?)", [(key, c) for c in columns]
        )

    def held(self, key: str) -> set[str]:
        return {str(c) for c in self.db.column("SELECT col FROM sync_held WHERE key = ?", (key,))}

    def release(self, key: str) -> None:
        self.db.execute("DELETE FROM sync_held WHERE key = ?", (key,))

    def holding(self, keys: Iterable[str]) -> set[str]:
        """Those of these people who have held fields."""
        wanted = list(keys)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                str(k)
                for k in self.db.column(
                    f"SELECT DISTINCT key FROM sync_held WHERE key IN ({marks})", chunk
                )
            )
        return found

    def refuse_filling(
        self, key: str, taken: dict[str, Any], status: object, now: datetime
    ) -> dict[str, Any]:
        """The incoming values without those that would fill a held field."""
        if not is_hidden(taken.get("status", status)):
            return taken
        held = self.held(key)
        refused = [c for c in held if taken.get(c) not in (None, "")]
        if refused:
            self.review.note(ReviewKind.RESTRICTED_EDIT, "person", key, now,
                             details={"columns": sorted(refused)})  # fmt: skip
        return {c: v for c, v in taken.items() if c not in refused}

    def enforce(self, key: str, person_id: int, stamp: str, stamps: Mapping[str, str]) -> None:
        """A hidden person's held fields empty, stamped at least as late as any edit of them."""
        status = self.db.scalar("SELECT status FROM person WHERE id = ?", (person_id,))
        if not is_hidden(status):
            self.release(key)
            return
        held = sorted(self.held(key))
        if not held:
            return
        row = self.db.one(f"SELECT {', '.join(held)} FROM person WHERE id = ?", (person_id,))
        filled = [c for c in held if row is not None and row[c] not in (None, "")]
        if filled:
            self.db.execute(
                "UPDATE person SET " + ", ".join(f"{c} = ?" for c in filled) + " WHERE id = ?",
                [*("" if c in NAMES else None for c in filled), person_id],
            )
        self.stamps.set("person", key, {c: max(effective(stamps, c), stamp) for c in held})
