"""The documents that answer a request, each recorded in the request file with its SHA-256.

Access reply, portability archive, erasure certificate, refusal and the
confirmation of an action taken; every one names the association and refuses
to be made until its name, address and privacy contact are set. A document is
in the language asked for, else the language of whoever reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coursenplus_desk.domain.erasure import ErasedPart, ErasureOutcome, KeptPart
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.identifiers import visible_number
from coursenplus_desk.domain.recipients import to_tell
from coursenplus_desk.domain.requests import (
    SENDS_DATA,
    TELLS_RECIPIENTS,
    DataSubjectRequest,
    RequestKind,
)
from coursenplus_desk.domain.subject_data import SubjectData
from coursenplus_desk.i18n import N_, document_language
from coursenplus_desk.reports.access_reply import access_reply_pdf
from coursenplus_desk.reports.base import DocumentContext, encrypt, sha256
from coursenplus_desk.reports.portability import portability_zip
from coursenplus_desk.reports.request_common import Addressee, RequestFacts, field_label
from coursenplus_desk.reports.request_letters import (
    RecipientsTold,
    action_confirmation_pdf,
    erasure_certificate_pdf,
    refusal_letter_pdf,
)
from coursenplus_desk.services.request_recipients import RequestRecipients
from coursenplus_desk.services.retention import RetentionService
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.subject_data import collect_subject_data


@dataclass(frozen=True)
class ProducedDocument:
    kind: str  # access-reply, portability, erasure-certificate, refusal, confirmation
    file_name: str
    data: bytes
    sha256: str


class RequestReplies(RequestRecipients):
    # How many laptops of a shared register have applied an erasure (by the person's UUID):
    # set by RequestsService, connected to the shared register by the workspace.
    erasure_copies: Callable[[str], tuple[int, int] | None]

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
            person_id = self._person_id(request)
            data = self._subject_data(person_id)
            retention = RetentionService(self.db, self.clock, self.audit).person_retention(
                person_id, answering=True
            )
            return "access-reply", "pdf", access_reply_pdf(context, facts, data, retention)
        if request.kind is RequestKind.PORTABILITY:
            data = self._subject_data(self._person_id(request))
            return "portability", "zip", portability_zip(context, data)
        told = self._recipients_told(request)
        executed = request.executed_on or self.clock.today()
        if request.kind is RequestKind.ERASURE:
            stored = self.store.outcome(request.id) or {}
            outcome = _outcome(stored.get("outcome"))
            copies = self.erasure_copies(str(stored.get("person_uuid") or ""))
            pdf = erasure_certificate_pdf(context, facts, outcome, executed, told, copies)
            return "erasure-certificate", "pdf", pdf
        details = self._action_details(request, context)
        pdf = action_confirmation_pdf(context, facts, request.kind, executed, details, told)
        return "confirmation", "pdf", pdf

    def _recipients_told(self, request: DataSubjectRequest) -> RecipientsTold | None:
        if request.kind not in TELLS_RECIPIENTS:
            return None
        return RecipientsTold(
            tuple(self.store.recipient_notices(request.id)),
            tuple(self.recipients_pending(request.id)),
        )

    def _action_details(self, request: DataSubjectRequest, context: DocumentContext) -> list[str]:
        if request.kind is RequestKind.RECTIFICATION:
            return [
                context.say(
                    "{field}: corrected to “{value}”.",
                    field=field_label(context, name),
                    value=new or "—",
                )
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
        return [context.t(messages[request.kind])] if request.kind in messages else []

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

    def _person_id(self, request: DataSubjectRequest) -> int:
        if request.person_id is None:
            raise NotFoundError(N_("The person of request {id} was erased."), id=request.id)
        return request.person_id

    def _subject_data(self, person_id: int) -> SubjectData:
        data = collect_subject_data(self.db, person_id, self.clock.today())
        if data is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        return data

    def _language(self, request: DataSubjectRequest, language: str | None) -> str:
        """The language asked for, else the reader's: the guardian who asked, or the person."""
        if not language and request.executed_on is not None:
            stored = (self.store.outcome(request.id) or {}).get("language")
            language = stored if isinstance(stored, str) else None
        readers = (self.people.get(i) for i in (request.requester_id, request.person_id) if i)
        return document_language(language, *(reader.language for reader in readers if reader))

    def _context(self, request: DataSubjectRequest, language: str | None) -> DocumentContext:
        """What the document needs, refused until the association is named and reachable."""
        chosen = self._language(request, language)
        return SettingsService(self.db, self.audit).document_context(chosen, self.clock.today())

    def _facts(self, request: DataSubjectRequest) -> RequestFacts:
        subject = self.people.get(self._person_id(request))
        reader = self.people.get(request.requester_id) if request.requester_id else subject
        if subject is None or reader is None:
            raise NotFoundError(N_("The person of request {id} was erased."), id=request.id)
        if request.representative:
            addressee = Addressee(request.representative,
                                  address=request.representative_address or "")  # fmt: skip
        else:
            addressee = Addressee(
                reader.full_name, reader.street, reader.postal_code, reader.city,
                reader.country, reader.given_name,
            )  # fmt: skip
        return RequestFacts(
            request.id,
            request.received_on,
            subject.full_name,
            addressee,
            on_behalf=request.requester_id is not None,
            representative=request.representative is not None,
            reference=visible_number(request.uuid) if request.uuid else "",
        )

    def _stored_facts(self, request: DataSubjectRequest) -> RequestFacts:
        """After an erasure the people may be gone: the names kept in the request file."""
        stored = self.store.outcome(request.id) or {}
        addressee = stored.get("addressee")
        if not isinstance(addressee, dict) or request.kind is not RequestKind.ERASURE:
            return self._facts(request)
        known = set(Addressee.__dataclass_fields__)
        return RequestFacts(
            request.id,
            request.received_on,
            str(stored.get("subject_name", "")),
            Addressee(**{k: v for k, v in addressee.items() if k in known}),
            on_behalf=bool(stored.get("on_behalf")),
            representative=bool(stored.get("representative")),
            reference=visible_number(request.uuid) if request.uuid else "",
        )


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


def erasure_recipients(data: SubjectData) -> list[dict[str, str]]:
    """Who received the data and must be told of the erasure (Art. 19), kept before it."""
    return [{"name": name} for name in to_tell(data.recipients)]
