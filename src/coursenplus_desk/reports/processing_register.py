"""The register of processing activities (GDPR Art. 30(1)) and the breach register (Art. 33(5)).

Every activity shows each Art. 30(1) item: (a) controller, contact and DPO,
(b) purposes, (c) categories of people and data, (d) recipients, (e) transfers
outside the EEA and safeguards, (f) time limits for erasure (read from the
retention policies), (g) security measures.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm

from coursenplus_desk.domain.notice import capitalised
from coursenplus_desk.domain.register import (
    FIELD_LABELS,
    LEGAL_BASIS_LABELS,
    Activity,
    Breach,
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
) -> bytes:
    translate = context.t
    title = translate("Register of processing activities")
    story: list[Any] = [heading(title), *_controller(context)]
    for number, activity in enumerate(activities, start=1):
        story.append(heading(f"{number}. {localised(activity.name, translate)}"))
        story.extend(key_values(activity_rows(activity, policies, translate)))
    if not activities:
        story.append(paragraph(translate("No processing activity is recorded.")))
    story.extend(_breaches(context, breaches))
    return render(context, title, story)


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
    activity: Activity, policies: Policies, translate: Translate
) -> list[tuple[str, object]]:
    """The Art. 30(1) items of one activity, label and value, in the document's language."""
    period = capitalised(period_text(activity.retention, policies, translate))
    retention = f"{period} ({translate(CATEGORY_LABELS[activity.retention])})"
    no_transfer = "" if activity.transfers else translate("Not applicable.")
    return [
        (_label("purpose", translate), localised(activity.purpose, translate)),
        (
            _label("legal_basis", translate),
            translate(LEGAL_BASIS_LABELS[activity.legal_basis]),
        ),
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
        text = translate("notified on {date}").format(date=format_day(breach.notified_on, language))
        return text + (" " + translate("(after 72 hours)") if breach.notified_late else "")
    if breach.not_notified_reason:
        return translate("not notified: {reason}").format(reason=breach.not_notified_reason)
    return translate("not yet notified")


def told_text(breach: Breach, translate: Translate, language: str) -> str:
    if breach.people_told_on is not None:
        return translate("told on {date}").format(date=format_day(breach.people_told_on, language))
    if breach.not_told_reason:
        return translate("not told: {reason}").format(reason=breach.not_told_reason)
    return translate("not yet decided")
