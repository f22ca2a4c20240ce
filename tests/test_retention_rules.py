"""The pure retention rules: due dates per category, statuses, holds (plain values, hypothesis)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.people import PersonStatus, Role
from coursenplus_desk.domain.retention import (
    IDENTITY_CATEGORIES,
    Category,
    PersonFacts,
    Policies,
    Span,
    Status,
    assess,
    assess_all,
    check_years,
    dated_cutoff,
    due_dates,
    financial_cutoff,
    financial_due,
    identity_category,
    last_activity,
    parse_category,
    shown_date,
)
from tests.conftest import TODAY

POLICIES = Policies()
RUNNING = date.max  # a period without a planned end, as the store gives it
STUDENT = frozenset({Role.STUDENT})


def years_later(day: date, years: int) -> date:
    """The test's own period end: same day and month, 28 February for 29 February."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, day.month, day.day)


def student(last_contact: date, **more: object) -> PersonFacts:
    return PersonFacts(1, STUDENT, last_contact, **more)  # type: ignore[arg-type]


def statuses(facts: PersonFacts, as_of: date) -> dict[Category, Status]:
    return {f.category: f.status for f in assess(facts, POLICIES, as_of)}


def test_identification_is_overdue_five_years_after_the_last_contact_to_the_day() -> None:
    facts = student(date(2021, 11, 22))
    assert Category.IDENTIFICATION not in {
        f.category for f in assess(facts, POLICIES, date(2026, 11, 21), window_days=0)
    }
    assert statuses(facts, date(2026, 11, 21))[Category.IDENTIFICATION] is Status.DUE_SOON
    found = assess(facts, POLICIES, date(2026, 11, 22))
    assert [(f.category, f.due_on, f.status) for f in found] == [
        (Category.IDENTIFICATION, date(2026, 11, 22), Status.OVERDUE)
    ]


def test_the_window_decides_what_is_due_soon() -> None:
    facts = student(date(2022, 2, 1))  # due 2027-02-01
    assert statuses(facts, date(2026, 11, 3)) == {Category.IDENTIFICATION: Status.DUE_SOON}
    assert statuses(facts, date(2026, 11, 2)) == {}
    assert assess(facts, POLICIES, date(2026, 11, 3), window_days=10) == []


def test_a_guardian_stays_while_a_child_is_enrolled_and_follows_the_child_after() -> None:
    guardian = PersonFacts(
        2, frozenset({Role.GUARDIAN}), date(2015, 1, 1), children_last_contact_on=date(2019, 9, 1)
    )
    assert statuses(guardian, date(2026, 11, 22)) == {Category.IDENTIFICATION: Status.OVERDUE}
    enrolled = PersonFacts(
        2, frozenset({Role.GUARDIAN}), date(2015, 1, 1), children_last_contact_on=RUNNING
    )
    assert assess(enrolled, POLICIES, date(2040, 1, 1)) == []
    later_child = PersonFacts(
        2, frozenset({Role.GUARDIAN}), date(2015, 1, 1), children_last_contact_on=date(2024, 6, 30)
    )
    assert [d.due_on for d in due_dates(later_child, POLICIES, TODAY)] == [date(2029, 6, 30)]


def test_a_period_still_running_has_no_due_date_until_it_ends() -> None:
    """A planned end is not a contact: until then the person is active, then it counts."""
    enrolled_until = student(date(2027, 6, 30))
    assert due_dates(enrolled_until, POLICIES, TODAY) == []
    assert assess(enrolled_until, POLICIES, TODAY) == []
    after = due_dates(enrolled_until, POLICIES, date(2027, 7, 1))
    assert [(d.since, d.due_on) for d in after] == [(date(2027, 6, 30), date(2032, 6, 30))]
    assert due_dates(student(RUNNING), POLICIES, date(2040, 1, 1)) == []


def test_prospects_have_their_own_shorter_period() -> None:
    prospect = PersonFacts(4, frozenset({Role.PROSPECT}), date(2024, 11, 22))
    assert statuses(prospect, date(2026, 11, 22)) == {Category.PROSPECT: Status.OVERDUE}
    became_student = PersonFacts(4, frozenset({Role.PROSPECT, Role.STUDENT}), date(2024, 11, 22))
    assert statuses(became_student, date(2026, 11, 22)) == {}


