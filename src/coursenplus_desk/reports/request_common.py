"""What every reply to a data-subject request shares: the letter head, the addressee, values.

Codes stored in the vault (roles, channels, statuses) are shown with words in
the document's language; free text, dates and amounts are shown as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from reportlab.platypus import Spacer

from coursenplus_desk.domain.history import action_label
from coursenplus_desk.domain.requests import (
    REQUEST_CHANNEL_LABELS,
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
)
from coursenplus_desk.domain.subject_data import FIELDS, MONEY_FIELDS, Category, Value
from coursenplus_desk.i18n import N_, format_day, format_money, language_name
from coursenplus_desk.reports.base import DocumentContext, paragraph, styles


@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to: the requester (the person, or a minor's guardian)."""

    name: str
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    country: str | None = None
    given_name: str = ""  # for a personal greeting ("Bonjour Zoë,")
    address: str = ""  # an address given as free text (a representative's)

    def lines(self) -> list[str]:
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        parts = (self.name, self.street, town, self.country, *self.address.splitlines())
        return [line for line in parts if line]


@dataclass(frozen=True)
class RequestFacts:
    """The request as a letter mentions it."""

    request_id: int
    received_on: date
    subject_name: str  # the person the data is about
    addressee: Addressee
    on_behalf: bool  # a guardian asked for a minor
    representative: bool = False  # a representative with a mandate asked for the person
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
        "completed": N_("ended"),
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


def shown(
    context: DocumentContext,
    category: str,
    field: str,
    value: Value,
    purposes: Mapping[str, str] | None = None,
) -> str:
    """A stored value as a person reads it in the document's language: words for codes,
    labels for field names and consent purposes (`purposes`: key -> label)."""
    translate, language = context.t, context.language
    if value is None or value == "":
        return ""
    if isinstance(value, tuple):
        return changes_text(context, value)
    if category == Category.CONSENTS and field == "purpose" and isinstance(value, str):
        label = (purposes or {}).get(value)
        return translate(label) if label else value
    if category == Category.HISTORY and field == "action" and isinstance(value, str):
        return translate(action_label(value))
    if category == Category.IDENTITY and field == "language" and isinstance(value, str):
        return language_name(value, language)
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


_PERSON_FIELDS = dict(FIELDS[Category.IDENTITY] + FIELDS[Category.SCHOOL])


def field_label(context: DocumentContext, key: str) -> str:
    """A person's field in words ("school year"), whatever its key ("school_year")."""
    label = _PERSON_FIELDS.get(key)
    return context.t(label) if label else key.replace("_", " ")


def changes_text(context: DocumentContext, changes: tuple[object, ...]) -> str:
    """Rectified values: "school year: 5e primaire → 6e primaire; …"."""
    parts = []
    for change in changes:
        if isinstance(change, tuple) and len(change) == 3:
            key, old, new = change
            parts.append(
                f"{field_label(context, str(key))} : {old or '—'} → {new or '—'}"
                if context.language == "fr"
                else f"{field_label(context, str(key))}: {old or '—'} → {new or '—'}"
            )
    return "; ".join(parts)


def greeting(context: DocumentContext, addressee: Addressee, formal: bool | None = None) -> str:
    """The salutation, matched by `closing`: formal unless the association chose otherwise
    and the addressee's given name is known."""
    if _formal(context, addressee, formal):
        return context.t("Dear Sir or Madam,")
    return context.t("Dear {given_name},").format(given_name=addressee.given_name)


def closing(context: DocumentContext, addressee: Addressee, formal: bool | None = None) -> str:
    if _formal(context, addressee, formal):
        return context.t("Yours faithfully,")
    return context.t("Kind regards,")


def _formal(context: DocumentContext, addressee: Addressee, formal: bool | None) -> bool:
    if formal is not None:
        return formal
    return context.organisation.letter_greeting != "personal" or not addressee.given_name


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
    formal = True if facts.representative else None
    story.append(paragraph(greeting(context, facts.addressee, formal)))
    return story


def signature(context: DocumentContext, facts: RequestFacts | None = None) -> list[Any]:
    """The closing that matches the greeting, and who signs: the association."""
    org = context.organisation
    addressee = facts.addressee if facts else Addressee("")
    formal = True if facts is None or facts.representative else None
    lines = [closing(context, addressee, formal), "", org.name]
    if org.privacy_contact:
        lines.append(org.privacy_contact)
    return [Spacer(1, 8), paragraph("\n".join(lines))]


def complaint_paragraph(context: DocumentContext) -> Any:
    org = context.organisation
    return paragraph(
        context.say(
            "If you think that we do not respect your rights, you can lodge a complaint "
            "with the supervisory authority: {authority}, {address}.",
            authority=org.authority_name,
            address=org.authority_address,
        )
    )
