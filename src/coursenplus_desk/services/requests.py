"""Data-subject requests: the register (see request_register.py), carrying requests out,
and the documents that answer them, each recorded in the request file with its SHA-256.

Erasure is delegated to a `PersonEraser` (the retention engine's erase, with its
legal exceptions); until one is given, erasure requests cannot be carried out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any, Protocol

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.erasure import ErasedPart, ErasureOutcome, KeptPart
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.identifiers import visible_number
from coursenplus_desk.domain.people import PersonDraft, PersonFields, PersonStatus
from coursenplus_desk.domain.requests import SENDS_DATA, DataSubjectRequest, RequestKind
from coursenplus_desk.domain.subject_data import Category, SubjectData
from coursenplus_desk.i18n import N_, document_language
from coursenplus_desk.reports.access_reply import access_reply_pdf
from coursenplus_desk.reports.base import DocumentContext, encrypt, sha256
from coursenplus_desk.reports.portability import portability_zip
from coursenplus_desk.reports.request_common import Addressee, RequestFacts
from coursenplus_desk.reports.request_letters import (
    action_confirmation_pdf,
    erasure_certificate_pdf,
    refusal_letter_pdf,
)
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.services.request_register import RequestRegister
from coursenplus_desk.services.retention import RetentionService
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.records import RecordsStore
from coursenplus_desk.store.subject_data import collect_subject_data


class PersonEraser(Protocol):
    """The retention engine's erase: erases what the law allows, keeps (restricted) the rest."""

    def erase_person(self, person_id: int, as_of: date) -> ErasureOutcome:
        """Erase inside the caller's transaction."""
        ...

    def purge_files(self) -> None:
        """After the commit: scrub freed pages and the WAL so no erased value stays on disk."""
        ...


@dataclass(frozen=True)
class ProducedDocument:
    kind: str  # access-reply, portability, erasure-certificate, refusal, confirmation
    file_name: str
    data: bytes
    sha256: str


# What a rectification may change: a person's own values (roles are not personal data).
RECTIFIABLE = tuple(f.name for f in fields(PersonDraft) if f.name != "roles")


