"""Retention policies, legal holds, and the small per-person facts the scan needs.

The scan never aggregates the whole history: it first picks candidates through
indexes (where each person's clock starts, `person_by_clock`; payment and
withdrawal dates; restricted people; holds), then gathers a few facts for those
people only.

Request files (`data_subject_request` with its documents, rectification
changes and notes) belong to their subject. Exercising a right is no contact:
it never moves the person's clock; an open request (as subject or requester)
keeps the person from being due; the closing dates (`answered_on`, also set on
a refusal) start the request file's own clock. Files whose subject was erased (person_id
NULL) or anonymised have no person to be listed under: `unlinked_request_files`
finds them for `retention apply --all-overdue`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coursenplus_desk.domain.dates import add_months
from coursenplus_desk.domain.membership import DEFAULT_APPLICATION_MONTHS
from coursenplus_desk.domain.people import PersonStatus, Role
from coursenplus_desk.domain.retention import (
    Category,
    PersonFacts,
    Policies,
    Span,
    dated_cutoff,
    financial_cutoff,
)
from coursenplus_desk.store.database import Database, Row, iso, to_date, to_date_required
from coursenplus_desk.store.last_contact import CLOCK_SQL, clock_sql

CHUNK = 500  # ids per query, well under SQLite's limit on parameters
APPLICATION_MONTHS_SETTING = "retention.application_months"

_FACTS_SQL = """
{candidates}
SELECT p.id, p.status, {clock} AS clock,
    (SELECT group_concat(role) FROM person_role r WHERE r.person_id = p.id) AS roles,
    (SELECT max({child_clock}) FROM guardianship g JOIN person c ON c.id = g.student_id
        WHERE g.guardian_id = p.id AND c.status = 'active') AS children_clock,
    (SELECT min(paid_on) FROM payment WHERE payer_id = p.id) AS first_paid,
    (SELECT max(paid_on) FROM payment WHERE payer_id = p.id) AS last_paid,
    (SELECT min(withdrawn_on) FROM consent WHERE person_id = p.id) AS first_withdrawn,
    (SELECT max(withdrawn_on) FROM consent WHERE person_id = p.id) AS last_withdrawn,
    EXISTS (SELECT 1 FROM data_subject_request WHERE person_id = p.id AND status IN ({open}))
        OR EXISTS (SELECT 1 FROM data_subject_request WHERE requester_id = p.id
            AND status IN ({open})) AS request_open,
    (SELECT min(answered_on) FROM data_subject_request WHERE person_id = p.id
        AND status IN ({closed})) AS first_closed,
    (SELECT max(answered_on) FROM data_subject_request WHERE person_id = p.id
        AND status IN ({closed})) AS last_closed,
    EXISTS (SELECT 1 FROM legal_hold h WHERE h.person_id = p.id AND h.lifted_on IS NULL)
        AS held,
    CASE WHEN NOT EXISTS (SELECT 1 FROM membership WHERE person_id = p.id
            AND status <> 'applied')
        THEN (SELECT max(applied_on) FROM membership WHERE person_id = p.id
            AND status = 'applied') END AS application_on,
    (SELECT max(h.recorded_on, coalesce((SELECT max(e.ends_on) FROM enrollment e
            WHERE e.student_id = p.id AND e.status <> 'cancelled'), ''))
        FROM health_record h WHERE h.person_id = p.id) AS health_since,
    EXISTS (SELECT 1 FROM health_record h JOIN enrollment e ON e.student_id = h.person_id
        WHERE h.person_id = p.id AND e.ends_on IS NULL AND e.status <> 'cancelled')
        AS health_ongoing
