"""Request files in the retention engine, on a real encrypted vault.

A closed file is due `request` years (5) after its closing date; an open request
keeps the person (and whoever asked for them) from being due; request steps are
never contacts; an expired file goes whole, rectification old/new values included,
also when its subject was erased before.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.people import PersonDraft, PersonStatus
from coursenplus_desk.domain.requests import OPEN_STATUSES
from coursenplus_desk.domain.retention import Category, Span, Status, assess
from coursenplus_desk.services.workspace import Workspace, open_workspace
from tests.conftest import assert_absent, record_uuid, tombstones
from tests.fast_kdf import FAST_KDF
from tests.retention_support import (
    PASSPHRASE,
    MovingClock,
    add_person,
    data_key,
    files_containing,
    new_workspace,
    plaintext_of_vault,
)

TODAY = date(2026, 11, 22)
OLD_VALUE, NEW_VALUE = "Allergie-Ancienne-Kiwi", "Allergie-Nouvelle-Mangue"
NOTE = "Appel-du-parent-Quetzal"


@pytest.fixture
def clock() -> MovingClock:
    return MovingClock(date(2020, 1, 6))


@pytest.fixture
def workspace(tmp_path: Path, clock: MovingClock) -> Iterator[Workspace]:
    with new_workspace(tmp_path / "vault", clock) as opened:
        opened.settings.set_organisation_value("name", "asbl Cours en Plus")
        opened.settings.set_organisation_value("privacy_contact", "privacy@coursenplus.be")
        yield opened


def run(vault: Path, *argv: str) -> tuple[int, str, str]:
    env = {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(vault),
        "COURSENPLUS_LANG": "en",
        "COURSENPLUS_TODAY": TODAY.isoformat(),
    }
    out, err = StringIO(), StringIO()
    code = main(list(argv), Cli(kdf=FAST_KDF, env=env, stdout=out, stderr=err, interactive=False))
    return code, out.getvalue(), err.getvalue()


def enrolled_student(workspace: Workspace, name: str) -> int:
    """A student in a group without an end: their identity is never due, records may be."""
    person = add_person(workspace, "Zoë", name, "student")
    course = workspace.courses.add_course(f"Cours {name}")
    group = workspace.courses.add_group(course, f"Groupe {name}", starts_on="2020-01-06")
    workspace.courses.enroll(person, group, "2020-01-06")
    return person


def closed_objection(workspace: Workspace, clock: MovingClock, person: int, on: date) -> int:
    clock.move_to(on)
    request = workspace.requests.add(person, "objection", on, "letter")
    workspace.requests.verify_identity(request, "identity card shown", on)
    workspace.requests.execute(request)
    workspace.requests.close(request)
    return request


def findings(workspace: Workspace, as_of: date, window: int = 0) -> set[tuple[int, str, str]]:
    return {
        (f.person_id, f.category.value, f.status.value)
        for f in workspace.retention.scan(as_of, window)
    }


def test_a_closed_request_file_is_due_five_years_after_closing_and_not_before(
    workspace: Workspace, clock: MovingClock
) -> None:
    answered = enrolled_student(workspace, "Answered")
    refused = enrolled_student(workspace, "Refused")
    closed_objection(workspace, clock, answered, date(2021, 6, 15))
    clock.move_to(date(2021, 7, 1))
    request = workspace.requests.add(refused, "access", "2021-06-20", "email")
    workspace.requests.refuse(request, "The fourth identical request this month.")
    clock.move_to(TODAY)

    dues = {d.category: d.due_on for d in workspace.retention.dates_of(answered)}
    assert dues == {Category.REQUEST: date(2026, 6, 15)}
    # A refusal closes the file on the day of the refusal letter.
    dues = {d.category: d.due_on for d in workspace.retention.dates_of(refused)}
    assert dues == {Category.REQUEST: date(2026, 7, 1)}
    assert findings(workspace, date(2026, 6, 14)) == set()
    assert findings(workspace, date(2026, 6, 14), window=20) == {
        (answered, "request", "due_soon"),
        (refused, "request", "due_soon"),
    }
    assert findings(workspace, date(2026, 6, 15)) == {(answered, "request", "overdue")}
    assert findings(workspace, date(2026, 7, 1)) == {
        (answered, "request", "overdue"),
        (refused, "request", "overdue"),
    }
    workspace.retention.set_policy(Category.REQUEST, 6)
    assert findings(workspace, date(2026, 7, 1)) == set()
    assert findings(workspace, date(2027, 6, 15)) == {(answered, "request", "overdue")}


def test_an_open_request_keeps_the_person_and_who_asked_from_being_overdue(
    workspace: Workspace, clock: MovingClock
) -> None:
    guardian = add_person(workspace, "Marek", "Kowalski", "guardian")
    child = workspace.people.add(
        PersonDraft(given_name="Ola", family_name="Kowalska", roles=("student",),
                    birth_date="2012-05-14"),
        (guardian,),
    )  # fmt: skip
    twin = add_person(workspace, "Anna", "Twin", "member")
    clock.move_to(date(2020, 6, 1))
    request = workspace.requests.add(child, "access", "2020-06-01", "letter", guardian)
    clock.move_to(TODAY)

    facts = workspace.retention.store.facts_of(child)
    assert facts is not None and facts.request_open
    assert findings(workspace, TODAY) == {(twin, "identification", "overdue")}

    workspace.requests.verify_identity(request, "parent's identity card", TODAY)
    workspace.requests.reply(request, "en")
    workspace.requests.close(request)
    # Closed: asking did not move anybody's clock; the file starts its own.
    assert findings(workspace, TODAY) == {
        (twin, "identification", "overdue"),
        (child, "identification", "overdue"),
        (guardian, "identification", "overdue"),
    }
    assert {d.category: d.due_on for d in workspace.retention.dates_of(child)} == {
        Category.IDENTIFICATION: date(2025, 1, 6),
        Category.REQUEST: date(2031, 11, 22),
    }


def test_exercising_a_right_never_moves_the_last_contact(
    workspace: Workspace, clock: MovingClock
) -> None:
    """Asking what is held must not make the association hold it longer."""
    guardian = add_person(workspace, "Marek", "Kowalski", "guardian")
    child = workspace.people.add(
        PersonDraft(given_name="Ola", family_name="Kowalska", roles=("student",),
                    birth_date="2012-05-14"),
        (guardian,),
    )  # fmt: skip
    entered = date(2020, 1, 6)
    clock.move_to(date(2021, 3, 10))
    request = workspace.requests.add(child, "restriction", "2021-03-01", "letter", guardian)
    workspace.requests.verify_identity(request, "parent's identity card", "2021-03-05")
    workspace.requests.execute(request)
    clock.move_to(date(2021, 3, 20))
    workspace.requests.reply(request, "en")
    clock.move_to(date(2021, 3, 25))
    workspace.requests.close(request)
    other = workspace.requests.add(guardian, "access", "2021-03-25", "email")
    workspace.requests.refuse(other, "Manifestly excessive.")
    for person in (child, guardian):
        assert workspace.people.get(person).person.last_contact_on(TODAY) == entered
        assert (
            workspace.db.scalar("SELECT last_interaction_on FROM person WHERE id = ?", (person,))
            is None
        )


def test_erasing_an_overdue_request_file_leaves_no_old_or_new_value_in_the_vault(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = enrolled_student(workspace, "Rectified")
    workspace.people.update(
        person, PersonDraft(given_name="Zoë", family_name="Rectified", roles=("student",),
                            notes=OLD_VALUE),
    )  # fmt: skip
    clock.move_to(date(2021, 6, 1))
    request = workspace.requests.add(person, "rectification", "2021-06-01", "letter")
    workspace.requests.verify_identity(request, "identity card shown", "2021-06-01")
    assert workspace.requests.rectify(request, {"notes": NEW_VALUE}) == ["notes"]
    workspace.requests.add_note(request, NOTE)
    workspace.requests.reply(request, "en")
    workspace.requests.close(request)
    # Later the notes change again: only the request file still holds both values.
    clock.move_to(date(2022, 1, 10))
    workspace.people.update(
        person, PersonDraft(given_name="Zoë", family_name="Rectified", roles=("student",),
                            notes="RAS"),
    )  # fmt: skip
    kept = closed_objection(workspace, clock, person, date(2024, 2, 1))
    clock.move_to(TODAY)
    key, folder = data_key(workspace), workspace.folder
    before = plaintext_of_vault(folder, key)
    for value in (OLD_VALUE, NEW_VALUE, NOTE):
        assert files_containing(before, value), value  # the check can see them
    parts = {
        table: workspace.db.column(f"SELECT uuid FROM {table} WHERE request_id = ?", (request,))
        for table in ("request_change", "request_note", "request_document")
    }
    assert all(len(ids) == 1 for ids in parts.values())
    request_uuid = record_uuid(workspace, "data_subject_request", request)
    workspace.close()

    code, out, err = run(
        folder, "retention", "apply", "--person", str(person), "--action", "erase",
        "--as-of", TODAY.isoformat(), "--yes",
    )  # fmt: skip
    assert code == 0, err
    assert "records erased" in out

    assert_absent(folder, [OLD_VALUE, NEW_VALUE, NOTE])
    after = plaintext_of_vault(folder, key)
    assert "records.db (decrypted)" in after
    for value in (OLD_VALUE, NEW_VALUE, NOTE):
        assert files_containing(after, value) == [], value
    with open_workspace(folder, PASSPHRASE, MovingClock(TODAY)) as reopened:
        assert [r.id for r in reopened.requests.of_person(person)] == [kept]
        assert reopened.people.get(person) is not None  # the person stays: still enrolled
        erased = tombstones(reopened)
        assert ("data_subject_request", request_uuid) in erased
        for table, ids in parts.items():
            assert (table, ids[0]) in erased
        [event] = [e for e in reopened.audit.store.events(person) if e.action == "retention.erase"]
        assert event.details["categories"] == ["request"]
        assert event.details["erased"] == {
            "data_subject_request": 1,
            "request_change": 1,
            "request_note": 1,
            "request_document": 1,
        }
        assert OLD_VALUE not in json.dumps(event.details)


def test_the_file_of_an_erased_person_expires_through_all_overdue(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = add_person(workspace, "Zoë", "Wałęsa-Erased", "member")
    stays = enrolled_student(workspace, "Stays")
    clock.move_to(date(2021, 3, 1))
    request = workspace.requests.add(person, "erasure", "2021-03-01", "email")
    workspace.requests.verify_identity(request, "identity card shown", "2021-03-01")
    workspace.requests.erase(request)
    workspace.requests.reply(request, "en")
    workspace.requests.close(request)
    assert workspace.requests.get(request).person_id is None
    request_uuid = record_uuid(workspace, "data_subject_request", request)
    clock.move_to(TODAY)
    assert workspace.retention.unlinked_request_files(date(2026, 2, 28)) == []
    assert workspace.retention.unlinked_request_files(TODAY) == [request]
    key, folder = data_key(workspace), workspace.folder
    assert files_containing(plaintext_of_vault(folder, key), "Wałęsa-Erased")  # in the file
    workspace.close()

    code, out, _ = run(folder, "retention", "report")
    assert code == 0
    assert "1 request file of an erased or anonymised person is past" in out
    code, out, _ = run(folder, "retention", "report", "--json")
    assert code == 0 and json.loads(out) == []  # one object per person: nobody is due
    code, out, err = run(
        folder, "retention", "apply", "--all-overdue", "--action", "erase",
        "--as-of", TODAY.isoformat(), "--yes",
    )  # fmt: skip
    assert code == 0, err
    assert "1 request file of an erased or anonymised person: 2 records erased" in out

    assert files_containing(plaintext_of_vault(folder, key), "Wałęsa-Erased") == []
    code, out, _ = run(folder, "retention", "report")
    assert out.strip() == "Nothing is overdue, due soon or held."
    with open_workspace(folder, PASSPHRASE, MovingClock(TODAY)) as reopened:
        assert reopened.requests.all() == []
        assert reopened.people.get(stays) is not None
        assert ("data_subject_request", request_uuid) in tombstones(reopened)
        [event] = [
            e
            for e in reopened.audit.store.events(None)
            if e.action == "retention.erase" and e.person_id is None
        ]
        assert event.details["erased"] == {"data_subject_request": 1, "request_document": 1}


def test_the_indexed_scan_with_requests_matches_checking_everybody(
    workspace: Workspace, clock: MovingClock
) -> None:
    """Random request histories: the pre-selection loses nobody, the facts match the files."""
    rng = random.Random(8)
    start = date(2012, 1, 1)
    people: list[int] = []
    for day in sorted(start + timedelta(days=rng.randrange(4000)) for _ in range(60)):
        clock.move_to(day)
        people.append(
            add_person(workspace, "P", f"N{len(people)}", rng.choice(["member", "prospect"]))
        )
        if rng.random() < 0.6:
            subject = rng.choice(people)
            request = workspace.requests.add(subject, "objection", day, "email")
            if rng.random() < 0.75:
                clock.move_to(day + timedelta(days=rng.randrange(1, 60)))
                workspace.requests.verify_identity(request, "card")
                workspace.requests.execute(request)
                workspace.requests.close(request)
    clock.move_to(TODAY)
    every = list(workspace.retention.store.facts(people))
    for facts in every:
        files = workspace.requests.of_person(facts.person_id)
        closed = sorted(r.answered_on for r in files if r.answered_on)
        assert facts.request_open == any(r.status in OPEN_STATUSES for r in files)
        assert facts.requests_closed == (Span(closed[0], closed[-1]) if closed else None)
    assert any(f.request_open for f in every) and any(f.requests_closed for f in every)
    policies = workspace.retention.policies()
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
    overdue = workspace.retention.scan(TODAY)
    assert any(f.category is Category.REQUEST and f.status is Status.OVERDUE for f in overdue)


def test_the_file_of_an_anonymised_person_waits_for_its_own_date(
    workspace: Workspace, clock: MovingClock
) -> None:
    workspace.retention.set_policy(Category.REQUEST, 7)
    person = add_person(workspace, "Zoë", "Anonymised", "member")
    request = closed_objection(workspace, clock, person, date(2021, 3, 1))
    clock.move_to(TODAY)
    assert findings(workspace, TODAY) == {(person, "identification", "overdue")}

    summary = workspace.retention.apply(person, "anonymise", TODAY)

    assert summary.categories == (Category.IDENTIFICATION,)
    assert workspace.requests.get(request).person_id == person  # kept, linked to nobody named
    assert workspace.retention.unlinked_request_files(date(2028, 2, 29)) == []
    assert workspace.retention.unlinked_request_files(date(2028, 3, 1)) == [request]
    clock.move_to(date(2028, 3, 1))
    erased = workspace.retention.expire_unlinked_request_files(date(2028, 3, 1))
    assert erased == {"data_subject_request": 1}
    assert workspace.requests.all() == []
    assert workspace.retention.expire_unlinked_request_files(date(2028, 3, 1)) == {}


def test_restricting_a_due_person_also_drops_their_expired_request_files(
    workspace: Workspace, clock: MovingClock
) -> None:
    person = add_person(workspace, "Zoë", "Restricted", "member")
    request = closed_objection(workspace, clock, person, date(2021, 3, 1))
    clock.move_to(TODAY)
    assert findings(workspace, TODAY) == {
        (person, "identification", "overdue"),
        (person, "request", "overdue"),
    }
    # Alone, a request file has nothing to restrict: it is left as it is.
    enrolled = enrolled_student(workspace, "Alone")
    alone = closed_objection(workspace, clock, enrolled, date(2021, 3, 1))
    clock.move_to(TODAY)
    skipped = workspace.retention.apply(enrolled, "restrict", TODAY)
    assert skipped.skipped == (Category.REQUEST,)
    assert workspace.requests.get(alone).id == alone

    summary = workspace.retention.apply(person, "restrict", TODAY)

    assert summary.erased["data_subject_request"] == 1
    assert workspace.requests.store.get(request) is None
    status = workspace.db.scalar("SELECT status FROM person WHERE id = ?", (person,))
    assert status == PersonStatus.RESTRICTED.value
