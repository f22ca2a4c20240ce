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
        years = retention.years(Retention.IDENTIFICATION)
        periods["general"] = context.t(_HELD_GENERAL[years != 1]).format(years=years)
        suspended = context.t("Suspended by the legal hold: nothing is erased while it lasts.")
        periods = {key: f"{text} {suspended}" for key, text in periods.items()}
    texts = dict.fromkeys(_GENERAL, periods["general"])
    texts.update({key: text for key, text in periods.items() if key != "general"})
    texts[Category.HISTORY] = context.t(
        "As long as the security log is kept; it names you only by your number and holds no values."
    )
    return texts


_HELD_GENERAL = (
    N_("{years} year after the last contact."),
    N_("{years} years after the last contact."),
)
_GENERAL = (Category.IDENTITY, Category.FAMILY, Category.SCHOOL, Category.COURSES,
            Category.CONTACTS, Category.MEMBERSHIPS)  # fmt: skip


# Per category: the period alone, and the period with the person's date.
_PERIODS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "general": (
        (N_("{years} year after the last contact (courses or links still running)."),
         N_("{years} years after the last contact (courses or links still running).")),
        (N_("{years} year after the last contact, that is until {date}."),
         N_("{years} years after the last contact, that is until {date}.")),
    ),
    Category.PAYMENTS: (
        (N_("{years} year after the end of the accounting year of each payment."),
         N_("{years} years after the end of the accounting year of each payment.")),
        (N_("{years} year after the end of the accounting year of each payment; the "
            "oldest is erased from {date}."),
         N_("{years} years after the end of the accounting year of each payment; the "
            "oldest is erased from {date}.")),
    ),
    Category.CONSENTS: (
        (N_("As long as the consent is given, then {years} year after it is withdrawn."),
         N_("As long as the consent is given, then {years} years after it is withdrawn.")),
        (N_("{years} year after the consent is withdrawn, that is until {date}."),
         N_("{years} years after the consent is withdrawn, that is until {date}.")),
    ),
    Category.REQUESTS: (
        (N_("{years} year after each request is closed."),
         N_("{years} years after each request is closed.")),
        (N_("{years} year after the request is closed, that is until {date}."),
         N_("{years} years after the request is closed, that is until {date}.")),
    ),
    Category.HEALTH: (
        (N_("While the courses go on, then {years} year after the last course ends; erased "
            "at once if the consent is withdrawn."),
         N_("While the courses go on, then {years} years after the last course ends; erased "
            "at once if the consent is withdrawn.")),
        (N_("{years} year after the last course ends, that is until {date}; erased at once "
            "if the consent is withdrawn."),
         N_("{years} years after the last course ends, that is until {date}; erased at once "
            "if the consent is withdrawn.")),
    ),
}  # fmt: skip


def _period(context: DocumentContext, key: str, years: int, day: date | None) -> str:
    plain, with_date = _PERIODS[key]
    one, many = with_date if day is not None else plain
    text = context.t(one if years == 1 else many)
    return text.format(years=years, date=format_day(day, context.language))
