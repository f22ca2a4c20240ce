"""The register of processing activities (GDPR Art. 30) and the breach register (Art. 33(5)).

An activity's retention is the key of a retention `Category`, never a number:
the period is read from the retention policies whenever a document is made,
so the register, the notice and the retention engine cannot disagree.

Texts are stored as written. The pre-filled texts are English message ids
(see `register_presets.py`): documents pass every text through the
document's translator, so they read in French or English; a text the
association wrote itself is not in the catalog and is shown as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.retention import CATEGORY_CLOCKS, Category, Policies, parse_category
from coursenplus_desk.domain.validation import clean_text
from coursenplus_desk.i18n import N_, Translate

NOTIFICATION_HOURS = 72  # Art. 33(1): notify the authority within 72 hours of becoming aware


class LegalBasis(StrEnum):
    CONTRACT = "contract"
    LEGITIMATE_INTEREST = "legitimate_interest"
    CONSENT = "consent"
    LEGAL_OBLIGATION = "legal_obligation"


LEGAL_BASIS_LABELS: dict[LegalBasis, str] = {
    LegalBasis.CONTRACT: N_("performance of a contract (GDPR Art. 6(1)(b))"),
    LegalBasis.LEGITIMATE_INTEREST: N_("legitimate interest (GDPR Art. 6(1)(f))"),
    LegalBasis.CONSENT: N_("consent (GDPR Art. 6(1)(a))"),
    LegalBasis.LEGAL_OBLIGATION: N_("legal obligation (GDPR Art. 6(1)(c))"),
}


@dataclass(frozen=True)
class Activity:
    """One processing activity: every field Art. 30(1) asks for, plus its retention category."""

    id: int
    name: str
    purpose: str
    legal_basis: LegalBasis
    people: str  # categories of data subjects
    data: str  # categories of personal data
    recipients: str  # recipients and processors
    retention: Category
    security: str
    transfers: str = ""  # transfers outside the EEA; empty means none
    safeguards: str = ""  # safeguards for those transfers
    position: int = 0
    consent_purposes: tuple[str, ...] = ()  # the consent ledger's purposes it serves
    special_categories: str = ""  # "health" when it handles health data (Art. 9)


# Fields a person may change, in the order forms and documents show them.
ACTIVITY_FIELDS = (
    "name", "purpose", "legal_basis", "people", "data", "recipients",
    "transfers", "safeguards", "retention", "security", "consent_purposes",
    "special_categories",
)  # fmt: skip
REQUIRED_FIELDS = frozenset({"name", "purpose", "people", "data", "security"})

FIELD_LABELS: dict[str, str] = {
    "name": N_("Activity"),
    "purpose": N_("Purposes"),
    "legal_basis": N_("Legal basis"),
    "people": N_("Categories of people"),
    "data": N_("Categories of data"),
    "recipients": N_("Recipients and processors"),
    "transfers": N_("Transfers outside the EEA"),
    "safeguards": N_("Safeguards for transfers"),
    "retention": N_("Time limits for erasure"),
    "security": N_("Security measures"),
    "consent_purposes": N_("Consent purposes it serves"),
    "special_categories": N_("Special categories of data (Art. 9)"),
}


class SpecialCategory(StrEnum):
    HEALTH = "health"


SPECIAL_CATEGORY_LABELS: dict[SpecialCategory, str] = {
    SpecialCategory.HEALTH: N_(
        "health data, on the explicit consent of the person or of a parent or legal guardian "
        "(GDPR Art. 9(2)(a))"
    ),
}


def parse_legal_basis(value: str) -> LegalBasis:
    try:
        return LegalBasis(value.strip().replace("-", "_").replace(" ", "_"))
    except ValueError:
        raise ValidationError(
            "legal_basis",
            N_("“{value}” is not a legal basis ({choices})."),
            value=value,
            choices=", ".join(b.value for b in LegalBasis),
        ) from None


def check_activity_field(key: str, value: str) -> object:
    """The stored form of one field's new value, or a ValidationError naming the field."""
    if key not in ACTIVITY_FIELDS:
        raise ValidationError(
            "field",
            N_("“{value}” is not a field of an activity. Fields: {known}."),
            value=key,
            known=", ".join(ACTIVITY_FIELDS),
        )
    if key == "legal_basis":
        return parse_legal_basis(value)
    if key == "retention":
        return parse_category(value.strip())
    if key == "consent_purposes":
        return parse_purpose_keys(value)
    if key == "special_categories":
        return _special_categories(value)
    text = clean_text(value, key) or ""
    if key in REQUIRED_FIELDS and not text:
        raise ValidationError(key, N_("This field is required."))
    return text


def parse_purpose_keys(value: str) -> tuple[str, ...]:
    """'newsletter, photos' -> ('newsletter', 'photos'); whether they exist is checked above."""
    keys = [part.strip().lower() for part in value.replace(";", ",").split(",")]
    return tuple(dict.fromkeys(key for key in keys if key))


def _special_categories(value: str) -> str:
    text = value.strip().lower()
    if text and text not in {c.value for c in SpecialCategory}:
        raise ValidationError(
            "special_categories",
            N_("“{value}” is not a special category handled here ({choices})."),
            value=value,
            choices=", ".join(c.value for c in SpecialCategory),
        )
    return text


def stored_field(value: object) -> str:
    """An activity's field as its column holds it."""
    if isinstance(value, tuple):
        return ",".join(str(part) for part in value)
    return str(value)


@dataclass(frozen=True)
class ConsentGap:
    """Where the register and the consent ledger disagree; `key` is a purpose's key
    ("purpose": no consent-based activity serves it) or an activity's name ("activity": based
    on consent but names no purpose; "basis": names purposes but rests on another basis)."""

    kind: str
    key: str


