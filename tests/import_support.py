"""Shared helpers of the import and export tests: a real encrypted vault and table snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF

PASSPHRASE = "correct horse battery"
TODAY = date(2026, 11, 22)
TABLES = (
    "person",
    "person_role",
    "student_profile",
    "guardianship",
    "course",
    "course_group",
    "enrollment",
    "setting",
)


def new_workspace(folder: Path) -> Workspace:
    return create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), kdf=FAST_KDF)


def snapshot(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an import may write, to compare before and after."""
    return {
        table: sorted(
            (tuple(row) for row in workspace.db.query(f"SELECT * FROM {table}")), key=repr
        )
        for table in TABLES
    }


def audit_count(workspace: Workspace) -> int:
    return int(workspace.db.scalar("SELECT count(*) FROM audit_event"))


def cli_env(folder: Path) -> dict[str, str]:
    return {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(folder),
        "COURSENPLUS_LANG": "en",
        "COURSENPLUS_TODAY": TODAY.isoformat(),
    }