class RequestsService(RequestRegister):
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
        language = self._context(request, None).language
        subject = self.people.get(person_id)
        snapshot = {
            "language": language,
            "person_uuid": subject.uuid if subject else "",
            "subject_name": facts.subject_name,
            "on_behalf": facts.on_behalf,
            "addressee": asdict(facts.addressee),
            "recipients": _erasure_recipients(data),
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

    # -- documents ---------------------------------------------------------------------------

    def reply(
        self,
        request_id: int,
        language: str | None = None,
        password: str | None = None,
        file_name: str | None = None,
    ) -> ProducedDocument:
        """The document answering a request: PDF (access, erasure, others) or ZIP (portability)."""
        request = self.require_in_progress(request_id)
        if request.kind not in SENDS_DATA and request.executed_on is None:
            raise RefusedError(
                N_("Carry out request {id} before replying (request execute)."), id=request_id
            )
        if request.kind is RequestKind.PORTABILITY and password:
            raise ValidationError("password", N_("A password can protect PDF documents only."))
        context = self._context(request, language)
        facts = self._facts(request) if request.executed_on is None else self._stored_facts(request)
        kind, extension, data = self._document(request, context, facts)
        if password:
            data = encrypt(data, password)
        name = file_name or f"request-{request_id}-{kind}.{extension}"
        return self._record(request, kind, name, data, context.language)

    def refuse(
        self,
        request_id: int,
        reason: str,
        language: str | None = None,
        file_name: str | None = None,
    ) -> ProducedDocument:
        """Refuse a manifestly unfounded or excessive request, with its letter (Art. 12(4))."""
        request, text = self.check_refusal(request_id, reason)
        context = self._context(request, language)
        letter = refusal_letter_pdf(context, self._facts(request), request.kind, text)
        name = file_name or f"request-{request_id}-refusal.pdf"
        with self.db.transaction():
            self.mark_refused(request, text)
            return self._record(request, "refusal", name, letter, context.language)

    def _document(
        self, request: DataSubjectRequest, context: DocumentContext, facts: RequestFacts
    ) -> tuple[str, str, bytes]:
        if request.kind is RequestKind.ACCESS:
            data = self._subject_data(self._person_id(request))
            person_id = self._person_id(request)
            retention = RetentionService(self.db, self.clock, self.audit).person_retention(
                person_id, answering=True
            )
            return "access-reply", "pdf", access_reply_pdf(context, facts, data, retention)
        if request.kind is RequestKind.PORTABILITY:
            data = self._subject_data(self._person_id(request))
            return "portability", "zip", portability_zip(context, data)
        if request.kind is RequestKind.ERASURE:
            stored = self.store.outcome(request.id) or {}
            outcome = _outcome(stored.get("outcome"))
            recipients = _recipient_lines(context, stored.get("recipients"))
            executed = request.executed_on or self.clock.today()
            copies = self.erasure_copies(str(stored.get("person_uuid") or ""))
            pdf = erasure_certificate_pdf(context, facts, outcome, executed, recipients, copies)
            return "erasure-certificate", "pdf", pdf
        details = self._action_details(request, context)
        executed = request.executed_on or self.clock.today()
        pdf = action_confirmation_pdf(context, facts, request.kind, executed, details)
        return "confirmation", "pdf", pdf

    def _action_details(self, request: DataSubjectRequest, context: DocumentContext) -> list[str]:
        translate = context.t
        if request.kind is RequestKind.RECTIFICATION:
            return [
                translate("{field}: corrected to “{value}”.").format(field=name, value=new or "—")
                for name, _old, new in self.store.changes(request.id)
            ]
        messages = {
            RequestKind.RESTRICTION: N_(
                "Your data is restricted: it is kept but no longer used, except to establish "
                "or defend legal claims or with your consent."
            ),
            RequestKind.OBJECTION: N_(
                "Your objection is recorded: your data is no longer used for mailings or other "
                "processing based on our legitimate interest."
            ),
            RequestKind.WITHDRAW_CONSENT: N_(
                "Every consent you had given is withdrawn; what was done before remains lawful."
            ),
        }
        return [translate(messages[request.kind])] if request.kind in messages else []

    def _record(
        self, request: DataSubjectRequest, kind: str, name: str, data: bytes, language: str
    ) -> ProducedDocument:
        digest = sha256(data)
        with self.db.transaction():
            self.store.add_document(
                request.id, kind, name, digest, len(data), language, self.clock.now()
            )
            self.audit.record(
                "request.document", request.person_id, request=request.id, document=kind,
                sha256=digest,
            )  # fmt: skip
        return ProducedDocument(kind, name, data, digest)

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

    def _person_id(self, request: DataSubjectRequest) -> int:
        if request.person_id is None:
            raise NotFoundError(N_("The person of request {id} was erased."), id=request.id)
        return request.person_id

    def _subject_data(self, person_id: int) -> SubjectData:
        data = collect_subject_data(self.db, person_id, self.clock.today())
        if data is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        return data

    def _context(self, request: DataSubjectRequest, language: str | None) -> DocumentContext:
        """In the language asked for, else the reader's: the guardian who asked, or the person."""
        if not language and request.executed_on is not None:
            stored = (self.store.outcome(request.id) or {}).get("language")
            language = stored if isinstance(stored, str) else None
        readers = (self.people.get(i) for i in (request.requester_id, request.person_id) if i)
        return DocumentContext(
            self.settings.organisation(),
            document_language(language, *(reader.language for reader in readers if reader)),
            self.clock.today(),
        )

    def _facts(self, request: DataSubjectRequest) -> RequestFacts:
        subject = self.people.get(self._person_id(request))
        reader = self.people.get(request.requester_id) if request.requester_id else subject
        if subject is None or reader is None:
            raise NotFoundError(N_("The person of request {id} was erased."), id=request.id)
        addressee = Addressee(
            reader.full_name, reader.street, reader.postal_code, reader.city, reader.country
        )
        return RequestFacts(
            request.id,
            request.received_on,
            subject.full_name,
            addressee,
            on_behalf=request.requester_id is not None,
            reference=visible_number(request.uuid) if request.uuid else "",
        )

    def _stored_facts(self, request: DataSubjectRequest) -> RequestFacts:
        """After an erasure the people may be gone: the names kept in the request file."""
        stored = self.store.outcome(request.id) or {}
        addressee = stored.get("addressee")
        if not isinstance(addressee, dict) or request.kind is not RequestKind.ERASURE:
            return self._facts(request)
        return RequestFacts(
            request.id,
            request.received_on,
            str(stored.get("subject_name", "")),
            Addressee(**{k: v for k, v in addressee.items() if isinstance(k, str)}),
            on_behalf=bool(stored.get("on_behalf")),
            reference=visible_number(request.uuid) if request.uuid else "",
        )


def _draft(current: PersonFields) -> PersonDraft:
    values = asdict(current)
    values["roles"] = tuple(role.value for role in current.roles)
    return PersonDraft(**values)


def _text(values: PersonFields, name: str) -> str | None:
    value = getattr(values, name)
    return None if value is None else str(value)


def _erasure_recipients(data: SubjectData) -> list[dict[str, str]]:
    """Who received the data and must be told of the erasure (Art. 19)."""
    recipients = [{"role": "tutor", "name": name} for name in data.tutor_names]
    if data.category(Category.PAYMENTS).rows:
        recipients.append({"role": "accountant", "name": ""})
    return recipients


def _recipient_lines(context: DocumentContext, stored: object) -> list[str]:
    translate = context.t
    lines = []
    for item in _list(stored):
        if not isinstance(item, dict):
            continue
        if item.get("role") == "tutor":
            lines.append(
                translate("{name}, tutor of a group attended").format(name=item.get("name"))
            )
        elif item.get("role") == "accountant":
            lines.append(translate("the association's accountant, for payments"))
    return lines


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in _list(value) if isinstance(item, dict)]


def _outcome(value: object) -> ErasureOutcome:
    stored = value if isinstance(value, dict) else {}
    return ErasureOutcome(
        person_id=int(stored.get("person_id", 0)),
        erased=tuple(ErasedPart(**part) for part in _dicts(stored.get("erased"))),
        kept=tuple(KeptPart(**part) for part in _dicts(stored.get("kept"))),
        restricted=bool(stored.get("restricted", False)),
    )
