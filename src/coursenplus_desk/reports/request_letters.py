"""Letters answering a request: refusal (Art. 12(4)), erasure certificate (Art. 17, 19),
and the confirmation of an action taken (rectification, restriction, objection, withdrawal).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from coursenplus_desk.domain.erasure import ErasureOutcome
from coursenplus_desk.domain.requests import REQUEST_KIND_LABELS, RequestKind
from coursenplus_desk.i18n import N_, format_day
from coursenplus_desk.reports.base import (
    DocumentContext,
    heading,
    paragraph,
    render,
    styles,
    table,
)
from coursenplus_desk.reports.request_common import (
    RequestFacts,
    complaint_paragraph,
    letter_head,
    signature,
)

# Retention category keys (the erasure outcome's) in words.
ERASURE_CATEGORY_LABELS: dict[str, str] = {
    "identification": N_("identity, contact and course data"),
    "prospect": N_("prospect data"),
    "financial": N_("payments and accounting records"),
    "consent": N_("proofs of consent"),
    "request": N_("files of earlier requests"),
}


def refusal_letter_pdf(
    context: DocumentContext, facts: RequestFacts, kind: RequestKind, reason: str
) -> bytes:
    translate = context.t
    title = translate("Reply to your request: refusal")
    story: list[Any] = [paragraph(title, styles().title), *letter_head(context, facts)]
    story.append(
        paragraph(
            translate("On {date}, we received your request for {kind} about {name}.").format(
                date=format_day(facts.received_on, context.language),
                kind=translate(REQUEST_KIND_LABELS[kind]),
                name=facts.subject_name,
            )
        )
    )
    story.append(
        paragraph(
            translate(
                "We cannot act on this request, because we consider it manifestly unfounded or "
                "excessive (Art. 12(5) GDPR), for the following reasons:"
            )
        )
    )
    story.append(paragraph(reason))
    story.append(heading(translate("Your remedies")))
    story.append(complaint_paragraph(context))
    story.append(
        paragraph(
            translate(
                "You can also seek a judicial remedy before the courts (Art. 79 GDPR), "
                "whether or not you complain to the authority (Art. 12(4) GDPR)."
            )
        )
    )
    story += signature(context)
    return render(context, title, story)


def erasure_certificate_pdf(
    context: DocumentContext,
    facts: RequestFacts,
    outcome: ErasureOutcome,
    executed_on: date,
    recipients: list[str],
    copies: tuple[int, int] | None = None,
) -> bytes:
    translate = context.t
    title = translate("Erasure certificate")
    story: list[Any] = [paragraph(title, styles().title), *letter_head(context, facts)]
    story.append(
        paragraph(
            translate(
                "Following your request of {received}, we erased on {date} the personal data "
                "of {name} that we are not obliged to keep (Art. 17 GDPR)."
            ).format(
                received=format_day(facts.received_on, context.language),
                date=format_day(executed_on, context.language),
                name=facts.subject_name,
            )
        )
    )
    if copies is not None:
        confirmed, laptops = copies
        story.append(
            paragraph(
                translate(
                    "The register is kept on {laptops} computers of the association; "
                    "{confirmed} of them had applied this erasure when this certificate was "
                    "made, each of the others does at its next synchronisation."
                ).format(laptops=laptops, confirmed=confirmed)
            )
        )
    story.append(heading(translate("What was erased")))
    if outcome.erased:
        story += table(
            [translate("category of data"), translate("number of records")],
            [[_category(context, part.category), part.count] for part in outcome.erased],
        )
    else:
        story.append(paragraph(translate("Nothing had to be erased.")))
    story.append(heading(translate("What is kept, and why")))
    if outcome.kept:
        story += table(
            [
                translate("category of data"),
                translate("number of records"),
                translate("reason"),
                translate("kept until"),
            ],
            [
                [
                    _category(context, part.category),
                    part.count,
                    translate(part.reason),
                    _iso_day(context, part.kept_until),
                ]
                for part in outcome.kept
            ],
        )
        if outcome.restricted:
            story.append(
                paragraph(
                    translate(
                        "What is kept is restricted: it is used for nothing else than this "
                        "legal obligation and is erased when it ends."
                    )
                )
            )
    else:
        story.append(paragraph(translate("Nothing is kept.")))
    story.append(
        paragraph(
            translate(
                "This request file (dates, the kind of request and this outcome) is kept as "
                "proof that the request was handled."
            )
        )
    )
    story.append(heading(translate("Recipients informed of the erasure (Art. 19 GDPR)")))
    if recipients:
        story += [paragraph("• " + name) for name in recipients]
    else:
        story.append(
            paragraph(translate("The data had not been given to anyone who must be informed."))
        )
    story += signature(context)
    return render(context, title, story)


def action_confirmation_pdf(
    context: DocumentContext,
    facts: RequestFacts,
    kind: RequestKind,
    executed_on: date,
    details: list[str],
) -> bytes:
    """Tells the person what was done for a rectification, restriction, objection or withdrawal."""
    translate = context.t
    title = translate("Reply to your request")
    story: list[Any] = [paragraph(title, styles().title), *letter_head(context, facts)]
    done = translate(
        "Following your request of {received} for {kind} about {name}, we did this on {date}:"
    )
    story.append(
        paragraph(
            done.format(
                received=format_day(facts.received_on, context.language),
                kind=translate(REQUEST_KIND_LABELS[kind]),
                name=facts.subject_name,
                date=format_day(executed_on, context.language),
            )
        )
    )
    story += [paragraph("• " + line) for line in details]
    story.append(complaint_paragraph(context))
    story += signature(context)
    return render(context, title, story)


def _category(context: DocumentContext, key: str) -> str:
    label = ERASURE_CATEGORY_LABELS.get(key)
    return context.t(label) if label else key


def _iso_day(context: DocumentContext, value: str | None) -> str:
    return format_day(date.fromisoformat(value), context.language) if value else ""
