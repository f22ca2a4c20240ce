"""Values as people write them in spreadsheets: dates, roles, yes/no.

Belgian spreadsheets write dates day first (22/11/2026, 22-11-2026, 22.11.2026),
or in words in French, Dutch or English (3 mars 2019, 3 maart 2019, 1er avril
2019, 3 March 2019); exports write them ISO (2026-11-22), and Excel hands over
date cells as datetimes or, when a column lost its format, as serial numbers (46348).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.spreadsheet import CellValue, cell_text
from coursenplus_desk.domain.text import fold
from coursenplus_desk.i18n import N_

# Excel's day 0 (its 1900 calendar counts a 29 February 1900 that never was).
EXCEL_EPOCH = date(1899, 12, 30)
FIRST_SERIAL = 61  # 1900-03-01, the first day after that phantom leap day
LAST_SERIAL = 2958465  # 9999-12-31

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
_SHORT_YEAR = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2}")
_SERIAL = re.compile(r"\d{5}(?:\.0+)?")
# A day, a month in words and a year, as written in French, Dutch or English (folded text).
_IN_WORDS = re.compile(r"(\d{1,2})(?:er|e|ste|de|st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_WORDS = (
    "janvier janv januari jan january",
    "fevrier fevr fev februari febr feb february",
    "mars maart mrt mar march",
    "avril avr april apr",
    "mai mei may",
    "juin juni jun june",
    "juillet juil juli jul july",
    "aout augustus aug august",
    "septembre sept september sep",
    "octobre oct oktober okt october",
    "novembre november nov",
    "decembre december dec",
)
MONTHS = {word: number for number, names in enumerate(_MONTH_WORDS, 1) for word in names.split()}


def parse_written_date(value: CellValue, field: str) -> date | None:
    """A date cell in any usual form; None when empty; ValidationError otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value), str(value), field)
    text = cell_text(value)
    if text is None:
        return None
    return _parse_text(text, field)


def _parse_text(text: str, field: str) -> date:
    if _SHORT_YEAR.fullmatch(text):
        raise ValidationError(
            field, N_("“{value}”: please write the year with four digits."), value=text
        )
    if match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    elif _SERIAL.fullmatch(text):
        return _serial(float(text), text, field)
    elif (match := _IN_WORDS.fullmatch(fold(text).strip())) and match[2] in MONTHS:
        day, month, year = match[1], str(MONTHS[match[2]]), match[3]
    else:
        raise _bad_date(text, field)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _bad_date(text, field) from None


def _serial(number: float, text: str, field: str) -> date:
    if not number.is_integer() or not FIRST_SERIAL <= number <= LAST_SERIAL:
        raise _bad_date(text, field)
    return EXCEL_EPOCH + timedelta(days=int(number))


def _bad_date(text: str, field: str) -> ValidationError:
    return ValidationError(
        field, N_("“{value}” is not a valid date (for example 22/11/2026)."), value=text
    )


# Folded words people use for each role, in French, Dutch and English.
ROLE_WORDS: dict[str, Role] = {
    word: role
    for role, words in {
        Role.STUDENT: (
            "student eleve etudiant etudiante enfant apprenant apprenante leerling kind "
            "scholier child pupil"
        ),
        Role.GUARDIAN: (
            "guardian parent pere mere responsable ouder vader moeder voogd father mother"
        ),
        Role.TUTOR: (
            "tutor tuteur tutrice professeur prof enseignant enseignante bijlesgever "
            "begeleider begeleidster lesgever lesgeefster docent leraar lerares teacher"
        ),
        Role.MEMBER: "member membre lid",
        Role.PROSPECT: (
            "prospect interesse interessee candidat candidate geinteresseerde belangstellende"
        ),
    }.items()
    for word in words.split()
}
ROLE_WORDS["parent or guardian"] = Role.GUARDIAN
ROLE_WORDS["parent ou tuteur"] = Role.GUARDIAN
ROLE_WORDS["ouder of voogd"] = Role.GUARDIAN
_ROLE_SEPARATORS = re.compile(r"[,;/|+&]")


def parse_roles(value: CellValue, field: str = "roles") -> tuple[Role, ...]:
    """'élève', 'Parent; membre', 'student,guardian' to roles; unknown words are refused."""
    text = cell_text(value)
    if text is None:
        return ()
    roles: list[Role] = []
    for part in _ROLE_SEPARATORS.split(text):
        word = " ".join(fold(part).split())
        if not word:
            continue
        role = ROLE_WORDS.get(word) or ROLE_WORDS.get(word.rstrip("s"))
        if role is None:
            raise ValidationError(field, N_("“{value}” is not a known role."), value=part.strip())
        if role not in roles:
            roles.append(role)
    return tuple(roles)


_YES = {"1", "x", "yes", "y", "oui", "o", "ja", "j", "true", "vrai", "waar"}
_NO = {"0", "no", "n", "non", "nee", "false", "faux", "onwaar"}


def parse_yes_no(value: CellValue, field: str) -> bool | None:
    text = cell_text(value)
    if text is None:
        return None
    word = fold(text)
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValidationError(field, N_("“{value}” is neither yes nor no."), value=text)