FROM person p
WHERE p.status <> 'anonymised' AND p.id IN ({ids})
ORDER BY p.id
"""

# Everyone who might have something due by as_of + window: a superset found through indexes.
_CANDIDATES_TEMPLATE = """
WITH candidate (id) AS (
    SELECT id FROM person WHERE {clock} <= :identity
    UNION ALL SELECT p.id FROM person_role r JOIN person p ON p.id = r.person_id
        WHERE r.role = 'prospect' AND {clock_p} <= :prospect
    UNION ALL SELECT payer_id FROM payment WHERE paid_on <= :financial AND payer_id IS NOT NULL
    UNION ALL SELECT person_id FROM consent WHERE withdrawn_on <= :consent
    UNION ALL SELECT id FROM person WHERE status = 'restricted'
    UNION ALL SELECT person_id FROM legal_hold WHERE lifted_on IS NULL
    UNION ALL SELECT person_id FROM data_subject_request
        WHERE answered_on <= :request AND person_id IS NOT NULL
    UNION ALL SELECT person_id FROM membership WHERE status = 'applied'
        AND applied_on <= :application
    UNION ALL SELECT person_id FROM health_record
)
"""
_CANDIDATES_SQL = _CANDIDATES_TEMPLATE.format(clock=CLOCK_SQL, clock_p=clock_sql("p"))


# The request statuses, as SQL literals (the facts query is formatted, never parameterised).
_OPEN = "'received', 'identity_pending', 'in_progress'"
_CLOSED = "'answered', 'refused'"

# The parts of a request file, erased with it (rectification old/new values included).
REQUEST_FILE_PARTS = ("request_change", "request_note", "request_document", "request_recipient")


@dataclass(frozen=True)
class Hold:
    id: int
    person_id: int
    reason: str
    placed_on: date
    lifted_on: date | None


class RetentionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # Policies

    def policies(self) -> Policies:
        rows = self.db.query("SELECT category, years FROM retention_policy")
        months = self.db.scalar(
            "SELECT value FROM setting WHERE key = ?", (APPLICATION_MONTHS_SETTING,)
        )
        return Policies(
            {Category(row["category"]): int(row["years"]) for row in rows},
            int(months) if months is not None else DEFAULT_APPLICATION_MONTHS,
        )

    def set_application_months(self, months: int) -> None:
        self.db.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (APPLICATION_MONTHS_SETTING, str(months)),
        )

    def set_policy(self, category: Category, years: int) -> None:
        self.db.execute(
            "INSERT INTO retention_policy (category, years) VALUES (?, ?)"
            " ON CONFLICT (category) DO UPDATE SET years = excluded.years",
            (category.value, years),
        )

    # Legal holds

    def place_hold(self, person_id: int, reason: str, on: date) -> int:
        return self.db.execute(
            "INSERT INTO legal_hold (person_id, reason, placed_on) VALUES (?, ?, ?)",
            (person_id, reason, iso(on)),
        )

    def lift_holds(self, person_id: int, on: date) -> int:
        """Lift every active hold of the person; how many there were."""
        return self.db.changes(
            "UPDATE legal_hold SET lifted_on = ? WHERE person_id = ? AND lifted_on IS NULL",
            (iso(on), person_id),
        )

    def active_holds(self, person_id: int | None = None) -> list[Hold]:
        sql = "SELECT * FROM legal_hold WHERE lifted_on IS NULL"
        params: list[object] = []
        if person_id is not None:
            sql += " AND person_id = ?"
            params.append(person_id)
        return [_hold(row) for row in self.db.query(sql + " ORDER BY placed_on, id", params)]

    def is_held(self, person_id: int) -> bool:
        return bool(self.active_holds(person_id))

    # The scan

    def candidate_facts(
        self, as_of: date, window_days: int, policies: Policies
    ) -> Iterator[PersonFacts]:
        """The facts of everyone who might have something due by as_of + window, in one query."""
        sql = _facts_sql(_CANDIDATES_SQL, "SELECT id FROM candidate")
        for row in self.db.query(sql, _cutoffs(as_of, window_days, policies)):
            yield _facts(row)

    def candidate_ids(self, as_of: date, window_days: int, policies: Policies) -> list[int]:
        sql = _CANDIDATES_SQL + "SELECT DISTINCT id FROM candidate ORDER BY id"
        return [int(v) for v in self.db.column(sql, _cutoffs(as_of, window_days, policies))]

    def facts(self, person_ids: Sequence[int]) -> Iterator[PersonFacts]:
        """The facts of these people (anonymised people have none), in id order."""
        for start in range(0, len(person_ids), CHUNK):
            chunk = person_ids[start : start + CHUNK]
            sql = _facts_sql("", ",".join("?" * len(chunk)))
            for row in self.db.query(sql, list(chunk)):
                yield _facts(row)

    def facts_of(self, person_id: int) -> PersonFacts | None:
        return next(iter(self.facts([person_id])), None)

    # What an action touches

    def payments(self, person_id: int) -> list[tuple[int, date]]:
        rows = self.db.query("SELECT id, paid_on FROM payment WHERE payer_id = ?", (person_id,))
        return [(int(r["id"]), to_date_required(r["paid_on"])) for r in rows]

    def withdrawn_consents(self, person_id: int) -> list[tuple[int, date]]:
        rows = self.db.query(
            "SELECT id, withdrawn_on FROM consent WHERE person_id = ? AND withdrawn_on IS NOT NULL",
            (person_id,),
        )
        return [(int(r["id"]), to_date_required(r["withdrawn_on"])) for r in rows]

    def closed_requests(self, person_id: int) -> list[tuple[int, date]]:
        """The person's closed request files (they are the subject) with their closing dates."""
        rows = self.db.query(
            "SELECT id, answered_on FROM data_subject_request WHERE person_id = ?"
            f" AND status IN ({_CLOSED}) AND answered_on IS NOT NULL",
            (person_id,),
        )
        return [(int(r["id"]), to_date_required(r["answered_on"])) for r in rows]

    def unlinked_request_files(self, closed_by: date) -> list[tuple[int, date]]:
        """Closed request files closed by that day whose subject was erased or anonymised."""
        rows = self.db.query(
            "SELECT r.id, r.answered_on FROM data_subject_request r"
            " LEFT JOIN person p ON p.id = r.person_id"
            # `+r.status`: reach the rows through the closing date, not the status index.
            f" WHERE r.answered_on <= ? AND +r.status IN ({_CLOSED})"
            " AND (r.person_id IS NULL OR p.status = 'anonymised') ORDER BY r.id",
            (iso(closed_by),),
        )
        return [(int(r["id"]), to_date_required(r["answered_on"])) for r in rows]

    def request_file_parts(self, request_ids: Sequence[int]) -> dict[str, list[int]]:
        """The ids of each part (changes, notes, documents) of these request files."""
        parts: dict[str, list[int]] = {table: [] for table in REQUEST_FILE_PARTS}
        for start in range(0, len(request_ids), CHUNK):
            chunk = list(request_ids[start : start + CHUNK])
            marks = ",".join("?" * len(chunk))
            for table in REQUEST_FILE_PARTS:
                parts[table] += [
                    int(v)
                    for v in self.db.column(
                        f"SELECT id FROM {table} WHERE request_id IN ({marks})", chunk
                    )
                ]
        return parts


