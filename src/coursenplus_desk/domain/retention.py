"""Retention: how long each category of a person's data is kept, and what is due when.

Pure rules over small facts gathered per person (see `PersonFacts`): the
clock is `as_of`, never read. A category's period runs from its own clock
start; data is due for action on `due_on` = start + period, and overdue from
that day on (a last contact on 2021-11-22 with 5 years is overdue on
2026-11-22, not on 2026-11-21). A legal hold stops every clock: a held
person is listed as held and never flagged for action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from coursenplus_desk.domain.dates import add_years
from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.membership import DEFAULT_APPLICATION_MONTHS, application_expires_on
from coursenplus_desk.domain.people import PersonStatus, Role, is_running
from coursenplus_desk.i18n import N_, current_language

DEFAULT_WINDOW_DAYS = 90
MAX_YEARS = 100
# Belgian accounting law (Code de droit économique art. III.88): never below this.
MIN_FINANCIAL_YEARS = 7


class Category(StrEnum):
    IDENTIFICATION = "identification"  # identity and course data
    PROSPECT = "prospect"  # people whose only role is prospect
    FINANCIAL = "financial"  # payments
    CONSENT = "consent"  # proofs of withdrawn consents
    REQUEST = "request"  # data-subject request files
    HEALTH = "health"  # health information (Art. 9), on explicit consent


CATEGORY_LABELS: dict[Category, str] = {
    Category.IDENTIFICATION: N_("identity and course data"),
    Category.PROSPECT: N_("prospects who never enrolled"),
    Category.FINANCIAL: N_("financial records (payments)"),
    Category.CONSENT: N_("consent proofs"),
    Category.REQUEST: N_("request files"),
    Category.HEALTH: N_("health information"),
}

# What starts each category's clock, in words (shown with the policy).
CATEGORY_CLOCKS: dict[Category, str] = {
    Category.IDENTIFICATION: N_("years after the last contact"),
    Category.PROSPECT: N_("years after the last contact"),
    Category.FINANCIAL: N_("years after the end of the accounting year of the payment"),
    Category.CONSENT: N_("years after the consent is withdrawn"),
    Category.REQUEST: N_("years after the request is closed"),
    Category.HEALTH: N_("years after the last course ends"),
}

DEFAULT_YEARS: dict[Category, int] = {
    Category.IDENTIFICATION: 5,
    Category.PROSPECT: 2,
    Category.FINANCIAL: 10,
    Category.CONSENT: 5,
    Category.REQUEST: 5,
    Category.HEALTH: 1,
}

# Categories that stand for the person themself: acting on them acts on the identity.
IDENTITY_CATEGORIES = frozenset({Category.IDENTIFICATION, Category.PROSPECT})


class Status(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    HELD = "held"


STATUS_LABELS: dict[Status, str] = {
    Status.OVERDUE: N_("past its retention period"),
    Status.DUE_SOON: N_("due within the window"),
    Status.HELD: N_("under legal hold"),
}


@dataclass(frozen=True)
class Policies:
    """Years kept per category; the accounting year ends on 31 December."""

    years: Mapping[Category, int] = field(default_factory=lambda: dict(DEFAULT_YEARS))
    application_months: int = DEFAULT_APPLICATION_MONTHS

    def of(self, category: Category) -> int:
        return self.years.get(category, DEFAULT_YEARS[category])


def check_years(category: Category, years: int) -> int:
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError("years", N_("Give a number of years from 1 to 100."))
    if category is Category.FINANCIAL and years < MIN_FINANCIAL_YEARS:
        raise ValidationError(
            "years",
            N_(
                "Accounting records must be kept at least 7 years (Belgian Code de droit "
                "économique, art. III.88); check with the association's accountant."
            ),
        )
    return years


def parse_category(value: str) -> Category:
    try:
        return Category(value)
    except ValueError:
        raise ValidationError(
            "category",
            N_("“{value}” is not a retention category ({choices})."),
            value=value,
            choices=", ".join(c.value for c in Category),
        ) from None


# The scan makes thousands of these per run: named tuples, immutable and quick to make
# (a frozen dataclass sets each field through object.__setattr__).
class Span(NamedTuple):
    """The first and last of some dates (the facts keep only these two)."""

    first: date
    last: date


class PersonFacts(NamedTuple):
    """What the rules need to know about one person; everything else stays in the vault.

    `last_contact_on` is where the person's clock starts as stored: their latest
    dated interaction (store/last_contact.py), or the day they were entered when
    they have none. A period still running is stored with its planned end, a date
    after `as_of`: the rules read such a person as active (`last_contact` caps it).
    Guardians get their active children's dates. Requests are no interaction: the
    subject's closed request files have their own clock (`requests_closed`), and
    an open request (as subject or requester) keeps the person from being due.
    """

    person_id: int
    roles: frozenset[Role]
    last_contact_on: date | None
    status: PersonStatus = PersonStatus.ACTIVE
    children_last_contact_on: date | None = None
    request_open: bool = False
    payments: Span | None = None
    withdrawals: Span | None = None
    requests_closed: Span | None = None
    held: bool = False
    # The latest unconfirmed membership application of someone never confirmed as a member.
    application_on: date | None = None
    # Health information: recorded, and the end of the last course it is kept for.
    health_since: date | None = None
    health_ongoing: bool = False


class Due(NamedTuple):
    """When one category of a person's data is due, and what started its clock."""

    category: Category
    due_on: date
    since: date
    # Identity that must stay (restricted) until this day for records still kept.
    kept_until: date | None = None
    # The identity is due because a membership application was never confirmed.
    expired_application: bool = False


