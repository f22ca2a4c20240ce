"""Gather every stored value about one person, category by category (Art. 15 and 20).

Other people appear only by what links them to the person (their number, name
and relationship), never with their own contact details (Art. 15(4)).
"""

from __future__ import annotations

from datetime import date, datetime

from coursenplus_desk.domain.identifiers import visible_number
from coursenplus_desk.domain.requests import due_date, is_minor
from coursenplus_desk.domain.subject_data import Category, DataCategory, SubjectData, Value
from coursenplus_desk.store.database import Database, Row, to_date
from coursenplus_desk.store.people import PeopleStore


def collect_subject_data(db: Database, person_id: int, as_of: date) -> SubjectData | None:
    people = PeopleStore(db)
    details = people.details(person_id)
    if details is None:
        return None
    person = details.person
    roles = ", ".join(sorted(role.value for role in details.roles))
    identity = (
        person.id, person.given_name, person.family_name, person.birth_date, person.email,
        person.phone, person.street, person.postal_code, person.city, person.country,
        person.language, roles, person.status.value, person.notes, person.created_on,
        person.last_contact_on(as_of),
    )  # fmt: skip
    family = [
        ("guardian", link.person_id, link.full_name, link.relationship, link.primary_contact)
        for link in details.guardians
    ] + [
        ("child", link.person_id, link.full_name, link.relationship, link.primary_contact)
        for link in details.children
    ]
    school = (
        [(details.school, details.school_year)] if details.school or details.school_year else []
    )
    courses = _courses(db, person_id)
    categories = (
        DataCategory(Category.IDENTITY, (identity,)),
        DataCategory(Category.FAMILY, tuple(family)),
        DataCategory(Category.SCHOOL, tuple(school)),
        DataCategory(Category.COURSES, tuple(courses)),
        DataCategory(Category.CONTACTS, _contacts(db, person_id)),
        DataCategory(Category.PAYMENTS, _payments(db, person_id)),
        DataCategory(Category.MEMBERSHIPS, _memberships(db, person_id)),
        DataCategory(Category.CONSENTS, _consents(db, person_id)),
        DataCategory(Category.REQUESTS, _requests(db, person_id)),
        DataCategory(Category.HISTORY, _history(db, person_id)),
    )
    tutors = db.column(
        "SELECT DISTINCT t.given_name || ' ' || t.family_name FROM enrollment e"
        " JOIN course_group g ON g.id = e.group_id JOIN person t ON t.id = g.tutor_id"
        " WHERE e.student_id = ? AND t.id <> ? ORDER BY t.sort_key",
        (person_id, person_id),
    )
    return SubjectData(
        person_id=person.id,
        full_name=person.full_name,
        language=person.language,
        categories=categories,
        guardian_names=tuple(link.full_name for link in details.guardians),
        tutor_names=tuple(str(name) for name in tutors),
        is_minor=person.birth_date is not None and is_minor(person.birth_date, as_of),
        reference=visible_number(person.uuid) if person.uuid else "",
    )


def _courses(db: Database, person_id: int) -> list[tuple[Value, ...]]:
    learning = db.query(
        "SELECT c.subject, c.level, c.kind, g.name, t.given_name || ' ' || t.family_name AS tutor,"
        " g.schedule, g.place, e.starts_on, e.ends_on, e.status FROM enrollment e"
        " JOIN course_group g ON g.id = e.group_id JOIN course c ON c.id = g.course_id"
        " LEFT JOIN person t ON t.id = g.tutor_id WHERE e.student_id = ? ORDER BY e.starts_on",
        (person_id,),
    )
    teaching = db.query(
        "SELECT c.subject, c.level, c.kind, g.name, NULL AS tutor, g.schedule, g.place,"
        " g.starts_on, g.ends_on, NULL AS status FROM course_group g"
        " JOIN course c ON c.id = g.course_id WHERE g.tutor_id = ? ORDER BY g.starts_on",
        (person_id,),
    )
    return [_course_row("student", r) for r in learning] + [
        _course_row("tutor", r) for r in teaching
    ]


