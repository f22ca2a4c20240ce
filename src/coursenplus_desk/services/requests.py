"""Data-subject requests: the register (request_register.py), the recipients told of them
(request_recipients.py), the documents that answer them (request_replies.py), and here
carrying them out.

Erasure is delegated to a `PersonEraser` (the retention engine's erase, with its
legal exceptions); until one is given, erasure requests cannot be carried out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, fields, replace
from datetime import date
from typing import Protocol

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.erasure import ErasureOutcome
from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.health import HEALTH_PURPOSE
from coursenplus_desk.domain.people import PersonDraft, PersonFields, PersonStatus
from coursenplus_desk.domain.requests import DataSubjectRequest, RequestKind
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.consent import ConsentService
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.services.request_replies import (
    ProducedDocument,
    RequestReplies,
    erasure_recipients,
)
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.records import RecordsStore

__all__ = ["RECTIFIABLE", "PersonEraser", "ProducedDocument", "RequestsService"]


class PersonEraser(Protocol):
    """The retention engine's erase: erases what the law allows, keeps (restricted) the rest."""

    def erase_person(self, person_id: int, as_of: date) -> ErasureOutcome:
        """Erase inside the caller's transaction."""
        ...

    def purge_files(self) -> None:
        """After the commit: scrub freed pages and the WAL so no erased value stays on disk."""
        ...


# What a rectification may change: a person's own values (roles are not personal data).
RECTIFIABLE = tuple(f.name for f in fields(PersonDraft) if f.name != "roles")


