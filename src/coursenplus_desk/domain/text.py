"""Text folding for search and sorting: every accent and letter variant people type without.

Unicode decomposition removes most accents (é, ë, ç, ğ), but letters such as
ł, ø, æ or ß have no decomposition and need an explicit map.
"""

from __future__ import annotations

import re
import unicodedata

from coursenplus_desk.domain.remembered import remembered

_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ẞ": "ss",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "h",
        "ŧ": "t",
        "Ŧ": "t",
        "ŀ": "l",
        "Ŀ": "l",
        "ĸ": "k",
    }
)

_WORD = re.compile(r"[0-9a-z]+")


@remembered
def fold(text: str) -> str:
    """Lower-case ASCII-like form: 'Łukasz Øre-Straße' -> 'lukasz ore-strasse'.

    Remembered: the same names come back (a family's, a list's, an import's)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.translate(_SPECIAL_LETTERS).casefold()


def words(text: str) -> list[str]:
    """The folded words of a text, the unit of search-as-you-type."""
    return _WORD.findall(fold(text))


def sort_key(family_name: str, given_name: str) -> str:
    return f"{' '.join(words(family_name))}\x1f{' '.join(words(given_name))}"
