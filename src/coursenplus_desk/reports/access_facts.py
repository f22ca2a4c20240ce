"""What the access reply says of each category: purpose, legal basis, retention period.

Periods come from the retention policies with the person's own dates; under a
legal hold no date is promised, since nothing is erased while it lasts.
"""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.retention import Category as Retention
from coursenplus_desk.domain.retention import PersonRetention
from coursenplus_desk.domain.subject_data import Category
from coursenplus_desk.i18n import N_, format_day
from coursenplus_desk.reports.base import DocumentContext

# Why each category is processed, and on which legal basis (GDPR Art. 6 and 9).
PURPOSES: dict[str, tuple[str, str]] = {
    Category.IDENTITY: (
        N_("Enrolling you, organising the courses and keeping in touch with you."),
        N_("performance of the enrollment or membership contract (Art. 6(1)(b) GDPR)"),
    ),
    Category.FAMILY: (
        N_("Knowing who to contact about a minor student and who may act for them."),
        N_(
            "performance of the contract and legitimate interest in the safety of minors "
            "(Art. 6(1)(b) and (f) GDPR)"
        ),
    ),
    Category.SCHOOL: (
        N_("Adapting the lessons to the student's school and level."),
        N_("performance of the enrollment contract (Art. 6(1)(b) GDPR)"),
    ),
    Category.HEALTH: (
        N_(
            "Keeping the student safe during the courses (allergies, treatments, what to do "
            "in an emergency)."
        ),
        N_(
            "explicit consent, of a parent or guardian for a minor (Art. 6(1)(a) and "
            "Art. 9(2)(a) GDPR); health data is a special category of data"
        ),
    ),
    Category.COURSES: (
        N_("Organising courses and groups, and telling tutors who attends."),
        N_("performance of the enrollment contract (Art. 6(1)(b) GDPR)"),
    ),
    Category.CONTACTS: (
        N_("Following up on what was said or asked."),
        N_("legitimate interest in answering you (Art. 6(1)(f) GDPR)"),
    ),
    Category.PAYMENTS: (
        N_("Keeping the association's accounts and proving payments."),
        N_("legal obligation to keep accounts (Art. 6(1)(c) GDPR)"),
    ),
    Category.MEMBERSHIPS: (
        N_("Managing membership of the association."),
        N_("performance of the membership contract and the statutes (Art. 6(1)(b) GDPR)"),
    ),
    Category.CONSENTS: (
        N_("Proving that consent was given, and when it was withdrawn."),
        N_("legal obligation to prove consent (Art. 6(1)(c) and 7(1) GDPR)"),
    ),
    Category.REQUESTS: (
        N_("Handling requests about personal data and proving that they were answered."),
        N_("legal obligation (Art. 6(1)(c) and Art. 12 to 22 GDPR)"),
    ),
    Category.HISTORY: (
        N_("Keeping the records secure: which action was done on the record, and when."),
        N_("legal obligation to secure the data (Art. 6(1)(c) and 32 GDPR)"),
    ),
}


def retention_texts(
    context: DocumentContext, retention: PersonRetention, held: bool = False
) -> dict[str, str]:
    """Each category's retention period, from the policies, with this person's own dates;
    under a legal hold, the period alone and the hold's effect."""
    dated = {
        "general": retention.due_on(Retention.IDENTIFICATION, Retention.PROSPECT),
        Category.PAYMENTS: retention.due_on(Retention.FINANCIAL),
        Category.CONSENTS: retention.due_on(Retention.CONSENT),
        Category.REQUESTS: retention.due_on(Retention.REQUEST),
        Category.HEALTH: retention.due_on(Retention.HEALTH),
    }
    policy = {
        "general": Retention.IDENTIFICATION, Category.PAYMENTS: Retention.FINANCIAL,
        Category.CONSENTS: Retention.CONSENT, Category.REQUESTS: Retention.REQUEST,
        Category.HEALTH: Retention.HEALTH,
    }  # fmt: skip
    periods = {
        key: _period(context, key, retention.years(category), None if held else dated[key])
        for key, category in policy.items()
    }
    if held:  # no erasure day, and nothing to say about what is still running
        period = _years(context, retention.years(Retention.IDENTIFICATION))
        periods["general"] = context.t("{period} after the last contact.").format(period=period)
        suspended = context.t("Suspended by the legal hold: nothing is erased while it lasts.")
        periods = {key: f"{text} {suspended}" for key, text in periods.items()}
    texts = dict.fromkeys(_GENERAL, periods["general"])
    texts.update({key: text for key, text in periods.items() if key != "general"})
    texts[Category.HISTORY] = context.t(
        "As long as the security log is kept; it names you only by your number and holds no values."
    )
    return texts


_GENERAL = (Category.IDENTITY, Category.FAMILY, Category.SCHOOL, Category.COURSES,
            Category.CONTACTS, Category.MEMBERSHIPS)  # fmt: skip


# Per category: the period alone, and the period with the person's date.
_PERIODS: dict[str, tuple[str, str]] = {
    "general": (
        N_("{period} after the last contact (courses or links still running)."),
        N_("{period} after the last contact, that is until {date}."),
    ),
    Category.PAYMENTS: (
        N_("{period} after the end of the accounting year of each payment."),
        N_("{period} after the end of the accounting year of each payment; the oldest is "
           "erased from {date}."),
    ),
    Category.CONSENTS: (
        N_("As long as the consent is given, then {period} after it is withdrawn."),
        N_("{period} after the consent is withdrawn, that is until {date}."),
    ),
    Category.REQUESTS: (
        N_("{period} after each request is closed."),
        N_("{period} after the request is closed, that is until {date}."),
    ),
    Category.HEALTH: (
        N_("While the courses go on, then {period} after the last course ends; erased at "
           "once if the consent is withdrawn."),
        N_("{period} after the last course ends, that is until {date}; erased at once if "
           "the consent is withdrawn."),
    ),
}  # fmt: skip


def _years(context: DocumentContext, years: int) -> str:
    return context.counted("{count} year", "{count} years", years)


def _period(context: DocumentContext, key: str, years: int, day: date | None) -> str:
    plain, with_date = _PERIODS[key]
    text = context.t(with_date if day is not None else plain)
    return text.format(period=_years(context, years), date=format_day(day, context.language))
