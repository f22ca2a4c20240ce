"""People, their roles and family links."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.kinds import Role as Role
from coursenplus_desk.domain.validation import (
    DEFAULT_PHONE_REGION,
    Checker,
    check_birth_date,
    choice,
    clean_text,
    normalise_email,
    normalise_phone,
    parse_iso_date,
    require_name,
)
from coursenplus_desk.i18n import N_, language_code

ROLE_LABELS: dict[Role, str] = {
    Role.STUDENT: N_("student"),
    Role.GUARDIAN: N_("parent or guardian"),
    Role.TUTOR: N_("tutor"),
    Role.MEMBER: N_("member"),
    Role.PROSPECT: N_("prospect"),
}


class PersonStatus(StrEnum):
    ACTIVE = "active"
    RESTRICTED = "restricted"
    ANONYMISED = "anonymised"


@dataclass(frozen=True)
class PersonDraft:
    """What a person typed into a form or a command: text, not yet checked."""

    given_name: str | None = None
    family_name: str | None = None
    roles: tuple[str, ...] = ()
    email: str | None = None
    phone: str | None = None
    birth_date: str | date | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    school: str | None = None
    school_year: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PersonFields:
    """A person's own values, checked and normalised."""

    given_name: str
    family_name: str
    roles: frozenset[Role]
    email: str | None = None
    phone: str | None = None
    birth_date: date | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    school: str | None = None
    school_year: str | None = None
    notes: str | None = None


def validate_person(
    draft: PersonDraft, today: date, phone_region: str = DEFAULT_PHONE_REGION
) -> PersonFields:
    """Check every field, report all bad ones at once, return normalised values (a phone
    number written without its country code is one of `phone_region`)."""
    checker = Checker()
    given = checker.check(lambda: require_name(draft.given_name, "given_name"))
    family = checker.check(lambda: require_name(draft.family_name, "family_name"))
    roles = checker.check(lambda: _roles(draft.roles))
    # An empty field is valid and stays empty: only the given ones are checked (an import
    # checks tens of thousands of people, most with few fields).
    email = checker.check(lambda: normalise_email(draft.email)) if draft.email else None
    phone = (
        checker.check(lambda: normalise_phone(draft.phone, region=phone_region))
        if draft.phone
        else None
    )
    birth = checker.check(
        lambda: check_birth_date(parse_iso_date(draft.birth_date, "birth_date"), today)
    )
    texts = {
        name: checker.check(partial(_text, draft, name)) if getattr(draft, name) else None
        for name in _FREE_TEXT_FIELDS
    }
    checker.raise_if_any()
    assert given is not None and family is not None and roles is not None
    return PersonFields(
        given_name=given,
        family_name=family,
        roles=roles,
        email=email,
        phone=phone,
        birth_date=birth,
        **texts,
    )


_FREE_TEXT_FIELDS = (
    "street",
    "postal_code",
    "city",
    "country",
    "language",
    "school",
    "school_year",
    "notes",
)


def _text(draft: PersonDraft, name: str) -> str | None:
    value: str | None = getattr(draft, name)
    text = clean_text(value, name)
    if name == "language":
        # 'Nederlands', 'néerlandais' or 'nl_BE' are kept as the code letters are written in;
        # a language the program does not speak is kept as typed.
        return language_code(text) or text
    return text


def _roles(values: tuple[str, ...]) -> frozenset[Role]:
    roles = frozenset(choice(value, "roles", Role) for value in values)
    if not roles:
        raise ValidationError("roles", N_("A person needs at least one role."))
    return roles


def last_contact(last_interaction_on: date | None, created_on: date, today: date) -> date:
    """The person's last contact as of `today`: the day their retention clock starts from.

    The latest dated interaction (store/last_contact.py), where a period still
    running counts as today, never as its planned end; the day the record was
    entered only when there is no dated interaction at all.
    """
    return min(last_interaction_on or created_on, today)


def is_running(last_interaction_on: date | None, today: date) -> bool:
    """Whether some enrollment, membership or group of the person is still running."""
    return last_interaction_on is not None and last_interaction_on > today


@dataclass(frozen=True)
class Person:
    id: int
    given_name: str
    family_name: str
    status: PersonStatus
    created_on: date
    last_interaction_on: date | None
    email: str | None = None
    phone: str | None = None
    birth_date: date | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    language: str | None = None
    notes: str | None = None

    uuid: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def last_contact_on(self, today: date) -> date:
        return last_contact(self.last_interaction_on, self.created_on, today)


@dataclass(frozen=True)
class FamilyLink:
    """One guardianship seen from one side: the other person and how they are related."""

    person_id: int
    full_name: str
    relationship: str | None
    primary_contact: bool


@dataclass(frozen=True)
class PersonDetails:
    person: Person
    roles: frozenset[Role]
    school: str | None = None
    school_year: str | None = None
    guardians: tuple[FamilyLink, ...] = field(default=())
    children: tuple[FamilyLink, ...] = field(default=())


@dataclass(frozen=True)
class PersonSummary:
    """One row of a list of people."""

    id: int
    given_name: str
    family_name: str
    roles: frozenset[Role]
    status: PersonStatus
    created_on: date
    last_interaction_on: date | None

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def last_contact_on(self, today: date) -> date:
        return last_contact(self.last_interaction_on, self.created_on, today)


def age_on(birth_date: date, day: date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday
