"""Change capture: triggers write an outbox row in the same transaction as every write.

Whoever writes (a service, an import, a retention action) the trigger notes
the table, the record's identity and the names of the columns that changed
(`*` for a new row, `-` for a deleted one). Values are read when the changes
are published, so the outbox holds no personal value. The triggers run only
while `sync_capture.active` is 1: when the vault is shared and not while a
sync applies other laptops' changes. They are generated from the live schema
and replaced whenever it changed (a migration that adds a column).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.sync.tables import KeyKind, Schema, TableShape

PREFIX = "sync_capture_"
_ACTIVE = "(SELECT active FROM sync_capture WHERE id = 1) = 1"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def key_expression(shape: TableShape, row: str) -> str:
    """SQL for the record's identity as shared, from the `NEW` or `OLD` row."""
    if shape.table.kind is KeyKind.UUID:
        return f"{row}.uuid"
    parts = []
    for column, reference in zip(shape.table.key_columns, shape.key_references, strict=True):
        if reference is None:
            parts.append(f"{row}.{_quoted(column)}")
        else:
            parts.append(f"(SELECT uuid FROM {reference.table} WHERE id = {row}.{_quoted(column)})")
    missing = " OR ".join(f"{part} IS NULL" for part in parts)
    return f"(CASE WHEN {missing} THEN NULL ELSE json_array({', '.join(parts)}) END)"


def _changed(shape: TableShape) -> str:
    if not shape.columns:
        return "''"
    return " || ".join(
        f"(CASE WHEN OLD.{_quoted(c)} IS NOT NEW.{_quoted(c)} THEN {_text(c + ',')} ELSE '' END)"
        for c in shape.columns
    )


def _when(shape: TableShape, row: str) -> str:
    condition = _ACTIVE
    if shape.table.only_keys:
        allowed = ", ".join(_text(key) for key in shape.table.only_keys)
        condition += f" AND {row}.{_quoted(shape.table.key_columns[0])} IN ({allowed})"
    return condition


def trigger_statements(shape: TableShape) -> dict[str, str]:
    """The three capture triggers of one table, by name."""
    name, table = shape.name, _text(shape.name)
    insert_into = "INSERT INTO sync_outbox (tbl, key, cols)"
    new, old = key_expression(shape, "NEW"), key_expression(shape, "OLD")
    if shape.table.kind is KeyKind.UUID:
        on_insert = f"{insert_into} VALUES ({table}, NEW.uuid, '*');"
        on_update = (
            f"{insert_into} SELECT {table}, NEW.uuid, c FROM (SELECT {_changed(shape)} AS c)"
            " WHERE c <> '';"
        )
        on_delete = f"{insert_into} VALUES ({table}, OLD.uuid, '-');"
    else:
        on_insert = (
            f"{insert_into} SELECT {table}, k, '*' FROM (SELECT {new} AS k) WHERE k IS NOT NULL;"
        )
        on_update = (
            f"{insert_into} SELECT {table}, k, '-' FROM (SELECT {old} AS k, {new} AS n)"
            " WHERE k IS NOT NULL AND k IS NOT n;\n    "
            f"{insert_into} SELECT {table}, k, CASE WHEN k IS NOT o THEN '*' ELSE c END"
            f" FROM (SELECT {new} AS k, {old} AS o, {_changed(shape)} AS c)"
            " WHERE k IS NOT NULL AND (k IS NOT o OR c <> '');"
        )
        on_delete = (
            f"{insert_into} SELECT {table}, k, '-' FROM (SELECT {old} AS k) WHERE k IS NOT NULL;"
        )
    statements = {}
    for event, row, body in (
        ("insert", "NEW", on_insert),
        ("update", "NEW", on_update),
        ("delete", "OLD", on_delete),
    ):
        trigger = f"{PREFIX}{name}_{event}"
        statements[trigger] = (
            f"CREATE TRIGGER {trigger} AFTER {event.upper()} ON {_quoted(name)}"
            f" WHEN {_when(shape, row)}\nBEGIN\n    {body}\nEND"
        )
    return statements


# An expired view redacted in this laptop's audit trail is redacted in the others' copies.
REDACTION_TRIGGER = (
    f"CREATE TRIGGER {PREFIX}audit_event_redacted AFTER UPDATE OF redacted ON audit_event"
    f" WHEN {_ACTIVE} AND NEW.redacted = 1 AND OLD.redacted = 0\nBEGIN\n"
    "    INSERT INTO sync_outbox (tbl, key, cols) VALUES ('audit_event', NEW.id, 'redacted');\n"
    "END"
)


def install_triggers(db: Database, schema: Schema) -> int:
    """Make the capture triggers match the schema; the number (re)created."""
    wanted: dict[str, str] = {f"{PREFIX}audit_event_redacted": REDACTION_TRIGGER}
    for shape in schema.ordered():
        wanted.update(trigger_statements(shape))
    present = {
        str(row["name"]): str(row["sql"])
        for row in db.query(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?",
            (PREFIX + "%",),
        )
    }
    if present == wanted:
        return 0  # nothing to write: a vault opened read-only (damaged) still opens
    changed = 0
    with db.transaction():
        for name in present.keys() - wanted.keys():
            db.execute(f"DROP TRIGGER {name}")
        for name, sql in wanted.items():
            if present.get(name) != sql:
                if name in present:
                    db.execute(f"DROP TRIGGER {name}")
                db.execute(sql)
                changed += 1
    return changed


def remove_triggers(db: Database) -> None:
    names = db.column(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", (PREFIX + "%",)
    )
    if not names:
        return  # the usual case: no write at unlock, so a damaged vault still opens
    with db.transaction():
        for name in names:
            db.execute(f"DROP TRIGGER {name}")


def set_active(db: Database, active: bool) -> None:
    db.execute("UPDATE sync_capture SET active = ? WHERE id = 1", (int(active),))


def is_active(db: Database) -> bool:
    return bool(db.scalar("SELECT active FROM sync_capture WHERE id = 1"))


@contextmanager
def paused(db: Database) -> Iterator[None]:
    """Inside a transaction: writes made here are other laptops' changes, not ours to publish."""
    was = is_active(db)
    set_active(db, False)
    try:
        yield
    finally:
        set_active(db, was)


def pending_count(db: Database) -> int:
    """Records changed here and not yet published (a person's roles count with the person)."""
    return int(
        db.scalar(
            "SELECT count(DISTINCT CASE WHEN key LIKE '[%' THEN json_extract(key, '$[0]')"
            " ELSE key END) FROM sync_outbox WHERE tbl NOT IN ('laptop', 'key', 'audit_event')"
        )
    )
