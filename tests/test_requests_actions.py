"""The register's rules and the requests that change data: rectification, restriction,
objection, consent withdrawal; refusal letters; the erasure certificate."""

from __future__ import annotations

from datetime import date

import pytest

from coursenplus_desk.domain.erasure import ErasedPart, ErasureOutcome, KeptPart
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.domain.requests import RecipientNotice, RequestStatus
from coursenplus_desk.reports.base import DocumentContext, sha256, text_of
from coursenplus_desk.reports.request_common import Addressee, RequestFacts
from coursenplus_desk.reports.request_letters import RecipientsTold, erasure_certificate_pdf
from coursenplus_desk.services.workspace import Workspace
from tests.requests_fixtures import build_family, english_messages, workspace
from tests.test_requests_access import flat

__all__ = ["english_messages", "workspace"]


def started(ws: Workspace, person: int, kind: str, requester: int | None = None) -> int:
    request = ws.requests.add(person, kind, "2026-11-10", "email", requester)
    ws.requests.verify_identity(request, "identity card shown", "2026-11-11")
    return request


def test_a_request_for_a_minor_from_someone_not_their_guardian_is_refused(
    workspace: Workspace,
) -> None:
    family = build_family(workspace)
    before = len(workspace.requests.all())
    with pytest.raises(RefusedError) as refused:
        workspace.requests.add(family.student, "access", "2026-11-10", "email", family.other_adult)
    assert str(refused.value) == (
        f"Person {family.other_adult} is not a recorded parent or guardian of person "
        f"{family.student}, who is a minor: the request is refused."
    )
    assert len(workspace.requests.all()) == before
    # An adult's data cannot be asked for by someone else either, not even a parent.
    with pytest.raises(RefusedError, match="only they can make"):
        workspace.requests.add(family.guardian, "access", "2026-11-10", "email", family.student)


