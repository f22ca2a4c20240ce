"""The reply to an access request (GDPR Art. 15): a letter and a complete copy of the data.

In order: confirmation that data is processed; a legal hold, if one stops the
clocks; the copy, category by category, each with its purpose, legal basis and
retention with the person's own dates; the recipients and transfers the
register records for this person; where data not collected from the person came
from, as far as the program knows; that no automated decision is made; the
person's rights; the right to complain. Every code is shown in words and the
history is told in sentences.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Spacer

from coursenplus_desk.domain.retention import PersonRetention
from coursenplus_desk.domain.subject_data import (
    CATEGORY_TITLES,
    FIELDS,
    TITLES_FOR_SOMEONE,
    Category,
    DataCategory,
    SubjectData,
)
from coursenplus_desk.i18n import format_day
from coursenplus_desk.reports.access_facts import PURPOSES, retention_texts
from coursenplus_desk.reports.access_sections import (
    history_lines,
    recipient_section,
    source_section,
)
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


def access_reply_pdf(
    context: DocumentContext, facts: RequestFacts, data: SubjectData, retention: PersonRetention
) -> bytes:
    translate = context.t
    title = translate("Reply to a request for access to personal data")
    story: list[Any] = [paragraph(title, styles().title)]
    story += letter_head(context, facts)
    story += _introduction(context, facts, data)
    story.append(heading(translate("1. The data we hold")))
    if data.hold_since is not None:
        story.append(_hold(context, data))
    periods = retention_texts(context, retention, held=data.hold_since is not None)
    # A parent or a representative reads it: "your data" would be theirs, so the person is named.
    for_someone = data.full_name if facts.on_behalf or facts.representative else None
    for category in data.categories:
        story += _category(context, category, data, periods[category.key], for_someone)
    story += recipient_section(context, data, for_someone)
    story += source_section(context, data)
    story.append(heading(translate("4. Automated decision-making")))
    story.append(paragraph(_no_automated_decision(context, for_someone)))
    story += _rights(context, for_someone)
    story += signature(context, facts)
    return render(context, title, story)


def _introduction(context: DocumentContext, facts: RequestFacts, data: SubjectData) -> list[Any]:
    received = format_day(facts.received_on, context.language)
    if facts.representative:
        asked = context.say(
            "On {date}, as the representative of {name} with a mandate, you asked us for "
            "access to the personal data we hold about them (Art. 15 GDPR).",
            date=received,
            name=data.full_name,
        )
    elif facts.on_behalf:
        asked = context.say(
            "On {date}, as parent or guardian, you asked us for access to the personal data "
            "we hold about {name} (Art. 15 GDPR).",
            date=received,
            name=data.full_name,
        )
    else:
        asked = context.say(
            "On {date}, you asked us for access to the personal data we hold about you "
            "(Art. 15 GDPR).",
            date=received,
        )
    confirm = context.say(
        "We confirm that {association} processes personal data about {name}. This document "
        "is a complete copy of it, with the information required by Article 15 of the "
        "General Data Protection Regulation (GDPR). It is free of charge.",
        name=data.full_name,
    )
    return [paragraph(asked), paragraph(confirm)]


def _hold(context: DocumentContext, data: SubjectData) -> Any:
    return paragraph(
        context.say(
            "A legal hold applies to the data of {name} since {date}: while it lasts, every "
            "retention period below is suspended and nothing is erased, as the law requires "
            "during a dispute. The periods run again once the hold is lifted.",
            name=data.full_name,
            date=format_day(data.hold_since, context.language),
        )
    )


def _no_automated_decision(context: DocumentContext, for_someone: str | None) -> str:
    if for_someone:
        return context.say(
            "No decision about {name} is taken by automated means, and no profiling is "
            "carried out (Art. 22 GDPR).",
            name=for_someone,
        )
    return context.t(
        "No decision about you is taken by automated means, and no profiling is "
        "carried out (Art. 22 GDPR)."
    )


def _category(
    context: DocumentContext,
    category: DataCategory,
    data: SubjectData,
    retention: str,
    for_someone: str | None = None,
) -> list[Any]:
    translate = context.t
    title = translate(CATEGORY_TITLES[category.key])
    if for_someone and category.key in TITLES_FOR_SOMEONE:
        title = context.say(TITLES_FOR_SOMEONE[category.key], name=for_someone)
    story: list[Any] = [heading(title)]
    labels = [translate(label) for _key, label in FIELDS[category.key]]
    keys = category.field_keys
    if not category.rows:
        story.append(paragraph(translate("Nothing is recorded in this category.")))
    elif category.key == Category.HISTORY:
        story += [paragraph("• " + line) for line in history_lines(context, data)]
    elif len(keys) <= MAX_TABLE_COLUMNS:
        rows = [
            [_shown(context, category.key, key, value, data) for key, value in zip(keys, row,
                                                                                   strict=True)]
            for row in category.rows
        ]  # fmt: skip
        story += table(labels, rows)
    else:
        for row in category.rows:
            pairs = [
                (label, _shown(context, category.key, key, value, data))
                for label, key, value in zip(labels, keys, row, strict=True)
            ]
            story += key_values(pairs)
    purpose, basis = PURPOSES[category.key]
    story.append(paragraph(context.say("Purpose: {purpose}", purpose=translate(purpose))))
    story.append(paragraph(context.say("Legal basis: {basis}", basis=translate(basis))))
    story.append(paragraph(context.say("Retention: {retention}", retention=retention)))
    return story


def _shown(
    context: DocumentContext, category: str, key: str, value: object, data: SubjectData
) -> str:
    return shown(context, category, key, value, data.purpose_labels)  # type: ignore[arg-type]


def _rights(context: DocumentContext, for_someone: str | None = None) -> list[Any]:
    translate, org = context.t, context.organisation
    rights = [
        translate("to have inaccurate or incomplete data rectified (Art. 16 GDPR);"),
        translate("to have data erased, within the limits of the law (Art. 17 GDPR);"),
        translate("to have processing restricted (Art. 18 GDPR);"),
        translate("to receive the data you gave us in a structured, machine-readable format "
                  "(Art. 20 GDPR);"),
        translate("to object to processing based on our legitimate interest (Art. 21 GDPR);"),
        translate("to withdraw a consent at any time, without affecting what was done before "
          "(Art. 7(3) GDPR)."),
    ]  # fmt: skip
    contact = org.privacy_contact
    if org.address and org.address not in org.privacy_contact:
        contact = context.say("{contact}, or by post: {address}", contact=contact,
                              address=org.address)  # fmt: skip
    if for_someone:  # the parent or representative exercises them for the person
        title = context.say("5. The rights of {name}", name=for_someone)
        opening = context.say("You may exercise, for {name}, the right:", name=for_someone)
    else:
        title, opening = translate("5. Your rights"), translate("You have the right:")
    return [
        heading(title),
        paragraph(opening),
        *[paragraph("• " + right) for right in rights],
        paragraph(
            context.say("To exercise them, write to {association}: {contact}.", contact=contact)
        ),
        Spacer(1, 4),
        heading(translate("6. Right to lodge a complaint")),
        complaint_paragraph(context),
    ]
