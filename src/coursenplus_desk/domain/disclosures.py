"""What tutors receive and the agreements they act under (seed 001, GDPR Art. 28).

Tutors run the courses for the association as its processors: the group
roster they are given holds each student's name and school year and, when the
association chooses, a parent's phone number for emergencies, nothing else.
Every roster given is recorded (to whom, when, which people) and appears in
each student's access reply; each tutor's processor agreement is recorded with
the day it was signed and the document's reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.validation import clean_text
from coursenplus_desk.i18n import N_

ROSTER_PHONE_SETTING = "documents.roster_guardian_phone"


@dataclass(frozen=True)
class Disclosure:
    """Personal data given to someone outside the administrators, e.g. a roster to a tutor."""

    id: int
    kind: str  # "roster"
    group_name: str
    recipient_name: str
    given_on: date
    guardian_phone: bool  # the roster held a parent's phone number


@dataclass(frozen=True)
class RosterLine:
    """One student of a roster: what a tutor needs to run the course."""

    person_id: int
    full_name: str
    school_year: str
    guardian_phone: str = ""  # only when the association chose to include it


@dataclass(frozen=True)
class Roster:
    group_id: int
    group_name: str
    course: str
    tutor_id: int
    tutor_name: str
    schedule: str
    place: str
    given_on: date
    lines: tuple[RosterLine, ...]
    with_guardian_phone: bool


@dataclass(frozen=True)
class ProcessorAgreement:
    id: int
    person_id: int
    signed_on: date
    reference: str


@dataclass(frozen=True)
class TutorProcessor:
    """A tutor as the register lists processors: their groups and their latest agreement."""

    person_id: int
    full_name: str
    groups: tuple[str, ...]
    agreement: ProcessorAgreement | None


def check_reference(value: str | None) -> str:
    text = clean_text(value, "reference", max_length=200)
    if not text:
        raise ValidationError(
            "reference", N_("Give the reference of the signed agreement (its title or number).")
        )
    return text