def _facts_sql(candidates: str, ids: str) -> str:
    return _FACTS_SQL.format(
        candidates=candidates,
        ids=ids,
        open=_OPEN,
        closed=_CLOSED,
        clock=clock_sql("p"),
        child_clock=clock_sql("c"),
    )


def _cutoffs(as_of: date, window_days: int, policies: Policies) -> dict[str, object]:
    def cutoff(category: Category) -> str | None:
        return iso(dated_cutoff(as_of, window_days, policies.of(category)))

    return {
        "identity": cutoff(Category.IDENTIFICATION),
        "prospect": cutoff(Category.PROSPECT),
        "financial": iso(financial_cutoff(as_of, window_days, policies)),
        "consent": cutoff(Category.CONSENT),
        "request": cutoff(Category.REQUEST),
        "application": iso(
            add_months(as_of + timedelta(days=window_days), -policies.application_months)
        ),
    }


def _facts(row: Row) -> PersonFacts:
    # Tens of thousands of rows per scan: plain lookups, no enum parsing per row.
    return PersonFacts(
        person_id=int(row["id"]),
        roles=_ROLE_SETS.get(row["roles"]) or _roles(row["roles"]),
        last_contact_on=to_date(row["clock"]),
        status=_STATUSES[row["status"]],
        children_last_contact_on=to_date(row["children_clock"]),
        payments=_span(row["first_paid"], row["last_paid"]),
        withdrawals=_span(row["first_withdrawn"], row["last_withdrawn"]),
        request_open=bool(row["request_open"]),
        requests_closed=_span(row["first_closed"], row["last_closed"]),
        held=bool(row["held"]),
        application_on=to_date(row["application_on"]),
        health_since=to_date(row["health_since"]),
        health_ongoing=bool(row["health_ongoing"]),
    )


def _span(first: object, last: object) -> Span | None:
    start, end = to_date(first), to_date(last)
    return Span(start, end) if start and end else None


_STATUSES = {status.value: status for status in PersonStatus}
_ROLE_SETS = {role.value: frozenset({role}) for role in Role}


def _roles(joined: str | None) -> frozenset[Role]:
    return frozenset(Role(value) for value in (joined or "").split(",") if value)


def _hold(row: Row) -> Hold:
    return Hold(
        id=int(row["id"]),
        person_id=int(row["person_id"]),
        reason=row["reason"],
        placed_on=to_date_required(row["placed_on"]),
        lifted_on=to_date(row["lifted_on"]),
    )


def ids_of(rows: Iterable[tuple[int, date]]) -> list[int]:
    return [record_id for record_id, _ in rows]
