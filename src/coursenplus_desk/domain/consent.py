"""Consent rules: purposes, who may consent for a child, and who may receive a mailing.

A consent is a row of history: a new grant is a new row, a withdrawal dates the
active row, confirmation (double opt-in) fills the confirmation date. Nothing is
overwritten, so the ledger shows what was agreed to, when, how and by whom.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.people import PersonStatus, age_on
from coursenplus_desk.domain.records import Consent
from coursenplus_desk.i18n import N_

AGE_OF_MAJORITY = 18
# GDPR art. 8: member states set the age of digital consent between 13 and 16.
DIGITAL_CONSENT_AGES = {"BE": 13, "FR": 15}
GDPR_DEFAULT_DIGITAL_AGE = 16

DEFAULT_PURPOSES: tuple[tuple[str, str], ...] = (
    ("newsletter", N_("newsletter")),
    ("future-courses", N_("information about future courses")),
    ("holiday-courses", N_("information about holiday courses")),
    ("photos", N_("photos")),
    ("testimonials", N_("testimonials")),
    ("health-data", N_("health information needed during the courses (explicit consent)")),
)
DEFAULT_PURPOSE_LABELS = dict(DEFAULT_PURPOSES)


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str
    active: bool = True


def default_digital_age(country: str | None) -> int:
    return DIGITAL_CONSENT_AGES.get((country or "").upper(), GDPR_DEFAULT_DIGITAL_AGE)


def is_active(consent: Consent, today: date) -> bool:
    """Given and not withdrawn (a withdrawal dated after today is not yet effective)."""
    return consent.given_on <= today and (
        consent.withdrawn_on is None or consent.withdrawn_on > today
    )


def given_by_other(consent: Consent) -> bool:
    return consent.given_by_id is not None and consent.given_by_id != consent.person_id


def needs_guardian(birth_date: date | None, on: date, digital_age: int) -> bool:
    """Below the age of digital consent a child cannot consent alone."""
    return birth_date is not None and age_on(birth_date, on) < digital_age


def is_minor(birth_date: date | None, on: date) -> bool:
    return birth_date is not None and age_on(birth_date, on) < AGE_OF_MAJORITY


def current_consents(history: Iterable[Consent], today: date) -> dict[str, Consent]:
    """The latest active consent per purpose."""
    current: dict[str, Consent] = {}
    for consent in sorted(history, key=lambda c: (c.given_on, c.id)):
        if is_active(consent, today):
            current[consent.purpose] = consent
    return current


@dataclass(frozen=True)
class Contact:
    """What the mailing rule needs to know about a person."""

    id: int
    given_name: str
    family_name: str
    email: str | None
    language: str | None
    status: PersonStatus
    birth_date: date | None
    objects: bool
    guardian_ids: frozenset[int]


@dataclass(frozen=True)
class Recipient:
    person_id: int
    given_name: str
    family_name: str
    email: str
    language: str | None


def recipient_for(consent: Consent, people: dict[int, Contact], today: date) -> Contact | None:
    """Who receives the mailing a consent allows, or None when nobody may.

    Active and confirmed consents only; restricted, anonymised and objecting people
    never. A child's mail goes to the guardian who consented for them; at 18 a
    guardian's consent no longer counts (the student's own is needed).
    """
    subject = people.get(consent.person_id)
    if subject is None or not is_active(consent, today) or consent.confirmed_on is None:
        return None
    if consent.confirmed_on > today or not _reachable(subject):
        return None
    if not given_by_other(consent):
        return subject if subject.email else None
    guardian = people.get(consent.given_by_id or 0)
    if guardian is None or guardian.id not in subject.guardian_ids:
        return None
    if not is_minor(subject.birth_date, today) or not _reachable(guardian):
        return None
    return guardian if guardian.email else None


def _reachable(contact: Contact) -> bool:
    return contact.status is PersonStatus.ACTIVE and not contact.objects


def mailing_recipients(
    consents: Sequence[Consent], people: dict[int, Contact], today: date
) -> list[Recipient]:
    """One row per address, sorted by name; a guardian of two children is mailed once."""
    by_email: dict[str, Recipient] = {}
    for consent in consents:
        contact = recipient_for(consent, people, today)
        if contact is None or contact.email is None:
            continue
        key = contact.email.casefold()
        by_email.setdefault(
            key,
            Recipient(contact.id, contact.given_name, contact.family_name, contact.email,
                      contact.language),
        )  # fmt: skip
    return sorted(by_email.values(), key=lambda r: (r.family_name.casefold(),
                                                    r.given_name.casefold(), r.email))  # fmt: skip


@dataclass(frozen=True)
class ComingOfAge:
    """A student who is (or is about to be) 18: their own consent and contact are needed."""

    person_id: int
    full_name: str
    adult_on: date
    guardian_ids: tuple[int, ...]
    guardian_consents: tuple[str, ...]  # purposes still resting on a guardian's consent


def latest_adult_birth_date(today: date) -> date:
    """Whoever was born on this day or before is an adult today."""
    try:
        return today.replace(year=today.year - AGE_OF_MAJORITY)
    except ValueError:  # 29 February: born on 28 February, 18 years ago, is an adult
        return date(today.year - AGE_OF_MAJORITY, 2, 28)


def adult_on(birth_date: date) -> date:
    try:
        return birth_date.replace(year=birth_date.year + AGE_OF_MAJORITY)
    except ValueError:  # born on 29 February
        return date(birth_date.year + AGE_OF_MAJORITY, 3, 1)
