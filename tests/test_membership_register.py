"""Memberships: applications keep little, confirmation admits, renewals, the register's 8 days."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.membership import ChangeKind
from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.records import MembershipStatus
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace
from tests.conftest import record_uuid, tombstones
from tests.consent_helpers import new_workspace, reopened, run_cli


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = new_workspace(tmp_path / "vault")
    yield opened
    opened.close()


def _apply(workspace: Workspace, given: str = "Marc", on: str = "2026-01-05") -> tuple[int, int]:
    return workspace.membership.apply(given, "Dubois", on, "2026-01-01", "2026-12-31", "25",
                                      email=f"{given.lower()}@example.org")  # fmt: skip


def test_an_application_keeps_only_name_contact_and_dates(workspace: Workspace) -> None:
    person_id, membership_id = _apply(workspace)
    fields = workspace.people.fields(person_id)
    assert fields.roles == {Role.PROSPECT}
    kept = {k for k, v in vars(fields).items() if v not in (None, frozenset())}
    assert kept == {"given_name", "family_name", "email", "roles"}
    [membership] = workspace.records.memberships(person_id)
    assert (membership.status, membership.paid_on, membership.method) == (
        MembershipStatus.APPLIED, None, None)  # fmt: skip
    applied_on = workspace.db.scalar(
        "SELECT applied_on FROM membership WHERE id = ?", (membership_id,)
    )
    assert applied_on == "2026-01-05"
    assert workspace.membership.register() == []


def test_withdrawn_application_leaves_nothing_but_identifiers(workspace: Workspace) -> None:
    person_id, membership_id = _apply(workspace)
    expected = {
        ("person", record_uuid(workspace, "person", person_id)),
        ("membership", record_uuid(workspace, "membership", membership_id)),
    }
    assert workspace.membership.withdraw_application(membership_id) is True
    assert not workspace.people.store.exists(person_id)
    assert tombstones(workspace) == expected
    assert workspace.db.scalar("SELECT count(*) FROM person_search") == 0


def test_confirmation_admits_to_the_register_once(workspace: Workspace) -> None:
    person_id, membership_id = _apply(workspace)
    workspace.membership.confirm(membership_id, "2026-01-20", "2026-01-18", "virement")
    with pytest.raises(RefusedError):
        workspace.membership.confirm(membership_id, "2026-01-21", "2026-01-18")
    with pytest.raises(RefusedError):
        workspace.membership.withdraw_application(membership_id)
    assert Role.MEMBER in workspace.people.fields(person_id).roles
    [membership] = workspace.records.memberships(person_id)
    assert (membership.status, membership.paid_on, membership.method) == (
        MembershipStatus.CONFIRMED, date(2026, 1, 18), "virement")  # fmt: skip
    renewal = workspace.membership.renew(person_id, "2026-11-01", "2027-01-01", "2027-12-31", 25)
    workspace.membership.confirm(renewal, "2026-11-05", "2026-11-05")
    [entry] = workspace.membership.register()
    assert (entry.person_id, entry.admitted_on, entry.left_on) == (person_id, date(2026, 1, 20),
                                                                   None)  # fmt: skip


def test_members_to_renew_and_lapse(workspace: Workspace) -> None:
    ending, first = _apply(workspace, "Ending")
    renewed, second = _apply(workspace, "Renewed")
    pending, _third = _apply(workspace, "Pending")
    workspace.membership.confirm(first, "2026-01-10", "2026-01-10")
    workspace.membership.confirm(second, "2026-01-10", "2026-01-10")
    later = workspace.membership.renew(renewed, "2026-11-02", "2027-01-01", "2027-12-31")
    workspace.membership.confirm(later, "2026-11-03", "2026-11-03")

    assert workspace.membership.to_renew() == []  # 39 days before the end
    assert [r.person_id for r in workspace.membership.to_renew(date(2026, 12, 15))] == [ending]
    assert workspace.membership.to_renew(date(2026, 6, 1)) == []
    assert workspace.membership.lapse_ended() == 0
    assert [r.person_id for r in workspace.membership.to_renew(date(2027, 1, 15))] == [ending]
    assert pending not in {r.person_id for r in workspace.membership.to_renew(date(2027, 1, 15))}


def test_register_reminds_of_late_and_missing_entries(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    workspace = new_workspace(folder, date(2027, 2, 1))
    late, first = _apply(workspace, "Late", "2026-01-02")
    workspace.membership.confirm(first, "2026-01-05", "2026-01-05")  # entered 2027-02-01
    workspace.close()
    with reopened(folder, date(2027, 2, 1)) as opened:
        assert opened.membership.lapse_ended() == 1
        assert opened.records.memberships(late)[0].status is MembershipStatus.LAPSED
        [reminder, departure] = opened.membership.reminders()
        assert (reminder.change, reminder.entered_on, reminder.days) == (
            ChangeKind.ADMISSION, date(2027, 2, 1), 392)  # fmt: skip
        assert (departure.change, departure.changed_on, departure.entered_on) == (
            ChangeKind.DEPARTURE, date(2026, 12, 31), None)  # fmt: skip
        opened.membership.record_departure(late, "2026-12-31")
        with pytest.raises(ValidationError):
            opened.membership.record_departure(late, "2028-01-01")
        kinds = [(r.change, r.entered_on) for r in opened.membership.reminders()]
        assert kinds == [
            (ChangeKind.ADMISSION, date(2027, 2, 1)),
            (ChangeKind.DEPARTURE, date(2027, 2, 1)),
        ]  # both entered late
        text = text_of(opened.membership.register_pdf("fr"))
    assert "Late Dubois" in text and "05/01/2026" in text and "31/12/2026" in text


def test_cli_members_commands(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    new_workspace(folder).close()
    code, out, err = run_cli(folder, "members", "apply", "--given-name", "Ana", "--family-name",
                             "Costa", "--email", "ana@example.org", "--on", "2026-11-01",
                             "--from", "2026-11-01", "--to", "2026-11-30",
                             "--fee", "20")  # fmt: skip
    assert (code, err) == (0, "")
    person_id, membership_id = (int(v) for v in out.split())
    assert run_cli(folder, "members", "confirm", str(membership_id), "--on", "2026-11-03",
                   "--paid-on", "2026-11-02")[0] == 0  # fmt: skip
    code, out, _err = run_cli(folder, "members", "renewals", "--json")
    assert [r["person_id"] for r in json.loads(out)] == [person_id]
    pdf = tmp_path / "register.pdf"
    assert run_cli(folder, "members", "register", "--out", str(pdf))[0] == 0
    assert "Ana Costa" in text_of(pdf.read_bytes())
    code, _out, err = run_cli(folder, "members", "confirm", "999", "--on", "2026-11-03",
                              "--paid-on", "2026-11-02")  # fmt: skip
    assert code == 1 and "999" in err
