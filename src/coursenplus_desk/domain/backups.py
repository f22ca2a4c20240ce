"""Which backups a rotation keeps: pure rules over the times the backups were taken.

Kept: the newest `keep_last`, plus the newest of each calendar month; and
nothing older than `max_age_months` (the longest retention period: a backup
must not keep data the vault itself has had to erase).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from coursenplus_desk.domain.dates import add_months

KEEP_LAST = 10
DEFAULT_MAX_AGE_MONTHS = 120  # ten years: the longest default retention (accounting records)


@dataclass(frozen=True)
class RotationPolicy:
    keep_last: int = KEEP_LAST
    max_age_months: int = DEFAULT_MAX_AGE_MONTHS


def backups_to_keep(
    taken: Iterable[datetime], today: date, policy: RotationPolicy = RotationPolicy()
) -> set[datetime]:
    oldest = add_months(today, -policy.max_age_months)
    recent = sorted({moment for moment in taken if moment.date() >= oldest}, reverse=True)
    keep = set(recent[: policy.keep_last])
    newest_of_month: dict[tuple[int, int], datetime] = {}
    for moment in recent:
        newest_of_month.setdefault((moment.year, moment.month), moment)
    return keep | set(newest_of_month.values())
