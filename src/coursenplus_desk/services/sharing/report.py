"""What one sync did: files applied and written, conflicts, what it waits for, its notices."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coursenplus_desk.services.sharing.notices import Notice


@dataclass
class SyncReport:
    files_applied: int = 0
    changes_applied: int = 0
    conflicts: int = 0
    files_written: int = 0
    buried: int = 0
    waiting_for: set[str] = field(default_factory=set)
    notices: list[Notice] = field(default_factory=list)
    newer_program: bool = False
    folder_missing: bool = False
    removed: bool = False

    def notice(self, notice: Notice) -> None:
        if notice not in self.notices:
            self.notices.append(notice)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files_applied": self.files_applied,
            "changes_applied": self.changes_applied,
            "conflicts": self.conflicts,
            "files_written": self.files_written,
            "records_deleted": self.buried,
            "waiting_for": sorted(self.waiting_for),
            "newer_program": self.newer_program,
            "folder_missing": self.folder_missing,
            "removed": self.removed,
            "notices": [n.to_dict() for n in self.notices],
        }
