"""Schema 6: the register of processing activities (pre-filled) and the breach register."""

from __future__ import annotations

from enum import StrEnum

from coursenplus_desk.domain.register import LegalBasis
from coursenplus_desk.domain.register_presets import PRESET_ACTIVITIES
from coursenplus_desk.domain.retention import Category


def _quoted(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _choices(values: type[StrEnum]) -> str:
    return ", ".join(_quoted(v.value) for v in values)


_COLUMNS = ("position", "name", "purpose", "legal_basis", "people", "data", "recipients",
            "retention_category", "security")  # fmt: skip


def _presets() -> str:
    rows = []
    for position, preset in enumerate(PRESET_ACTIVITIES, start=1):
        values = [str(position), *(_quoted(preset[key]) for key in (
            "name", "purpose", "legal_basis", "people", "data", "recipients", "retention",
            "security",
        ))]  # fmt: skip
        rows.append("(" + ", ".join(values) + ")")
    return (
        f"INSERT INTO processing_activity ({', '.join(_COLUMNS)}) VALUES\n" + ",\n".join(rows) + ";"
    )


SQL = f"""
CREATE TABLE processing_activity (
    id INTEGER PRIMARY KEY,
    position INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL CHECK (name <> ''),
    purpose TEXT NOT NULL,
    legal_basis TEXT NOT NULL CHECK (legal_basis IN ({_choices(LegalBasis)})),
    people TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '',
    recipients TEXT NOT NULL DEFAULT '',
    transfers TEXT NOT NULL DEFAULT '',
    safeguards TEXT NOT NULL DEFAULT '',
    -- a retention category: the years are read from retention_policy, never copied
    retention_category TEXT NOT NULL CHECK (retention_category IN ({_choices(Category)})),
    security TEXT NOT NULL DEFAULT ''
);
{_presets()}

CREATE TABLE breach (
    id INTEGER PRIMARY KEY,
    discovered_at TEXT NOT NULL,
    nature TEXT NOT NULL CHECK (nature <> ''),
    data_concerned TEXT NOT NULL DEFAULT '',
    people_concerned TEXT NOT NULL DEFAULT '',
    consequences TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT '',
    notified_on TEXT,
    not_notified_reason TEXT NOT NULL DEFAULT '',
    people_told_on TEXT,
    not_told_reason TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL
);
"""
