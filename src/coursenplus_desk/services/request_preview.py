"""What carrying out a request will do, shown to the administrator before it is done.

The same facts the action itself uses: an erasure keeps what a legal obligation
still needs (restricted) and is refused under a legal hold; a withdrawal
withdraws every consent still given.
"""

from __future__ import annotations

from dataclasses import dataclass

from coursenplus_desk.domain.errors import NotFoundError
from coursenplus_desk.domain.requests import RequestKind
from coursenplus_desk.domain.retention_actions import KeptRecords
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.requests import RequestsService
from coursenplus_desk.services.retention import RetentionService


@dataclass(frozen=True)
class ExecutionPreview:
    request_id: int
    kind: RequestKind
    subject_name: str
    held: bool = False  # erasure: a legal hold stops it
    kept: tuple[KeptRecords, ...] = ()  # erasure: kept, restricted, until their end
    consents: tuple[str, ...] = ()  # withdrawal: the purposes (keys) still given


def execution_preview(
    requests: RequestsService, retention: RetentionService, request_id: int
) -> ExecutionPreview:
    """Refused, like the action, when the request is not ready to be carried out."""
    request = requests.require_in_progress(request_id)
    person_id = request.person_id
    person = requests.people.get(person_id) if person_id is not None else None
    if person_id is None or person is None:
        raise NotFoundError(N_("The person of request {id} was erased."), id=request_id)
    preview = ExecutionPreview(request_id, request.kind, person.full_name)
    if request.kind is RequestKind.ERASURE:
        held, kept = retention.erasure_preview(person_id)
        return ExecutionPreview(request_id, request.kind, person.full_name, held, kept)
    if request.kind is RequestKind.WITHDRAW_CONSENT:
        given = tuple(
            consent.purpose
            for consent in requests.records.consents(person_id)
            if consent.withdrawn_on is None
        )
        return ExecutionPreview(request_id, request.kind, person.full_name, consents=given)
    return preview
