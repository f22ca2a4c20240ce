"""Data-subject requests: kinds, statuses and the legal deadlines of GDPR Art. 12(3).

A reply is due one calendar month after receipt; when that day does not exist
the month's last day is used (received 31 January -> due 28 or 29 February).
The deadline may be extended by one or two further months, the person being
told within the first month, never beyond three months after receipt.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coursenplus_desk.domain.dates import add_months
from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.people import age_on
from coursenplus_desk.i18n import N_

BASE_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
AGE_OF_MAJORITY = 18


class RequestKind(StrEnum):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    PORTABILITY = "portability"
    OBJECTION = "objection"
    WITHDRAW_CONSENT = "withdraw-consent"


REQUEST_KIND_LABELS: dict[RequestKind, str] = {
    RequestKind.ACCESS: N_("access to the data"),
    RequestKind.RECTIFICATION: N_("rectification of the data"),
    RequestKind.ERASURE: N_("erasure of the data"),
    RequestKind.RESTRICTION: N_("restriction of processing"),
    RequestKind.PORTABILITY: N_("portability of the data"),
    RequestKind.OBJECTION: N_("objection to processing"),
    RequestKind.WITHDRAW_CONSENT: N_("withdrawal of consent"),
}


class RequestStatus(StrEnum):
    RECEIVED = "received"
    IDENTITY_PENDING = "identity_pending"
    IN_PROGRESS = "in_progress"
    ANSWERED = "answered"
    REFUSED = "refused"


REQUEST_STATUS_LABELS: dict[RequestStatus, str] = {
    RequestStatus.RECEIVED: N_("received"),
    RequestStatus.IDENTITY_PENDING: N_("identity to be checked"),
    RequestStatus.IN_PROGRESS: N_("in progress"),
    RequestStatus.ANSWERED: N_("answered"),
    RequestStatus.REFUSED: N_("refused"),
}

OPEN_STATUSES = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.IDENTITY_PENDING, RequestStatus.IN_PROGRESS}
)


class RequestChannel(StrEnum):
    EMAIL = "email"
    LETTER = "letter"
    PHONE = "phone"
    IN_PERSON = "in-person"


REQUEST_CHANNEL_LABELS: dict[RequestChannel, str] = {
    RequestChannel.EMAIL: N_("by email"),
    RequestChannel.LETTER: N_("by letter"),
    RequestChannel.PHONE: N_("by phone"),
    RequestChannel.IN_PERSON: N_("in person"),
}


def due_date(received_on: date, extension_months: int = 0) -> date:
    """The reply deadline: one month after receipt, plus any extension (0, 1 or 2 months)."""
    check_extension_months(extension_months)
    return add_months(received_on, BASE_MONTHS + extension_months)


def latest_due_date(received_on: date) -> date:
    """The ceiling no extension may pass: three months after receipt."""
    return add_months(received_on, BASE_MONTHS + MAX_EXTENSION_MONTHS)


def check_extension_months(months: int) -> int:
    if not 0 <= months <= MAX_EXTENSION_MONTHS:
        raise ValidationError("months", N_("A deadline can be extended by one or two months only."))
    return months


def check_extension(
    received_on: date, current_months: int, added_months: int, informed_on: date
) -> int:
    """The new total extension, refused past three months or when told too late (Art. 12(3))."""
    if added_months not in (1, 2):
        raise ValidationError("months", N_("A deadline can be extended by one or two months only."))
    total = current_months + added_months
    if total > MAX_EXTENSION_MONTHS:
        raise RefusedError(
            N_("The deadline cannot go beyond three months after receipt ({date})."),
            date=latest_due_date(received_on).isoformat(),
        )
    if informed_on < received_on:
        raise ValidationError("informed_on", N_("The person cannot be told before the request."))
    if informed_on > due_date(received_on):
        raise RefusedError(
            N_("An extension must be announced to the person within the first month (by {date})."),
            date=due_date(received_on).isoformat(),
        )
    return total


def is_overdue(due_on: date, status: RequestStatus, as_of: date) -> bool:
    """Still open after the day it was due."""
    return status in OPEN_STATUSES and as_of > due_on


def is_due_within(due_on: date, status: RequestStatus, as_of: date, days: int) -> bool:
    return status in OPEN_STATUSES and 0 <= (due_on - as_of).days <= days


def is_minor(birth_date: date, on: date) -> bool:
    return age_on(birth_date, on) < AGE_OF_MAJORITY


def check_requester(
    person_id: int,
    requester_id: int | None,
    birth_date: date | None,
    guardian_ids: Collection[int],
    received_on: date,
) -> None:
    """The person themself, or a recorded parent or guardian of a person still a minor then."""
    if requester_id is None or requester_id == person_id:
        return
    if birth_date is None:
        raise RefusedError(
            N_(
                "Person {person} has no recorded date of birth, so they cannot be shown to be "
                "a minor: only they can make this request, not person {requester}."
            ),
            person=person_id,
            requester=requester_id,
        )
    if not is_minor(birth_date, received_on):
        raise RefusedError(
            N_(
                "Person {person} was an adult when the request was received: only they can "
                "make a request about their data, not person {requester}."
            ),
            person=person_id,
            requester=requester_id,
        )
    if requester_id not in guardian_ids:
        raise RefusedError(
            N_(
                "Person {requester} is not a recorded parent or guardian of person {person}, "
                "who is a minor: the request is refused."
            ),
            person=person_id,
            requester=requester_id,
        )


@dataclass(frozen=True)
class DataSubjectRequest:
    id: int
    person_id: int | None  # None once the person was erased
    requester_id: int | None
    kind: RequestKind
    channel: RequestChannel
    received_on: date
    status: RequestStatus
    extension_months: int = 0
    extension_reason: str | None = None
    extension_informed_on: date | None = None
    identity_method: str | None = None
    identity_checked_on: date | None = None
    identity_checked_by: str | None = None
    refusal_reason: str | None = None
    executed_on: date | None = None
    answered_on: date | None = None
    uuid: str = ""

    @property
    def due_on(self) -> date:
        return due_date(self.received_on, self.extension_months)

    def overdue(self, as_of: date) -> bool:
        return is_overdue(self.due_on, self.status, as_of)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


SENDS_DATA = frozenset({RequestKind.ACCESS, RequestKind.PORTABILITY})


class RequestStep(StrEnum):
    """What can be done with a request at its stage; the first of `steps` is the next one."""

    VERIFY_IDENTITY = "verify-identity"
    ASK_IDENTITY = "ask-identity"
    EXECUTE = "execute"
    RECTIFY = "rectify"
    REPLY = "reply"
    CLOSE = "close"
    EXTEND = "extend"
    REFUSE = "refuse"
    NOTE = "note"


STEP_MESSAGES: dict[RequestStep | None, str] = {
    None: N_("Nothing left to do."),
    RequestStep.VERIFY_IDENTITY: N_(
        "Check the requester's identity (or refuse the request, with reasons)."
    ),
    RequestStep.RECTIFY: N_("Apply the corrections."),
    RequestStep.EXECUTE: N_("Carry out the request."),
    RequestStep.REPLY: N_("Produce the reply and send it to the requester."),
    RequestStep.CLOSE: N_("Close the request once the reply is sent."),
}


def next_action(request: DataSubjectRequest, documents: int) -> RequestStep | None:
    """The step the administrator takes next; None once the request is closed."""
    if not request.is_open:
        return None
    if request.status is not RequestStatus.IN_PROGRESS:
        return RequestStep.VERIFY_IDENTITY
    if request.kind not in SENDS_DATA and request.executed_on is None:
        if request.kind is RequestKind.RECTIFICATION:
            return RequestStep.RECTIFY
        return RequestStep.EXECUTE
    return RequestStep.REPLY if documents == 0 else RequestStep.CLOSE


def steps(request: DataSubjectRequest, documents: int, as_of: date) -> list[RequestStep]:
    """Every step open to the request on `as_of`, the next one first (a note is always
    possible; an extension only while the person can still be told of it, Art. 12(3))."""
    step = next_action(request, documents)
    if step is None:
        return [RequestStep.NOTE]
    found = [step]
    if request.status is RequestStatus.RECEIVED:
        found.append(RequestStep.ASK_IDENTITY)
    if step is RequestStep.CLOSE:
        found.append(RequestStep.REPLY)  # another copy, or in another language
    if request.extension_months < MAX_EXTENSION_MONTHS and as_of <= due_date(request.received_on):
        found.append(RequestStep.EXTEND)
    if request.executed_on is None and documents == 0:
        found.append(RequestStep.REFUSE)
    found.append(RequestStep.NOTE)
    return found


def next_step(request: DataSubjectRequest, documents: int) -> str:
    """What the administrator does next (a message id), walking a request through its steps."""
    return STEP_MESSAGES[next_action(request, documents)]


@dataclass(frozen=True)
class RequestDocument:
    """A document produced for a request: its name and fingerprint, never its content."""

    id: int
    request_id: int
    kind: str
    file_name: str
    sha256: str
    size: int
    language: str
    produced_at: str


@dataclass(frozen=True)
class RequestNote:
    id: int
    request_id: int
    written_at: str
    text: str
