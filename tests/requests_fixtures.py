"""Shared pieces of the request tests: a real vault and a family with every kind of data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.i18n import set_language
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF

PASSPHRASE = "correct horse battery"
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    clock = FixedClock.on(TODAY)
    with create_workspace(tmp_path / "vault", PASSPHRASE, clock, kdf=FAST_KDF) as opened:
        settings = opened.settings
        settings.set_organisation_value("name", "asbl Cours en Plus")
        settings.set_organisation_value("address", "rue de la Station 20, 1332 Genval")
        settings.set_organisation_value("privacy_contact", "privacy@coursenplus.be")
        settings.set_organisation_value("country", "BE")
        yield opened


@dataclass(frozen=True)
class Family:
    student: int
    guardian: int
    tutor: int
    other_adult: int


def build_family(ws: Workspace) -> Family:
    """A minor student with a guardian, a school, a group with a tutor, a contact, a payment,
    a membership, a consent given by the guardian and an earlier, answered request."""
    guardian = ws.people.add(
        PersonDraft(
            given_name="Łukasz", family_name="Dąbrowski-Çağla", roles=("guardian",),
            email="lukasz.parent@example.org", phone="0470 12 34 56",
            street="Chaussée de Bruxelles 118", postal_code="1310", city="La Hulpe",
            country="Belgique", language="fr",
        )
    )  # fmt: skip
    student = ws.people.add(
        PersonDraft(
            given_name="Zoë", family_name="Dąbrowski-Çağla", roles=("student",),
            email="zoe.eleve@example.be", phone="0471 98 76 54", birth_date="2012-05-14",
            street="Avenue des Tilleuls 7", postal_code="1332", city="Genval",
            country="Belgique", language="fr", school="Athénée Royal de Rixensart",
            school_year="5e primaire", notes="Allergique aux arachides",
        )
    )  # fmt: skip
    ws.people.link_guardian(guardian, student, "mère", primary=True)
    tutor = ws.people.add(
        PersonDraft(
            given_name="Đorđe", family_name="Vandermeulen", roles=("tutor",),
            email="dorde.tutor@example.be",
        )
    )  # fmt: skip
    other = ws.people.add(
        PersonDraft(given_name="Ingrid", family_name="Stranger", roles=("member",))
    )
    course = ws.courses.add_course("Mathématiques", level="6P")
    group = ws.courses.add_group(
        course, "Maths du mercredi", tutor_id=tutor, schedule="mercredi 14:00",
        place="Salle Bruegel", starts_on="2026-09-01", ends_on="2027-06-30",
    )  # fmt: skip
    ws.courses.enroll(student, group, "2026-09-02")
    ws.records.add_contact(student, "2026-10-05", "phone", "Question sur l'horaire")
    ws.records.add_payment(
        student, "125,50", "2026-09-10", reference="COTIS-2026-017",
        purpose="Cours de maths 1er trimestre", method="virement",
    )  # fmt: skip
    ws.records.add_membership(
        student, "2026-09-01", "2027-08-31", fee="25", paid_on="2026-09-10", method="espèces",
        status="confirmed",
    )  # fmt: skip
    with ws.db.transaction():
        ws.records.store.insert_consent(
            student, "Photos sur le site web", date(2026, 9, 2), ConsentMethod.FORM,
            "Formulaire papier n° 42", None, guardian, "v3",
        )  # fmt: skip
    earlier = ws.requests.add(student, "rectification", "2026-03-03", "letter", guardian)
    ws.requests.verify_identity(earlier, "carte d'identité présentée", "2026-03-04")
    ws.requests.rectify(earlier, {"school_year": "6e primaire"})
    ws.requests.close(earlier)
    return Family(student, guardian, tutor, other)
