"""The retention facts of every person, kept up to date by the database itself.

`retention_facts` holds, per person, what the retention rules read
(`domain.retention.PersonFacts`): status, roles, where their own clock starts,
the latest clock of their active children, the first and last payment,
withdrawn consent and closed request, whether a request is open and whether a
hold is active, an unconfirmed membership application and the health information's
own clock. Each field is defined once below as SQL over a person's id;
the triggers recompute the fields a write can move, for the people it names,
whoever writes (a service, an import, a merge, a restore, an erasure). The
scan then reads through indexes only the people whose clock started before a
cutoff computed from today and the policies (`store/retention.py`); the rules
decide. Nothing here depends on today or on the policies, which stay editable.

`identity_start` (the identity clock's start: the later of the person's own
clock and their children's) and `only_prospect` are generated columns, so the
identity index follows the stored fields without a definition of its own.
Anonymised people keep a row but are left out of every index: nothing of
theirs is listed. `recompute_sql` is every definition over every person, for
the migration that fills the table and for checks.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursenplus_desk.store.database import Database
from coursenplus_desk.store.last_contact import clock_sql

# The request statuses, as SQL literals.
OPEN_REQUESTS = "'received', 'identity_pending', 'in_progress'"
CLOSED_REQUESTS = "'answered', 'refused'"

# Each field of the table as SQL over the person whose id is the expression {id}.
FIELDS: dict[str, str] = {
    "status": "(SELECT status FROM person me WHERE me.id = {id})",
    "clock": f"(SELECT {clock_sql('me')} FROM person me WHERE me.id = {{id}})",
    "roles": "(SELECT coalesce(group_concat(role, ',' ORDER BY role), '') FROM person_role"
    " WHERE person_id = {id})",
    "children_clock": f"(SELECT max({clock_sql('c')}) FROM guardianship g"
    " JOIN person c ON c.id = g.student_id WHERE g.guardian_id = {id} AND c.status = 'active')",
    "first_paid": "(SELECT min(paid_on) FROM payment WHERE payer_id = {id})",
    "last_paid": "(SELECT max(paid_on) FROM payment WHERE payer_id = {id})",
    "first_withdrawn": "(SELECT min(withdrawn_on) FROM consent WHERE person_id = {id})",
    "last_withdrawn": "(SELECT max(withdrawn_on) FROM consent WHERE person_id = {id})",
    "request_open": "(EXISTS (SELECT 1 FROM data_subject_request WHERE person_id = {id}"
    f" AND status IN ({OPEN_REQUESTS})) OR EXISTS (SELECT 1 FROM data_subject_request"
    f" WHERE requester_id = {{id}} AND status IN ({OPEN_REQUESTS})))",
    "first_closed": "(SELECT min(answered_on) FROM data_subject_request WHERE person_id = {id}"
    f" AND status IN ({CLOSED_REQUESTS}))",
    "last_closed": "(SELECT max(answered_on) FROM data_subject_request WHERE person_id = {id}"
    f" AND status IN ({CLOSED_REQUESTS}))",
    "held": "EXISTS (SELECT 1 FROM legal_hold WHERE person_id = {id} AND lifted_on IS NULL)",
    # The latest application of someone whose membership was never anything but applied.
    "application_on": "(CASE WHEN NOT EXISTS (SELECT 1 FROM membership WHERE person_id = {id}"
    " AND status <> 'applied') THEN (SELECT max(applied_on) FROM membership"
    " WHERE person_id = {id} AND status = 'applied') END)",
    # Health information: the later of its recording and the end of the last course.
    "health_since": "(SELECT max(h.recorded_on, coalesce((SELECT max(e.ends_on)"
    " FROM enrollment e WHERE e.student_id = {id} AND e.status <> 'cancelled'), ''))"
    " FROM health_record h WHERE h.person_id = {id})",
    "health_ongoing": "EXISTS (SELECT 1 FROM health_record h JOIN enrollment e"
    " ON e.student_id = h.person_id WHERE h.person_id = {id} AND e.ends_on IS NULL"
    " AND e.status <> 'cancelled')",
}

TABLE_SQL = """
CREATE TABLE retention_facts (
    person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    clock TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    children_clock TEXT,
    first_paid TEXT,
    last_paid TEXT,
    first_withdrawn TEXT,
    last_withdrawn TEXT,
    request_open INTEGER NOT NULL DEFAULT 0,
    first_closed TEXT,
    last_closed TEXT,
    held INTEGER NOT NULL DEFAULT 0,
    application_on TEXT,
    health_since TEXT,
    health_ongoing INTEGER NOT NULL DEFAULT 0,
    identity_start TEXT GENERATED ALWAYS AS (max(clock, coalesce(children_clock, clock))) VIRTUAL,
    only_prospect INTEGER GENERATED ALWAYS AS (roles = 'prospect') VIRTUAL
);
-- What the scan reads: write its terms exactly so (`LISTED` and each column's range).
CREATE INDEX retention_facts_by_identity ON retention_facts (only_prospect, identity_start)
    WHERE status <> 'anonymised';
CREATE INDEX retention_facts_by_payment ON retention_facts (first_paid)
    WHERE first_paid IS NOT NULL AND status <> 'anonymised';
CREATE INDEX retention_facts_by_withdrawal ON retention_facts (first_withdrawn)
    WHERE first_withdrawn IS NOT NULL AND status <> 'anonymised';
CREATE INDEX retention_facts_by_closed_request ON retention_facts (first_closed)
    WHERE first_closed IS NOT NULL AND status <> 'anonymised';
CREATE INDEX retention_facts_held ON retention_facts (person_id)
    WHERE held = 1 AND status <> 'anonymised';
CREATE INDEX retention_facts_by_application ON retention_facts (application_on)
    WHERE application_on IS NOT NULL AND status <> 'anonymised';
CREATE INDEX retention_facts_by_health ON retention_facts (health_since)
    WHERE health_ongoing = 0 AND health_since IS NOT NULL AND status <> 'anonymised';
"""

# The term every index of the table carries: anonymised people are never listed.
LISTED = "status <> 'anonymised'"


@dataclass(frozen=True)
class Source:
    """A table whose rows name people, and the fields its writes can move."""

    table: str
    owners: tuple[str, ...]  # the columns that name a person
    columns: tuple[str, ...]  # the other columns that move the fields
    fields: tuple[str, ...]


SOURCES: tuple[Source, ...] = (
    Source("person_role", ("person_id",), ("role",), ("roles",)),
    Source("guardianship", ("guardian_id",), ("student_id",), ("children_clock",)),
    Source("payment", ("payer_id",), ("paid_on",), ("first_paid", "last_paid")),
    Source("consent", ("person_id",), ("withdrawn_on",), ("first_withdrawn", "last_withdrawn")),
    Source(
        "data_subject_request",
        ("person_id", "requester_id"),
        ("status", "answered_on"),
        ("request_open", "first_closed", "last_closed"),
    ),
    Source("legal_hold", ("person_id",), ("lifted_on",), ("held",)),
    Source("membership", ("person_id",), ("status", "applied_on"), ("application_on",)),
    Source("health_record", ("person_id",), ("recorded_on",), ("health_since", "health_ongoing")),
    Source(
        "enrollment", ("student_id",), ("status", "ends_on"), ("health_since", "health_ongoing")
    ),
)

# A person's own row moves their status and clock, and their guardians' children clock.
_PERSON_COLUMNS = ("status", "last_interaction_on", "created_on")


def _update(person: str, fields: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{name} = {FIELDS[name].format(id=person)}" for name in fields)
    return f"UPDATE retention_facts SET {assignments} WHERE person_id = {person};"


def _recompute(row: str, source: Source) -> str:
    return " ".join(_update(f"{row}.{owner}", source.fields) for owner in source.owners)


def trigger_names(source: Source) -> tuple[str, str, str]:
    """The triggers of a source: after an insert, a delete and an update."""
    table = source.table
    return (
        f"{table}_moves_retention_facts",
        f"{table}_removal_moves_retention_facts",
        f"{table}_change_moves_retention_facts",
    )


def _source_triggers(source: Source) -> list[str]:
    table = source.table
    watched = ", ".join((*source.owners, *source.columns))
    inserted, removed, changed = trigger_names(source)
    return [
        f"CREATE TRIGGER {inserted} AFTER INSERT ON {table} BEGIN {_recompute('NEW', source)} END;",
        f"CREATE TRIGGER {removed} AFTER DELETE ON {table} BEGIN {_recompute('OLD', source)} END;",
        f"CREATE TRIGGER {changed} AFTER UPDATE OF {watched}"
        f" ON {table} BEGIN {_recompute('OLD', source)} {_recompute('NEW', source)} END;",
    ]


def _person_triggers() -> list[str]:
    # Nothing can name a person before their row exists (foreign keys): a new row
    # starts with their own clock and status, every other field empty.
    guardians = "SELECT guardian_id FROM guardianship WHERE student_id = NEW.id"
    children = FIELDS["children_clock"].format(id="retention_facts.person_id")
    moved = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in _PERSON_COLUMNS)
    return [
        "CREATE TRIGGER person_starts_retention_facts AFTER INSERT ON person BEGIN"
        " INSERT INTO retention_facts (person_id, status, clock)"
        f" VALUES (NEW.id, NEW.status, {clock_sql('NEW')}); END;",
        f"CREATE TRIGGER person_change_moves_retention_facts AFTER UPDATE OF"
        f" {', '.join(_PERSON_COLUMNS)} ON person WHEN {moved} BEGIN"
        f" UPDATE retention_facts SET status = NEW.status, clock = {clock_sql('NEW')}"
        " WHERE person_id = NEW.id;"
        f" UPDATE retention_facts SET children_clock = {children}"
        f" WHERE person_id IN ({guardians}); END;",
    ]


def trigger_sql() -> str:
    """The triggers that keep `retention_facts` equal to its definitions."""
    statements = _person_triggers()
    for source in SOURCES:
        statements += _source_triggers(source)
    return "\n".join(statements)


def definitions_sql(person: str) -> str:
    """Every field, by its definition, of the person whose id is the SQL expression `person`."""
    return ", ".join(f"{sql.format(id=person)} AS {name}" for name, sql in FIELDS.items())


def recompute_sql() -> str:
    """Every person's row computed again from every source (the definitions, in full)."""
    names = ", ".join(FIELDS)
    return (
        f"INSERT OR REPLACE INTO retention_facts (person_id, {names})"
        f" SELECT p.id, {definitions_sql('p.id')} FROM person p"
    )


def rebuild(db: Database) -> None:
    """Every person's row again from the definitions: after rows were loaded without the
    triggers (a new vault taking a shared register's copy)."""
    db.execute("DELETE FROM retention_facts")
    db.execute(recompute_sql())
