"""The register of data-subject requests: recording, identity, deadlines, refusal, closing.

Carrying out a request and producing its documents is in `requests.py`
(`RequestsService`, which extends this class); here are the register and its rules. Every change
is audited with ids and field names, never values.
"""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.requests import (
    SENDS_DATA,
    DataSubjectRequest,
    RequestChannel,
    RequestDocument,
    RequestKind,
    RequestNote,
    RequestStatus,
    check_extension,
    check_requester,
    is_due_within,
)
from coursenplus_desk.domain.validation import choice, clean_text, require_date
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.requests import RequestsStore

MAX_REASON_LENGTH = 2000
DUE_SOON_DAYS = 7


class RequestRegister:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = RequestsStore(db)
        self.people = PeopleStore(db)

    # -- the register ------------------------------------------------------------------------

    def add(
        self,
        person_id: int,
        kind: str | RequestKind,
        received_on: date | str,
        channel: str | RequestChannel = RequestChannel.EMAIL,
        requester_id: int | None = None,
        representative: str | None = None,
        representative_address: str | None = None,
    ) -> int:
        """Record a request; a request for someone else needs a guardian of a minor, or a
        representative (named here) whose mandate is then checked like an identity."""
        checked_kind = choice(str(kind), "kind", RequestKind)
        agent = clean_text(representative, "representative", max_length=200)
        agent_address = clean_text(representative_address, "representative_address",
                                   max_length=500)  # fmt: skip
        if agent is not None and requester_id not in (None, person_id):
            raise ValidationError(
                "representative",
                N_("A request is made by a parent or guardian, or by a representative, not both."),
            )
        if agent_address and agent is None:
            raise ValidationError("representative", N_("Name the representative."))
        checked_channel = choice(str(channel), "channel", RequestChannel)
        received = self._past_date(received_on, "received")
        person = self.people.get(person_id)
        if person is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        if requester_id is not None and not self.people.exists(requester_id):
            raise NotFoundError(N_("There is no person with number {id}."), id=requester_id)
        check_requester(
            person_id,
            requester_id,
            person.birth_date,
            self.people.guardian_ids(person_id),
            received,
        )
        requester = None if requester_id == person_id else requester_id
        with self.db.transaction():
            request_id = self.store.insert(
                person_id, requester, checked_kind, checked_channel, received, self.clock.now(),
                agent, agent_address,
            )  # fmt: skip
            self.audit.record(
                "request.create",
                person_id,
                request=request_id,
                kind=checked_kind.value,
                by_guardian=requester is not None,
                by_representative=agent is not None,
            )
        return request_id

    def get(self, request_id: int) -> DataSubjectRequest:
        request = self.store.get(request_id)
        if request is None:
            raise NotFoundError(N_("There is no request with number {id}."), id=request_id)
        return request

    def all(self) -> list[DataSubjectRequest]:
        """Every request, the earliest deadline first."""
        return self.store.all()

    def of_person(self, person_id: int) -> list[DataSubjectRequest]:
        return self.store.of_person(person_id)

    def overdue(self, as_of: date | None = None) -> list[DataSubjectRequest]:
        day = as_of or self.clock.today()
        return [request for request in self.store.all() if request.overdue(day)]

    def due_soon(
        self, as_of: date | None = None, days: int = DUE_SOON_DAYS
    ) -> list[DataSubjectRequest]:
        """Open requests due within `days` days (this week by default), not yet overdue."""
        day = as_of or self.clock.today()
        return [r for r in self.store.all() if is_due_within(r.due_on, r.status, day, days)]

    def open_count(self) -> int:
        return sum(1 for request in self.store.all() if request.is_open)

    def documents(self, request_id: int) -> list[RequestDocument]:
        self.get(request_id)
        return self.store.documents(request_id)

    def notes(self, request_id: int) -> list[RequestNote]:
        self.get(request_id)
        return self.store.notes(request_id)

    def changes(self, request_id: int) -> list[tuple[str, str | None, str | None]]:
        """Rectifications made for this request: field, old value, new value."""
        self.get(request_id)
        return self.store.changes(request_id)

    def objecting_person_ids(self) -> set[int]:
        """People who objected (Art. 21): mailing and similar exports must leave them out."""
        return self.store.objecting_person_ids()

    # -- steps -------------------------------------------------------------------------------

    def ask_identity(self, request_id: int) -> None:
        """Reasonable doubt about who asks (Art. 12(6)): wait for more information."""
        request = self.require_open(request_id)
        if request.identity_checked_on is not None:
            raise RefusedError(
                N_("The identity for request {id} was already checked."), id=request_id
            )
        with self.db.transaction():
            self.store.set_status(request_id, RequestStatus.IDENTITY_PENDING)
            self.audit.record("request.identity_asked", request.person_id, request=request_id)

    def verify_mandate(self, request_id: int, method: str, on: date | str | None = None) -> None:
        """Record how a representative's mandate was checked (a signed mandate, its date), when
        and by whom: never a copy of it. The identity check comes after."""
        request = self.require_open(request_id)
        if request.representative is None:
            raise RefusedError(
                N_("Request {id} was not made by a representative: there is no mandate to check."),
                id=request_id,
            )
        text = clean_text(method, "method", max_length=200)
        if text is None:
            raise ValidationError("method", N_("Say how the mandate was checked."))
        day = self._past_date(on, "on") if on else self.clock.today()
        if day < request.received_on:
            raise ValidationError("on", N_("The mandate cannot be checked before the request."))
        with self.db.transaction():
            self.store.set_mandate(request_id, text, day, self.audit.actor)
            self.audit.record("request.mandate_checked", request.person_id, request=request_id)

    def verify_identity(self, request_id: int, method: str, on: date | str | None = None) -> None:
        """Record how identity was checked, when and by whom: never a copy of the document."""
        request = self.require_open(request_id)
        if request.mandate_pending:
            raise RefusedError(
                N_(
                    "Request {id} was made by a representative: check their mandate first "
                    "(request verify-mandate)."
                ),
                id=request_id,
            )
        text = clean_text(method, "method", max_length=200)
        if text is None:
            raise ValidationError("method", N_("Say how the identity was checked."))
        day = self._past_date(on, "on") if on else self.clock.today()
        if day < request.received_on:
            raise ValidationError("on", N_("The identity cannot be checked before the request."))
        with self.db.transaction():
            self.store.set_identity(request_id, text, day, self.audit.actor)
            self.audit.record("request.identity_checked", request.person_id, request=request_id)

    def extend(
        self, request_id: int, months: int, reason: str, informed_on: date | str | None = None
    ) -> date:
        """Extend the deadline (Art. 12(3)); the new due date."""
        request = self.require_open(request_id)
        text = clean_text(reason, "reason", max_length=MAX_REASON_LENGTH)
        if text is None:
            raise ValidationError("reason", N_("Give the reason for the extension."))
        told = self._past_date(informed_on, "informed_on") if informed_on else self.clock.today()
        total = check_extension(request.received_on, request.extension_months, months, told)
        with self.db.transaction():
            self.store.set_extension(request, total, text, told)
            self.audit.record(
                "request.extended", request.person_id, request=request_id, months=total
            )
        return self.get(request_id).due_on

    def add_note(self, request_id: int, text: str) -> int:
        request = self.get(request_id)
        cleaned = clean_text(text, "note")
        if cleaned is None:
            raise ValidationError("note", N_("A note cannot be empty."))
        with self.db.transaction():
            note_id = self.store.add_note(request_id, cleaned, self.clock.now())
            self.audit.record("request.note", request.person_id, request=request_id)
        return note_id

    def check_refusal(self, request_id: int, reason: str) -> tuple[DataSubjectRequest, str]:
        request = self.require_open(request_id)
        text = clean_text(reason, "reason", max_length=MAX_REASON_LENGTH)
        if text is None:
            raise ValidationError(
                "reason", N_("A refusal must say why the request is unfounded or excessive.")
            )
        return request, text

    def mark_refused(self, request: DataSubjectRequest, reason: str) -> None:
        """Within the caller's transaction, with the refusal letter recorded beside it."""
        self.store.set_refused(request.id, reason, self.clock.today())
        self.audit.record("request.refused", request.person_id, request=request.id)

    def close(self, request_id: int) -> None:
        """Mark the request answered once what it asked for was done or sent."""
        request = self.require_in_progress(request_id)
        if request.kind in SENDS_DATA and not self.store.documents(request_id):
            raise RefusedError(
                N_("Produce the reply to request {id} before closing it (request reply)."),
                id=request_id,
            )
        if request.kind not in SENDS_DATA and request.executed_on is None:
            raise RefusedError(
                N_("Carry out request {id} before closing it (request execute)."), id=request_id
            )
        with self.db.transaction():
            self.store.set_answered(request_id, self.clock.today())
            self.audit.record("request.closed", request.person_id, request=request_id)

    # -- shared checks -----------------------------------------------------------------------

    def require_open(self, request_id: int) -> DataSubjectRequest:
        request = self.get(request_id)
        if not request.is_open:
            raise RefusedError(N_("Request {id} is already closed."), id=request_id)
        return request

    def require_in_progress(self, request_id: int) -> DataSubjectRequest:
        """Open, and the requester's identity checked: only then is data disclosed or changed."""
        request = self.require_open(request_id)
        if request.status is not RequestStatus.IN_PROGRESS:
            raise RefusedError(
                N_(
                    "Check the requester's identity for request {id} first "
                    "(request verify-identity)."
                ),
                id=request_id,
            )
        return request

    def _past_date(self, value: date | str | None, field: str) -> date:
        day = require_date(value, field)
        if day > self.clock.today():
            raise ValidationError(field, N_("This date is in the future."))
        return day
