"""The rotation: the newest ten, one per month, nothing older than the longest retention."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.backups import RotationPolicy, backups_to_keep
from coursenplus_desk.domain.dates import add_months
from coursenplus_desk.services.workspace import create_workspace
from tests.backup_support import PASSPHRASE
from tests.fast_kdf import FAST_KDF

TODAY = date(2026, 11, 22)
moments = st.datetimes(
    min_value=datetime(2010, 1, 1), max_value=datetime(2026, 11, 22, 23, 59)
).map(lambda moment: moment.replace(tzinfo=UTC))


@given(st.lists(moments, max_size=60))
def test_rotation_rules(taken: list[datetime]) -> None:
    policy = RotationPolicy(keep_last=10, max_age_months=120)
    keep = backups_to_keep(taken, TODAY, policy)
    oldest = add_months(TODAY, -120)
    recent = sorted({m for m in taken if m.date() >= oldest}, reverse=True)
    assert keep <= set(recent)
    assert set(recent[:10]) <= keep
    months = {(m.year, m.month) for m in recent}
    assert {(m.year, m.month) for m in keep} == months
    assert len(keep) <= 10 + len(months)


def test_months_back_clamp_to_the_month_end() -> None:
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2024, 3, 31), -1) == date(2024, 2, 29)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


SCHEDULE = list(range(0, 750, 10))  # a backup every 10 days for about two years


class SteppingClock:
    """A clock the test moves forward."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment

    def today(self) -> date:
        return self.moment.date()


def test_service_rotation_over_two_years(tmp_path: Path) -> None:
    start = datetime(2024, 11, 1, 9, 0, tzinfo=UTC)
    clock = SteppingClock(start)
    with create_workspace(tmp_path / "vault", PASSPHRASE, clock, FAST_KDF) as workspace:
        for day in SCHEDULE:
            clock.moment = start + timedelta(days=day)
            workspace.backups.create()
        backups = workspace.backups.backups()
    months = {(b.taken_at.year, b.taken_at.month) for b in backups}
    assert len(months) == 25
    newest = backups[:10]
    assert [b.taken_at.date() for b in newest] == [
        (start + timedelta(days=day)).date() for day in reversed(SCHEDULE[-10:])
    ]
    older_months = months - {(b.taken_at.year, b.taken_at.month) for b in newest}
    assert len(backups) == 10 + len(older_months)
    assert len(list((tmp_path / "backups").glob("*.cpbackup"))) == len(backups)


def test_backups_older_than_the_longest_retention_are_pruned(tmp_path: Path) -> None:
    clock = SteppingClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    with create_workspace(tmp_path / "vault", PASSPHRASE, clock, FAST_KDF) as workspace:
        workspace.settings.set("backup.max_age_months", 6)
        first = workspace.backups.create()
        clock.moment = datetime(2026, 7, 10, 9, 0, tzinfo=UTC)
        second = workspace.backups.create()
        assert not first.exists()
        assert [b.path for b in workspace.backups.backups()] == [second]
