"""What happens with a person over time: contacts, payments, memberships, consents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coursenplus_desk.domain.kinds import ContactChannel as ContactChannel
from coursenplus_desk.i18n import N_

CONTACT_CHANNEL_LABELS: dict[ContactChannel, str] = {
    ContactChannel.EMAIL: N_("email"),
    ContactChannel.PHONE: N_("phone"),
    ContactChannel.MEETING: N_("meeting"),
    ContactChannel.LETTER: N_("letter"),
    ContactChannel.OTHER: N_("other"),
}


class MembershipStatus(StrEnum):
    APPLIED = "applied"
    CONFIRMED = "confirmed"
    LAPSED = "lapsed"


class ConsentMethod(StrEnum):
    FORM = "form"
    EMAIL = "email"
    ORAL = "oral"


@dataclass(frozen=True)
class ContactEvent:
    id: int
    person_id: int
    occurred_on: date
    channel: ContactChannel
    summary: str | None


@dataclass(frozen=True)
class Payment:
    id: int
    payer_id: int | None
    amount_cents: int
    paid_on: date
    reference: str | None
    purpose: str | None
    method: str | None
    for_person_id: int | None = None  # whom it was for, when someone else paid


@dataclass(frozen=True)
class Membership:
    id: int
    person_id: int
    starts_on: date
    ends_on: date
    fee_cents: int
    paid_on: date | None
    method: str | None
    status: MembershipStatus


@dataclass(frozen=True)
class Consent:
    id: int
    person_id: int
    purpose: str
    given_on: date
    method: ConsentMethod
    evidence: str | None
    confirmed_on: date | None
    withdrawn_on: date | None
    given_by_id: int | None
    notice_version: str | None


def latest(dates: Iterable[date | None]) -> date | None:
    """The latest of some optional dates, None when there are none."""
    present = [day for day in dates if day is not None]
    return max(present) if present else None
