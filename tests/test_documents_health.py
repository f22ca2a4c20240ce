"""Health information (Art. 9): its own field, on explicit consent, with its own retention."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.health import HEALTH_PURPOSE, looks_like_health
from coursenplus_desk.domain.retention import Category, Status
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.health import HealthConsent
from coursenplus_desk.services.workspace import Workspace
from tests.conftest import CliRunner
from tests.controller import name_the_association
from tests.requests_fixtures import Family, build_family


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture
def family(workspace: Workspace) -> Family:
    name_the_association(workspace)
    return build_family(workspace)


def test_health_information_needs_the_explicit_consent_of_a_guardian_for_a_minor(
    workspace: Workspace, family: Family
) -> None:
    with pytest.raises(RefusedError):  # no consent recorded yet
        workspace.health.record(family.student, "Allergie aux arachides")
    with pytest.raises(RefusedError):  # a minor does not consent alone
        workspace.health.record(family.student, "Allergie aux arachides",
                                HealthConsent("2026-09-02"))  # fmt: skip
    with pytest.raises(ValidationError):
        workspace.health.record(family.student, "  ", HealthConsent("2026-09-02", "form",
                                                                    family.guardian))  # fmt: skip
    workspace.health.record(
        family.student, "Allergie aux arachides ; stylo d'adrénaline dans le sac",
        HealthConsent("2026-09-02", "form", family.guardian, "fiche santé signée"),
    )  # fmt: skip
    record = workspace.health.get(family.student)
    assert record is not None and record.consent_given_by == "Łukasz Dąbrowski-Çağla"
    consent = workspace.health.active_consent(family.student)
    assert consent is not None and consent.purpose == HEALTH_PURPOSE
    # Once consented, later edits need no new consent.
    workspace.health.record(family.student, "Allergie aux arachides")
    assert workspace.health.get(family.student).details == "Allergie aux arachides"  # type: ignore[union-attr]
    with pytest.raises(RefusedError):
        workspace.consent.mailing_list(HEALTH_PURPOSE)


def test_an_adult_consents_for_themself(workspace: Workspace, family: Family) -> None:
    with pytest.raises(RefusedError):
        workspace.health.record(family.guardian, "Diabète",
                                HealthConsent("2026-09-02", "form", family.student))  # fmt: skip
    workspace.health.record(family.guardian, "Diabète", HealthConsent("2026-09-02"))
    assert workspace.health.active_consent(family.guardian) is not None


def test_withdrawing_the_consent_erases_the_health_information(
    workspace: Workspace, family: Family
) -> None:
    workspace.health.record(family.student, "Asthme",
                            HealthConsent("2026-09-02", "form", family.guardian))  # fmt: skip
    workspace.consent.withdraw(family.student, HEALTH_PURPOSE, "2026-11-20")
    assert workspace.health.get(family.student) is None
    # The proof of the consent and of its withdrawal stays, as every consent's does.
    [proof] = [c for c in workspace.consent.history(family.student) if c.purpose == HEALTH_PURPOSE]
    assert proof.withdrawn_on == date(2026, 11, 20)
    erased = workspace.db.scalar(
        "SELECT count(*) FROM erased_record WHERE table_name = 'health_record'"
    )
    assert erased == 1


def test_the_reply_shows_health_information_as_a_special_category(
    workspace: Workspace, family: Family
) -> None:
    workspace.health.record(family.student, "Allergie aux arachides",
                            HealthConsent("2026-09-02", "form", family.guardian))  # fmt: skip
    request = workspace.requests.add(family.student, "access", "2026-11-10", "email",
                                     family.guardian)  # fmt: skip
    workspace.requests.verify_identity(request, "carte d'identité")
    text = flat(text_of(workspace.requests.reply(request, language="fr").data))
    section = text[text.index("Informations de santé") :]
    for expected in ("Allergie aux arachides", "consentement explicite donné le", "02/09/2026",
                     "art. 9, §2, a) du RGPD", "catégorie particulière de données",
                     "effacées dès le retrait du consentement"):  # fmt: skip
        assert expected in section, expected
    assert "a fourni les informations de santé de Zoë Dąbrowski-Çağla" in text
    portability = workspace.requests.add(family.student, "portability", "2026-11-10", "email",
                                         family.guardian)  # fmt: skip
    workspace.requests.verify_identity(portability, "carte d'identité")
    archive = zipfile.ZipFile(io.BytesIO(workspace.requests.reply(portability).data))
    health = json.loads(archive.read("data.json"))["categories"]["health"]
    assert health == [{"details": "Allergie aux arachides", "consent_given_on": "2026-09-02"}]


def test_health_information_has_its_own_retention(workspace: Workspace, family: Family) -> None:
    workspace.health.record(family.student, "Asthme",
                            HealthConsent("2026-09-02", "form", family.guardian))  # fmt: skip
    [due] = [d for d in workspace.retention.dates_of(family.student)
             if d.category is Category.HEALTH]  # fmt: skip
    # One year after the last course ends (the group ends on 30/06/2027).
    assert (due.since, due.due_on) == (date(2027, 6, 30), date(2028, 6, 30))
    findings = workspace.retention.scan(date(2028, 6, 30), window_days=0)
    assert any(f.category is Category.HEALTH and f.status is Status.OVERDUE
               and f.person_id == family.student for f in findings)  # fmt: skip
    workspace.retention.set_policy("health", 2)
    assert workspace.retention.policies().of(Category.HEALTH) == 2


def test_the_notes_warn_when_they_look_like_health_information(
    initialised_cli: CliRunner,
) -> None:
    assert looks_like_health("Allergique aux arachides")
    assert looks_like_health("diabétique, insuline à midi")
    assert looks_like_health("Heeft een pinda-allergie")
    assert not looks_like_health("Préfère le mercredi")
    added = initialised_cli("person", "add", "--role", "student", "--given-name", "Lou",
                            "--family-name", "Petit", "--notes", "Diabétique")  # fmt: skip
    assert added.code == 0 and "health" in added.err.lower()
    quiet = initialised_cli("person", "add", "--role", "student", "--given-name", "Lia",
                            "--family-name", "Petit", "--notes", "Préfère le mercredi")  # fmt: skip
    assert quiet.code == 0 and quiet.err == ""


def test_health_commands(initialised_cli: CliRunner, tmp_path: Path) -> None:
    cli = initialised_cli
    guardian = cli.ok("person", "add", "--role", "guardian", "--given-name", "Ana",
                      "--family-name", "Petit")  # fmt: skip
    child = cli.ok("person", "add", "--role", "student", "--given-name", "Lou", "--family-name",
                   "Petit", "--birth-date", "2016-04-01", "--guardian", guardian)  # fmt: skip
    refused = cli("health", "set", child, "--details", "Asthme")
    assert refused.code == 1 and "consent" in refused.err
    cli.ok("health", "set", child, "--details", "Asthme", "--consent-by", guardian,
           "--consent-on", "2026-11-01", "--evidence", "fiche santé")  # fmt: skip
    shown = json.loads(cli.ok("health", "show", child, "--json"))
    assert shown["details"] == "Asthme" and shown["consent_given_on"] == "2026-11-01"
    assert cli.ok("health", "erase", child) == "1"
    assert cli.ok("health", "show", child) == "No health information is recorded."
