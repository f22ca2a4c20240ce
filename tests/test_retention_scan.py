"""The scan over a real encrypted vault: last-contact sources, families, tutors, holds, policies."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import NotFoundError, ValidationError
from coursenplus_desk.domain.retention import Category, Status, assess
from coursenplus_desk.services.workspace import Workspace, open_workspace
from tests.retention_support import PASSPHRASE, MovingClock, add_person, new_workspace

TODAY = date(2026, 11, 22)


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(date(2021, 11, 22))


@pytest.fixture
def workspace(tmp_path: Path, clock: MovingClock) -> Iterator[Workspace]:
    with new_workspace(tmp_path / "vault", clock) as opened:
        yield opened


def overdue(workspace: Workspace, as_of: date) -> dict[int, set[Category]]:
    found: dict[int, set[Category]] = {}
    for finding in workspace.retention.scan(as_of):
        if finding.status is Status.OVERDUE:
            found.setdefault(finding.person_id, set()).add(finding.category)
    return found


def test_last_contact_2021_11_22_is_overdue_on_2026_11_22_not_the_day_before(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2020, 5, 1))
    person = add_person(workspace, "Lina", "Peeters")
    clock.move_to(date(2021, 11, 22))
    workspace.records.add_contact(person, date(2021, 11, 22), "phone")
    clock.move_to(TODAY)
    assert overdue(workspace, date(2026, 11, 21)) == {}
    assert overdue(workspace, date(2026, 11, 22)) == {person: {Category.IDENTIFICATION}}
    [finding] = workspace.retention.scan(date(2026, 11, 22))
    assert (finding.due_on, finding.since) == (date(2026, 11, 22), date(2021, 11, 22))
    soon = workspace.retention.scan(date(2026, 11, 21))
    assert [(f.person_id, f.status) for f in soon] == [(person, Status.DUE_SOON)]


@pytest.mark.parametrize("source", ["enrollment", "membership", "payment"])
def test_a_later_enrollment_membership_or_payment_beats_an_older_contact(
    workspace: Workspace, clock: MovingClock, source: str
) -> None:
    clock.move_to(date(2021, 1, 10))
    person = add_person(workspace, "Noah", "Claes", "student", "member")
    workspace.records.add_contact(person, date(2021, 1, 10), "email")
    clock.move_to(date(2022, 7, 1))
    if source == "enrollment":
        course = workspace.courses.add_course("Mathématiques")
        group = workspace.courses.add_group(course, "Maths 3e", starts_on="2021-09-01")
        enrollment = workspace.courses.enroll(person, group, "2021-09-01")
        workspace.courses.unenroll(enrollment, "2022-06-30")
    elif source == "membership":
        workspace.records.add_membership(person, "2021-07-01", "2022-06-30", status="confirmed")
    else:
        workspace.records.add_payment(person, "120.00", "2022-06-30")
    clock.move_to(TODAY)
    assert overdue(workspace, TODAY) == {}
    dates = workspace.retention.dates_of(person)
    assert dates[0].category is Category.IDENTIFICATION
    assert dates[0].due_on == date(2027, 6, 30)
    assert overdue(workspace, date(2027, 6, 30)) == {person: {Category.IDENTIFICATION}}


def test_an_ongoing_enrollment_keeps_a_student_and_their_guardian(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2015, 9, 1))
    guardian = add_person(workspace, "Anne", "Dubois", "guardian")
    first = add_person(workspace, "Emma", "Dubois", guardians=(guardian,))
    second = add_person(workspace, "Louis", "Dubois", guardians=(guardian,))
    course = workspace.courses.add_course("Français")
    group = workspace.courses.add_group(course, "Français 1re")
    workspace.courses.enroll(second, group, "2015-09-01")  # no end: still enrolled
    other_guardian = add_person(workspace, "Paul", "Martin", "guardian")
    third = add_person(workspace, "Lucie", "Martin", guardians=(other_guardian,))
    clock.move_to(TODAY)
    workspace.courses.enroll(third, group, "2026-09-01", "2027-06-30")  # ends next summer
    assert overdue(workspace, TODAY) == {first: {Category.IDENTIFICATION}}
    assert workspace.retention.dates_of(guardian) == []
    assert workspace.retention.dates_of(other_guardian) == []  # running until next summer
    assert workspace.people.get(third).person.last_contact_on(TODAY) == TODAY
    clock.move_to(date(2027, 7, 1))
    assert workspace.retention.dates_of(other_guardian)[0].due_on == date(2032, 6, 30)
    assert workspace.people.get(third).person.last_contact_on(date(2027, 7, 1)) == date(2027, 6, 30)


def test_a_guardian_follows_the_latest_child(workspace: Workspace, clock: MovingClock) -> None:
    clock.move_to(date(2015, 9, 1))
    guardian = add_person(workspace, "Marc", "Lambert", "guardian")
    child = add_person(workspace, "Jules", "Lambert", guardians=(guardian,))
    clock.move_to(date(2023, 3, 1))
    workspace.records.add_contact(child, "2023-03-01", "meeting")
    clock.move_to(TODAY)
    assert overdue(workspace, TODAY) == {}
    assert workspace.retention.dates_of(guardian)[0].due_on == date(2028, 3, 1)
    assert overdue(workspace, date(2028, 3, 1)) == {
        guardian: {Category.IDENTIFICATION},
        child: {Category.IDENTIFICATION},
    }


def test_a_tutor_clock_runs_from_the_end_of_their_last_group(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2018, 1, 5))
    tutor = add_person(workspace, "Sofia", "Martin", "tutor")
    course = workspace.courses.add_course("Physique")
    workspace.courses.add_group(course, "2018", tutor, starts_on="2018-01-08", ends_on="2018-06-30")
    clock.move_to(date(2019, 1, 5))
    workspace.courses.add_group(course, "2019", tutor, starts_on="2019-01-07", ends_on="2022-06-30")
    clock.move_to(TODAY)
    assert workspace.retention.dates_of(tutor)[0].since == date(2022, 6, 30)
    assert overdue(workspace, date(2027, 6, 29)) == {}
    assert overdue(workspace, date(2027, 6, 30)) == {tutor: {Category.IDENTIFICATION}}


def test_financial_records_and_prospects_are_reported_in_their_category(
    workspace: Workspace, clock: MovingClock
) -> None:
    clock.move_to(date(2015, 2, 1))
    payer = add_person(workspace, "Tom", "Janssens", "member")
    workspace.records.add_payment(payer, "30", "2015-02-01")
    clock.move_to(date(2024, 11, 1))
    prospect = add_person(workspace, "Eva", "Leroy", "prospect")
    workspace.records.add_contact(payer, "2024-11-01", "email")
    clock.move_to(TODAY)
    assert overdue(workspace, TODAY) == {
        payer: {Category.FINANCIAL},
        prospect: {Category.PROSPECT},
    }
    workspace.retention.set_policy("prospect", 3)
    assert overdue(workspace, TODAY) == {payer: {Category.FINANCIAL}}


def test_a_hold_lists_the_person_as_held_until_it_is_lifted(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = add_person(workspace, "Hugo", "Simon")
    clock.move_to(TODAY)
    workspace.retention.place_hold(person, "Litige en cours sur une facture")
    [finding] = workspace.retention.scan(TODAY)
    assert (finding.person_id, finding.status) == (person, Status.HELD)
    assert workspace.retention.overdue_count(TODAY) == 0
    assert [h.person_id for h in workspace.retention.holds()] == [person]
    workspace.retention.lift_hold(person)
    assert overdue(workspace, TODAY) == {person: {Category.IDENTIFICATION}}
    assert workspace.retention.overdue_count(TODAY) == 1
    with pytest.raises(NotFoundError):
        workspace.retention.lift_hold(person)
    with pytest.raises(ValidationError):
        workspace.retention.place_hold(person, "  ")
    events = [e for e in workspace.audit.store.events(person) if e.action.startswith("retention")]
    assert [e.action for e in events] == ["retention.hold_lift", "retention.hold"]
    assert "Litige" not in repr([e.details for e in events])


def test_policies_are_stored_in_the_vault_and_change_the_scan(
    tmp_path: Path, clock: MovingClock
) -> None:
    with new_workspace(tmp_path / "v", clock) as workspace:
        person = add_person(workspace, "Lou", "Wouters")
        assert workspace.retention.policies().of(Category.IDENTIFICATION) == 5
        workspace.retention.set_policy(Category.IDENTIFICATION, 3)
        with pytest.raises(ValidationError):
            workspace.retention.set_policy("financial", 6)
        with pytest.raises(ValidationError):
            workspace.retention.set_policy("photos", 6)
    clock.move_to(TODAY)
    with open_workspace(tmp_path / "v", PASSPHRASE, clock) as workspace:
        assert workspace.retention.policies().of(Category.IDENTIFICATION) == 3
        assert overdue(workspace, date(2024, 11, 22)) == {person: {Category.IDENTIFICATION}}
        actions = [e.action for e in workspace.audit.store.events()]
        assert "retention.policy" in actions


def test_the_indexed_scan_finds_exactly_what_checking_everybody_finds(
    workspace: Workspace, clock: MovingClock
) -> None:
    """Random people and histories: the scan's pre-selection loses nobody."""
    rng = random.Random(4)
    start = date(2010, 1, 1)
    course = workspace.courses.add_course("Sciences")
    people: list[int] = []
    for day in sorted(start + timedelta(days=rng.randrange(5000)) for _ in range(120)):
        clock.move_to(day)
        roles = rng.choice([("student",), ("prospect",), ("member",), ("guardian",)])
        guardian = (rng.choice(people),) if people and rng.random() < 0.3 else ()
        person = add_person(workspace, "P", f"N{len(people)}", *roles, guardians=guardian)
        people.append(person)
        event = rng.random()
        if event < 0.3:
            workspace.records.add_payment(rng.choice(people), "10", day)
        elif event < 0.5 and "student" in roles:
            group = workspace.courses.add_group(course, f"G{person}", starts_on=day)
            workspace.courses.enroll(person, group, day)
        elif event < 0.7:
            workspace.records.add_contact(rng.choice(people), day, "email")
    clock.move_to(TODAY)
    policies = workspace.retention.policies()
    every = list(workspace.retention.store.facts(people))
    for as_of in (date(2016, 1, 1), date(2020, 6, 30), date(2024, 12, 31), TODAY):
        for window in (0, 90, 365):
            expected = sorted(
                (f.person_id, f.category, f.status)
                for facts in every
                for f in assess(facts, policies, as_of, window)
            )
            found = sorted(
                (f.person_id, f.category, f.status) for f in workspace.retention.scan(as_of, window)
            )
            assert found == expected
    assert any(f.status is Status.OVERDUE for f in workspace.retention.scan(TODAY))
