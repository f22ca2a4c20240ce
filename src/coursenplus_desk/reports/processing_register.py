"""The register of processing activities (GDPR Art. 30(1)) and the breach register (Art. 33(5)).

Every activity shows each Art. 30(1) item: (a) controller, contact and DPO,
(b) purposes, (c) categories of people and data, (d) recipients, (e) transfers
outside the EEA and safeguards, (f) time limits for erasure (read from the
retention policies), (g) security measures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm

from coursenplus_desk.domain.disclosures import TutorProcessor
from coursenplus_desk.domain.notice import capitalised
from coursenplus_desk.domain.register import (
    FIELD_LABELS,
    LEGAL_BASIS_LABELS,
    SPECIAL_CATEGORY_LABELS,
    Activity,
    Breach,
    SpecialCategory,
    localised,
    period_text,
)
from coursenplus_desk.domain.retention import CATEGORY_LABELS, Policies
from coursenplus_desk.i18n import Translate, format_day
from coursenplus_desk.reports.base import (
    DocumentContext,
    heading,
    key_values,
    paragraph,
    render,
    table,
)


def register_pdf(
    context: DocumentContext,
    activities: Sequence[Activity],
    policies: Policies,
    breaches: Sequence[Breach],
    processors: Sequence[TutorProcessor] = (),
    purposes: Mapping[str, str] | None = None,
) -> bytes:
    translate = context.t
    title = translate("Register of processing activities")
    story: list[Any] = [heading(title), *_controller(context)]
    for number, activity in enumerate(activities, start=1):
        story.append(heading(f"{number}. {localised(activity.name, translate)}"))
        story.extend(key_values(activity_rows(activity, policies, translate, purposes)))
    if not activities:
        story.append(paragraph(translate("No processing activity is recorded.")))
    story.extend(_processors(context, processors))
    story.extend(_breaches(context, breaches))
    return render(context, title, story)


def _processors(context: DocumentContext, processors: Sequence[TutorProcessor]) -> list[Any]:
    """The tutors who act as processors, with their agreements (Art. 28(3), 30(1)(d))."""
    translate, language = context.t, context.language
    story: list[Any] = [
        heading(translate("Processors: tutors and their agreements (Art. 28 GDPR)"))
    ]
    if not processors:
        return [*story, paragraph(translate("No tutor is recorded."))]
    header = [translate("Tutor (processor)"), translate("Groups"), translate("Processor agreement")]
    rows = [
        [
            tutor.full_name,
            "\n".join(tutor.groups) or "—",
            context.say(
                "signed on {date}, reference {reference}",
                date=format_day(tutor.agreement.signed_on, language),
                reference=tutor.agreement.reference,
            )
            if tutor.agreement
            else translate("no agreement recorded"),
        ]
        for tutor in processors
    ]
    return [*story, *table(header, rows, [50 * mm, 60 * mm, 64 * mm])]


def _controller(context: DocumentContext) -> list[Any]:
    translate, organisation = context.t, context.organisation
    authority = ", ".join(
        p for p in (organisation.authority_name, organisation.authority_address) if p
    )
    return key_values(
        [
            (translate("Controller"), organisation.name),
            (translate("Address of the association"), organisation.address),
            (translate("Privacy contact"), organisation.privacy_contact),
            (
                translate("Data protection officer"),
                organisation.dpo or translate("none designated"),
            ),
            (translate("Supervisory authority"), authority),
        ]
    )


def activity_rows(
    activity: Activity,
    policies: Policies,
    translate: Translate,
    purposes: Mapping[str, str] | None = None,
) -> list[tuple[str, object]]:
    """The Art. 30(1) items of one activity, label and value, in the document's language."""
    period = capitalised(period_text(activity.retention, policies, translate))
    retention = f"{period} ({translate(CATEGORY_LABELS[activity.retention])})"
    no_transfer = "" if activity.transfers else translate("Not applicable.")
    basis = translate(LEGAL_BASIS_LABELS[activity.legal_basis])
    if activity.special_categories in {c.value for c in SpecialCategory}:
        special = SPECIAL_CATEGORY_LABELS[SpecialCategory(activity.special_categories)]
        basis = translate("{basis}; {special}").format(basis=basis, special=translate(special))
    labels = purposes or {}
    served = [translate(labels[key]) if key in labels else key for key in activity.consent_purposes]
    extra = [(_label("consent_purposes", translate), ", ".join(served))] if served else []
    return [
        (_label("purpose", translate), localised(activity.purpose, translate)),
        (_label("legal_basis", translate), basis),
        *extra,
        (_label("people", translate), localised(activity.people, translate)),
        (_label("data", translate), localised(activity.data, translate)),
        (
            _label("recipients", translate),
            localised(activity.recipients, translate) or translate("None."),
        ),
        (
            _label("transfers", translate),
            localised(activity.transfers, translate) or translate("None."),
        ),
        (
            _label("safeguards", translate),
            localised(activity.safeguards, translate) or no_transfer,
        ),
        (_label("retention", translate), retention),
        (_label("security", translate), localised(activity.security, translate)),
    ]


def _label(field: str, translate: Translate) -> str:
    return translate(FIELD_LABELS[field])


def _breaches(context: DocumentContext, breaches: Sequence[Breach]) -> list[Any]:
    translate, language = context.t, context.language
    story: list[Any] = [heading(translate("Breach register (GDPR Art. 33(5))"))]
    if not breaches:
        return [*story, paragraph(translate("No personal data breach is recorded."))]
    header = [
        translate("Discovered"),
        translate("Nature, data and people"),
        translate("Consequences and measures"),
        translate("Authority"),
        translate("People told"),
    ]
    rows = [
        [
            f"{format_day(b.discovered_at.date(), language)} {b.discovered_at:%H:%M}",
            "\n".join(p for p in (b.nature, b.data_concerned, b.people_concerned) if p),
            "\n".join(p for p in (b.consequences, b.measures) if p),
            notified_text(b, translate, language),
            told_text(b, translate, language),
        ]
        for b in breaches
    ]
    widths = [24 * mm, 50 * mm, 45 * mm, 28 * mm, 27 * mm]
    return [*story, *table(header, rows, widths)]


def notified_text(breach: Breach, translate: Translate, language: str) -> str:
    if breach.notified_on is not None:
        day = format_day(breach.notified_on, language)
        if breach.notified_at is not None:
            day += f" {breach.notified_at.astimezone():%H:%M}"
        text = translate("notified on {date}").format(date=day)
        if not breach.notified_late:
            return text
        if breach.delay_reason:
            return (
                text
                + " "
                + translate("(after 72 hours, because: {reason})").format(
                    reason=breach.delay_reason
                )
            )
        return text + " " + translate("(after 72 hours; the reasons for the delay are missing)")
    if breach.not_notified_reason:
        return translate("not notified: {reason}").format(reason=breach.not_notified_reason)
    return translate("not yet notified")


def told_text(breach: Breach, translate: Translate, language: str) -> str:
    if breach.people_told_on is not None:
        return translate("told on {date}").format(date=format_day(breach.people_told_on, language))
    if breach.not_told_reason:
        return translate("not told: {reason}").format(reason=breach.not_told_reason)
    return translate("not yet decided")
