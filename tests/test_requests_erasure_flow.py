"""An erasure request runs the retention engine's erase, with the accounting exception."""

from __future__ import annotations

from pathlib import Path

from coursenplus_desk.domain.people import PersonDraft, PersonStatus
from coursenplus_desk.domain.requests import RequestKind
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace
from tests.conftest import assert_absent, record_uuid, tombstones
from tests.controller import name_the_association


def _request(ws: Workspace, person: int) -> int:
    name_the_association(ws)
    request = ws.requests.add(person, RequestKind.ERASURE, "2026-11-10", "email")
    ws.requests.verify_identity(request, "identity card shown", "2026-11-12")
    return request


def test_erasure_keeps_a_recent_invoice_restricted_and_certifies_it(
    workspace: Workspace,
    tmp_path: Path,
) -> None:
    person = workspace.people.add(
        PersonDraft(given_name="Ødegaard", family_name="Quetzal", roles=("guardian",),
                    email="quetzal.erase@example.org", phone="0471 98 76 54")
    )  # fmt: skip
    workspace.records.add_contact(person, "2026-01-05", "meeting", "Conversation Xylophone")
    workspace.records.add_payment(person, "150", "2025-09-01", reference="INV-2025-17")
    request = _request(workspace, person)

    outcome = workspace.requests.erase(request)

    assert outcome.restricted
    assert {part.category for part in outcome.erased} == {"identification"}
    assert [(k.category, k.count) for k in outcome.kept] == [("financial", 1)]
    assert workspace.people.get(person).person.status is PersonStatus.RESTRICTED
    assert workspace.people.find("quetzal") == []
    certificate = workspace.requests.reply(request, "en")
    text = text_of(certificate.data)
    assert "accounting" in text
    folder = workspace.folder
    workspace.close()
    assert_absent(folder, ["Xylophone", "quetzal.erase", "32471987654"])


def test_erasure_without_obligations_removes_the_person(
    workspace: Workspace,
) -> None:
    person = workspace.people.add(
        PersonDraft(given_name="Wout", family_name="Zwartkop", roles=("prospect",),
                    email="zwartkop@example.org")
    )  # fmt: skip
    request = _request(workspace, person)
    uuid = record_uuid(workspace, "person", person)
    outcome = workspace.requests.erase(request)
    assert not outcome.restricted
    assert not outcome.kept
    assert workspace.people.store.get(person) is None
    assert ("person", uuid) in tombstones(workspace)
