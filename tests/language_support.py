"""What a text in one language must not hold: the other languages' texts from the catalogs.

English texts are the message ids; French and Dutch are the catalogs' translations.
A text counts as foreign when the language checked never uses it itself (Dutch
"Status" is also English, "Details" too).
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import catalogs

from coursenplus_desk.i18n import SUPPORTED_LANGUAGES

LONG_PIECE = 15  # characters: a piece of a sentence this long is never a coincidence


def without_mnemonic(text: str) -> str:
    return re.sub(r"&(?=\w)", "", text)


def flat(text: str) -> str:
    return " ".join(text.split())


@cache
def language_texts(language: str) -> frozenset[str]:
    """Every text of one language: the ids for English, the translations otherwise."""
    texts: set[str] = set()
    for message in catalogs.merged_catalog("fr" if language == "en" else language):
        if not message.id:
            continue
        values = message.id if language == "en" else message.string
        for value in values if isinstance(values, tuple | list) else (values,):
            if value:
                texts.add(flat(without_mnemonic(str(value))))
    return frozenset(texts)


@cache
def foreign_texts(language: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The other languages' texts that `language` never uses: whole ones, and long pieces."""
    own = language_texts(language)
    exact = {
        text for other in SUPPORTED_LANGUAGES if other != language
        for text in language_texts(other)
    } - own  # fmt: skip
    pieces = {
        piece.strip() for text in exact for piece in re.split(r"\{\w+\}", text)
        if len(piece.strip()) >= LONG_PIECE
    }  # fmt: skip
    shared = {piece for piece in pieces if any(piece in text for text in own)}
    return frozenset(exact), tuple(sorted(pieces - shared))


def foreign_leftovers(texts: list[str], language: str) -> list[str]:
    """The texts that are, or contain, another language's text."""
    exact, pieces = foreign_texts(language)
    return [
        text for text in (flat(t) for t in texts)
        if text in exact or any(piece in text for piece in pieces)
    ]  # fmt: skip