@dataclass(frozen=True)
class PersonRetention:
    """One person's retention as a document states it: the policies and their own dates."""

    policies: Policies
    dues: tuple[Due, ...]

    def years(self, category: Category) -> int:
        return self.policies.of(category)

    def due_on(self, *categories: Category) -> date | None:
        """The earliest due date among these categories; None while nothing is due."""
        days = [due.due_on for due in self.dues if due.category in categories]
        return min(days) if days else None


class Finding(NamedTuple):
    person_id: int
    category: Category
    due_on: date
    since: date
    status: Status
    kept_until: date | None = None
    expired_application: bool = False


def end_of_accounting_year(day: date) -> date:
    return date(day.year, 12, 31)


def financial_due(paid_on: date, policies: Policies) -> date:
    """The day after the legal period ends: on its last day the record must still be kept."""
    last_day = add_years(end_of_accounting_year(paid_on), policies.of(Category.FINANCIAL))
    return last_day + timedelta(days=1)


def application_expiry(facts: PersonFacts, policies: Policies) -> date | None:
    """When an applicant who never became anything else is due: the application expired."""
    if facts.application_on is None or facts.roles - {Role.PROSPECT}:
        return None
    return application_expires_on(facts.application_on, policies.application_months)


def consent_due(withdrawn_on: date, policies: Policies) -> date:
    return add_years(withdrawn_on, policies.of(Category.CONSENT))


def request_due(closed_on: date, policies: Policies) -> date:
    return add_years(closed_on, policies.of(Category.REQUEST))


def identity_category(roles: frozenset[Role]) -> Category:
    """Prospects who never became anything else have their own, shorter period."""
    return Category.PROSPECT if roles == _ONLY_PROSPECT else Category.IDENTIFICATION


_ONLY_PROSPECT = frozenset({Role.PROSPECT})


def is_ongoing(facts: PersonFacts, as_of: date) -> bool:
    """A period still running (theirs or a child's) or an open request keeps the person."""
    return (
        facts.request_open
        or is_running(facts.last_contact_on, as_of)
        or is_running(facts.children_last_contact_on, as_of)
    )


def last_activity(facts: PersonFacts) -> date | None:
    """The identity clock's start: the person's own last contact or their children's."""
    own, children = facts.last_contact_on, facts.children_last_contact_on
    return own if children is None or (own is not None and own >= children) else children


class Periods:
    """The policies as one run of the rules reads them: each category's years, and the
    due date of each year's payments (all due on the same day), computed once."""

    __slots__ = ("_paid", "policies", "years")

    def __init__(self, policies: Policies) -> None:
        self.policies = policies
        self.years = {category: policies.of(category) for category in Category}
        self._paid: dict[int, date] = {}

    def after(self, category: Category, start: date) -> date:
        """When a clock started on `start` ends: the category's years later."""
        return add_years(start, self.years[category])

    def financial_due(self, paid_on: date) -> date:
        due = self._paid.get(paid_on.year)
        if due is None:
            due = self._paid[paid_on.year] = financial_due(paid_on, self.policies)
        return due


