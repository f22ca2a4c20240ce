"""Retention policies, legal holds, and the small per-person facts the scan needs.

The facts are kept per person by the database (`store/retention_facts.py`):
the scan reads, through indexes of that table, only the people whose clock
started before a cutoff computed from the as-of day, the window and the
policies, and the rules (`domain.retention.assess`) decide. `facts` computes
the same facts from their definitions over the records, for checks.

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
from functools import cache, lru_cache
from typing import Any

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
from coursenplus_desk.store.retention_facts import (
    CLOSED_REQUESTS,
    FIELDS,
    LISTED,
    definitions_sql,
)

CHUNK = 500  # ids per query, well under SQLite's limit on parameters
APPLICATION_MONTHS_SETTING = "retention.application_months"

# The columns of a facts row, in the order `_facts` reads them.
_COLUMNS = ("person_id", *FIELDS)

# The facts of these people, computed from their definitions over the records.
_DEFINED_SQL = (
    f"SELECT p.id AS person_id, {definitions_sql('p.id')} FROM person p"
    " WHERE p.status <> 'anonymised' AND p.id IN ({ids}) ORDER BY p.id"
)

# Everyone who might have something due by as_of + window: each range read through its
# index of `retention_facts` (a term written otherwise would miss the index).
_RANGES = (
    "only_prospect = 0 AND identity_start <= :identity",
    "only_prospect = 1 AND identity_start <= :prospect",
    "first_paid <= :financial",
    "first_withdrawn <= :consent",
    "first_closed <= :request",
    "held = 1",
    "application_on <= :application",
    "health_ongoing = 0 AND health_since <= :health",
)
DUE_SQL = (
    f"SELECT {', '.join(_COLUMNS)} FROM retention_facts WHERE person_id IN ("
    + " UNION ALL ".join(
        f"SELECT person_id FROM retention_facts WHERE {LISTED} AND {term}" for term in _RANGES
    )
    + ")"
)
_MAINTAINED_SQL = (
    f"SELECT {', '.join(_COLUMNS)} FROM retention_facts"
    f" WHERE {LISTED} AND person_id IN ({{ids}}) ORDER BY person_id"
)

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
        """The kept facts of everyone who might have something due by as_of + window."""
        for row in self.db.tuples(DUE_SQL, scan_cutoffs(as_of, window_days, policies)):
            yield _facts(row)

    def candidate_ids(self, as_of: date, window_days: int, policies: Policies) -> list[int]:
        facts = self.candidate_facts(as_of, window_days, policies)
        return sorted(person.person_id for person in facts)

    def facts(self, person_ids: Sequence[int]) -> Iterator[PersonFacts]:
        """The facts of these people (anonymised people have none), in id order, computed
        from their definitions over the records."""
        yield from self._chunked(_DEFINED_SQL, person_ids)

    def maintained_facts(self, person_ids: Sequence[int]) -> Iterator[PersonFacts]:
        """The same facts as `facts`, as the database keeps them for the scan."""
        yield from self._chunked(_MAINTAINED_SQL, person_ids)

    def facts_of(self, person_id: int) -> PersonFacts | None:
        return next(iter(self.facts([person_id])), None)

    def _chunked(self, sql: str, person_ids: Sequence[int]) -> Iterator[PersonFacts]:
        for start in range(0, len(person_ids), CHUNK):
            chunk = list(person_ids[start : start + CHUNK])
            for row in self.db.tuples(sql.format(ids=",".join("?" * len(chunk))), chunk):
                yield _facts(row)

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
            f" AND status IN ({CLOSED_REQUESTS}) AND answered_on IS NOT NULL",
            (person_id,),
        )
        return [(int(r["id"]), to_date_required(r["answered_on"])) for r in rows]

    def unlinked_request_files(self, closed_by: date) -> list[tuple[int, date]]:
        """Closed request files closed by that day whose subject was erased or anonymised."""
        rows = self.db.query(
            "SELECT r.id, r.answered_on FROM data_subject_request r"
            " LEFT JOIN person p ON p.id = r.person_id"
            # `+r.status`: reach the rows through the closing date, not the status index.
            f" WHERE r.answered_on <= ? AND +r.status IN ({CLOSED_REQUESTS})"
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


def scan_cutoffs(as_of: date, window_days: int, policies: Policies) -> dict[str, object]:
    """The last day each of `DUE_SQL`'s ranges reads, from the as-of day, window and policies."""

    def cutoff(category: Category) -> str | None:
        return iso(dated_cutoff(as_of, window_days, policies.of(category)))

    return {
        "identity": cutoff(Category.IDENTIFICATION),
        "prospect": cutoff(Category.PROSPECT),
        "financial": iso(financial_cutoff(as_of, window_days, policies)),
        "consent": cutoff(Category.CONSENT),
        "request": cutoff(Category.REQUEST),
        "health": cutoff(Category.HEALTH),
        "application": iso(
            add_months(as_of + timedelta(days=window_days), -policies.application_months)
        ),
    }


def _facts(row: tuple[Any, ...]) -> PersonFacts:
    # Thousands of rows per scan: read by position, made without keyword matching.
    (person_id, status, clock, roles, children_clock, first_paid, last_paid, first_withdrawn,
     last_withdrawn, request_open, first_closed, last_closed, held, application_on,
     health_since, health_ongoing) = row  # fmt: skip
    return _make_facts((
        person_id,
        _roles(roles),
        _day(clock),
        _STATUSES[status],
        _day(children_clock) if children_clock else None,
        bool(request_open),
        _span(first_paid, last_paid),
        _span(first_withdrawn, last_withdrawn),
        _span(first_closed, last_closed),
        bool(held),
        _day(application_on) if application_on else None,
        _day(health_since) if health_since else None,
        bool(health_ongoing),
    ))  # fmt: skip


_make_facts = PersonFacts._make


def _span(first: str | None, last: str | None) -> Span | None:
    return Span(_day(first), _day(last)) if first and last else None


@lru_cache(maxsize=8192)
def _day(text: str) -> date:
    # A scan reads thousands of dates, most of them many times (a few years of days).
    return date.fromisoformat(text)


_STATUSES = {status.value: status for status in PersonStatus}


@cache
def _roles(joined: str) -> frozenset[Role]:
    """The roles as the table keeps them ('guardian,student'): a few distinct values."""
    return frozenset(Role(value) for value in joined.split(",") if value)


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
