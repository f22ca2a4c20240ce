"""Who receives a person's data, from what the program knows (GDPR Art. 15(1)(c), 15(2), 19).

The register of processing activities says, per activity, who receives the
data and where it is transferred outside the EEA with which safeguards. An
activity concerns a person when they have the data it is about: its consent
purposes for a consent-based activity, else its retention category (payments
for accounting, consents for their proofs, requests for request files, health
information, the prospect role); an activity kept under the general identity
category concerns everyone. Tutors of a person's groups and the rosters they
were given come from the courses and the disclosures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.register import Activity, LegalBasis
from coursenplus_desk.domain.register_presets import CONDITIONAL_RECIPIENTS, NO_RECIPIENTS
from coursenplus_desk.domain.retention import Category


@dataclass(frozen=True)
class PersonScope:
    """What of a person decides which activities of the register concern them."""

    roles: frozenset[Role] = frozenset()
    consent_purposes: frozenset[str] = frozenset()  # consents given and not withdrawn
    has_payments: bool = False
    has_consents: bool = False
    has_requests: bool = False
    has_health: bool = False


class RecipientKind:
    TUTOR = "tutor"  # the tutor of a group the person attends (a processor)
    ROSTER = "roster"  # a tutor who was given a roster naming the person
    REGISTER = "register"  # the recipients an activity of the register names


@dataclass(frozen=True)
class Recipient:
    kind: str
    name: str  # a person's name, or the activity's recipients as the register writes them
    about: str = ""  # the group, or the activity's name
    on: date | None = None  # the day a roster was given
    detail: str = ""  # "phone" when a roster held a parent's phone number


@dataclass(frozen=True)
class Transfer:
    """Data of an activity sent outside the EEA (Art. 15(2), 46)."""

    activity: str
    destination: str
    safeguards: str


def concerns(activity: Activity, scope: PersonScope) -> bool:
    if activity.legal_basis is LegalBasis.CONSENT and activity.consent_purposes:
        return bool(scope.consent_purposes.intersection(activity.consent_purposes))
    by_category = {
        Category.FINANCIAL: scope.has_payments,
        Category.CONSENT: scope.has_consents,
        Category.REQUEST: scope.has_requests,
        Category.HEALTH: scope.has_health,
        Category.PROSPECT: Role.PROSPECT in scope.roles,
    }
    return by_category.get(activity.retention, True)


def register_recipients(
    activities: Iterable[Activity], scope: PersonScope
) -> tuple[tuple[Recipient, ...], tuple[Transfer, ...]]:
    """The recipients and the transfers the register records for this person's data."""
    concerned = [activity for activity in activities if concerns(activity, scope)]
    recipients = tuple(
        Recipient(RecipientKind.REGISTER, activity.recipients.strip(), activity.name)
        for activity in concerned
        if activity.recipients.strip() and activity.recipients.strip() != NO_RECIPIENTS
    )
    transfers = tuple(
        Transfer(activity.name, activity.transfers.strip(), activity.safeguards.strip())
        for activity in concerned
        if activity.transfers.strip()
    )
    return recipients, transfers


def to_tell(recipients: Iterable[Recipient]) -> list[str]:
    """Everyone who received the data and must hear of a rectification, erasure or
    restriction (Art. 19), once each: a tutor, a roster's recipient, a register's recipient
    (not those the register names only for when the law requires it)."""
    names: list[str] = []
    for recipient in recipients:
        if recipient.kind == RecipientKind.REGISTER and recipient.name in CONDITIONAL_RECIPIENTS:
            continue
        if recipient.name not in names:
            names.append(recipient.name)
    return names