class RequestsService(RequestReplies):
    def __init__(
        self, db: Database, clock: Clock, audit: Auditor, eraser: PersonEraser | None = None
    ) -> None:
        super().__init__(db, clock, audit)
        self.eraser = eraser
        self.person_service = PeopleService(db, clock, audit)
        self.settings = SettingsService(db, audit)
        self.records = RecordsStore(db)
        # How many laptops of a shared register have applied an erasure (by the person's
        # UUID); the workspace connects it to the shared register.
        self.erasure_copies: Callable[[str], tuple[int, int] | None] = lambda _uuid: None

    # -- carrying requests out ---------------------------------------------------------------

    def execute(self, request_id: int) -> None:
        """Carry out a restriction, objection, consent withdrawal or erasure request."""
        request = self.get(request_id)
        actions = {
            RequestKind.RESTRICTION: self.restrict,
            RequestKind.OBJECTION: self.record_objection,
            RequestKind.WITHDRAW_CONSENT: self.withdraw_consents,
            RequestKind.ERASURE: self.erase,
        }
        action = actions.get(request.kind)
        if action is None:
            raise RefusedError(
                N_("A request for {kind} is answered with a document (request reply)."),
                kind=request.kind.value,
            )
        action(request_id)

    def rectify(self, request_id: int, changes: Mapping[str, str | None]) -> list[str]:
        """Apply corrections through the normal edit path; old and new values stay in the file."""
        request = self._actionable(request_id, RequestKind.RECTIFICATION)
        unknown = sorted(set(changes) - set(RECTIFIABLE))
        if unknown or not changes:
            raise ValidationError(
                "set",
                N_("Fields that can be rectified: {known}."),
                known=", ".join(RECTIFIABLE),
            )
        person_id = self._person_id(request)
        current = self.person_service.fields(person_id)
        draft = replace(_draft(current), **dict(changes))  # type: ignore[arg-type]
        with self.db.transaction():
            self.person_service.update(person_id, draft)
            after = self.person_service.fields(person_id)
            changed = [name for name in RECTIFIABLE if _text(current, name) != _text(after, name)]
            for name in changed:
                self.store.add_change(
                    request_id, name, _text(current, name), _text(after, name), self.clock.now()
                )
            self.store.set_executed(request_id, self.clock.today(), {"fields": changed})
            self.audit.record("request.rectified", person_id, request=request_id, fields=changed)
        return changed

    def restrict(self, request_id: int) -> None:
        request = self._actionable(request_id, RequestKind.RESTRICTION)
        person_id = self._person_id(request)
        with self.db.transaction():
            self.people.set_status(person_id, PersonStatus.RESTRICTED, self.clock.now())
            self.store.set_executed(request_id, self.clock.today(), None)
            self.audit.record("request.restricted", person_id, request=request_id)

    def record_objection(self, request_id: int) -> None:
        request = self._actionable(request_id, RequestKind.OBJECTION)
        person_id = self._person_id(request)
        with self.db.transaction():
            self.store.add_objection(person_id, self.clock.today(), request_id)
            self.store.set_executed(request_id, self.clock.today(), None)
            self.audit.record("request.objection", person_id, request=request_id)

    def withdraw_consents(self, request_id: int) -> int:
        """Withdraw every consent still given; how many were withdrawn."""
        request = self._actionable(request_id, RequestKind.WITHDRAW_CONSENT)
        person_id = self._person_id(request)
        active = [c for c in self.records.consents(person_id) if c.withdrawn_on is None]
        with self.db.transaction():
            for consent in active:
                self.records.withdraw_consent(consent.id, self.clock.today())
            if any(consent.purpose == HEALTH_PURPOSE for consent in active):
                ConsentService(self.db, self.clock, self.audit).erase_health_information(person_id)
            self.store.set_executed(request_id, self.clock.today(), {"withdrawn": len(active)})
            self.audit.record(
                "request.consent_withdrawn", person_id, request=request_id, count=len(active)
            )
        return len(active)

    def erasure_confirmed(self, request_id: int) -> tuple[int, int] | None:
        """(laptops that have applied this erasure, laptops of the shared register), or None
        when the register is not shared or the request erased nobody."""
        stored = self.store.outcome(request_id) or {}
        return self.erasure_copies(str(stored.get("person_uuid") or ""))

    def erase(self, request_id: int) -> ErasureOutcome:
        request = self._actionable(request_id, RequestKind.ERASURE)
        if self.eraser is None:
            raise RefusedError(N_("Erasure is not available in this installation."))
        person_id = self._person_id(request)
        # Kept before erasing: the certificate is addressed and Art. 19 recipients listed after.
        facts = self._facts(request)
        data = self._subject_data(person_id)
        language = self._language(request, None)
        subject = self.people.get(person_id)
        snapshot = {
            "language": language,
            "person_uuid": subject.uuid if subject else "",
            "subject_name": facts.subject_name,
            "on_behalf": facts.on_behalf,
            "addressee": asdict(facts.addressee),
            "recipients": erasure_recipients(data),
            "representative": facts.representative,
        }
        with self.db.transaction():
            outcome = self.eraser.erase_person(person_id, self.clock.today())
            snapshot["outcome"] = asdict(outcome)
            self.store.set_executed(request_id, self.clock.today(), snapshot)
            self.audit.record(
                "request.erased",
                person_id,
                request=request_id,
                erased=sum(part.count for part in outcome.erased),
                kept=sum(part.count for part in outcome.kept),
            )
        self.eraser.purge_files()
        return outcome

    # -- helpers -----------------------------------------------------------------------------

    def _actionable(self, request_id: int, kind: RequestKind) -> DataSubjectRequest:
        request = self.require_in_progress(request_id)
        if request.kind is not kind:
            raise RefusedError(
                N_("Request {id} is not a request for {kind}."),
                id=request_id,
                kind=kind.value,
            )
        if request.executed_on is not None:
            raise RefusedError(N_("Request {id} was already carried out."), id=request_id)
        return request


def _draft(current: PersonFields) -> PersonDraft:
    values = asdict(current)
    values["roles"] = tuple(role.value for role in current.roles)
    return PersonDraft(**values)


def _text(values: PersonFields, name: str) -> str | None:
    value = getattr(values, name)
    return None if value is None else str(value)
