"""One translation system for every text a person reads: GUI, CLI, errors, PDFs.

Message ids are English; `resources/locale/<lang>/LC_MESSAGES/*.po` hold the
translations, compiled by `make` (tools/build_catalogs.py) into one
`coursenplus_desk.mo` per language. French is the default language; Dutch and
English are the others.

Two languages are in play: the interface's (`current_language`, the
administrator's choice) and a document's (`document_language`, its reader's).
"""

from __future__ import annotations

import gettext
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache

from coursenplus_desk.paths import locale_dir

DOMAIN = "coursenplus_desk"
SUPPORTED_LANGUAGES = ("fr", "nl", "en")
DEFAULT_LANGUAGE = "fr"
# Each language named in itself, as people look for it in a list.
LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}
# Folded words people write for a language in a form or a spreadsheet, in the three languages.
_LANGUAGE_WORDS = {
    "fr": "fr francais french frans franstalig francophone",
    "nl": "nl nederlands dutch neerlandais vlaams flemish flamand nederlandstalig neerlandophone",
    "en": "en english anglais engels engelstalig anglophone",
}
_LANGUAGE_OF_WORD = {
    word: code for code, names in _LANGUAGE_WORDS.items() for word in names.split()
}
_NON_LETTERS = re.compile(r"[^a-z]+")
_BABEL_LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}

Translate = Callable[[str], str]

_current_language = DEFAULT_LANGUAGE


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=locale_dir(), languages=[language], fallback=True)


def language_code(value: str | None) -> str | None:
    """'nl_BE.UTF-8', 'fr-BE', 'Nederlands' or 'néerlandais' to a language code; None if unknown."""
    folded = unicodedata.normalize("NFKD", value or "").encode("ascii", "ignore").decode().lower()
    first_word = next(iter(_NON_LETTERS.split(folded.strip())), "")
    return _LANGUAGE_OF_WORD.get(first_word)


def normalise_language(value: str | None) -> str:
    """Map a locale name such as 'en_GB.UTF-8' or 'fr-BE' to a supported language."""
    return language_code(value) or DEFAULT_LANGUAGE


def document_language(asked: str | None, *readers: str | None) -> str:
    """The language a document is written in: the one asked for, else its reader's.

    `readers` are the languages recorded for who will read it, best first (the
    guardian who asked before the minor the letter is about). The interface's
    language only decides when nothing is known of the reader.
    """
    for candidate in (asked, *readers):
        code = language_code(candidate)
        if code:
            return code
    return _current_language


def language_from_environment(env: Mapping[str, str] | None = None) -> str:
    """The program's own setting first, then the system locale, French otherwise."""
    return environment_language(env) or DEFAULT_LANGUAGE


def environment_language(env: Mapping[str, str] | None = None) -> str | None:
    """COURSENPLUS_LANG, else the locale variables; None when they name no supported language."""
    env = os.environ if env is None else env
    explicit = env.get("COURSENPLUS_LANG")
    if explicit:
        return normalise_language(explicit)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return language_code(value.split(":")[0])
    return None


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


def counted(singular: str, plural: str, count: int) -> str:
    """'{count} person' or '{count} people' in the current language, with the number in."""
    return ngettext(singular, plural, count).format(count=count)


def counted_in(language: str, singular: str, plural: str, count: int) -> str:
    """`counted` for a document written in another language than the program's."""
    text = _catalog(normalise_language(language)).ngettext(singular, plural, count)
    return text.format(count=count)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where it is shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a pair of messages for extraction as plural forms; `ngettext(*pair, n)` shows it."""
    return singular, plural


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
    return _BABEL_LOCALES[normalise_language(language or _current_language)]
