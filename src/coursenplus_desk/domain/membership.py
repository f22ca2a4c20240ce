"""Membership rules: what an application keeps, who must renew, the register's 8 days.

An application keeps only the applicant's name, contact (email, phone), the
application date, the period and the fee due. Payment details, the member's role
and the register entry come with confirmation; a withdrawn or refused application
is deleted, with the applicant when nothing else is known of them.

The Belgian asbl members register (Code des sociétés et des associations, art. 9:3)
lists effective members with their admission and departure; each change is to be
entered within 8 days of the board knowing of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coursenplus_desk.domain.dates import add_months
from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.i18n import N_

REGISTER_DELAY_DAYS = 8
RENEWAL_NOTICE_DAYS = 30
RENEWAL_LOOKBACK_DAYS = 365
# An unconfirmed application is kept this long (seed 000: nothing is kept until the
# membership is confirmed), then the applicant is due in the retention scan; a setting.
DEFAULT_APPLICATION_MONTHS = 3
MAX_APPLICATION_MONTHS = 24


def check_application_months(months: int) -> int:
    if not 1 <= months <= MAX_APPLICATION_MONTHS:
        raise ValidationError("months", N_("Give a number of months from 1 to 24."))
    return months


def application_expires_on(applied_on: date, months: int) -> date:
    return add_months(applied_on, months)


class ChangeKind(StrEnum):
    ADMISSION = "admission"
    DEPARTURE = "departure"


@dataclass(frozen=True)
class RegisterEntry:
    id: int
    person_id: int
    full_name: str
    address: str
    admitted_on: date
    admission_entered_on: date
    left_on: date | None
    departure_entered_on: date | None


@dataclass(frozen=True)
class Reminder:
    """A register change entered late, or still to enter (`entered_on` is None)."""

    person_id: int
    full_name: str
    change: ChangeKind
    changed_on: date
    entered_on: date | None
    days: int  # from the change to its entry (or to today when not entered)


@dataclass(frozen=True)
class Application:
    """A membership applied for and not yet confirmed (the fee not yet received)."""

    membership_id: int
    person_id: int
    full_name: str
    email: str | None
    applied_on: date | None
    starts_on: date
    ends_on: date
    fee_cents: int


@dataclass(frozen=True)
class Renewal:
    person_id: int
    full_name: str
    email: str | None
    ends_on: date
    status: str


def late_entries(entries: list[RegisterEntry]) -> list[Reminder]:
    """Changes entered more than 8 days after they happened."""
    late = []
    for e in entries:
        changes = [(ChangeKind.ADMISSION, e.admitted_on, e.admission_entered_on)]
        if e.left_on is not None and e.departure_entered_on is not None:
            changes.append((ChangeKind.DEPARTURE, e.left_on, e.departure_entered_on))
        for kind, changed, entered in changes:
            if (entered - changed).days > REGISTER_DELAY_DAYS:
                late.append(Reminder(e.person_id, e.full_name, kind, changed, entered,
                                     (entered - changed).days))  # fmt: skip
    return late


def departure_due(ended_on: date, today: date) -> bool:
    """A membership ended without renewal: its departure is overdue after 8 days."""
    return today - ended_on > timedelta(days=REGISTER_DELAY_DAYS)
