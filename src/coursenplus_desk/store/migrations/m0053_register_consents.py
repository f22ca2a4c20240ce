"""Schema 53: the register and the consent ledger agree.

Each processing activity may name the consent purposes it serves (and the
special categories of data it handles). The information about future
activities rests on consent, as the ledger already asks for it; the
newsletter, photos and testimonials, and health information get their
consent-based activities. Texts are the presets' message ids, translated
where they are shown; an association's own edits are left as written.
"""

import uuid

from coursenplus_desk.domain.register_presets import (
    CONSENT_ACTIVITIES,
    FUTURE_ACTIVITIES,
    FUTURE_ACTIVITIES_PURPOSE,
    FUTURE_ACTIVITIES_PURPOSES,
    PRESET_ACTIVITIES,
)


def _quoted(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


_COLUMNS = ("name", "purpose", "legal_basis", "people", "data", "recipients", "retention",
            "security", "consent_purposes", "special_categories")  # fmt: skip
_SQL_COLUMNS = ", ".join(c if c != "retention" else "retention_category" for c in _COLUMNS)


def _preset_uuid(name: str) -> str:
    """The same on every vault: laptops sharing a register that each run this migration
    add one activity, not one per laptop."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"coursenplus-desk:register-preset:{name}"))


def _inserts() -> str:
    statements = []
    for preset in CONSENT_ACTIVITIES:
        values = ", ".join(_quoted(preset.get(key, "")) for key in _COLUMNS)
        statements.append(
            f"INSERT OR IGNORE INTO processing_activity (uuid, position, {_SQL_COLUMNS})"
            f" SELECT {_quoted(_preset_uuid(str(preset['name'])))},"
            f" coalesce(max(position), 0) + 1, {values} FROM processing_activity;"
        )
    return "\n".join(statements)


_OLD_PURPOSE = PRESET_ACTIVITIES[3]["purpose"]

SQL = f"""
ALTER TABLE processing_activity ADD COLUMN consent_purposes TEXT NOT NULL DEFAULT '';
ALTER TABLE processing_activity ADD COLUMN special_categories TEXT NOT NULL DEFAULT '';

UPDATE processing_activity
    SET legal_basis = 'consent',
        consent_purposes = {_quoted(",".join(FUTURE_ACTIVITIES_PURPOSES))},
        purpose = CASE WHEN purpose = {_quoted(_OLD_PURPOSE)}
            THEN {_quoted(FUTURE_ACTIVITIES_PURPOSE)} ELSE purpose END
    WHERE name = {_quoted(FUTURE_ACTIVITIES)};

{_inserts()}
"""
