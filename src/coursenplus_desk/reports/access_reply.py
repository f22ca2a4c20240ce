"""The reply to an access request (GDPR Art. 15): a letter and a complete copy of the data.

In order: confirmation that data is processed; the copy, category by category,
each with its purpose, legal basis and retention with the person's own dates;
the recipients; where data not collected from the person came from; that no
automated decision is made; the person's rights; the right to complain.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.platypus import Spacer

from coursenplus_desk.domain.retention import Category as Retention
from coursenplus_desk.domain.retention import PersonRetention
from coursenplus_desk.domain.subject_data import (
    CATEGORY_TITLES,
    FIELDS,
    Category,
    DataCategory,
    SubjectData,
)
from coursenplus_desk.i18n import N_, format_day
from coursenplus_desk.reports.base import (
    DocumentContext,
    heading,
    key_values,
    paragraph,
    render,
    styles,
    table,
)
from coursenplus_desk.reports.request_common import (
    RequestFacts,
    complaint_paragraph,
    letter_head,
    shown,
    signature,
)

MAX_TABLE_COLUMNS = 4  # wider records are shown one label/value block each

# Why each category is processed, and on which legal basis (GDPR Art. 6).
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


def access_reply_pdf(
    context: DocumentContext, facts: RequestFacts, data: SubjectData, retention: PersonRetention
) -> bytes:
    translate = context.t
    title = translate("Reply to a request for access to personal data")
    story: list[Any] = [paragraph(title, styles().title)]
    story += letter_head(context, facts)
    story += _introduction(context, facts, data)
    story.append(heading(translate("1. The data we hold")))
    periods = _retention_texts(context, retention)
    for category in data.categories:
        story += _category(context, category, periods[category.key])
    story += _recipients(context, data)
    story += _source(context, data)
    story.append(heading(translate("4. Automated decision-making")))
    story.append(
        paragraph(
            translate(
                "No decision about you is taken by automated means, and no profiling is "
                "carried out (Art. 22 GDPR)."
            )
        )
    )
    story += _rights(context)
    story += signature(context)
    return render(context, title, story)


def _introduction(context: DocumentContext, facts: RequestFacts, data: SubjectData) -> list[Any]:
    translate = context.t
    received = format_day(facts.received_on, context.language)
    if facts.on_behalf:
        asked = translate(
            "On {date}, as parent or guardian, you asked us for access to the personal data "
            "we hold about {name} (Art. 15 GDPR)."
        ).format(date=received, name=data.full_name)
    else:
        asked = translate(
            "On {date}, you asked us for access to the personal data we hold about you "
            "(Art. 15 GDPR)."
        ).format(date=received)
    confirm = translate(
        "We confirm that {association} processes personal data about {name}. This document "
        "is a complete copy of it, with the information required by Article 15 of the "
        "General Data Protection Regulation (GDPR). It is free of charge."
    ).format(association=context.organisation.name, name=data.full_name)
    return [paragraph(asked), paragraph(confirm)]


def _category(context: DocumentContext, category: DataCategory, retention: str) -> list[Any]:
    translate = context.t
    story: list[Any] = [heading(translate(CATEGORY_TITLES[category.key]))]
    labels = [translate(label) for _key, label in FIELDS[category.key]]
    keys = category.field_keys
    if not category.rows:
        story.append(paragraph(translate("Nothing is recorded in this category.")))
    elif len(keys) <= MAX_TABLE_COLUMNS:
        rows = [
            [shown(context, category.key, key, value) for key, value in zip(keys, row, strict=True)]
            for row in category.rows
        ]
        story += table(labels, rows)
    else:
        for row in category.rows:
            pairs = [
                (label, shown(context, category.key, key, value))
                for label, key, value in zip(labels, keys, row, strict=True)
            ]
            story += key_values(pairs)
    purpose, basis = PURPOSES[category.key]
    story.append(paragraph(translate("Purpose: {purpose}").format(purpose=translate(purpose))))
    story.append(paragraph(translate("Legal basis: {basis}").format(basis=translate(basis))))
    story.append(paragraph(translate("Retention: {retention}").format(retention=retention)))
    return story


def _retention_texts(context: DocumentContext, retention: PersonRetention) -> dict[str, str]:
    """Each category's retention period, from the policies, with this person's own dates."""
    translate = context.t
    identity = retention.due_on(Retention.IDENTIFICATION, Retention.PROSPECT)
    years = retention.years(Retention.IDENTIFICATION)
    period = _years(context, years)
    general = (
        translate("{period} after the last contact, that is until {date}.").format(
            period=period, date=_day(context, identity)
        )
        if identity
        else translate("{period} after the last contact (courses or links still running).").format(
            period=period
        )
    )
    financial = retention.due_on(Retention.FINANCIAL)
    consent = retention.due_on(Retention.CONSENT)
    requests = retention.due_on(Retention.REQUEST)
    return {
        Category.IDENTITY: general,
        Category.FAMILY: general,
        Category.SCHOOL: general,
        Category.COURSES: general,
        Category.CONTACTS: general,
        Category.MEMBERSHIPS: general,
        Category.PAYMENTS: _dated(
            context,
            N_("{period} after the end of the accounting year of each payment."),
            N_(
                "{period} after the end of the accounting year of each payment; "
                "the oldest is kept until {date}."
            ),
            retention.years(Retention.FINANCIAL),
            financial,
        ),
        Category.CONSENTS: _dated(
            context,
            N_("As long as the consent is given, then {period} after it is withdrawn."),
            N_("{period} after the consent is withdrawn, that is until {date}."),
            retention.years(Retention.CONSENT),
            consent,
        ),
        Category.REQUESTS: _dated(
            context,
            N_("{period} after each request is closed."),
            N_("{period} after the request is closed, that is until {date}."),
            retention.years(Retention.REQUEST),
            requests,
        ),
        Category.HISTORY: translate(
            "As long as the security log is kept; it names you only by your number and holds "
            "no values."
        ),
    }


def _dated(context: DocumentContext, general: str, dated: str, years: int, day: date | None) -> str:
    period = _years(context, years)
    if day is None:
        return context.t(general).format(period=period)
    return context.t(dated).format(period=period, date=_day(context, day))


def _years(context: DocumentContext, years: int) -> str:
    return context.counted("{count} year", "{count} years", years)


def _day(context: DocumentContext, day: date | None) -> str:
    return format_day(day, context.language)


def _recipients(context: DocumentContext, data: SubjectData) -> list[Any]:
    translate = context.t
    lines = [
        translate(
            "The administrators of {association}, on their own computers, in encrypted files."
        ).format(association=context.organisation.name)
    ]
    if data.tutor_names:
        lines.append(
            translate(
                "The tutors of the groups attended (name, group and attendance only): {names}."
            ).format(names=", ".join(data.tutor_names))
        )
    if data.category(Category.PAYMENTS).rows:
        lines.append(translate("The association's accountant, for payments only."))
    lines.append(
        translate(
            "No data is sold or given to anyone else, and none is transferred outside the "
            "European Union."
        )
    )
    return [
        heading(translate("2. Recipients of the data")),
        *[paragraph("• " + line) for line in lines],
    ]


def _source(context: DocumentContext, data: SubjectData) -> list[Any]:
    translate = context.t
    story: list[Any] = [heading(translate("3. Where the data comes from"))]
    if data.guardian_names:
        story.append(
            paragraph(
                translate(
                    "The data about {name} was given to us by their parent or guardian: "
                    "{guardians}. The rest was collected from {name} directly."
                ).format(name=data.full_name, guardians=", ".join(data.guardian_names))
            )
        )
    else:
        story.append(
            paragraph(
                translate(
                    "All the data was collected from you directly, when you enrolled, paid "
                    "or contacted us. Course and group details come from the association itself."
                )
            )
        )
    return story


def _rights(context: DocumentContext) -> list[Any]:
    translate, org = context.t, context.organisation
    rights = [
        translate("to have inaccurate or incomplete data rectified (Art. 16 GDPR);"),
        translate("to have data erased, within the limits of the law (Art. 17 GDPR);"),
        translate("to have processing restricted (Art. 18 GDPR);"),
        translate("to receive the data in a structured, machine-readable format (Art. 20 GDPR);"),
        translate("to object to processing based on our legitimate interest (Art. 21 GDPR);"),
        translate("to withdraw a consent at any time, without affecting what was done before "
          "(Art. 7(3) GDPR)."),
    ]  # fmt: skip
    contact = org.privacy_contact or org.address
    return [
        heading(translate("5. Your rights")),
        paragraph(translate("You have the right:")),
        *[paragraph("• " + right) for right in rights],
        paragraph(translate("To exercise them, write to {contact}.").format(contact=contact)),
        Spacer(1, 4),
        heading(translate("6. Right to lodge a complaint")),
        complaint_paragraph(context),
    ]
