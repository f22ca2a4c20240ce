"""Unconfirmed applications expire; a minor's membership form; tutors' processor agreements."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.retention import Category, Status
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace
from tests.conftest import CliRunner, cli_environment
from tests.consent_helpers import add_person, new_workspace


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture
def named(tmp_path: Path) -> Workspace:
    return new_workspace(tmp_path / "vault")


def test_an_unconfirmed_application_expires_after_the_set_period(named: Workspace) -> None:
    workspace = named
    applicant, _membership = workspace.membership.apply(
        "Ana", "Costa", "2026-06-01", "2026-09-01", "2027-08-31", "25", email="ana@example.org"
    )
    confirmed, membership = workspace.membership.apply(
        "Rui", "Costa", "2026-06-01", "2026-09-01", "2027-08-31", "25"
    )
    workspace.membership.confirm(membership, "2026-06-10", "2026-06-10")
    # Three months by default: due on 1 September, and listed as an application never confirmed.
    due = {f.person_id: f for f in workspace.retention.scan(date(2026, 9, 1), window_days=0)}
    assert due[applicant].due_on == date(2026, 9, 1)
    assert due[applicant].status is Status.OVERDUE
    assert due[applicant].expired_application
    assert due[applicant].category is Category.PROSPECT
    assert confirmed not in due
    assert applicant not in {
        f.person_id for f in workspace.retention.scan(date(2026, 8, 31), window_days=0)
    }
    workspace.retention.set_application_months(6)
    assert workspace.retention.policies().application_months == 6
    later = {f.person_id: f for f in workspace.retention.scan(date(2026, 12, 1), window_days=0)}
    assert later[applicant].due_on == date(2026, 12, 1)
    with pytest.raises(ValidationError):
        workspace.retention.set_application_months(0)
    workspace.retention.set_application_months(3)
    summary = workspace.retention.apply(applicant, "erase", date(2026, 11, 22))
    assert summary.outcome.value == "erased"
    assert workspace.people.store.get(applicant) is None


def test_the_application_period_is_a_command(tmp_path: Path) -> None:
    new_workspace(tmp_path / "vault").close()
    cli = CliRunner(cli_environment(tmp_path / "vault"))
    assert "3 months" in cli.ok("policy", "application")
    assert "4 months" in cli.ok("policy", "application", "--months", "4")
    assert "application\t4 months" in cli.ok("policy", "list")


def test_a_minors_membership_form_has_the_guardians_section_and_signature(
    named: Workspace,
) -> None:
    workspace = named
    mother = add_person(workspace, "Agnieszka", "Nowak", "guardian", email="a.nowak@example.org")
    child = add_person(workspace, "Ola", "Nowak", "member", guardians=(mother,),
                       birth_date="2012-03-04")  # fmt: skip
    text = flat(text_of(workspace.forms.form("membership", child, "en")))
    for expected in ("Parent or guardian 1 (for a member under 18)", "Agnieszka Nowak",
                     "a.nowak@example.org", "04/03/2012",
                     "a parent or guardian fills in this part and signs the form",
                     "Signature of the parent or guardian"):  # fmt: skip
        assert expected in text, expected
    blank = flat(text_of(workspace.forms.form("membership", None, "fr")))
    assert "Parent ou tuteur 1 (pour un membre de moins de 18 ans)" in blank
    assert "Signature (d'un parent ou tuteur pour un membre de moins de 18 ans)" in blank
    assert "informations de santé" not in blank  # health consent is for courses only
    enrollment = flat(text_of(workspace.forms.form("enrollment", None, "fr")))
    assert "informations de santé utiles pendant les cours" in enrollment


def test_a_tutors_processor_agreement_is_recorded_and_shown_in_the_register(
    named: Workspace,
) -> None:
    workspace = named
    tutor = add_person(workspace, "Tom", "Maes", "tutor")
    other = add_person(workspace, "Ines", "Leroy", "tutor")
    member = add_person(workspace, "Marc", "Dubois", "member")
    course = workspace.courses.add_course("Maths")
    workspace.courses.add_group(course, "Maths A", tutor_id=tutor)
    with pytest.raises(RefusedError):
        workspace.tutors.record_agreement(member, "2026-09-01", "Contrat")
    with pytest.raises(ValidationError):
        workspace.tutors.record_agreement(tutor, "2026-09-01", "  ")
    with pytest.raises(ValidationError):
        workspace.tutors.record_agreement(tutor, "2027-09-01", "Contrat")
    workspace.tutors.record_agreement(tutor, "2026-08-30", "Contrat de sous-traitance 2026-04")
    agreement = workspace.tutors.agreement(tutor)
    assert agreement is not None and agreement.signed_on == date(2026, 8, 30)
    text = flat(text_of(workspace.register.register_pdf("en")))
    assert "Processors: tutors and their agreements (Art. 28 GDPR)" in text
    assert "Tom Maes Maths A signed on 30/08/2026, reference Contrat de sous-traitance 2026-04" in (
        text
    )
    assert "Ines Leroy — no agreement recorded" in text
    assert other > 0


def test_tutor_and_roster_commands(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        tutor = add_person(workspace, "Tom", "Maes", "tutor")
        student = add_person(workspace, "Lou", "Petit", "student", school_year="3e")
        course = workspace.courses.add_course("Maths")
        group = workspace.courses.add_group(course, "Maths A", tutor_id=tutor)
        workspace.courses.enroll(student, group, "2026-09-01")
        empty = workspace.courses.add_group(course, "Maths B")
    cli = CliRunner(cli_environment(tmp_path / "vault"))
    [row] = json.loads(cli.ok("tutor", "list", "--json"))
    assert row["agreement_signed_on"] is None and row["groups"] == ["Maths A"]
    assert "NO PROCESSOR AGREEMENT" in cli.ok("tutor", "list")
    cli.ok("tutor", "agreement", "--person", str(tutor), "--signed-on", "2026-08-30",
           "--reference", "Contrat 2026-04")  # fmt: skip
    [row] = json.loads(cli.ok("tutor", "list", "--json"))
    assert (row["agreement_signed_on"], row["agreement_reference"]) == (
        "2026-08-30",
        "Contrat 2026-04",
    )
    roster = tmp_path / "roster.pdf"
    cli.ok("form", "roster", "--group", str(group), "--out", str(roster))
    text = flat(text_of(roster.read_bytes()))
    assert "Lou Petit" in text and "3e" in text
    refused = cli("form", "roster", "--group", str(empty), "--out", str(tmp_path / "b.pdf"))
    assert refused.code == 1 and "tutor" in refused.err
    assert not (tmp_path / "b.pdf").exists()
