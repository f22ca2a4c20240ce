"""Representatives with a mandate, and the recipients told of what a request changed (Art. 19)."""

from __future__ import annotations

import json

import pytest

from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.requests import next_step
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace
from tests.conftest import CliRunner
from tests.controller import name_the_association
from tests.requests_fixtures import Family, build_family


def flat(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.fixture
def family(workspace: Workspace) -> Family:
    name_the_association(workspace)
    return build_family(workspace)


def test_a_representative_acts_once_their_mandate_is_checked(
    workspace: Workspace, family: Family
) -> None:
    request = workspace.requests.add(
        family.guardian, "access", "2026-11-10", "letter",
        representative="Maître Anne Dupont, avocate",
        representative_address="Avenue Louise 54\n1050 Bruxelles",
    )  # fmt: skip
    assert "mandate" in next_step(workspace.requests.get(request), 0)
    with pytest.raises(RefusedError):
        workspace.requests.verify_identity(request, "carte d'identité")
    with pytest.raises(ValidationError):
        workspace.requests.verify_mandate(request, "   ")
    workspace.requests.verify_mandate(request, "mandat signé le 03/11/2026", "2026-11-12")
    workspace.requests.verify_identity(request, "copie de la carte du mandant", "2026-11-12")
    stored = workspace.requests.get(request)
    assert stored.mandate_checked_on is not None and stored.mandate_method is not None
    text = flat(text_of(workspace.requests.reply(request, "fr").data))
    assert "Maître Anne Dupont, avocate Avenue Louise 54 1050 Bruxelles" in text
    assert "en tant que représentant mandaté de Łukasz Dąbrowski-Çağla" in text
    assert "Madame, Monsieur," in text
    with pytest.raises(ValidationError):  # a guardian and a representative at once
        workspace.requests.add(family.student, "access", "2026-11-10", "letter",
                               family.guardian, "Maître Dupont")  # fmt: skip


def test_recipients_are_told_of_a_rectification_and_the_letter_lists_them(
    workspace: Workspace, family: Family
) -> None:
    request = workspace.requests.add(family.student, "rectification", "2026-11-10", "letter",
                                     family.guardian)  # fmt: skip
    workspace.requests.verify_identity(request, "carte d'identité")
    assert workspace.requests.recipients_pending(request) == []  # nothing done yet
    with pytest.raises(RefusedError):
        workspace.requests.record_recipient_told(request, "Đorđe Vandermeulen", "2026-11-20")
    workspace.requests.rectify(request, {"phone": "0472 11 22 33"})
    to_tell = workspace.requests.recipients_to_tell(request)
    assert "Đorđe Vandermeulen" in to_tell
    assert workspace.requests.recipients_pending(request) == to_tell
    step = next_step(workspace.requests.get(request), 0,
                     len(workspace.requests.recipients_pending(request)))  # fmt: skip
    assert "Art. 19" in step
    with pytest.raises(ValidationError):  # a day or a reason, not neither
        workspace.requests.record_recipient_told(request, "Đorđe Vandermeulen")
    workspace.requests.record_recipient_told(request, "Đorđe Vandermeulen", "2026-11-22")
    for name in workspace.requests.recipients_pending(request):
        workspace.requests.record_recipient_told(
            request, name, not_told_reason="no data was sent to them"
        )
    assert workspace.requests.recipients_pending(request) == []
    text = flat(text_of(workspace.requests.reply(request, "en").data))
    assert "Recipients of the data told of it (Art. 19 GDPR)" in text
    assert "Đorđe Vandermeulen — told on 22/11/2026." in text
    assert "still to be told" not in text


def test_the_erasure_certificate_lists_who_was_told_from_before_the_erasure(
    workspace: Workspace, family: Family
) -> None:
    request = workspace.requests.add(family.student, "erasure", "2026-11-10", "letter",
                                     family.guardian)  # fmt: skip
    workspace.requests.verify_identity(request, "carte d'identité")
    workspace.requests.execute(request)
    to_tell = workspace.requests.recipients_to_tell(request)
    assert "Đorđe Vandermeulen" in to_tell  # kept before the student's data was erased
    pending = flat(text_of(workspace.requests.reply(request, "en").data))
    assert "Đorđe Vandermeulen — still to be told." in pending
    assert "have been informed" not in pending
    workspace.requests.record_recipient_told(request, "Đorđe Vandermeulen", "2026-11-22")
    told = flat(text_of(workspace.requests.reply(request, "en").data))
    assert "Đorđe Vandermeulen — told on 22/11/2026." in told


def test_request_commands_for_mandates_and_recipients(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    for key, value in (("name", "asbl X"), ("address", "Rue 1, 1000 Bruxelles"),
                       ("privacy_contact", "privacy@x.be")):  # fmt: skip
        cli.ok("settings", "set", key, value)
    person = cli.ok("person", "add", "--role", "member", "--given-name", "Ana",
                    "--family-name", "Costa")  # fmt: skip
    request = cli.ok("request", "add", "--person", person, "--kind", "restriction",
                     "--received", "2026-11-10", "--representative", "Ligue des familles",
                     "--representative-address", "Rue du Trône 127, 1050 Bruxelles")  # fmt: skip
    assert cli("request", "verify-identity", request, "--method", "card").code == 1
    cli.ok("request", "verify-mandate", request, "--method", "mandat signé", "--on", "2026-11-11")
    cli.ok("request", "verify-identity", request, "--method", "card")
    shown = json.loads(cli.ok("request", "show", request, "--json"))
    assert shown["representative"] == "Ligue des familles"
    assert shown["mandate_checked_on"] == "2026-11-11"
    cli.ok("request", "execute", request)
    assert json.loads(cli.ok("request", "recipients", request, "--json")) == []
    early = cli("request", "recipient-told", request, "--recipient", "MailCo", "--on",
                "2026-11-20")  # fmt: skip
    assert early.code == 1 and early.err.startswith("coursenplus-desk: --on:")
    cli.ok("request", "recipient-told", request, "--recipient", "MailCo", "--on", "2026-11-22")
    [row] = json.loads(cli.ok("request", "recipients", request, "--json"))
    assert row == {"recipient": "MailCo", "told_on": "2026-11-22", "not_told_reason": None,
                   "pending": False}  # fmt: skip
