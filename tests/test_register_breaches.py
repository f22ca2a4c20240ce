"""The breach register (Art. 33(5)) and the 72-hour reminder, pure rules and in a real vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.errors import NotFoundError, ValidationError
from coursenplus_desk.domain.register import Breach, parse_moment, reminders
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF
from tests.test_register_documents import flat

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # FixedClock.on(2026-11-22)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    clock = FixedClock.on(date(2026, 11, 22))
    with create_workspace(
        tmp_path / "vault", "correct horse battery", clock, kdf=FAST_KDF
    ) as opened:
        yield opened


@given(elapsed=st.integers(min_value=0, max_value=400 * 60))
def test_hours_left_count_down_from_72(elapsed: int) -> None:
    breach = Breach(id=1, discovered_at=NOW, nature="lost laptop")
    (reminder,) = reminders([breach], NOW + timedelta(minutes=elapsed))
    assert reminder.hours_left == pytest.approx(72 - elapsed / 60)
    assert reminder.overdue is (elapsed > 72 * 60)


def test_settled_breaches_need_no_reminder_and_the_urgent_come_first() -> None:
    old = Breach(id=1, discovered_at=NOW - timedelta(hours=80), nature="old")
    new = Breach(id=2, discovered_at=NOW - timedelta(hours=2), nature="new")
    notified = Breach(id=3, discovered_at=NOW, nature="told", notified_on=NOW.date())
    explained = Breach(id=4, discovered_at=NOW, nature="x", not_notified_reason="no risk")
    found = reminders([new, notified, old, explained], NOW)
    assert [r.breach.id for r in found] == [1, 2]
    assert found[0].overdue and found[0].hours_left == pytest.approx(-8)
    assert not found[1].overdue and found[1].hours_left == pytest.approx(70)


def test_a_date_alone_counts_from_the_start_of_the_day() -> None:
    moment = parse_moment("2026-11-20", "discovered")
    assert moment.tzinfo is not None
    assert (moment.hour, moment.minute) == (0, 0)
    assert parse_moment("2026-11-20 14:30+01:00", "discovered") == datetime(
        2026, 11, 20, 13, 30, tzinfo=UTC
    )
    with pytest.raises(ValidationError):
        parse_moment("yesterday", "discovered")


def test_a_lost_encrypted_laptop_is_recorded_with_every_art33_item(workspace: Workspace) -> None:
    breach_id = workspace.breaches.add(
        "2026-11-21T09:00+00:00",
        "Laptop of the treasurer stolen from a car",
        data_concerned="The whole vault: identity, course and payment data",
        people_concerned="About 120 students, parents and tutors",
        consequences="None likely: the vault is encrypted and the passphrase was not with it",
        measures="Passphrase changed on the other computers; police report",
        not_notified_reason="Unlikely to result in a risk: encrypted, key not compromised",
        not_told_reason="Art. 34(3)(a): the data is unintelligible (encrypted vault)",
    )
    stored = workspace.breaches.breach(breach_id)
    assert stored.discovered_at == datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    assert stored.deadline == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert stored.settled and workspace.breaches.reminders() == []

    text = flat(text_of(workspace.register.register_pdf("en")))
    for value in ("Laptop of the treasurer stolen from a car", "About 120 students",
                  "Passphrase changed", "not notified: Unlikely to result in a risk",
                  "not told: Art. 34(3)(a)", "21/11/2026 09:00"):  # fmt: skip
        assert value in text
    events = [e for e in workspace.audit.store.events() if e.action == "breach.add"]
    assert len(events) == 1 and events[0].details["breach"] == breach_id
    assert "Laptop" not in str(events[0].details)


def test_an_open_breach_is_reminded_until_the_authority_is_notified(
    workspace: Workspace,
) -> None:
    breach_id = workspace.breaches.add(
        "2026-11-20T12:00+00:00", "Enrolment list emailed to the wrong parent"
    )
    (reminder,) = workspace.breaches.reminders()
    assert reminder.breach.id == breach_id
    assert reminder.hours_left == pytest.approx(24)

    late = workspace.breaches.update(breach_id, notified_on="2026-11-22")
    assert late.notified_on == date(2026, 11, 22) and not late.notified_late
    assert workspace.breaches.reminders() == []
    text = flat(text_of(workspace.register.register_pdf("en")))
    assert "notified on 22/11/2026" in text


def test_breach_values_are_checked_before_anything_is_written(workspace: Workspace) -> None:
    with pytest.raises(ValidationError) as empty:
        workspace.breaches.add("2026-11-21", "   ")
    assert empty.value.field == "nature"
    with pytest.raises(ValidationError) as future:
        workspace.breaches.add("2026-11-23", "not yet")
    assert future.value.field == "discovered"
    with pytest.raises(ValidationError) as before:
        workspace.breaches.add("2026-11-21", "x", notified_on="2026-11-20")
    assert before.value.field == "notified_on"
    with pytest.raises(ValidationError):
        workspace.breaches.add("2026-11-21", "x", colour="red")
    assert workspace.breaches.breaches() == []
    with pytest.raises(NotFoundError):
        workspace.breaches.update(99, measures="none")
