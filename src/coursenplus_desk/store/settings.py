"""Typed settings kept inside the vault (JSON values), never in the clear."""

from __future__ import annotations

import json

from coursenplus_desk.store.database import Database


class SettingsStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str) -> object | None:
        value = self.db.scalar("SELECT value FROM setting WHERE key = ?", (key,))
        return None if value is None else json.loads(value)

    def set(self, key: str, value: object) -> None:
        self.db.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False, sort_keys=True)),
        )

    def all(self) -> dict[str, object]:
        return {
            row["key"]: json.loads(row["value"]) for row in self.db.query("SELECT * FROM setting")
        }
