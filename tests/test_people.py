"""People, families, search and the last-contact date, through the services."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import PersonDraft, Role
from coursenplus_desk.domain.text import fold, words
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from tests.conftest import TODAY


def draft(given_name: str, family_name: str, *roles: str, **values: str) -> PersonDraft:
    return PersonDraft(
        given_name=given_name, family_name=family_name, roles=roles or ("student",), **values
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("zoe", "Zoë"), ("helene", "Hélène"), ("lukasz", "Łukasz"), ("ore", "Øre"),
     ("strasse", "Straße"), ("dorde", "Đorđe"), ("cagla", "Çağla"), ("aeneas", "Æneas")],
)  # fmt: skip
def test_search_folds_accents_and_letter_variants(
    workspace: Workspace, typed: str, stored: str
) -> None:
    person = workspace.people.add(draft(stored, "Test"))
    assert [p.id for p in workspace.people.find(typed)] == [person]
    assert [p.id for p in workspace.people.find(typed[:2])] == [person]


@given(st.text(max_size=30))
def test_folding_is_idempotent_and_ascii_for_latin_text(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert all(w.isascii() for w in words("Zoë Łukasz Øre Straße Đorđe " + text) if w.isalpha())


def test_search_by_email_and_phone_and_several_words(workspace: Workspace) -> None:
    anna = workspace.people.add(
        draft(
            "Anna", "Peeters", "guardian", email="anna.peeters@example.be", phone="+32 2 511 22 33"
        )
    )
    workspace.people.add(draft("Anna", "Maes"))
    assert [p.id for p in workspace.people.find("anna.peet")] == [anna]
    assert [p.id for p in workspace.people.find("02 511")] == [anna]
    assert [p.id for p in workspace.people.find("peeters ann")] == [anna]
    assert len(workspace.people.find("anna")) == 2
    assert workspace.people.find('"; DROP TABLE person; --') == []


def test_role_filter_and_order(workspace: Workspace) -> None:
    tutor = workspace.people.add(draft("Bram", "Aerts", "tutor"))
    student = workspace.people.add(draft("Bram", "Zeeman"))
    assert workspace.people.ids(PeopleQuery(text="bram")) == [tutor, student]
    assert workspace.people.ids(PeopleQuery(text="bram", descending=True)) == [student, tutor]
    assert workspace.people.ids(PeopleQuery(roles=frozenset({Role.TUTOR}))) == [tutor]


def test_every_bad_field_is_reported_and_nothing_is_written(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as raised:
        workspace.people.add(
            PersonDraft(given_name=" ", family_name="X", roles=("wizard",), email="a@", phone="1")
        )
    assert {e.field for e in raised.value.errors} == {"given_name", "roles", "email", "phone"}
    assert workspace.people.ids(PeopleQuery()) == []


def test_a_guardian_that_does_not_exist_adds_nobody(workspace: Workspace) -> None:
    with pytest.raises(ValidationError):
        workspace.people.add(draft("Lone", "Child"), guardian_ids=[999])
    assert workspace.people.find("lone") == []


def test_family_links_refuse_cycles(workspace: Workspace) -> None:
    parent = workspace.people.add(draft("Marie", "Dubois", "guardian"))
    child = workspace.people.add(draft("Léa", "Dubois"), guardian_ids=[parent])
    with pytest.raises(RefusedError):
        workspace.people.link_guardian(child, parent)
    with pytest.raises(RefusedError):
        workspace.people.link_guardian(child, child)
    details = workspace.people.get(child)
    assert [link.person_id for link in details.guardians] == [parent]
    workspace.people.unlink_guardian(parent, child)
    assert workspace.people.get(child).guardians == ()
    with pytest.raises(NotFoundError):
        workspace.people.unlink_guardian(parent, child)


def test_edit_then_undo_restores_every_value(workspace: Workspace) -> None:
    person = workspace.people.add(draft("Noor", "Claes", school="Collège Saint-Michel"))
    previous = workspace.people.update(
        person, draft("Noor", "Claes-Janssens", school="Institut Saint-Louis")
    )
    assert workspace.people.find("janssens")[0].id == person
    workspace.people.restore(person, previous)
    assert workspace.people.fields(person) == previous
    assert workspace.people.find("janssens") == []
    actions = [e.action for e in workspace.audit.store.events(person)]
    assert actions.count("person.update") == 2


def test_last_contact_follows_enrollments_memberships_payments(workspace: Workspace) -> None:
    clock_day = workspace.clock.today()
    tutor = workspace.people.add(draft("Wout", "Maes", "tutor"))
    student = workspace.people.add(draft("Fien", "Maes"))
    course = workspace.courses.add_course("Mathématiques", "group", "secondaire")
    group = workspace.courses.add_group(
        course, "2027 A", tutor, starts_on="2026-09-15", ends_on="2027-06-30"
    )
    workspace.courses.enroll(student, group, "2026-09-15")
    enrolled = workspace.people.get(student).person
    assert enrolled.last_contact_on(clock_day) == clock_day  # still running: today, not 30/06
    assert enrolled.last_contact_on(date(2027, 8, 1)) == date(2027, 6, 30)
    payer = workspace.people.add(draft("Lotte", "Maes", "guardian"))
    workspace.records.add_payment(payer, "150,00", "2026-02-01")
    assert workspace.people.get(payer).person.last_contact_on(clock_day) == date(2026, 2, 1)
    workspace.records.add_membership(payer, "2026-01-01", "2026-12-31", "20", status="confirmed")
    member = workspace.people.get(payer).person
    assert member.last_contact_on(clock_day) == clock_day
    assert member.last_contact_on(date(2027, 3, 1)) == date(2026, 12, 31)
    assert [m.enrollment.student_id for m in workspace.courses.members(group)] == [student]


def test_enrolling_someone_who_is_not_a_student_is_refused(workspace: Workspace) -> None:
    tutor = workspace.people.add(draft("Stijn", "Wouters", "tutor"))
    course = workspace.courses.add_course("Chimie", "private")
    group = workspace.courses.add_group(course, "Chimie 1", tutor)
    with pytest.raises(RefusedError):
        workspace.courses.enroll(tutor, group, "2026-09-01")
    with pytest.raises(RefusedError):
        workspace.courses.add_group(
            course, "Chimie 2", tutor_id=workspace.people.add(draft("A", "B"))
        )


def test_demo_data_is_realistic(workspace: Workspace) -> None:
    added = fill_demo(workspace, 400, seed=7)
    assert added == 400
    everyone = workspace.people.summaries(workspace.people.ids(PeopleQuery()))
    assert len(everyone) == 400
    roles = {role for person in everyone for role in person.roles}
    assert roles == {Role.STUDENT, Role.GUARDIAN, Role.TUTOR, Role.PROSPECT}
    five_years_ago = date(2021, 11, 22)
    old = [p for p in everyone if p.last_contact_on(TODAY) < five_years_ago]
    recent = [p for p in everyone if p.last_contact_on(TODAY) >= five_years_ago]
    assert old and recent
    student = next(p for p in everyone if Role.STUDENT in p.roles)
    details = workspace.people.get(student.id)
    assert 1 <= len(details.guardians) <= 2
    assert workspace.courses.enrollments(student.id)


def test_demo_cancel_leaves_the_vault_as_it_was(workspace: Workspace) -> None:
    from coursenplus_desk.services.demo import DemoCancelledError

    with pytest.raises(DemoCancelledError):
        fill_demo(workspace, 500, progress=lambda done, total: done < 100)
    assert workspace.people.ids(PeopleQuery()) == []
    assert workspace.courses.courses() == []


def test_the_top_level_domain_of_addresses_is_not_a_search_word(workspace: Workspace) -> None:
    benoit = workspace.people.add(draft("Benoît", "Thiry", "guardian", email="bt@example.be"))
    workspace.people.add(draft("Anna", "Maes", "guardian", email="anna.maes@example.be"))
    assert [p.id for p in workspace.people.find("be")] == [benoit]
    assert len(workspace.people.find("example")) == 2
    assert len(workspace.people.find("anna.maes")) == 1


def test_existing_names_exactly_the_ids_of_people(workspace: Workspace) -> None:
    fill_demo(workspace, 5, seed=2)
    everyone = set(workspace.db.column("SELECT id FROM person"))
    store = workspace.people.store
    asked = everyone | {max(everyone) + 1, -3, 0}
    assert store.existing(asked) == everyone == {i for i in asked if store.exists(i)}
    assert store.existing([]) == set()