def consent_gaps(activities: Iterable[Activity], purposes: Iterable[str]) -> list[ConsentGap]:
    listed = list(activities)
    consent_based = [a for a in listed if a.legal_basis is LegalBasis.CONSENT]
    served = {key for activity in consent_based for key in activity.consent_purposes}
    gaps = [ConsentGap("purpose", key) for key in purposes if key not in served]
    gaps += [ConsentGap("activity", a.name) for a in consent_based if not a.consent_purposes]
    gaps += [
        ConsentGap("basis", a.name)
        for a in listed
        if a.legal_basis is not LegalBasis.CONSENT and a.consent_purposes
    ]
    return gaps


def activity_values(activity: Activity) -> dict[str, object]:
    return {f.name: getattr(activity, f.name) for f in fields(activity)}


# Periods stated in documents: the number comes from the policies, the words from here.
_PERIOD_ONE: dict[Category, str] = {
    Category.IDENTIFICATION: N_("{years} year after the last contact"),
    Category.PROSPECT: N_("{years} year after the last contact"),
    Category.FINANCIAL: N_("{years} year after the end of the accounting year of the payment"),
    Category.CONSENT: N_("{years} year after the consent is withdrawn"),
    Category.REQUEST: N_("{years} year after the request is closed"),
    Category.HEALTH: N_("{years} year after the last course ends"),
}
_PERIOD_MANY: dict[Category, str] = {
    Category.IDENTIFICATION: N_("{years} years after the last contact"),
    Category.PROSPECT: N_("{years} years after the last contact"),
    Category.FINANCIAL: N_("{years} years after the end of the accounting year of the payment"),
    Category.CONSENT: N_("{years} years after the consent is withdrawn"),
    Category.REQUEST: N_("{years} years after the request is closed"),
    Category.HEALTH: N_("{years} years after the last course ends"),
}


def period_text(category: Category, policies: Policies, translate: Translate) -> str:
    """'5 years after the last contact', with the number read from the policies."""
    years = policies.of(category)
    phrases = _PERIOD_ONE if years == 1 else _PERIOD_MANY
    if category in phrases:
        return translate(phrases[category]).format(years=years)
    return f"{years} {translate(CATEGORY_CLOCKS[category])}"  # a category added later


def localised(text: str, translate: Translate) -> str:
    """A stored text in the document's language (gettext maps '' to the catalog header)."""
    return translate(text) if text else ""


# The breach register


@dataclass(frozen=True)
class Breach:
    id: int
    discovered_at: datetime  # aware: when the association became aware of it
    nature: str
    data_concerned: str = ""
    people_concerned: str = ""
    consequences: str = ""
    measures: str = ""
    notified_on: date | None = None  # the supervisory authority
    not_notified_reason: str = ""  # why the authority was not notified (e.g. no risk)
    people_told_on: date | None = None
    not_told_reason: str = ""  # e.g. Art. 34(3)(a): the data was unintelligible (encrypted)
    notified_at: datetime | None = None  # aware, when the time of the notification is known
    delay_reason: str = ""  # why the authority was notified after 72 hours (Art. 33(1))

    @property
    def deadline(self) -> datetime:
        return self.discovered_at + timedelta(hours=NOTIFICATION_HOURS)

    @property
    def settled(self) -> bool:
        """The authority was notified, or the reason for not notifying it is written down."""
        return self.notified_on is not None or bool(self.not_notified_reason)

    @property
    def notification_moment(self) -> datetime | None:
        """When the authority was notified; a day alone counts as its last minute, the latest
        it can have been, so a notification is never wrongly shown as in time."""
        if self.notified_at is not None:
            return self.notified_at
        if self.notified_on is None:
            return None
        zone = self.discovered_at.tzinfo
        return datetime.combine(self.notified_on, time(23, 59), tzinfo=zone)

    @property
    def notified_late(self) -> bool:
        moment = self.notification_moment
        return moment is not None and moment > self.deadline

    @property
    def delay_unexplained(self) -> bool:
        """Notified late, and the reasons for the delay are still to be written down."""
        return self.notified_late and not self.delay_reason


BREACH_TEXT_FIELDS = (
    "nature", "data_concerned", "people_concerned", "consequences", "measures",
    "not_notified_reason", "not_told_reason", "delay_reason",
)  # fmt: skip
BREACH_DATE_FIELDS = ("people_told_on",)
BREACH_MOMENT_FIELDS = ("notified_on",)  # a day, or a day and a time


@dataclass(frozen=True)
class Reminder:
    """An open breach and the time left to notify the authority (negative: overdue)."""

    breach: Breach
    hours_left: float

    @property
    def overdue(self) -> bool:
        return self.hours_left < 0


def reminders(breaches: Iterable[Breach], now: datetime) -> list[Reminder]:
    """Open breaches (neither notified nor explained), the most urgent first."""
    open_ones = [b for b in breaches if not b.settled]
    found = [Reminder(b, (b.deadline - now).total_seconds() / 3600) for b in open_ones]
    return sorted(found, key=lambda r: r.hours_left)


def parse_moment(value: str | datetime, field: str) -> datetime:
    """'2026-11-21', '2026-11-21 14:30' or ISO with an offset; naive means this computer's time.

    A date alone counts from midnight, the earliest it can have been: the deadline
    it gives is never later than the real one.
    """
    if isinstance(value, datetime):
        moment = value
    else:
        text = value.strip().replace(" ", "T")
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                field,
                N_("“{value}” is not a valid date and time (YYYY-MM-DD or YYYY-MM-DD HH:MM)."),
                value=value,
            ) from None
    return moment if moment.tzinfo else moment.astimezone()
