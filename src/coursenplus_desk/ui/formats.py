"""How dates and amounts are shown: always four-digit years (Qt's fr_BE short format has two)."""

from __future__ import annotations

import re
from datetime import date

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _, current_language

# The services speak of ISO dates; in the windows people type day first.
_ISO_DATE_MESSAGE = "“{value}” is not a valid date (YYYY-MM-DD)."
_DAY_FIRST_MESSAGE = N_("“{value}” is not a valid date (DD/MM/YYYY).")

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def format_date(day: date | None) -> str:
    """22/11/2026 in every language: day first, as people write it in Belgium and France."""
    return "" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def date_placeholder() -> str:
    return _("DD/MM/YYYY")


def date_input(text: str) -> str | None:
    """What a person typed, as ISO for the services: '3/9/2015' → '2015-09-03'.

    Text that is not a day-first date is passed on unchanged, so that the
    service's own validation names the field and the problem.
    """
    text = text.strip()
    if not text:
        return None
    match = _DAY_FIRST.match(text)
    if not match:
        return text
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return text


def format_amount(cents: int) -> str:
    units, rest = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    language = current_language()
    if language == "fr":
        return f"{sign}{units:,}".replace(",", "\u202f") + f",{rest:02d} €"
    if language == "nl":
        return f"€ {sign}{units:,}".replace(",", ".") + f",{rest:02d}"
    return f"{sign}€{units:,}.{rest:02d}"


def error_text(error: UserError) -> str:
    """A service's message as the windows show it (dates as typed here, day first)."""
    if error.message_id == _ISO_DATE_MESSAGE:
        return _(_DAY_FIRST_MESSAGE).format(**error.params)
    return error.message()