def test_financial_records_count_from_the_end_of_the_accounting_year() -> None:
    payer = student(date(2025, 1, 1), payments=Span(date(2016, 3, 5), date(2020, 1, 2)))
    financial = [d for d in due_dates(payer, POLICIES, TODAY) if d.category is Category.FINANCIAL]
    # Kept for the whole period, its last day included: due the day after it ends.
    assert [(d.since, d.due_on) for d in financial] == [(date(2016, 12, 31), date(2027, 1, 1))]
    assert statuses(payer, date(2026, 12, 31)).get(Category.FINANCIAL) is Status.DUE_SOON
    assert statuses(payer, date(2027, 1, 1)).get(Category.FINANCIAL) is Status.OVERDUE


def test_identity_expiring_before_an_invoice_says_how_long_it_is_kept() -> None:
    payer = student(date(2021, 11, 22), payments=Span(date(2021, 11, 22), date(2021, 11, 22)))
    identity = due_dates(payer, POLICIES, TODAY)[0]
    assert (identity.due_on, identity.kept_until) == (date(2026, 11, 22), date(2032, 1, 1))
    restricted = student(
        date(2021, 11, 22),
        status=PersonStatus.RESTRICTED,
        payments=Span(date(2021, 11, 22), date(2021, 11, 22)),
    )
    assert due_dates(restricted, POLICIES, TODAY)[0].due_on == date(2032, 1, 1)


def test_consents_count_from_withdrawal_and_active_ones_never_come_due() -> None:
    withdrew = student(date(2025, 1, 1), withdrawals=Span(date(2020, 4, 1), date(2022, 4, 1)))
    consent = [d for d in due_dates(withdrew, POLICIES, TODAY) if d.category is Category.CONSENT]
    assert [d.due_on for d in consent] == [date(2025, 4, 1)]
    assert Category.CONSENT not in {
        d.category for d in due_dates(student(date(2025, 1, 1)), POLICIES, TODAY)
    }


def test_request_files_count_from_closing_and_open_requests_keep_the_person() -> None:
    closed = student(date(2025, 1, 1), requests_closed=Span(date(2020, 5, 2), date(2020, 5, 2)))
    request = [d for d in due_dates(closed, POLICIES, TODAY) if d.category is Category.REQUEST]
    assert [d.due_on for d in request] == [date(2025, 5, 2)]
    open_request = student(date(2015, 1, 1), request_open=True)
    assert Category.IDENTIFICATION not in {
        d.category for d in due_dates(open_request, POLICIES, TODAY)
    }


def test_a_held_person_is_listed_as_held_and_never_overdue() -> None:
    held = student(date(2001, 1, 1), held=True, payments=Span(date(2001, 1, 1), date(2001, 1, 1)))
    found = assess(held, POLICIES, date(2026, 11, 22))
    assert {f.category for f in found} == {Category.IDENTIFICATION, Category.FINANCIAL}
    assert {f.status for f in found} == {Status.HELD}


def test_policies_are_checked() -> None:
    assert check_years(Category.IDENTIFICATION, 3) == 3
    for category, years in ((Category.IDENTIFICATION, 0), (Category.FINANCIAL, 5)):
        with pytest.raises(ValidationError):
            check_years(category, years)
    with pytest.raises(ValidationError) as error:
        parse_category("photos")
    assert "identification, prospect, financial, consent, request" in error.value.message()
    assert Policies({Category.PROSPECT: 3}).of(Category.PROSPECT) == 3


def test_dates_are_shown_with_four_digit_years() -> None:
    assert shown_date(date(2026, 11, 2), "fr") == "02/11/2026"
    assert shown_date(date(26, 11, 2), "en") == "0026-11-02"


# Properties

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
optional_days = st.none() | days
years = st.integers(min_value=1, max_value=30)


