"""How long a person's data is kept, with their own dates, for the access reply.

SINGLE PLACE TO SWAP: these are the defaults of the privacy policy (identity
and course data 5 years after the last contact; payments 10 years after the
end of their accounting year; consent proofs 5 years after withdrawal; request
files 5 years after closing). When the retention engine's editable policies are
available, `retention_until` should read them instead; nothing else computes
retention dates for requests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.requests import add_months

IDENTIFICATION_YEARS = 5
FINANCIAL_YEARS = 10
CONSENT_YEARS = 5
REQUEST_YEARS = 5


@dataclass(frozen=True)
class RetentionFacts:
    """The dates that start a person's retention clocks."""

    last_contact_on: date | None
    payment_dates: tuple[date, ...] = ()
    consent_withdrawals: tuple[date | None, ...] = ()  # None: consent still given
    request_closings: tuple[date | None, ...] = ()  # None: request still open


def years_after(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def end_of_accounting_year(day: date) -> date:
    """Associations keep calendar-year accounts here."""
    return date(day.year, 12, 31)


def identification_until(facts: RetentionFacts) -> date | None:
    if facts.last_contact_on is None:
        return None
    return years_after(facts.last_contact_on, IDENTIFICATION_YEARS)


def financial_until(payment_dates: Iterable[date]) -> date | None:
    dates = list(payment_dates)
    if not dates:
        return None
    return years_after(end_of_accounting_year(max(dates)), FINANCIAL_YEARS)


def consent_until(withdrawals: Iterable[date | None]) -> date | None:
    """None while any consent is still given (kept as long as it is, then 5 years)."""
    values = list(withdrawals)
    if not values or any(day is None for day in values):
        return None
    return years_after(max(day for day in values if day is not None), CONSENT_YEARS)


def request_until(closings: Iterable[date | None]) -> date | None:
    values = list(closings)
    if not values or any(day is None for day in values):
        return None
    return years_after(max(day for day in values if day is not None), REQUEST_YEARS)