def test_identity_is_recorded_as_method_date_and_administrator(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(
        family.student, "access", "2026-11-10", "letter", family.guardian
    )
    assert workspace.requests.get(request).status is RequestStatus.RECEIVED
    with pytest.raises(RefusedError, match="identity"):
        workspace.requests.reply(request)
    workspace.requests.ask_identity(request)
    assert workspace.requests.get(request).status is RequestStatus.IDENTITY_PENDING
    with pytest.raises(ValidationError):
        workspace.requests.verify_identity(request, "card", "2026-11-09")
    workspace.requests.verify_identity(request, "identity card seen at the desk", "2026-11-12")
    stored = workspace.requests.get(request)
    assert stored.status is RequestStatus.IN_PROGRESS
    assert stored.identity_method == "identity card seen at the desk"
    assert stored.identity_checked_on == date(2026, 11, 12)
    assert stored.identity_checked_by == workspace.audit.actor


def test_an_extension_moves_the_deadline_and_is_audited(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(family.student, "access", "2026-10-31")
    assert workspace.requests.get(request).due_on == date(2026, 11, 30)
    assert workspace.requests.extend(request, 2, "many old files", "2026-11-20") == date(
        2027, 1, 31
    )
    with pytest.raises(RefusedError):
        workspace.requests.extend(request, 1, "still more")
    assert workspace.requests.overdue(date(2027, 2, 1))[0].id == request
    assert workspace.requests.due_soon(date(2027, 1, 25))[0].id == request
    actions = [e.action for e in workspace.audit.store.events(family.student)]
    assert "request.extended" in actions


def test_rectification_goes_through_the_edit_path_and_keeps_old_and_new(
    workspace: Workspace,
) -> None:
    family = build_family(workspace)
    request = started(workspace, family.student, "rectification", family.guardian)
    with pytest.raises(ValidationError):
        workspace.requests.rectify(request, {"roles": "tutor"})
    with pytest.raises(ValidationError):
        workspace.requests.rectify(request, {"email": "not an address"})
    assert workspace.requests.rectify(request, {"city": "Rixensart", "phone": "0472 11 22 33"}) == [
        "phone", "city",
    ]  # fmt: skip
    fields = workspace.people.fields(family.student)
    assert (fields.city, fields.phone) == ("Rixensart", "+32472112233")
    assert workspace.requests.changes(request) == [
        ("phone", "+32471987654", "+32472112233"),
        ("city", "Genval", "Rixensart"),
    ]
    document = workspace.requests.reply(request, language="en")
    assert "city: corrected to “Rixensart”" in flat(text_of(document.data))
    workspace.requests.close(request)
    assert workspace.requests.get(request).status is RequestStatus.ANSWERED


def test_restriction_hides_the_person_from_lists_and_search(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = started(workspace, family.student, "restriction", family.guardian)
    with pytest.raises(RefusedError, match="request execute"):
        workspace.requests.close(request)
    workspace.requests.execute(request)
    assert workspace.people.get(family.student).person.status is PersonStatus.RESTRICTED
    assert workspace.people.find("Zoë") == []
    with pytest.raises(RefusedError, match="already"):
        workspace.requests.execute(request)


def test_an_objection_is_listed_for_mailing_exports(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = started(workspace, family.guardian, "objection")
    assert workspace.requests.objecting_person_ids() == set()
    workspace.requests.execute(request)
    assert workspace.requests.objecting_person_ids() == {family.guardian}


def test_withdrawing_consent_withdraws_every_active_consent(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = started(workspace, family.student, "withdraw-consent", family.guardian)
    workspace.requests.execute(request)
    consents = workspace.records.store.consents(family.student)
    assert consents and all(c.withdrawn_on == date(2026, 11, 22) for c in consents)
    text = flat(text_of(workspace.requests.reply(request, language="en").data))
    assert "Every consent you had given is withdrawn" in text


def test_a_refusal_letter_gives_reasons_the_authority_and_the_courts(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(family.guardian, "access", "2026-11-10")
    with pytest.raises(ValidationError):
        workspace.requests.refuse(request, "  ")
    letter = workspace.requests.refuse(request, "Fifth identical request this month.", "en")
    text = flat(text_of(letter.data))
    assert "Fifth identical request this month." in text
    assert "manifestly unfounded or excessive" in text
    assert "Autorité de protection des données (APD/GBA), Rue de la Presse 35" in text
    assert "judicial remedy" in text
    stored = workspace.requests.get(request)
    assert stored.status is RequestStatus.REFUSED and stored.refusal_reason
    assert [d.sha256 for d in workspace.requests.documents(request)] == [sha256(letter.data)]
    with pytest.raises(RefusedError, match="closed"):
        workspace.requests.close(request)


def test_an_erasure_request_must_be_carried_out_before_its_reply(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = started(workspace, family.student, "erasure", family.guardian)
    with pytest.raises(RefusedError, match="Carry out"):
        workspace.requests.reply(request)


def test_the_erasure_certificate_lists_what_was_erased_kept_and_who_to_tell(
    workspace: Workspace,
) -> None:
    outcome = ErasureOutcome(
        person_id=7,
        erased=(ErasedPart("identification", 12), ErasedPart("consent", 1)),
        kept=(KeptPart("financial", 2, "Accounting law requires keeping payments.", "2036-12-31"),),
        restricted=True,
    )
    facts = RequestFacts(
        3, date(2026, 11, 2), "Zoë Dąbrowski-Çağla",
        Addressee("Łukasz Dąbrowski-Çağla", "Chaussée de Bruxelles 118", "1310", "La Hulpe"),
        on_behalf=True,
    )  # fmt: skip
    context = DocumentContext(workspace.settings.organisation(), "en", date(2026, 11, 22))
    recipients = RecipientsTold(
        (RecipientNotice(1, 3, "Đorđe Vandermeulen", date(2026, 11, 21), None),
         RecipientNotice(2, 3, "MailCo Inc.", None, "the account was closed in 2025")),
        ("The association's accountant",),
    )  # fmt: skip
    text = flat(
        text_of(erasure_certificate_pdf(context, facts, outcome, date(2026, 11, 20), recipients))
    )
    for expected in (
        "Erasure certificate", "Zoë Dąbrowski-Çağla", "Łukasz Dąbrowski-Çağla", "20/11/2026",
        "identity, contact and course data 12", "proofs of consent 1",
        "payments and accounting records 2 Accounting law requires keeping payments. 31/12/2036",
        "restricted", "Art. 19 GDPR", "Đorđe Vandermeulen — told on 21/11/2026.",
        "MailCo Inc. — not told, because the account was closed in 2025",
        "The association's accountant — still to be told.",
    ):  # fmt: skip
        assert expected in text


def test_unknown_requests_and_people_are_reported(workspace: Workspace) -> None:
    with pytest.raises(NotFoundError):
        workspace.requests.get(99)
    with pytest.raises(NotFoundError):
        workspace.requests.add(99, "access", "2026-11-10")
    with pytest.raises(ValidationError):
        workspace.requests.add(99, "gossip", "2026-11-10")
    family = build_family(workspace)
    with pytest.raises(ValidationError, match="future"):
        workspace.requests.add(family.student, "access", "2026-12-01")