@st.composite
def person_facts(draw: st.DrawFn) -> PersonFacts:
    roles = draw(st.sets(st.sampled_from(list(Role)), min_size=1).map(frozenset))
    payments = draw(st.none() | st.tuples(days, days).map(lambda p: Span(min(p), max(p))))
    withdrawals = draw(st.none() | st.tuples(days, days).map(lambda p: Span(min(p), max(p))))
    return PersonFacts(
        person_id=draw(st.integers(1, 10_000)),
        roles=roles,
        last_contact_on=draw(days | st.just(RUNNING)),
        children_last_contact_on=draw(optional_days | st.just(RUNNING)),
        request_open=draw(st.booleans()),
        payments=payments,
        withdrawals=withdrawals,
        held=draw(st.booleans()),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policies:
    chosen = {category: draw(years) for category in Category}
    chosen[Category.FINANCIAL] = draw(st.integers(7, 30))
    return Policies(chosen)


def expected_ends(facts: PersonFacts, rules: Policies, as_of: date) -> dict[Category, date]:
    """The end of each period, computed the test's own way."""
    ends = {}
    activity = [d for d in (facts.last_contact_on, facts.children_last_contact_on) if d]
    ongoing = facts.request_open or any(d > as_of for d in activity)
    if activity and not ongoing:
        category = Category.PROSPECT if facts.roles == {Role.PROSPECT} else Category.IDENTIFICATION
        ends[category] = max(years_later(d, rules.of(category)) for d in activity)
    if facts.payments:
        ends[Category.FINANCIAL] = date(
            facts.payments.first.year + rules.of(Category.FINANCIAL), 12, 31
        )
    if facts.withdrawals:
        ends[Category.CONSENT] = years_later(facts.withdrawals.first, rules.of(Category.CONSENT))
    return ends


@given(person_facts(), policies(), days, st.integers(0, 400))
def test_nobody_is_overdue_before_the_end_of_their_period(
    facts: PersonFacts, rules: Policies, as_of: date, window: int
) -> None:
    ends = expected_ends(facts, rules, as_of)
    for finding in assess(facts, rules, as_of, window):
        assert finding.category in ends
        if finding.status is Status.OVERDUE:
            assert as_of >= ends[finding.category]
            assert not facts.held
        if finding.status is Status.DUE_SOON:
            assert as_of < ends[finding.category] <= as_of + timedelta(days=window)


@given(person_facts(), policies(), days)
def test_everybody_past_their_period_is_reported_unless_held(
    facts: PersonFacts, rules: Policies, as_of: date
) -> None:
    reported = {f.category: f.status for f in assess(facts, rules, as_of, 0)}
    for category, end in expected_ends(facts, rules, as_of).items():
        if as_of >= end:
            assert reported.get(category) is (Status.HELD if facts.held else Status.OVERDUE)


@given(person_facts(), policies(), days, st.integers(0, 400))
def test_the_scan_cutoffs_never_leave_out_anyone_due(
    facts: PersonFacts, rules: Policies, as_of: date, window: int
) -> None:
    """The indexed pre-selection of the scan is a superset of what `assess` reports: the
    identity clock (their own or their children's) read against their own category's cutoff."""
    for finding in assess(facts, rules, as_of, window):
        if finding.status is Status.HELD:
            continue
        if finding.category in IDENTITY_CATEGORIES:
            start = last_activity(facts)
            assert start is not None and finding.category is identity_category(facts.roles)
            assert start <= dated_cutoff(as_of, window, rules.of(finding.category))
        elif finding.category is Category.FINANCIAL:
            assert facts.payments is not None
            assert facts.payments.first <= financial_cutoff(as_of, window, rules)
        elif finding.category is Category.CONSENT:
            assert facts.withdrawals is not None
            cutoff = dated_cutoff(as_of, window, rules.of(Category.CONSENT))
            assert facts.withdrawals.first <= cutoff


@given(st.lists(person_facts(), max_size=8), policies(), days, st.integers(0, 400))
def test_assessing_everybody_at_once_is_assessing_each_alone(
    people: list[PersonFacts], rules: Policies, as_of: date, window: int
) -> None:
    """The scan reads the policies once for everybody (each year's payment due date
    computed once): the same findings as assessing each person on their own."""
    alone = [finding for facts in people for finding in assess(facts, rules, as_of, window)]
    assert assess_all(people, rules, as_of, window) == alone


@given(days, policies(), days, st.integers(0, 400))
def test_the_financial_cutoff_is_exact(
    paid_on: date, rules: Policies, as_of: date, window: int
) -> None:
    """A payment on or before the cutoff is due within the window, and no later one is."""
    horizon = as_of + timedelta(days=window)
    due = financial_due(paid_on, rules) <= horizon
    assert due == (paid_on <= financial_cutoff(as_of, window, rules))