def _course_row(participation: str, r: Row) -> tuple[Value, ...]:
    return (
        participation, r["subject"], r["level"], r["kind"], r["name"], r["tutor"],
        r["schedule"], r["place"], to_date(r["starts_on"]), to_date(r["ends_on"]), r["status"],
    )  # fmt: skip


def _contacts(db: Database, person_id: int) -> tuple[tuple[Value, ...], ...]:
    rows = db.query(
        "SELECT occurred_on, channel, summary FROM contact_event WHERE person_id = ?"
        " ORDER BY occurred_on, id",
        (person_id,),
    )
    return tuple((to_date(r["occurred_on"]), r["channel"], r["summary"]) for r in rows)


def _payments(db: Database, person_id: int) -> tuple[tuple[Value, ...], ...]:
    rows = db.query(
        "SELECT paid_on, amount_cents, reference, purpose, method FROM payment"
        " WHERE payer_id = ? ORDER BY paid_on, id",
        (person_id,),
    )
    return tuple(
        (to_date(r["paid_on"]), int(r["amount_cents"]), r["reference"], r["purpose"], r["method"])
        for r in rows
    )


def _memberships(db: Database, person_id: int) -> tuple[tuple[Value, ...], ...]:
    rows = db.query(
        "SELECT * FROM membership WHERE person_id = ? ORDER BY starts_on, id", (person_id,)
    )
    return tuple(
        (
            to_date(r["starts_on"]),
            to_date(r["ends_on"]),
            int(r["fee_cents"]),
            to_date(r["paid_on"]),
            r["method"],
            r["status"],
        )
        for r in rows
    )


def _consents(db: Database, person_id: int) -> tuple[tuple[Value, ...], ...]:
    rows = db.query(
        "SELECT c.*, g.given_name || ' ' || g.family_name AS given_by FROM consent c"
        " LEFT JOIN person g ON g.id = c.given_by_id WHERE c.person_id = ?"
        " ORDER BY c.given_on, c.id",
        (person_id,),
    )
    return tuple(
        (
            r["purpose"],
            to_date(r["given_on"]),
            r["method"],
            r["evidence"],
            to_date(r["confirmed_on"]),
            to_date(r["withdrawn_on"]),
            r["given_by"],
            r["notice_version"],
        )
        for r in rows
    )


def _requests(db: Database, person_id: int) -> tuple[tuple[Value, ...], ...]:
    rows = db.query(
        "SELECT r.*, q.given_name || ' ' || q.family_name AS requester"
        " FROM data_subject_request r LEFT JOIN person q ON q.id = r.requester_id"
        " WHERE r.person_id = ? ORDER BY r.received_on, r.id",
        (person_id,),
    )
    result = []
    for r in rows:
        received = date.fromisoformat(r["received_on"])
        result.append(
            (
                int(r["id"]),
                r["kind"],
                received,
                r["channel"],
                r["requester"],
                r["status"],
                due_date(received, int(r["extension_months"])),
                to_date(r["answered_on"]),
                _changes(db, int(r["id"])),
            )
        )
    return tuple(result)


def _changes(db: Database, request_id: int) -> str | None:
    rows = db.query(
        "SELECT field, old_value, new_value FROM request_change WHERE request_id = ? ORDER BY id",
        (request_id,),
    )
    parts = [f"{r['field']}: {r['old_value'] or '—'} → {r['new_value'] or '—'}" for r in rows]
    return "; ".join(parts) or None


def _history(db: Database, person_id: int) -> tuple[tuple[Value, ...], ...]:
    rows = db.query(
        "SELECT at, action FROM audit_event WHERE person_id = ? ORDER BY id", (person_id,)
    )
    return tuple(
        (datetime.fromisoformat(r["at"]).strftime("%Y-%m-%d %H:%M"), r["action"]) for r in rows
    )
