"""A Flemish family with every kind of data, for the documents written in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.services.workspace import Workspace

GBA = (
    "Gegevensbeschermingsautoriteit (GBA), Drukpersstraat 35, 1000 Brussel, "
    "contact@apd-gba.be, www.gegevensbeschermingsautoriteit.be"
)


@dataclass(frozen=True)
class FlemishFamily:
    student: int  # a minor whose father writes in Dutch
    guardian: int
    tutor: int
    group: int


def set_up_association(ws: Workspace) -> None:
    settings = ws.settings
    settings.set_organisation_value("name", "vzw Cours en Plus")
    settings.set_organisation_value("address", "Stationsstraat 20, 1000 Brussel")
    settings.set_organisation_value("privacy_contact", "privacy@coursenplus.be")
    settings.set_organisation_value("country", "BE")


def build_flemish_family(ws: Workspace) -> FlemishFamily:
    """A father and his daughter from Dilbeek, her school, a group, payments, a consent, a past
    request: everything an access reply lists."""
    guardian = ws.people.add(
        PersonDraft(
            given_name="Pieter", family_name="Vercammen", roles=("guardian",),
            email="pieter.vercammen@example.be", phone="0470 12 34 56",
            street="Kerkstraat 12", postal_code="1700", city="Dilbeek", country="België",
            language="Nederlands",
        )
    )  # fmt: skip
    student = ws.people.add(
        PersonDraft(
            given_name="Fien", family_name="Vercammen", roles=("student",),
            birth_date="2013-04-03", street="Kerkstraat 12", postal_code="1700", city="Dilbeek",
            country="België", language="nl", school="Sint-Jan Berchmanscollege",
            school_year="1ste middelbaar", notes="Allergisch voor noten",
        )
    )  # fmt: skip
    ws.people.link_guardian(guardian, student, "vader", primary=True)
    tutor = ws.people.add(
        PersonDraft(
            given_name="Griet", family_name="De Clercq", roles=("tutor",),
            email="griet.declercq@example.be", language="nl",
        )
    )  # fmt: skip
    course = ws.courses.add_course("Wiskunde", level="1ste graad")
    group = ws.courses.add_group(
        course, "Wiskunde op woensdag", tutor_id=tutor, schedule="woensdag 14:00",
        place="Zaal Bruegel", starts_on="2026-09-01", ends_on="2027-06-30",
    )  # fmt: skip
    ws.courses.enroll(student, group, "2026-09-02")
    ws.records.add_contact(student, "2026-10-05", "phone", "Vraag over het uurrooster")
    ws.records.add_payment(
        guardian, "125,50", "2026-09-10", reference="LES-2026-017",
        purpose="Wiskunde eerste trimester", method="overschrijving",
    )  # fmt: skip
    ws.records.add_membership(
        guardian, "2026-09-01", "2027-08-31", fee="25", paid_on="2026-09-10",
        method="cash", status="confirmed",
    )  # fmt: skip
    with ws.db.transaction():
        ws.records.store.insert_consent(
            student, "Foto's op de website", date(2026, 9, 2), ConsentMethod.FORM,
            "Papieren formulier nr. 42", None, guardian, "v3",
        )  # fmt: skip
    earlier = ws.requests.add(student, "rectification", "2026-03-03", "letter", guardian)
    ws.requests.verify_identity(earlier, "identiteitskaart getoond", "2026-03-04")
    ws.requests.rectify(earlier, {"school_year": "1ste middelbaar"})
    ws.requests.close(earlier)
    return FlemishFamily(student, guardian, tutor, group)
