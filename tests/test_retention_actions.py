"""Erase, anonymise and restrict on a real vault: what goes, what stays, what the files hold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.domain.retention import Category, Status
from coursenplus_desk.domain.retention_actions import Action, KeptRecords, Outcome
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.store.records import RecordsStore
from tests.conftest import record_uuid, tombstones
from tests.retention_support import (
    MovingClock,
    add_person,
    data_key,
    files_containing,
    new_workspace,
    plaintext_of_vault,
)

TODAY = date(2026, 11, 22)
SECRETS = ("Wałęsa", "Zoë", "zoe.walesa@example.org", "+32470123456", "470123456")


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(date(2021, 11, 22))


@pytest.fixture
def workspace(tmp_path: Path, clock: MovingClock) -> Iterator[Workspace]:
    with new_workspace(tmp_path / "vault", clock) as opened:
        yield opened


def rich_person(workspace: Workspace, clock: MovingClock, paid_on: date | None = None) -> int:
    """A student with a guardian, a course, contacts, a membership and a consent, in 2021."""
    clock.move_to(date(2020, 9, 1))
    guardian = add_person(workspace, "Marek", "Kowalski", "guardian")
    person = add_person(
        workspace,
        "Zoë",
        "Wałęsa",
        "student",
        "member",
        email="zoe.walesa@example.org",
        phone="+32 470 12 34 56",
        guardians=(guardian,),
    )
    course = workspace.courses.add_course("Chimie")
    group = workspace.courses.add_group(course, "Chimie 5e", starts_on="2020-09-01")
    enrollment = workspace.courses.enroll(person, group, "2020-09-01")
    RecordsStore(workspace.db).insert_consent(
        person, "photos", date(2020, 9, 1), ConsentMethod.FORM, "formulaire", None, guardian, "v1"
    )
    workspace.records.add_membership(person, "2020-09-01", "2021-06-30", "15")
    clock.move_to(date(2021, 11, 22))
    workspace.courses.unenroll(enrollment, "2021-06-30")
    workspace.records.add_contact(person, "2021-11-22", "email", "Zoë Wałęsa a demandé un devis")
    if paid_on:
        workspace.records.add_payment(person, "80", paid_on, "F-2021-7", "Cours de Zoë Wałęsa")
    # The guardian stays: their own later contact keeps them.
    clock.move_to(date(2024, 1, 10))
    workspace.records.add_contact(guardian, "2024-01-10", "phone")
    clock.move_to(TODAY)
    return person


def test_erase_leaves_no_trace_of_the_values_in_any_file_of_the_vault(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = rich_person(workspace, clock)
    key = data_key(workspace)
    before = plaintext_of_vault(workspace.folder, key)
    for secret in SECRETS:
        assert files_containing(before, secret), secret  # the check can see them

    uuid = record_uuid(workspace, "person", person)
    summary = workspace.retention.apply(person, "erase", TODAY)

    assert summary.outcome is Outcome.ERASED
    assert summary.categories == (Category.IDENTIFICATION,)
    assert summary.erased["person"] == 1
    assert summary.erased["contact_event"] == 1
    assert summary.erased["enrollment"] == 1
    assert summary.erased["membership"] == 1
    assert summary.erased["consent"] == 1
    assert workspace.people.find("kowalski")  # the guardian stays
    assert workspace.people.find("walesa") == []
    assert ("person", uuid) in tombstones(workspace)
    [event] = [e for e in workspace.audit.store.events(person) if e.action == "retention.erase"]
    assert event.details["erased"] == dict(summary.erased)
    assert event.details["categories"] == ["identification"]
    assert workspace.db.scalar("PRAGMA freelist_count") == 0  # vacuumed: no stale pages
    folder = workspace.folder
    workspace.close()

    after = plaintext_of_vault(folder, key)
    for secret in SECRETS:
        assert files_containing(after, secret) == [], secret
    assert "records.db (decrypted)" in after


def test_an_invoice_still_inside_its_period_restricts_the_payer_instead(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = rich_person(workspace, clock, paid_on=date(2021, 11, 22))
    [identity] = [f for f in workspace.retention.scan(TODAY) if f.person_id == person]
    assert identity.kept_until == date(2032, 1, 1)

    summary = workspace.retention.apply(person, Action.ERASE, TODAY)

    assert summary.outcome is Outcome.RESTRICTED
    assert summary.kept == (KeptRecords(Category.FINANCIAL, "payment", 1, date(2032, 1, 1)),)
    assert "accounting" in summary.kept[0].reason
    kept = workspace.people.store.get(person)
    assert kept is not None and kept.status is PersonStatus.RESTRICTED
    assert (kept.given_name, kept.family_name) == ("Zoë", "Wałęsa")
    assert (kept.email, kept.phone, kept.birth_date) == (None, None, None)
    assert [p.reference for p in workspace.records.payments(person)] == ["F-2021-7"]
    assert workspace.records.contacts(person) == []
    assert workspace.people.find("walesa") == []
    assert person not in workspace.people.ids(PeopleQuery())
    assert workspace.retention.scan(TODAY) == []

    clock.move_to(date(2032, 1, 2))
    found = {(f.category, f.status) for f in workspace.retention.scan() if f.person_id == person}
    assert found == {
        (Category.IDENTIFICATION, Status.OVERDUE),
        (Category.FINANCIAL, Status.OVERDUE),
    }
    final = workspace.retention.apply(person, "erase", date(2032, 1, 2))
    assert final.outcome is Outcome.ERASED
    assert final.erased["payment"] == 1
    assert not workspace.people.store.exists(person)


def test_anonymise_keeps_enrollments_per_course_and_year_without_identity(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = rich_person(workspace, clock)
    summary = workspace.retention.apply(person, "anonymise", TODAY)
    assert summary.outcome is Outcome.ANONYMISED
    assert summary.erased == {"contact_event": 1, "consent": 1, "guardianship": 1}
    row = workspace.db.one("SELECT * FROM person WHERE id = ?", (person,))
    assert row is not None and row["status"] == "anonymised"
    assert [row[c] for c in ("given_name", "family_name", "email", "phone")] == ["", "", None, None]
    per_course_year = workspace.db.query(
        "SELECT c.subject, substr(e.starts_on, 1, 4) AS year, count(*) AS n FROM enrollment e"
        " JOIN course_group g ON g.id = e.group_id JOIN course c ON c.id = g.course_id"
        " GROUP BY 1, 2"
    )
    assert [tuple(r) for r in per_course_year] == [("Chimie", "2020", 1)]
    assert workspace.people.find("walesa") == []
    assert workspace.retention.scan(TODAY) == []
    key, folder = data_key(workspace), workspace.folder
    workspace.close()
    after = plaintext_of_vault(folder, key)
    for secret in SECRETS:
        assert files_containing(after, secret) == [], secret


def test_restrict_keeps_the_name_hidden_from_lists_and_search(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = rich_person(workspace, clock)
    summary = workspace.retention.apply(person, "restrict", TODAY)
    assert summary.outcome is Outcome.RESTRICTED
    assert summary.kept == ()
    assert workspace.people.find("walesa") == []
    restricted = PeopleQuery(statuses=frozenset({PersonStatus.RESTRICTED}))
    assert workspace.people.ids(restricted) == [person]


def test_expired_payments_go_alone_when_the_person_is_still_active(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2014, 3, 1))
    payer = add_person(workspace, "Ines", "Mertens", "member")
    workspace.records.add_payment(payer, "25", "2014-03-01", "F-2014-1")
    clock.move_to(date(2025, 3, 1))
    workspace.records.add_payment(payer, "25", "2025-03-01", "F-2025-1")
    clock.move_to(TODAY)
    summary = workspace.retention.apply(payer, "erase", TODAY)
    assert (summary.categories, summary.outcome) == ((Category.FINANCIAL,), Outcome.UNCHANGED)
    assert summary.erased == {"payment": 1}
    assert [p.reference for p in workspace.records.payments(payer)] == ["F-2025-1"]

    clock.move_to(date(2036, 1, 1))
    anonymised = workspace.retention.apply(payer, "anonymise", date(2036, 1, 1))
    assert anonymised.anonymised["payment"] == 1
    amounts = workspace.db.query("SELECT payer_id, reference, amount_cents FROM payment")
    assert [tuple(r) for r in amounts] == [(None, None, 2500)]


def test_actions_are_refused_when_nothing_is_due_when_held_or_ahead_of_time(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2025, 1, 1))
    recent = add_person(workspace, "Jan", "Smet")
    clock.move_to(date(2020, 1, 1))
    old = add_person(workspace, "Ella", "Goossens")
    clock.move_to(TODAY)
    with pytest.raises(RefusedError) as nothing:
        workspace.retention.apply(recent, "erase", TODAY)
    assert nothing.value.message_id.startswith("Nothing of person")
    with pytest.raises(RefusedError) as early:
        workspace.retention.apply(old, "erase", date(2026, 11, 23))
    assert "after today" in early.value.message_id
    with pytest.raises(ValidationError):
        workspace.retention.apply(old, "shred", TODAY)
    with pytest.raises(NotFoundError):
        workspace.retention.apply(999, "erase", TODAY)
    workspace.retention.place_hold(old, "contrôle fiscal")
    with pytest.raises(RefusedError) as held:
        workspace.retention.apply(old, "erase", TODAY)
    assert "legal hold" in held.value.message_id
    with pytest.raises(RefusedError) as held_request:
        workspace.retention.erase_person(old)
    assert "legal hold" in held_request.value.message_id
    assert workspace.people.store.exists(old)


def test_all_overdue_acts_on_everybody_overdue_except_the_held(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2019, 5, 1))
    due = [add_person(workspace, "A", f"Old{i}") for i in range(3)]
    held = add_person(workspace, "B", "Held")
    clock.move_to(date(2025, 5, 1))
    recent = add_person(workspace, "C", "Recent")
    clock.move_to(TODAY)
    workspace.retention.place_hold(held, "litige")
    picked = workspace.retention.apply_to([recent, held, due[0], due[0]], "restrict", TODAY)
    assert [(s.person_id, s.outcome) for s in picked] == [(due[0], Outcome.RESTRICTED)]
    steps: list[tuple[int, int]] = []
    summaries = workspace.retention.apply_all_overdue(
        "erase", TODAY, lambda done, total: steps.append((done, total))
    )
    assert sorted(s.person_id for s in summaries) == due
    assert steps == [(1, 3), (2, 3), (3, 3)]
    remaining = workspace.db.column("SELECT id FROM person ORDER BY id")
    assert remaining == [held, recent]
    assert workspace.retention.apply_all_overdue("erase", TODAY) == []


def test_erasing_on_request_reports_what_was_erased_and_what_is_kept(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2026, 1, 5))
    payer = add_person(workspace, "Lea", "Maes", email="lea@example.org")
    workspace.records.add_payment(payer, "40", "2026-01-05")
    workspace.records.add_contact(payer, "2026-01-05", "letter")
    other = add_person(workspace, "Bram", "Maes")
    clock.move_to(TODAY)

    kept = workspace.retention.erase_person(payer)
    assert kept.outcome is Outcome.RESTRICTED
    assert kept.erased == {"contact_event": 1, "person_role": 1, "student_profile": 1}
    assert [(k.category, k.count, k.until) for k in kept.kept] == [
        (Category.FINANCIAL, 1, date(2037, 1, 1))
    ]
    gone = workspace.retention.erase_person(other)
    assert gone.outcome is Outcome.ERASED
    assert gone.erased == {"person": 1, "person_role": 1, "student_profile": 1}
    events = [e.details for e in workspace.audit.store.events() if e.action == "retention.erase"]
    assert {d["basis"] for d in events} == {"request"}
    assert "lea@example.org" not in repr(events) and "Maes" not in repr(events)


def test_erasing_a_tutor_or_a_guardian_keeps_what_points_to_them(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2015, 9, 1))
    tutor = add_person(workspace, "Paul", "Renard", "tutor")
    guardian = add_person(workspace, "Rita", "Renard", "guardian")
    course = workspace.courses.add_course("Latin")
    taught = workspace.courses.add_group(
        course, "2015", tutor, None, None, "2015-09-01", "2016-06-30"
    )
    clock.move_to(date(2021, 9, 1))
    child = add_person(workspace, "Tim", "Renard", guardians=(guardian,))
    group = workspace.courses.add_group(course, "Latin 2021", starts_on="2021-09-01")
    enrollment = workspace.courses.enroll(child, group, "2021-09-01")
    RecordsStore(workspace.db).insert_consent(
        child, "photos", date(2021, 9, 1), ConsentMethod.FORM, None, None, guardian, "v1"
    )
    clock.move_to(TODAY)
    assert overdue_people(workspace) == {tutor}
    workspace.retention.apply(tutor, "erase", TODAY)
    assert workspace.courses.group(taught).tutor_id is None
    workspace.courses.unenroll(enrollment, "2021-09-02")
    assert overdue_people(workspace) == {guardian, child}
    workspace.retention.apply(guardian, "erase", TODAY)
    [consent] = RecordsStore(workspace.db).consents(child)
    assert consent.given_by_id is None
    assert workspace.people.get(child).guardians == ()


def overdue_people(workspace: Workspace) -> set[int]:
    return {
        f.person_id for f in workspace.retention.scan(window_days=0) if f.status is Status.OVERDUE
    }
