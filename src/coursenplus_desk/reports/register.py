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
    t = context.t
    title = t("Register of processing activities")
    story: list[Any] = [heading(title), *_controller(context)]
    for number, activity in enumerate(activities, start=1):
        story.append(heading(f"{number}. {localised(activity.name, t)}"))
        story.extend(key_values(activity_rows(activity, policies, t)))
    if not activities:
        story.append(paragraph(t("No processing activity is recorded.")))
    story.extend(_breaches(context, breaches))
    return render(context, title, story)


def _controller(context: DocumentContext) -> list[Any]:
    t, organisation = context.t, context.organisation
    authority = ", ".join(
        p for p in (organisation.authority_name, organisation.authority_address) if p
    )
    return key_values(
        [
            (t("Controller"), organisation.name),
            (t("Address"), organisation.address),
            (t("Privacy contact"), organisation.privacy_contact),
            (t("Data protection officer"), organisation.dpo or t("none designated")),
            (t("Supervisory authority"), authority),
        ]
    )


def activity_rows(activity: Activity, policies: Policies, t: Translate) -> list[tuple[str, object]]:
    """The Art. 30(1) items of one activity, label and value, in the document's language."""
    period = capitalised(period_text(activity.retention, policies, t))
    retention = f"{period} ({t(CATEGORY_LABELS[activity.retention])})"
    no_transfer = "" if activity.transfers else t("Not applicable.")
    return [
        (t(FIELD_LABELS["purpose"]), localised(activity.purpose, t)),
        (t(FIELD_LABELS["legal_basis"]), t(LEGAL_BASIS_LABELS[activity.legal_basis])),
        (t(FIELD_LABELS["people"]), localised(activity.people, t)),
        (t(FIELD_LABELS["data"]), localised(activity.data, t)),
        (t(FIELD_LABELS["recipients"]), localised(activity.recipients, t) or t("None.")),
        (t(FIELD_LABELS["transfers"]), localised(activity.transfers, t) or t("None.")),
        (t(FIELD_LABELS["safeguards"]), localised(activity.safeguards, t) or no_transfer),
        (t(FIELD_LABELS["retention"]), retention),
        (t(FIELD_LABELS["security"]), localised(activity.security, t)),
    ]


def _breaches(context: DocumentContext, breaches: Sequence[Breach]) -> list[Any]:
    t, language = context.t, context.language
    story: list[Any] = [heading(t("Breach register (GDPR Art. 33(5))"))]
    if not breaches:
        return [*story, paragraph(t("No personal data breach is recorded."))]
    header = [t("Discovered"), t("Nature, data and people"), t("Consequences and measures"),
              t("Authority"), t("People told")]  # fmt: skip
    rows = [
        [
            f"{format_day(b.discovered_at.date(), language)} {b.discovered_at:%H:%M}",
            "\n".join(p for p in (b.nature, b.data_concerned, b.people_concerned) if p),
            "\n".join(p for p in (b.consequences, b.measures) if p),
            notified_text(b, t, language),
            told_text(b, t, language),
        ]
        for b in breaches
    ]
    widths = [24 * mm, 50 * mm, 45 * mm, 28 * mm, 27 * mm]
    return [*story, *table(header, rows, widths)]


def notified_text(breach: Breach, t: Translate, language: str) -> str:
    if breach.notified_on is not None:
        text = t("notified on {date}").format(date=format_day(breach.notified_on, language))
        return text + (" " + t("(after 72 hours)") if breach.notified_late else "")
    if breach.not_notified_reason:
        return t("not notified: {reason}").format(reason=breach.not_notified_reason)
    return t("not yet notified")


def told_text(breach: Breach, t: Translate, language: str) -> str:
    if breach.people_told_on is not None:
        return t("told on {date}").format(date=format_day(breach.people_told_on, language))
    if breach.not_told_reason:
        return t("not told: {reason}").format(reason=breach.not_told_reason)
    return t("not yet decided")
