"""One translation system for every text a person reads: GUI, CLI, errors, PDFs.

Message ids are English; `resources/locale/<lang>/LC_MESSAGES/*.po` hold the
translations, compiled by `make` (tools/build_catalogs.py) into one
`coursenplus_desk.mo` per language. French is the default language.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache

from coursenplus_desk.paths import locale_dir

DOMAIN = "coursenplus_desk"
SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

Translate = Callable[[str], str]

_current_language = DEFAULT_LANGUAGE


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True)


def normalise_language(value: str | None) -> str:
    """Map a locale name such as 'en_GB.UTF-8' or 'fr-BE' to a supported language."""
    if not value:
        return DEFAULT_LANGUAGE
    code = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE


def language_from_environment(env: Mapping[str, str] | None = None) -> str:
    """The program's own setting first, then the system locale, French otherwise."""
    env = os.environ if env is None else env
    explicit = env.get("COURSENPLUS_LANG")
    if explicit:
        return normalise_language(explicit)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalise_language(value.split(":")[0])
    return DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current_language
    _current_language = normalise_language(language)


def current_language() -> str:
    return _current_language


def translator(language: str) -> Translate:
    """A gettext function for one language, for documents made in another language."""
    return _catalog(normalise_language(language)).gettext


def _(message: str) -> str:
    """Translate into the current language."""
    return _catalog(_current_language).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalog(_current_language).ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where it is shown."""
    return message


def format_day(day: date | None, language: str | None = None, *, long: bool = False) -> str:
    """A date as people read it, always with four-digit years: 22/11/2026 or 22 novembre 2026."""
    if day is None:
        return ""
    if not long:
        return day.strftime("%d/%m/%Y")
    from babel import dates as babel_dates  # Babel's locale data: loaded when first used

    return babel_dates.format_date(day, "long", locale=_babel_locale(language))


def format_money(cents: int, language: str | None = None) -> str:
    """An amount in euros in the language's style (French uses a narrow no-break space)."""
    from babel import numbers as babel_numbers  # Babel's locale data: loaded when first used

    return babel_numbers.format_currency(
        Decimal(cents) / 100, "EUR", locale=_babel_locale(language)
    )


def _babel_locale(language: str | None) -> str:
    return {"fr": "fr_BE", "en": "en_GB"}[normalise_language(language or _current_language)]
