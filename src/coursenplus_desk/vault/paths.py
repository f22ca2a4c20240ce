"""The files of a vault folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "records.db"
HEADER_NAME = "keyslots.json"
LOCK_NAME = "vault.lock"


@dataclass(frozen=True)
class VaultPaths:
    folder: Path

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_NAME

    @property
    def header(self) -> Path:
        return self.folder / HEADER_NAME

    @property
    def lock(self) -> Path:
        return self.folder / LOCK_NAME

    def exists(self) -> bool:
        return self.header.exists() or self.database.exists()