def kept_until(facts: PersonFacts, periods: Periods) -> date | None:
    """The last day some record of another category must still be kept."""
    ends = []
    if facts.payments:
        ends.append(periods.financial_due(facts.payments.last))
    if facts.withdrawals:
        ends.append(periods.after(Category.CONSENT, facts.withdrawals.last))
    if facts.requests_closed:
        ends.append(periods.after(Category.REQUEST, facts.requests_closed.last))
    return max(ends) if ends else None


def due_dates(facts: PersonFacts, policies: Policies, as_of: date) -> list[Due]:
    """Each category of the person's data that will come due, with its earliest due date.

    While something is still running on `as_of`, the identity has no due date yet.
    """
    return _due_dates(facts, Periods(policies), as_of)


def _due_dates(facts: PersonFacts, periods: Periods, as_of: date) -> list[Due]:
    identity = _identity_due(facts, periods, as_of)
    found = [identity] if identity else []
    _add_record_dues(facts, periods, found)
    return found


def _identity_due(facts: PersonFacts, periods: Periods, as_of: date) -> Due | None:
    since = last_activity(facts)
    if since is None or is_ongoing(facts, as_of):
        return None
    category = identity_category(facts.roles)
    due_on = periods.after(category, since)
    expiry = application_expiry(facts, periods.policies)
    if expiry is not None and expiry < due_on:
        return Due(category, expiry, facts.application_on or since, None, True)
    keep = kept_until(facts, periods)
    if facts.status is PersonStatus.RESTRICTED and keep is not None:
        # Already reduced to what the records need: due again once they expire.
        due_on = max(due_on, keep)
    return Due(category, due_on, since, keep if keep and keep > due_on else None)


def _add_record_dues(facts: PersonFacts, periods: Periods, found: list[Due]) -> None:
    if facts.payments:
        first = facts.payments.first
        since = end_of_accounting_year(first)
        found.append(Due(Category.FINANCIAL, periods.financial_due(first), since))
    if facts.withdrawals:
        first = facts.withdrawals.first
        found.append(Due(Category.CONSENT, periods.after(Category.CONSENT, first), first))
    if facts.requests_closed:
        first = facts.requests_closed.first
        found.append(Due(Category.REQUEST, periods.after(Category.REQUEST, first), first))
    if facts.health_since and not facts.health_ongoing:
        since = facts.health_since
        found.append(Due(Category.HEALTH, periods.after(Category.HEALTH, since), since))


def assess(
    facts: PersonFacts,
    policies: Policies,
    as_of: date,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> list[Finding]:
    """What the scan reports for one person: overdue or due soon; a held person's
    every category is listed as held, whatever its date, and never as overdue."""
    return assess_all((facts,), policies, as_of, window_days)


def assess_all(
    people: Iterable[PersonFacts], policies: Policies, as_of: date, window_days: int
) -> list[Finding]:
    """`assess` of each person in turn, the policies read once (a scan assesses thousands)."""
    periods = Periods(policies)
    horizon = as_of + timedelta(days=window_days)
    findings = []
    for facts in people:
        for due in _due_dates(facts, periods, as_of):
            if facts.held:
                status = Status.HELD
            elif due.due_on <= as_of:
                status = Status.OVERDUE
            elif due.due_on <= horizon:
                status = Status.DUE_SOON
            else:
                continue
            findings.append(Finding(facts.person_id, due.category, due.due_on, due.since,
                                    status, due.kept_until, due.expired_application))  # fmt: skip
    return findings


def financial_cutoff(as_of: date, window_days: int, policies: Policies) -> date:
    """Payments made on or before this day, and only they, are due by as_of + window.

    A year's payments are all due on the same 1 January, `years` after the year's end
    and a day (`financial_due`).
    """
    horizon = as_of + timedelta(days=window_days)
    last_year = horizon.year - policies.of(Category.FINANCIAL) - 1
    return date(max(last_year, date.min.year), 12, 31)


def dated_cutoff(as_of: date, window_days: int, years: int) -> date:
    """No clock started after this day can end by as_of + window with `years`.

    One day more than needed, so that 29 February never falls through; the
    scan uses it to pick candidates through an index, `assess` decides.
    """
    return add_years(as_of + timedelta(days=window_days), -years) + timedelta(days=1)


def shown_date(day: date, language: str | None = None) -> str:
    """A date as people read it: 22/11/2026 in French and Dutch, 2026-11-22 otherwise."""
    if (language or current_language()) in ("fr", "nl"):
        return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
    return day.isoformat()
