"""The clock is passed in, never read deep inside: rules take `today`, services a `Clock`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped at one moment, for tests and for `--as-of` style commands."""

    moment: datetime

    @classmethod
    def on(cls, day: date) -> FixedClock:
        return cls(datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC))

    def today(self) -> date:
        return self.moment.date()

    def now(self) -> datetime:
        return self.moment
