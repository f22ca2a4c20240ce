"""The access reply follows what the program knows: register, hold, tutors, rosters, sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.organisation import ControllerNotSetError
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.consent import Grant
from coursenplus_desk.services.workspace import Workspace, create_workspace, open_workspace
from tests.conftest import CliRunner, cli_environment
from tests.controller import CONTROLLER, controller_commands, name_the_association
from tests.fast_kdf import FAST_KDF
from tests.requests_fixtures import PASSPHRASE, TODAY, Family, build_family


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


def reply_text(ws: Workspace, person: int, language: str, requester: int | None = None) -> str:
    request = ws.requests.add(person, "access", "2026-11-10", "email", requester)
    ws.requests.verify_identity(request, "carte d'identité", "2026-11-12")
    return flat(text_of(ws.requests.reply(request, language=language).data))


@pytest.fixture
def family_vault(tmp_path: Path) -> tuple[Path, Family]:
    """The acceptance case: a group whose tutor is named, a payment, a newsletter consent,
    a legal hold, and a register activity that sends data to the United States."""
    folder = tmp_path / "vault"
    with create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF) as ws:
        name_the_association(ws)
        family = build_family(ws)
        ws.consent.grant(Grant(family.student, "newsletter", "2026-09-02", "form",
                               "2026-09-03", given_by_id=family.guardian))  # fmt: skip
        ws.retention.place_hold(family.student, "Litige sur une facture", "2026-10-15")
    cli = CliRunner(cli_environment(folder))
    cli.ok("activity", "add", "--name", "Lettre d'information en ligne", "--purpose",
           "Envoyer la lettre d'information", "--people", "Abonnés", "--data", "Adresse e-mail",
           "--security", "Compte protégé", "--recipients", "Mailchimp", "--transfers",
           "États-Unis", "--safeguards", "DPF")  # fmt: skip
    return folder, family


def test_the_reply_names_tutor_accountant_us_processor_and_hold_in_plain_words(
    family_vault: tuple[Path, Family],
) -> None:
    folder, family = family_vault
    with open_workspace(folder, PASSPHRASE, FixedClock.on(TODAY)) as ws:
        text = reply_text(ws, family.student, "fr", family.guardian)
    for expected in (
        "Đorđe Vandermeulen, formateur du groupe « Maths du mercredi »",
        "sous-traitant",
        "Le comptable de l’association",
        "Mailchimp",
        "Lettre d'information en ligne : vers États-Unis, avec cette garantie : DPF.",
        "Un gel juridique s'applique aux données de Zoë Dąbrowski-Çağla depuis le 15/10/2026",
        "Suspendue par le gel juridique",
        "lettre d'information",
        "Fiche saisie par un administrateur",
        "Lien familial ajouté avec Łukasz Dąbrowski-Çağla",
        "année scolaire : 5e primaire → 6e primaire",
    ):
        assert expected in text, expected
    for code in ("person.create", "family.link", "consent.grant", "newsletter", "phone:",
                 "school_year", "request.identity_checked"):  # fmt: skip
        assert code not in text, code
    # Her mother reads it: the person whose data it is, is named ("vos données" would be hers).
    for about_zoe in ("Historique de la fiche de Zoë", "5. Les droits de Zoë",
                      "Vous pouvez exercer, pour Zoë Dąbrowski-Çağla, le droit :"):  # fmt: skip
        assert about_zoe in text, about_zoe
    assert "vos données" not in text and "Vos droits" not in text
    # Under a hold no erasure day is promised.
    assert "c'est-à-dire jusqu'au" not in text
    assert "hors de l'Espace économique européen" in text


def test_an_ended_enrollment_is_not_ongoing_and_sources_are_only_what_is_known(
    workspace: Workspace,
) -> None:
    name_the_association(workspace)
    family = build_family(workspace)
    course = workspace.courses.add_course("Néerlandais")
    group = workspace.courses.add_group(course, "Néerlandais été", starts_on="2026-07-01",
                                        ends_on="2026-07-31")  # fmt: skip
    workspace.courses.enroll(family.student, group, "2026-07-01")
    text = reply_text(workspace, family.student, "en", family.guardian)
    assert "Néerlandais été" in text
    start = text.index("Néerlandais été")
    summer = text[start : text.find("participation", start)]
    assert "status ended" in summer and "ongoing" not in summer
    # The program knows an administrator typed the record in and the guardian consented;
    # it never claims the 14-year-old gave the rest herself.
    assert "typed in by an administrator" in text
    assert "Łukasz Dąbrowski-Çağla gave the consent for Zoë Dąbrowski-Çağla" in text
    assert "collected from Zoë" not in text and "directly" not in text


def test_a_roster_given_to_the_tutor_is_named_in_each_students_reply(
    workspace: Workspace, tmp_path: Path
) -> None:
    name_the_association(workspace)
    family = build_family(workspace)
    [group] = workspace.courses.groups()
    pdf = workspace.tutors.roster_pdf(group.id, "en")
    roster = flat(text_of(pdf))
    assert "Zoë Dąbrowski-Çağla" in roster and "6e primaire" in roster
    # No e-mail address or birth date, nothing but what running the course needs.
    for absent in ("@example", "14/05/2012", "2012-05-14", "+32", "Allergique", "Genval",
                   "Avenue des Tilleuls"):  # fmt: skip
        assert absent not in roster, absent
    [disclosure] = workspace.tutors.disclosures_of(family.student)
    assert (disclosure.recipient_name, disclosure.given_on) == ("Đorđe Vandermeulen", TODAY)

    text = reply_text(workspace, family.student, "en", family.guardian)
    assert (
        "On 22/11/2026, Đorđe Vandermeulen was given the roster of the group “Maths du mercredi”"
        in text
    )
    assert "Name on the group roster given to the tutor Đorđe Vandermeulen" in text


def test_a_roster_shows_a_parents_phone_only_when_the_association_chose_it(
    workspace: Workspace,
) -> None:
    name_the_association(workspace)
    family = build_family(workspace)
    [group] = workspace.courses.groups()
    assert "+32470123456" not in text_of(workspace.tutors.roster_pdf(group.id, "en"))
    workspace.tutors.set_roster_includes_phone(True)
    with_phone = text_of(workspace.tutors.roster_pdf(group.id, "en"))
    assert "+32470123456" in with_phone and "lukasz.parent" not in with_phone
    text = reply_text(workspace, family.student, "en", family.guardian)
    assert (
        "with the name and school year of Zoë Dąbrowski-Çağla and a parent's phone for "
        "emergencies." in text
    )


def test_request_reply_refuses_until_the_association_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    with create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF) as ws:
        family = build_family(ws)
        request = ws.requests.add(family.student, "access", "2026-11-10", "email")
        ws.requests.verify_identity(request, "e-mail")
    cli = CliRunner(cli_environment(folder))
    out = tmp_path / "reply.pdf"
    refused = cli("request", "reply", str(request), "--out", str(out))
    assert refused.code == 1 and refused.err.count("\n") == 1
    assert "name" in refused.err and "settings set name" in refused.err
    assert not out.exists()
    for command in controller_commands()[:2]:
        cli.ok(*command)
    missing_contact = cli("request", "reply", str(request), "--out", str(out))
    assert missing_contact.code == 1 and "privacy_contact" in missing_contact.err
    cli.ok(*controller_commands()[2])
    cli.ok("request", "reply", str(request), "--out", str(out), "--lang", "fr")
    text = flat(text_of(out.read_bytes()))
    assert "l'asbl Cours en Plus" in text and CONTROLLER["privacy_contact"] in text
    assert "écrivez à l'asbl Cours en Plus : privacy@coursenplus.be" in text
    assert "Pour les exercer, écrivez à ." not in text


def test_every_document_refuses_until_the_association_is_named(workspace: Workspace) -> None:
    family = build_family(workspace)  # the association's name is not set
    [group] = workspace.courses.groups()
    makers: list[Callable[[], object]] = [
        lambda: workspace.forms.form("enrollment", family.student, "fr"),
        lambda: workspace.forms.attendance_sheet(group.id, "2026-11-01", "2026-11-30", "fr"),
        lambda: workspace.tutors.roster_pdf(group.id, "fr"),
        lambda: workspace.register.register_pdf("fr"),
        lambda: workspace.register.notice_document("fr", "html"),
        lambda: workspace.membership.register_pdf("fr"),
    ]
    for make in makers:
        with pytest.raises(ControllerNotSetError) as refused:
            make()
        assert "settings set name" in refused.value.message()
    assert workspace.tutors.disclosures_of(family.student) == []  # nothing recorded


def test_the_cli_lists_breaches_notified_after_72_hours_as_late(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF).close()
    cli = CliRunner({**cli_environment(folder), "COURSENPLUS_TODAY": "2026-12-03"})
    late = cli.ok("breach", "add", "--discovered", "2026-11-25 09:00", "--nature",
                  "Ordinateur portable volé", "--notified-on", "2026-11-29")  # fmt: skip
    in_time = cli.ok("breach", "add", "--discovered", "2026-11-25 09:00", "--nature",
                     "Courriel mal adressé", "--notified-on", "2026-11-28 08:30")  # fmt: skip
    records = {r["id"]: r for r in json.loads(cli.ok("breach", "list", "--json"))}
    assert records[int(late)]["late"] is True
    assert records[int(late)]["delay_reason_missing"] is True
    assert records[int(in_time)]["late"] is False
    assert records[int(in_time)]["notified_at"].startswith("2026-11-28T08:30")
    assert "LATE" in cli.ok("breach", "list")
    cli.ok("breach", "update", late, "--delay-reason", "Le vol n'a été compris que le 28.")
    records = {r["id"]: r for r in json.loads(cli.ok("breach", "list", "--json"))}
    assert records[int(late)]["late"] is True
    assert records[int(late)]["delay_reason_missing"] is False
    assert records[int(late)]["delay_reason"] == "Le vol n'a été compris que le 28."


def test_a_guardians_own_reply_is_written_from_the_same_facts(workspace: Workspace) -> None:
    name_the_association(workspace)
    family = build_family(workspace)
    other = workspace.people.add(PersonDraft(given_name="Anne", family_name="Ament",
                                             roles=("guardian",)))  # fmt: skip
    assert other > family.guardian
    text = reply_text(workspace, family.guardian, "fr")
    assert "La fiche de Łukasz Dąbrowski-Çağla a été saisie par un administrateur" in text
    assert "Madame, Monsieur," in text
