"""Printed forms and attendance sheets, read back from the real PDFs with pypdf."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from coursenplus_desk.domain.attendance import schedule_weekdays, sessions
from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.consent import Grant
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleStore
from tests.consent_helpers import add_person, new_workspace, run_cli
from tests.controller import name_the_association


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = new_workspace(tmp_path / "vault")
    name_the_association(opened, privacy_contact="vie-privee@coursenplus.be")
    yield opened
    opened.close()


def _student(workspace: Workspace) -> tuple[int, int]:
    mother = add_person(workspace, "Agnieszka", "Łukasiewicz", "guardian",
                        email="agnieszka@example.org", phone="0470 12 34 56")  # fmt: skip
    workspace.people.link_guardian(mother, student := add_person(
        workspace, "Zoë", "Łukasiewicz", "student", birth_date="2014-05-06",
        school="Athénée Royal de Liège", school_year="2e secondaire",
        street="Rue de la Paix 3", postal_code="4000", city="Liège", email="zoe@example.org",
    ), "mère", True)  # fmt: skip
    course = workspace.courses.add_course("Mathématiques")
    group = workspace.courses.add_group(course, "Maths 2e A", schedule="mercredi 14h")
    workspace.courses.enroll(student, group, "2026-09-01")
    workspace.consent.grant(Grant(student, "photos", "2026-09-01", "form", given_by_id=mother))
    return mother, student


@pytest.mark.parametrize(("lang", "retention"), [("en", "5 years"), ("fr", "5 ans")])
def test_prefilled_enrollment_form_shows_stored_values_and_retention(
    workspace: Workspace, lang: str, retention: str
) -> None:
    _mother, student = _student(workspace)
    text = " ".join(text_of(workspace.forms.form("enrollment", student, lang)).split())
    stored = ["Zoë", "Łukasiewicz", "06/05/2014", "zoe@example.org", "Rue de la Paix 3", "4000",
              "Liège", "Athénée Royal de Liège", "2e secondaire", "Mathématiques (Maths 2e A)",
              "Agnieszka Łukasiewicz", "mère", "agnieszka@example.org", "0470 12 34 56",
              "asbl Cours en Plus", "vie-privee@coursenplus.be"]  # fmt: skip
    for value in stored:
        assert value in text
    assert retention in text


def test_the_form_notice_follows_the_retention_policy(workspace: Workspace) -> None:
    workspace.retention.set_policy("identification", 3)
    text = " ".join(text_of(workspace.forms.form("enrollment", None, "en")).split())
    assert "3 years" in text
    assert "5 years" not in text


def test_prefilled_membership_form_leaves_out_what_a_member_need_not_give(
    workspace: Workspace,
) -> None:
    member = add_person(workspace, "Marc", "Dubois", "member", email="marc@example.org",
                        birth_date="1980-01-02")  # fmt: skip
    workspace.records.add_membership(member, "2026-01-01", "2026-12-31", "25")
    text = text_of(workspace.forms.form("membership", member, "en"))
    assert "Marc" in text and "marc@example.org" in text and "€25.00" in text
    assert "02/01/1980" not in text and "Birth date" not in text
    assert "Nothing is kept until your membership is confirmed" in " ".join(text.split())


def test_fillable_form_has_named_fields_with_the_stored_values(workspace: Workspace) -> None:
    mother, student = _student(workspace)
    pdf = workspace.forms.form("enrollment", student, "fr", fillable=True)
    fields = PdfReader(io.BytesIO(pdf)).get_fields() or {}
    expected_names = {
        "family_name", "given_name", "birth_date", "email", "phone", "street", "postal_code",
        "city", "country", "school", "school_year", "course_wanted", "guardian1_name",
        "guardian1_email", "guardian2_name", "consent_newsletter", "consent_photos",
        "consent_testimonials", "signed_place", "signed_on",
    }  # fmt: skip
    assert expected_names <= set(fields)
    assert fields["given_name"]["/V"] == "Zoë"
    assert fields["family_name"]["/V"] == "Łukasiewicz"  # beyond Latin-1: set through pypdf
    assert fields["guardian1_email"]["/V"] == "agnieszka@example.org"
    assert fields["consent_photos"]["/V"] != "/Off"
    assert fields["consent_newsletter"]["/V"] == "/Off"
    assert mother > 0


def test_blank_fillable_membership_form_has_empty_fields(workspace: Workspace) -> None:
    fields = PdfReader(io.BytesIO(workspace.forms.form("membership", fillable=True))).get_fields()
    assert fields is not None
    assert {"family_name", "membership_year", "fee", "consent_newsletter"} <= set(fields)
    assert all(f.get("/V") in ("", "/Off", None) for f in fields.values())


def test_no_form_for_a_restricted_person_and_documents_are_audited(
    workspace: Workspace,
) -> None:
    _mother, student = _student(workspace)
    workspace.forms.form("enrollment", student, "en")
    with workspace.db.transaction():
        PeopleStore(workspace.db).set_status(student, PersonStatus.RESTRICTED,
                                             workspace.clock.now())  # fmt: skip
    with pytest.raises(RefusedError):
        workspace.forms.form("enrollment", student, "en")
    [event] = workspace.db.query(
        "SELECT person_id, details FROM audit_event WHERE action = 'document.form'"
    )
    details = json.loads(event["details"])
    assert event["person_id"] == student
    assert (details["kind"], len(details["sha256"])) == ("enrollment", 64)


def _attendance_group(workspace: Workspace) -> tuple[int, set[str], set[str]]:
    tutor = add_person(workspace, "Thomas", "Tuteur", "tutor")
    course = workspace.courses.add_course("Français")
    group = workspace.courses.add_group(course, "FR-3", tutor_id=tutor,
                                        schedule="Wednesday 2pm", place="Room 3")  # fmt: skip
    other = workspace.courses.add_group(course, "FR-4")
    spans = {
        "Alice Inside": ("2026-09-01", None),
        "Bruno Overlapstart": ("2026-08-01", "2026-09-10"),
        "Chloé Overlapend": ("2026-09-20", "2026-12-31"),
        "Dora Before": ("2026-06-01", "2026-08-31"),
        "Emil After": ("2026-10-01", None),
    }
    for name, (start, end) in spans.items():
        given_name, family = name.split()
        student = add_person(workspace, given_name, family, "student")
        workspace.courses.enroll(student, group, start, end)
    twice = add_person(workspace, "Fanny", "Twice", "student")
    workspace.courses.enroll(twice, group, "2026-09-01", "2026-09-05")
    workspace.courses.enroll(twice, group, "2026-09-15", None)
    elsewhere = add_person(workspace, "Gaspard", "Elsewhere", "student")
    workspace.courses.enroll(elsewhere, other, "2026-09-01")
    cancelled = add_person(workspace, "Hugo", "Cancelled", "student")
    enrollment = workspace.courses.enroll(cancelled, group, "2026-09-01")
    with workspace.db.transaction():
        workspace.db.execute("UPDATE enrollment SET status = 'cancelled' WHERE id = ?",
                             (enrollment,))  # fmt: skip
    hidden = add_person(workspace, "Iris", "Restricted", "student")
    workspace.courses.enroll(hidden, group, "2026-09-01")
    with workspace.db.transaction():
        PeopleStore(workspace.db).set_status(hidden, PersonStatus.RESTRICTED,
                                             workspace.clock.now())  # fmt: skip
    inside = {"Alice Inside", "Bruno Overlapstart", "Chloé Overlapend", "Fanny Twice"}
    outside = {"Dora Before", "Emil After", "Gaspard Elsewhere", "Hugo Cancelled",
               "Iris Restricted"}  # fmt: skip
    return group, inside, outside


def test_attendance_sheet_lists_exactly_the_students_enrolled_in_the_range(
    workspace: Workspace,
) -> None:
    group, inside, outside = _attendance_group(workspace)
    text = text_of(workspace.forms.attendance_sheet(group, "2026-09-01", "2026-09-30", "en"))
    for name in inside:
        assert text.count(name) == 1
    for name in outside:
        assert name not in text
    for header in ("FR-3", "Français", "Thomas Tuteur", "Wednesday 2pm", "Room 3"):
        assert header in text
    days = ["02/09/2026", "09/09/2026", "16/09/2026", "23/09/2026", "30/09/2026"]
    assert [day for day in days if day in text] == days
    assert "01/09/2026 – 30/09/2026" in text


def test_attendance_by_week_when_the_schedule_names_no_weekday(workspace: Workspace) -> None:
    course = workspace.courses.add_course("Stage")
    group = workspace.courses.add_group(course, "Stage été", schedule="9h-12h")
    text = text_of(workspace.forms.attendance_sheet(group, "2026-07-01", "2026-07-20", "en"))
    assert "No student is enrolled" in text
    with pytest.raises(ValidationError):
        workspace.forms.attendance_sheet(group, "2026-07-20", "2026-07-01")


def test_cli_form_commands_write_pdfs(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    workspace = new_workspace(folder)
    group, inside, _outside = _attendance_group(workspace)
    member = add_person(workspace, "Marc", "Dubois", "member", email="marc@example.org")
    workspace.close()
    out = tmp_path / "form.pdf"
    assert run_cli(folder, "form", "membership", "--out", str(out), "--person", str(member),
                   "--lang", "fr", "--fillable") == (0, "", "")  # fmt: skip
    fields = PdfReader(out).get_fields() or {}
    assert fields["email"]["/V"] == "marc@example.org"
    assert run_cli(folder, "form", "enrollment", "--out", str(out))[0] == 0
    assert "Enrollment form" in text_of(out.read_bytes())
    assert run_cli(folder, "form", "attendance", "--group", str(group), "--from", "2026-09-01",
                   "--to", "2026-09-30", "--out", str(out))[0] == 0  # fmt: skip
    assert all(name in text_of(out.read_bytes()) for name in inside)
    code, _out, err = run_cli(folder, "form", "attendance", "--group", "999", "--from",
                              "2026-09-01", "--to", "2026-09-30", "--out", str(out))  # fmt: skip
    assert code == 1 and "999" in err


@given(
    st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    st.integers(0, 120),
    st.sampled_from(["mercredi 14h", "Tuesday and Thursday", "samedi matin", "tous les jours"]),
)
def test_sessions_fall_in_the_range_on_the_named_weekdays(
    start: date, length: int, schedule: str
) -> None:
    end = date.fromordinal(start.toordinal() + length)
    found = sessions(schedule, start, end)
    weekdays = schedule_weekdays(schedule)
    assert all(start <= s.first <= s.last <= end for s in found)
    if weekdays:
        assert all(s.is_day and s.first.weekday() in weekdays for s in found)
        assert len(found) == sum(
            1 for n in range(length + 1)
            if date.fromordinal(start.toordinal() + n).weekday() in weekdays
        )  # fmt: skip
    else:
        assert len(found) == length // 7 + 1
