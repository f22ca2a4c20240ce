"""What every reply to a data-subject request shares: the letter head, the addressee, values.

Codes stored in the vault (roles, channels, statuses) are shown with words in
the document's language; free text, dates and amounts are shown as stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.platypus import Spacer

from coursenplus_desk.domain.requests import (
    REQUEST_CHANNEL_LABELS,
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
)
from coursenplus_desk.domain.subject_data import MONEY_FIELDS, Category, Value
from coursenplus_desk.i18n import N_, format_day, format_money
from coursenplus_desk.reports.base import DocumentContext, paragraph, styles


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to: the requester (the person, or a minor's guardian)."""

    name: str
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None

    def lines(self) -> list[str]:
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        return [line for line in (self.name, self.street, town, self.country) if line]


@dataclass(frozen=True)
class RequestFacts:
    """The request as a letter mentions it."""

    request_id: int
    received_on: date
    subject_name: str  # the person the data is about
    addressee: Addressee
    on_behalf: bool  # a guardian asked for a minor
    reference: str = ""  # the number letters give it, the same on every laptop


_CODES: dict[tuple[str, str], dict[str, str]] = {
    (Category.IDENTITY, "roles"): {
        "student": N_("a student"),
        "guardian": N_("a parent or guardian"),
        "tutor": N_("a tutor"),
        "member": N_("a member"),
        "prospect": N_("a prospect"),
    },
    (Category.IDENTITY, "status"): {
        "active": N_("in use"),
        "restricted": N_("restricted (kept, not used)"),
        "anonymised": N_("anonymised"),
    },
    (Category.FAMILY, "link"): {"guardian": N_("parent or guardian of"), "child": N_("child")},
    (Category.COURSES, "participation"): {"student": N_("attends"), "tutor": N_("teaches")},
    (Category.COURSES, "kind"): {
        "private": N_("private lessons"),
        "group": N_("group lessons"),
        "holiday": N_("holiday courses"),
    },
    (Category.COURSES, "status"): {
        "active": N_("ongoing"),
        "completed": N_("completed"),
        "cancelled": N_("cancelled"),
    },
    (Category.CONTACTS, "channel"): {
        "email": N_("by email"),
        "phone": N_("by phone"),
        "meeting": N_("at a meeting"),
        "letter": N_("by letter"),
        "other": N_("other means"),
    },
    (Category.MEMBERSHIPS, "status"): {
        "applied": N_("applied for"),
        "confirmed": N_("confirmed"),
        "lapsed": N_("lapsed"),
    },
    (Category.CONSENTS, "method"): {
        "form": N_("signed form"),
        "email": N_("by email"),
        "oral": N_("orally"),
    },
    (Category.REQUESTS, "kind"): {k.value: v for k, v in REQUEST_KIND_LABELS.items()},
    (Category.REQUESTS, "channel"): {k.value: v for k, v in REQUEST_CHANNEL_LABELS.items()},
    (Category.REQUESTS, "status"): {k.value: v for k, v in REQUEST_STATUS_LABELS.items()},
}


def shown(context: DocumentContext, category: str, field: str, value: Value) -> str:
    """A stored value as a person reads it in the document's language."""
    translate, language = context.t, context.language
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return translate("yes") if value else translate("no")
    if isinstance(value, date):
        return format_day(value, language)
    if isinstance(value, int) and field in MONEY_FIELDS:
        return format_money(value, language)
    codes = _CODES.get((category, field))
    if codes is not None and isinstance(value, str):
        parts = [part.strip() for part in value.split(",")]
        return ", ".join(translate(codes[p]) if p in codes else p for p in parts)
    return str(value)


def letter_head(context: DocumentContext, facts: RequestFacts) -> list[Any]:
    """Sender, addressee, place and date, and the reference of the request."""
    translate, org = context.t, context.organisation
    sender = [org.name, org.address]
    if org.privacy_contact:
        sender.append(translate("Privacy contact: {contact}").format(contact=org.privacy_contact))
    if org.dpo:
        sender.append(translate("Data protection officer: {dpo}").format(dpo=org.dpo))
    small = styles().small
    story: list[Any] = [paragraph("\n".join(line for line in sender if line), small)]
    story.append(Spacer(1, 8))
    story.append(paragraph("\n".join(facts.addressee.lines())))
    story.append(Spacer(1, 6))
    story.append(paragraph(format_day(context.issued_on, context.language, long=True)))
    story.append(
        paragraph(
            translate("Our reference: request number {id}, received on {date}").format(
                id=facts.reference or facts.request_id,
                date=format_day(facts.received_on, context.language),
            )
        )
    )
    story.append(Spacer(1, 6))
    story.append(paragraph(translate("Dear {name},").format(name=facts.addressee.name)))
    return story


def signature(context: DocumentContext) -> list[Any]:
    translate, org = context.t, context.organisation
    lines = [translate("Yours sincerely,"), "", org.name]
    if org.privacy_contact:
        lines.append(org.privacy_contact)
    return [Spacer(1, 8), paragraph("\n".join(lines))]


def complaint_paragraph(context: DocumentContext) -> Any:
    translate, org = context.t, context.organisation
    return paragraph(
        translate(
            "If you think that we do not respect your rights, you can lodge a complaint "
            "with the supervisory authority: {authority}, {address}."
        ).format(authority=org.authority_name, address=org.authority_address)
    )
