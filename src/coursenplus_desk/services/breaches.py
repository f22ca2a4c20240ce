"""The breach register (GDPR Art. 33(5)) and the 72-hour reminder (Art. 33(1)).

Every personal-data breach is recorded, even when the authority need not be
told. A breach is open until the authority was notified or the reason for not
notifying it is written down; `reminders()` lists open breaches with the hours
left (negative once the 72 hours have passed).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import NotFoundError, ValidationError
from coursenplus_desk.domain.register import (
    BREACH_DATE_FIELDS,
    BREACH_MOMENT_FIELDS,
    BREACH_TEXT_FIELDS,
    Breach,
    Reminder,
    parse_moment,
    reminders,
)
from coursenplus_desk.domain.validation import clean_text, parse_iso_date
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.register import RegisterStore

BreachValue = str | date | datetime | None


class BreachService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = RegisterStore(db)

    def breaches(self) -> list[Breach]:
        return self.store.breaches()

    def breach(self, breach_id: int) -> Breach:
        found = self.store.breach(breach_id)
        if found is None:
            raise NotFoundError(N_("There is no breach with number {id}."), id=breach_id)
        return found

    def add(self, discovered: str | datetime, nature: str, **values: BreachValue) -> int:
        draft = Breach(id=0, discovered_at=parse_moment(discovered, "discovered"), nature="")
        breach = self._checked(draft, {"nature": nature, **values})
        with self.db.transaction():
            breach_id = self.store.add_breach(breach, self.clock.now())
            self.audit.record("breach.add", breach=breach_id, fields=sorted(values))
        return breach_id

    def update(self, breach_id: int, **values: BreachValue) -> Breach:
        """Change some values (e.g. the day the authority was notified)."""
        breach = self._checked(self.breach(breach_id), values)
        with self.db.transaction():
            self.store.update_breach(breach)
            self.audit.record("breach.change", breach=breach_id, fields=sorted(values))
        return breach

    def reminders(self) -> list[Reminder]:
        return reminders(self.breaches(), self.clock.now())

    def unexplained_delays(self) -> list[Breach]:
        """Breaches notified after 72 hours whose reasons for the delay are not written down."""
        return [breach for breach in self.breaches() if breach.delay_unexplained]

    def _checked(self, breach: Breach, values: dict[str, BreachValue]) -> Breach:
        changes: dict[str, object] = {}
        for key, value in values.items():
            if key == "discovered":
                moment = value if isinstance(value, datetime) else str(value)
                changes["discovered_at"] = parse_moment(moment, key)
            elif key in BREACH_TEXT_FIELDS:
                changes[key] = clean_text(str(value or ""), key) or ""
            elif key in BREACH_MOMENT_FIELDS:
                changes["notified_on"], changes["notified_at"] = _day_or_moment(value, key)
            elif key in BREACH_DATE_FIELDS:
                changes[key] = parse_iso_date(
                    value if not isinstance(value, datetime) else value.date(), key
                )
            else:
                raise ValidationError(
                    "field", N_("“{value}” is not a field of a breach."), value=key
                )
        breach = replace(breach, **changes)  # type: ignore[arg-type]
        self._check(breach)
        return breach

    def _check(self, breach: Breach) -> None:
        if not breach.nature:
            raise ValidationError("nature", N_("Describe the nature of the breach."))
        if breach.discovered_at > self.clock.now():
            raise ValidationError("discovered", N_("A breach cannot be discovered in the future."))
        for key in (*BREACH_DATE_FIELDS, *BREACH_MOMENT_FIELDS):
            day = getattr(breach, key)
            if day is not None and day < breach.discovered_at.date():
                raise ValidationError(key, N_("This date is before the breach was discovered."))
        if breach.notified_at is not None and breach.notified_at < breach.discovered_at:
            raise ValidationError(
                "notified_on", N_("The authority cannot be notified before the breach was found.")
            )
        if breach.notified_at is not None and breach.notified_at > self.clock.now():
            raise ValidationError("notified_on", N_("This date is in the future."))


def _day_or_moment(value: BreachValue, field: str) -> tuple[date | None, datetime | None]:
    """'2026-11-29' is a day; '2026-11-29 10:15' (or a datetime) is a moment of that day."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        moment = parse_moment(value, field)
        return moment.date(), moment
    if isinstance(value, date):
        return value, None
    text = str(value).strip()
    if len(text) <= len("YYYY-MM-DD"):
        return parse_iso_date(text, field), None
    moment = parse_moment(text, field)
    return moment.date(), moment
