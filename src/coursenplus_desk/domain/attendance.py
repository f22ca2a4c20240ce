"""Which sessions an attendance sheet has, and who is expected at each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coursenplus_desk.domain.text import words

# Whole weekday names, French, Dutch (also 'woensdagen') and English, folded (no accents).
WEEKDAYS = {
    "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5,
    "dimanche": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "maandagen": 0, "dinsdagen": 1, "woensdagen": 2, "donderdagen": 3,
    "vrijdagen": 4, "zaterdagen": 5, "zondagen": 6,
}  # fmt: skip
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Session:
    """One column: a day when the schedule names weekdays, else a week [first, last]."""

    first: date
    last: date

    @property
    def is_day(self) -> bool:
        return self.first == self.last


def schedule_weekdays(schedule: str | None) -> set[int]:
    """The weekdays a schedule such as 'mercredi 14h-16h' or 'Tuesday and Thursday' names."""
    return {WEEKDAYS[w] for w in words(schedule or "") if w in WEEKDAYS}


def sessions(schedule: str | None, start: date, end: date) -> list[Session]:
    """Each scheduled day in [start, end]; one column per week when no weekday is named."""
    if end < start:
        return []
    weekdays = schedule_weekdays(schedule)
    if weekdays:
        days = (start + timedelta(days=n) for n in range((end - start).days + 1))
        return [Session(day, day) for day in days if day.weekday() in weekdays]
    weeks = []
    first = start
    while first <= end:
        weeks.append(Session(first, min(first + WEEK - timedelta(days=1), end)))
        first += WEEK
    return weeks


def expected(session: Session, starts_on: date, ends_on: date | None) -> bool:
    """Whether a student enrolled over [starts_on, ends_on] is expected at a session."""
    return starts_on <= session.last and (ends_on is None or ends_on >= session.first)
