"""GDPR Art. 12(3) deadlines: calendar months, month ends, leap years, extensions, the ceiling."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.dates import add_months, add_years
from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.requests import (
    DataSubjectRequest,
    RequestChannel,
    RequestKind,
    RequestStatus,
    check_extension,
    check_requester,
    due_date,
    is_due_within,
    is_overdue,
    latest_due_date,
    next_step,
)
from tests.requests_fixtures import english_messages

__all__ = ["english_messages"]


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 15), date(2026, 2, 15)),
        (date(2026, 1, 31), date(2026, 2, 28)),  # February is shorter
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2028, 1, 29), date(2028, 2, 29)),
        (date(2027, 1, 29), date(2027, 2, 28)),
        (date(2026, 3, 31), date(2026, 4, 30)),
        (date(2026, 8, 31), date(2026, 9, 30)),
        (date(2026, 12, 31), date(2027, 1, 31)),  # over the year end
        (date(2026, 12, 15), date(2027, 1, 15)),
        (date(2026, 2, 28), date(2026, 3, 28)),  # not "the end of the next month"
    ],
)
def test_a_reply_is_due_one_calendar_month_after_receipt(received: date, due: date) -> None:
    assert due_date(received) == due


@pytest.mark.parametrize(
    ("received", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 3, 31)),  # counted from receipt, not from 28 Feb
        (date(2026, 1, 31), 2, date(2026, 4, 30)),
        (date(2027, 11, 30), 2, date(2028, 2, 29)),  # ceiling in a leap February
        (date(2026, 11, 30), 2, date(2027, 2, 28)),
        (date(2026, 10, 15), 2, date(2027, 1, 15)),
    ],
)
def test_an_extension_adds_months_to_the_receipt(received: date, months: int, due: date) -> None:
    assert due_date(received, months) == due
    assert check_extension(received, 0, months, received) == months


def test_extensions_add_up_to_two_months_and_never_pass_three_months_after_receipt() -> None:
    received = date(2026, 1, 31)
    assert check_extension(received, 1, 1, date(2026, 2, 10)) == 2
    assert due_date(received, 2) == latest_due_date(received) == date(2026, 4, 30)
    with pytest.raises(RefusedError, match="three months"):
        check_extension(received, 1, 2, date(2026, 2, 10))
    with pytest.raises(RefusedError, match="three months"):
        check_extension(received, 2, 1, date(2026, 2, 10))
    with pytest.raises(ValidationError):
        check_extension(received, 0, 3, date(2026, 2, 10))
    with pytest.raises(ValidationError):
        due_date(received, 3)


def test_the_person_must_be_told_of_an_extension_within_the_first_month() -> None:
    received = date(2026, 1, 31)
    assert check_extension(received, 0, 2, date(2026, 2, 28)) == 2
    with pytest.raises(RefusedError, match="first month"):
        check_extension(received, 0, 2, date(2026, 3, 1))
    with pytest.raises(ValidationError):
        check_extension(received, 0, 1, date(2026, 1, 30))


def test_overdue_means_open_after_the_due_day() -> None:
    due = date(2026, 2, 28)
    assert not is_overdue(due, RequestStatus.IN_PROGRESS, date(2026, 2, 28))
    assert is_overdue(due, RequestStatus.IN_PROGRESS, date(2026, 3, 1))
    assert is_overdue(due, RequestStatus.RECEIVED, date(2026, 3, 1))
    assert is_overdue(due, RequestStatus.IDENTITY_PENDING, date(2026, 3, 1))
    assert not is_overdue(due, RequestStatus.ANSWERED, date(2027, 1, 1))
    assert not is_overdue(due, RequestStatus.REFUSED, date(2027, 1, 1))
    assert is_due_within(due, RequestStatus.RECEIVED, date(2026, 2, 21), 7)
    assert not is_due_within(due, RequestStatus.RECEIVED, date(2026, 2, 20), 7)
    assert not is_due_within(due, RequestStatus.RECEIVED, date(2026, 3, 1), 7)


def test_only_a_guardian_may_ask_for_a_minor() -> None:
    born = date(2012, 5, 14)
    check_requester(1, None, born, [2], date(2026, 11, 1))
    check_requester(1, 1, born, [2], date(2026, 11, 1))
    check_requester(1, 2, born, [2], date(2026, 11, 1))
    with pytest.raises(RefusedError, match="not a recorded parent or guardian"):
        check_requester(1, 3, born, [2], date(2026, 11, 1))
    # The day they turn 18, even their guardian can no longer ask for them.
    with pytest.raises(RefusedError, match="adult"):
        check_requester(1, 2, born, [2], date(2030, 5, 14))
    check_requester(1, 2, born, [2], date(2030, 5, 13))
    with pytest.raises(RefusedError, match="date of birth"):
        check_requester(1, 2, None, [2], date(2026, 11, 1))


days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(days, st.integers(min_value=0, max_value=2))
def test_deadline_properties(received: date, months: int) -> None:
    due = due_date(received, months)
    # Later than receipt, at most three months after it, and monotonic in the extension.
    assert received < due <= latest_due_date(received)
    assert due >= due_date(received, max(months - 1, 0))
    # The same day of the month, or the last day of a shorter month.
    next_day = due + timedelta(days=1)
    assert due.day == received.day or (due.day < received.day and next_day.day == 1)
    # Exactly 1 + months calendar months later.
    assert (due.year - received.year) * 12 + due.month - received.month == 1 + months


@given(days, st.integers(min_value=-1200, max_value=1200))
def test_add_months_lands_in_the_right_month(day: date, months: int) -> None:
    later = add_months(day, months)
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert later.day <= day.day


def test_the_next_step_walks_a_request_through_its_stages() -> None:
    received = DataSubjectRequest(1, 2, None, RequestKind.ERASURE, RequestChannel.EMAIL,
                                  date(2026, 11, 1), RequestStatus.RECEIVED)  # fmt: skip
    assert "identity" in next_step(received, 0)
    started = replace(received, status=RequestStatus.IN_PROGRESS)
    assert next_step(started, 0) == "Carry out the request."
    rectification = replace(started, kind=RequestKind.RECTIFICATION)
    assert next_step(rectification, 0) == "Apply the corrections."
    done = replace(started, executed_on=date(2026, 11, 5))
    assert next_step(done, 0) == "Produce the reply and send it to the requester."
    assert next_step(done, 1) == "Close the request once the reply is sent."
    access = replace(started, kind=RequestKind.ACCESS)
    assert next_step(access, 0) == "Produce the reply and send it to the requester."
    assert next_step(replace(done, status=RequestStatus.ANSWERED), 1) == "Nothing left to do."


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.integers(-30, 30))
def test_years_are_twelve_months_and_29_february_becomes_28(day: date, years: int) -> None:
    later = add_years(day, years)
    assert later == add_months(day, 12 * years)
    assert (later.month, later.day) == (day.month, day.day) or (day.month, day.day) == (2, 29)
