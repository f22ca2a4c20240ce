"""A person's last interaction: one definition, kept up to date by the database itself.

`person.last_interaction_on` is the latest date of the person's dated
interactions: contacts, payments they made, enrollments, memberships, and the
groups they teach. A period that is still running counts with its planned end
(`RUNNING` when it has none), so the stored date can lie in the future; the
last *contact* as of a day is that date capped at the day
(`domain.people.last_contact`), and the day the record was typed in counts only
for someone with no dated interaction at all (the column is then NULL).
Requests are not interactions: a request file has its own clock.

The triggers below are the only writers of the column, whoever writes the
records (a service, an import, the demo, a restore, a merge): an insert moves
the date forward, an update or a delete computes it again from every source.
`recompute_sql` is the same definition over every person, for checks.
"""

from __future__ import annotations

from dataclasses import dataclass

RUNNING = "9999-12-31"  # the planned end of a period without one

# Where a person's clock starts, as indexed (`person_by_clock`): write it exactly so
# (with or without a table alias) for SQLite to use the index.
CLOCK_SQL = "coalesce(last_interaction_on, created_on)"


def clock_sql(alias: str) -> str:
    return f"coalesce({alias}.last_interaction_on, {alias}.created_on)"


@dataclass(frozen=True)
class Source:
    table: str
    owner: str  # the column that names the person
    day: str  # the row's interaction date, as SQL over the row named {row}
    columns: tuple[str, ...]  # the columns that move it


SOURCES: tuple[Source, ...] = (
    Source("contact_event", "person_id", "{row}.occurred_on", ("occurred_on",)),
    Source("payment", "payer_id", "{row}.paid_on", ("paid_on",)),
    Source(
        "enrollment",
        "student_id",
        "CASE WHEN {row}.status = 'cancelled' THEN coalesce({row}.ends_on, {row}.starts_on)"
        f" ELSE coalesce({{row}}.ends_on, '{RUNNING}') END",
        ("starts_on", "ends_on", "status"),
    ),
    Source(
        "membership",
        "person_id",
        "CASE WHEN {row}.status = 'applied' THEN coalesce({row}.applied_on, {row}.starts_on)"
        " ELSE {row}.ends_on END",
        ("starts_on", "ends_on", "status", "applied_on"),
    ),
    Source("course_group", "tutor_id", f"coalesce({{row}}.ends_on, '{RUNNING}')", ("ends_on",)),
)


def latest_sql(person: str) -> str:
    """The latest interaction date of the person whose id is the SQL expression `person`."""
    parts = [
        f"SELECT max({source.day.format(row='s')}) AS d FROM {source.table} s"
        f" WHERE s.{source.owner} = {person}"
        for source in SOURCES
    ]
    return "(SELECT max(d) FROM (" + " UNION ALL ".join(parts) + "))"


def recompute_sql() -> str:
    """Every person's date computed again from every source (the definition, in full)."""
    return f"UPDATE person SET last_interaction_on = {latest_sql('person.id')}"


def _recompute_one(person: str) -> str:
    return f"UPDATE person SET last_interaction_on = {latest_sql(person)} WHERE id = {person};"


def trigger_sql() -> str:
    """The triggers that keep `person.last_interaction_on` equal to its definition."""
    statements = []
    for source in SOURCES:
        table, owner = source.table, source.owner
        new_day = source.day.format(row="NEW")
        statements.append(
            f"CREATE TRIGGER {table}_moves_last_interaction AFTER INSERT ON {table}"
            f" WHEN NEW.{owner} IS NOT NULL BEGIN"
            f" UPDATE person SET last_interaction_on = {new_day}"
            f" WHERE id = NEW.{owner}"
            f" AND (last_interaction_on IS NULL OR last_interaction_on < {new_day}); END;"
        )
        statements.append(
            f"CREATE TRIGGER {table}_removal_moves_last_interaction AFTER DELETE ON {table}"
            f" WHEN OLD.{owner} IS NOT NULL BEGIN {_recompute_one(f'OLD.{owner}')} END;"
        )
        watched = ", ".join((owner, *source.columns))
        statements.append(
            f"CREATE TRIGGER {table}_change_moves_last_interaction"
            f" AFTER UPDATE OF {watched} ON {table} BEGIN"
            f" {_recompute_one(f'OLD.{owner}')} {_recompute_one(f'NEW.{owner}')} END;"
        )
    return "\n".join(statements)
