"""The retention facts the database keeps per person, against a full recomputation.

After any sequence of writes and deletions, by any writer (plain SQL here, as a
restore, a merge or a future feature could write), every person's kept row
equals its definitions computed again from the records, and the scan, which
reads only the kept rows its indexes pick, finds exactly what assessing
every person from the recomputed facts finds, whatever the policies.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.retention import Category, assess
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.retention import DUE_SQL, scan_cutoffs
from coursenplus_desk.store.retention_batch import batched
from coursenplus_desk.store.retention_facts import FIELDS, definitions_sql, recompute_sql
from tests.backup_support import new_workspace
from tests.conftest import TODAY

DAYS = st.dates(min_value=date(2008, 1, 1), max_value=date(2030, 12, 31))
ROLES = ("student", "guardian", "tutor", "member", "prospect")
REQUEST_STATUSES = ("received", "identity_pending", "in_progress", "answered", "refused")
STATUSES = ("active", "restricted", "anonymised")

KINDS = (
    "person", "role", "unrole", "rerole", "link", "unlink", "relink", "reenter",
    "contact", "enroll", "uncontact", "payment", "unpay", "repay", "consent",
    "withdraw", "unconsent", "request", "rerequest", "unrequest", "hold", "lift",
    "unhold", "status", "delete", "apply", "reapply", "unapply", "health", "unhealth",
    "reenroll", "reguard",
)  # fmt: skip
MEMBERSHIP_STATUSES = ("applied", "applied", "confirmed", "lapsed", "applied")
ENROLLMENT_STATUSES = ("active", "cancelled", "active", "completed", "cancelled")
# One write: its kind, two numbers that pick people or rows, a day, an optional day, a word.
Write = tuple[str, int, int, date, date | None, int]
writes = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(0, 50),
        st.integers(0, 50),
        DAYS,
        st.none() | DAYS,
        st.integers(0, 4),
    ),
    min_size=5,
    max_size=50,
)  # fmt: skip
# The people every example starts with: the day each was entered, and a role.
people = st.lists(st.tuples(DAYS, st.sampled_from(ROLES)), min_size=3, max_size=6)
policies = st.fixed_dictionaries({
    Category.IDENTIFICATION.value: st.integers(1, 8),
    Category.PROSPECT.value: st.integers(1, 8),
    Category.FINANCIAL.value: st.integers(7, 12),
    Category.CONSENT.value: st.integers(1, 8),
    Category.REQUEST.value: st.integers(1, 8),
    Category.HEALTH.value: st.integers(1, 8),
})  # fmt: skip
application_months = st.integers(1, 24)


@pytest.fixture(scope="module")
def workspace() -> Iterator[Workspace]:
    """One vault for every example: each runs in a transaction that is rolled back."""
    with (
        tempfile.TemporaryDirectory(prefix="cpdesk-facts-") as scratch,
        new_workspace(Path(scratch) / "vault", FixedClock.on(TODAY)) as opened,
    ):
        course = opened.courses.add_course("Maths")
        opened.courses.add_group(course, "G")
        yield opened


def _people(db: Database) -> list[int]:
    return [int(v) for v in db.column("SELECT id FROM person ORDER BY id")]


def _pick(db: Database, number: int) -> int | None:
    people = _people(db)
    return people[number % len(people)] if people else None


def _row(db: Database, table: str, number: int) -> int | None:
    ids = db.column(f"SELECT id FROM {table} ORDER BY id")
    return int(ids[number % len(ids)]) if ids else None


def _apply(db: Database, write: Write) -> None:
    kind, first, second, day, other, word = write
    person, partner = _pick(db, first), _pick(db, second)
    if kind == "person" or person is None or partner is None:
        _add_person(db, day, ROLES[word])
    elif kind in ("role", "unrole", "link", "unlink", "status", "delete"):
        _people_change(db, kind, person, partner, word)
    elif kind in ("rerole", "relink", "reguard", "reenter"):
        _people_move(db, kind, person, first, day, word)
    elif kind in ("contact", "enroll", "uncontact"):
        _clock_change(db, kind, person, first, day, other)
    elif kind in ("payment", "unpay", "repay", "consent", "withdraw", "unconsent"):
        _record_change(db, kind, person, first, day, other)
    elif kind in ("apply", "reapply", "unapply", "health", "unhealth", "reenroll"):
        _membership_or_health(db, kind, person, first, day, other, word)
    else:
        _request_or_hold(db, kind, person, partner, first, day, word)


def _add_person(db: Database, day: date, role: str) -> None:
    person = db.execute(
        "INSERT INTO person (given_name, family_name, created_on, updated_at, sort_key)"
        " VALUES ('P', 'N', ?, ?, 'p n')",
        (day.isoformat(), f"{day.isoformat()}T09:00:00"),
    )
    db.execute("INSERT INTO person_role (person_id, role) VALUES (?, ?)", (person, role))


def _people_change(db: Database, kind: str, person: int, partner: int, word: int) -> None:
    if kind == "role":
        db.execute("INSERT OR IGNORE INTO person_role VALUES (?, ?)", (person, ROLES[word]))
    elif kind == "unrole":
        db.execute(
            "DELETE FROM person_role WHERE person_id = ? AND role = ?", (person, ROLES[word])
        )
    elif kind == "link" and person != partner:
        db.execute("INSERT OR IGNORE INTO guardianship (guardian_id, student_id) VALUES (?, ?)",
                   (person, partner))  # fmt: skip
    elif kind == "unlink":
        db.execute("DELETE FROM guardianship WHERE guardian_id = ? OR student_id = ?",
                   (person, partner))  # fmt: skip
    elif kind == "status":
        db.execute("UPDATE person SET status = ? WHERE id = ?", (STATUSES[word % 3], person))
    elif kind == "delete":
        db.execute("DELETE FROM person WHERE id = ?", (person,))


def _people_move(db: Database, kind: str, person: int, number: int, day: date, word: int) -> None:
    """A role renamed, a link moved to another child or guardian, the day of entry corrected."""
    if kind == "rerole":
        db.execute("UPDATE OR IGNORE person_role SET role = ? WHERE person_id = ?",
                   (ROLES[word], person))  # fmt: skip
    elif kind in ("relink", "reguard"):
        links = db.tuples("SELECT guardian_id, student_id FROM guardianship ORDER BY 1, 2")
        if links and person not in links[number % len(links)]:
            moved = "student_id" if kind == "relink" else "guardian_id"  # to another person
            db.execute(f"UPDATE OR IGNORE guardianship SET {moved} = ?"
                       " WHERE guardian_id = ? AND student_id = ?",
                       (person, *links[number % len(links)]))  # fmt: skip
    else:
        db.execute("UPDATE person SET created_on = ? WHERE id = ?", (day.isoformat(), person))


def _clock_change(
    db: Database, kind: str, person: int, number: int, day: date, other: date | None
) -> None:
    if kind == "contact":
        db.execute("INSERT INTO contact_event (person_id, occurred_on, channel)"
                   " VALUES (?, ?, 'email')", (person, day.isoformat()))  # fmt: skip
    elif kind == "enroll":
        end = max(day, other).isoformat() if other else None  # no end: running
        db.execute("INSERT INTO enrollment (student_id, group_id, starts_on, ends_on)"
                   " VALUES (?, (SELECT min(id) FROM course_group), ?, ?)",
                   (person, day.isoformat(), end))  # fmt: skip
    else:
        for table in ("contact_event", "enrollment"):
            row = _row(db, table, number)
            db.execute(f"DELETE FROM {table} WHERE id = ?", (row,))


def _record_change(
    db: Database, kind: str, person: int, number: int, day: date, other: date | None
) -> None:
    payment, consent = _row(db, "payment", number), _row(db, "consent", number)
    if kind == "payment":
        db.execute("INSERT INTO payment (payer_id, amount_cents, paid_on) VALUES (?, 100, ?)",
                   (person, day.isoformat()))  # fmt: skip
    elif kind == "unpay":
        db.execute("DELETE FROM payment WHERE id = ?", (payment,))
    elif kind == "repay":  # another payer (or none: an anonymised payment), another day
        payer = person if other else None
        db.execute("UPDATE payment SET payer_id = ?, paid_on = ? WHERE id = ?",
                   (payer, day.isoformat(), payment))  # fmt: skip
    elif kind == "consent":
        db.execute("INSERT INTO consent (person_id, purpose, given_on, method, withdrawn_on)"
                   " VALUES (?, 'newsletter', ?, 'form', ?)",
                   (person, day.isoformat(), other and other.isoformat()))  # fmt: skip
    elif kind == "withdraw":
        db.execute("UPDATE consent SET withdrawn_on = ?, person_id = ? WHERE id = ?",
                   (other and other.isoformat(), person, consent))  # fmt: skip
    else:
        db.execute("DELETE FROM consent WHERE id = ?", (consent,))


def _membership_or_health(
    db: Database, kind: str, person: int, number: int, day: date, other: date | None, word: int
) -> None:
    """Applications and their confirmation, health information, a course cancelled or ended."""
    membership, enrollment = _row(db, "membership", number), _row(db, "enrollment", number)
    if kind == "apply":
        db.execute("INSERT INTO membership (person_id, starts_on, ends_on, status, applied_on)"
                   " VALUES (?, ?, ?, ?, ?)", (person, day.isoformat(), day.isoformat(),
                   MEMBERSHIP_STATUSES[word], other and other.isoformat()))  # fmt: skip
    elif kind == "reapply":
        db.execute("UPDATE membership SET status = ?, applied_on = ? WHERE id = ?",
                   (MEMBERSHIP_STATUSES[word], day.isoformat(), membership))  # fmt: skip
    elif kind == "unapply":
        db.execute("DELETE FROM membership WHERE id = ?", (membership,))
    elif kind == "health":
        db.execute("INSERT OR REPLACE INTO health_record (person_id, details, recorded_on,"
                   " updated_at) VALUES (?, 'x', ?, ?)",
                   (person, day.isoformat(), f"{day.isoformat()}T09:00:00"))  # fmt: skip
    elif kind == "unhealth":
        db.execute("DELETE FROM health_record WHERE person_id = ?", (person,))
    else:
        ends_on = other and other.isoformat()
        db.execute("UPDATE enrollment SET status = ?, ends_on = ? WHERE id = ?",
                   (ENROLLMENT_STATUSES[word], ends_on, enrollment))  # fmt: skip


def _request_or_hold(
    db: Database, kind: str, person: int, partner: int, number: int, day: date, word: int
) -> None:
    request, hold = _row(db, "data_subject_request", number), _row(db, "legal_hold", number)
    status = REQUEST_STATUSES[word]
    answered = day.isoformat() if status in ("answered", "refused") else None
    if kind == "request":
        requester = partner if word % 2 else None
        db.execute("INSERT INTO data_subject_request (person_id, requester_id, kind, channel,"
                   " received_on, due_on, status, answered_on, created_at)"
                   " VALUES (?, ?, 'access', 'email', ?, ?, ?, ?, ?)",
                   (person, requester, day.isoformat(), day.isoformat(), status, answered,
                    f"{day.isoformat()}T09:00:00"))  # fmt: skip
    elif kind == "rerequest":  # the next step of a file, or another subject or requester
        subject = partner if word == 4 else person
        db.execute("UPDATE data_subject_request SET status = ?, answered_on = ?,"
                   " requester_id = ?, person_id = ? WHERE id = ?",
                   (status, answered, person, subject, request))  # fmt: skip
    elif kind == "unrequest":
        db.execute("DELETE FROM data_subject_request WHERE id = ?", (request,))
    elif kind == "hold":
        db.execute("INSERT INTO legal_hold (person_id, reason, placed_on) VALUES (?, 'x', ?)",
                   (person, day.isoformat()))  # fmt: skip
    elif kind == "lift":
        db.execute("UPDATE legal_hold SET lifted_on = ? WHERE id = ?", (day.isoformat(), hold))
    else:
        db.execute("DELETE FROM legal_hold WHERE id = ?", (hold,))


def _triggers(db: Database) -> list[tuple[object, ...]]:
    return db.tuples(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' UNION ALL"
        " SELECT name, sql FROM sqlite_temp_master WHERE type = 'trigger' ORDER BY name"
    )


def _kept(db: Database) -> list[tuple[object, ...]]:
    return db.tuples(f"SELECT person_id, {', '.join(FIELDS)} FROM retention_facts"
                     " ORDER BY person_id")  # fmt: skip


def _defined(db: Database) -> list[tuple[object, ...]]:
    return db.tuples(f"SELECT p.id, {definitions_sql('p.id')} FROM person p ORDER BY p.id")


class _Undo(Exception):
    """Rolls an example back: the next one starts from the same vault."""


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    people,
    writes,
    st.tuples(st.integers(0, 50), st.integers(0, 50)),
    policies,
    application_months,
    st.sampled_from([0, 30, 90, 400]),
    DAYS,
)
def test_kept_facts_equal_a_full_recomputation_and_the_scan_matches_assessing_everybody(
    workspace: Workspace,
    entered: list[tuple[date, str]],
    sequence: list[Write],
    batch: tuple[int, int],
    years: dict[str, int],
    months: int,
    window: int,
    as_of: date,
) -> None:
    """Some of the writes (from, to) go in a batch that reworks the facts at its end."""
    db = workspace.db
    start, end = sorted(batch)
    triggers = _triggers(db)
    try:
        with db.transaction():
            for day, role in entered:
                _add_person(db, day, role)
            for write in sequence[:start]:
                _apply(db, write)
            with batched(db):
                for write in sequence[start:end]:
                    _apply(db, write)
            assert _triggers(db) == triggers  # put back as they were, none left over
            for write in sequence[end:]:
                _apply(db, write)
            assert _kept(db) == _defined(db)
            db.execute_many("UPDATE retention_policy SET years = ? WHERE category = ?",
                            [(value, key) for key, value in years.items()])  # fmt: skip
            workspace.retention.store.set_application_months(months)
            _check_the_scan(workspace, as_of, window)
            _check_the_scan(workspace, TODAY, window)
            db.execute(recompute_sql())
            assert _kept(db) == _defined(db)
            raise _Undo
    except _Undo:
        pass


def _check_the_scan(workspace: Workspace, as_of: date, window: int) -> None:
    policies = workspace.retention.policies()
    every = list(workspace.retention.store.facts(_people(workspace.db)))
    assert list(workspace.retention.store.maintained_facts(_people(workspace.db))) == every
    expected = sorted(
        (f.person_id, f.category, f.due_on, f.status, f.kept_until)
        for facts in every
        for f in assess(facts, policies, as_of, window)
    )
    found = sorted(
        (f.person_id, f.category, f.due_on, f.status, f.kept_until)
        for f in workspace.retention.scan(as_of, window)
    )
    assert found == expected


def test_the_scan_reads_only_what_its_indexes_pick(workspace: Workspace) -> None:
    """Old clocks are found through the index; people still running are not even read."""
    db = workspace.db
    try:
        with db.transaction():
            for day in (date(2012, 3, 1), date(2025, 1, 1)):
                _add_person(db, day, "student")
            running, old = _people(db)[-1], _people(db)[-2]
            db.execute("INSERT INTO enrollment (student_id, group_id, starts_on)"
                       " VALUES (?, (SELECT min(id) FROM course_group), '2025-01-01')",
                       (running,))  # fmt: skip
            store, policies = workspace.retention.store, workspace.retention.policies()
            assert store.candidate_ids(TODAY, 90, policies) == [old]
            cutoffs = scan_cutoffs(TODAY, 90, policies)
            plan = " ".join(
                str(row[3]) for row in db.query(f"EXPLAIN QUERY PLAN {DUE_SQL}", cutoffs)
            )
            assert "SCAN retention_facts USING INDEX retention_facts_held" in plan
            assert plan.count("SEARCH retention_facts USING INDEX") == 7
            raise _Undo
    except _Undo:
        pass


def test_a_later_period_of_a_child_moves_the_guardian_and_a_hold_lists_them(
    workspace: Workspace,
) -> None:
    db = workspace.db
    try:
        with db.transaction():
            _add_person(db, date(2010, 1, 1), "guardian")
            _add_person(db, date(2010, 1, 1), "student")
            guardian, child = _people(db)[-2:]
            db.execute("INSERT INTO guardianship (guardian_id, student_id) VALUES (?, ?)",
                       (guardian, child))  # fmt: skip
            db.execute("INSERT INTO contact_event (person_id, occurred_on, channel)"
                       " VALUES (?, '2024-06-30', 'email')", (child,))  # fmt: skip
            [facts] = workspace.retention.store.maintained_facts([guardian])
            assert facts.children_last_contact_on == date(2024, 6, 30)
            assert guardian not in {f.person_id for f in workspace.retention.scan(TODAY)}
            db.execute("UPDATE person SET status = 'restricted' WHERE id = ?", (child,))
            [facts] = workspace.retention.store.maintained_facts([guardian])
            assert facts.children_last_contact_on is None  # only active children count
            db.execute("INSERT INTO legal_hold (person_id, reason, placed_on)"
                       " VALUES (?, 'x', ?)", (guardian, TODAY.isoformat()))  # fmt: skip
            held = {f.person_id: f.status.value for f in workspace.retention.scan(TODAY)}
            assert held[guardian] == "held"
            db.execute("DELETE FROM person WHERE id = ?", (guardian,))
            assert db.scalar("SELECT count(*) FROM retention_facts WHERE person_id = ?",
                             (guardian,)) == 0  # fmt: skip
            raise _Undo
    except _Undo:
        pass


def test_the_day_before_is_not_yet_due(workspace: Workspace) -> None:
    """The cutoffs computed from today and the policies leave no day out."""
    db = workspace.db
    try:
        with db.transaction():
            _add_person(db, date(2021, 11, 22), "student")
            person = _people(db)[-1]
            found = {day: workspace.retention.scan(day, 0) for day in (TODAY - timedelta(1), TODAY)}
            assert found[TODAY - timedelta(1)] == []
            assert [f.person_id for f in found[TODAY]] == [person]
            raise _Undo
    except _Undo:
        pass
