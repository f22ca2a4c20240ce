"""Calendar arithmetic of the legal periods: months and years, clamped to the month's end.

One month after 31 January is 28 (or 29) February, one year after 29 February is
28 February: the deadline is never pushed into the next month. Request
deadlines, retention periods and backup ages all count this way.
"""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier when negative), or the last
    day of that month when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """The same day `years` later (earlier when negative); 29 February becomes 28 February.

    That is `add_months(day, 12 * years)`, without the month arithmetic (the scan
    computes this for every person it reads).
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year (or a year out of range: raised again)
        return day.replace(year=day.year + years, day=28)
