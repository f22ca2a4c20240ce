"""Every text a person reads has its French and its Dutch translation."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import catalogs

TRANSLATED = ("fr", "nl")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_a_translation(language: str) -> None:
    missing = catalogs.missing(language)
    assert not missing, "\n".join(f"{where}: {key!r}" for key, where in missing.items())


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_their_placeholders(language: str) -> None:
    for message in catalogs.merged_catalog(language):
        if not message.id or not message.string:
            continue
        ids = [str(i) for i in message.id] if isinstance(message.id, tuple) else [str(message.id)]
        strings = (
            [str(s) for s in message.string]
            if isinstance(message.string, tuple)
            else [str(message.string)]
        )
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= expected | set(
                PLACEHOLDER.findall(ids[0])
            ), message.id
            assert set(PLACEHOLDER.findall(ids[0])) <= set(PLACEHOLDER.findall(string)) | {
                "{count}"
            }, message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_messages_have_every_form(language: str) -> None:
    catalog = catalogs.merged_catalog(language)
    for message in catalog:
        if isinstance(message.id, tuple):
            assert isinstance(message.string, tuple), message.id
            assert len(message.string) == catalog.num_plurals, message.id


def test_dutch_is_not_french_or_english_left_as_it_was() -> None:
    """A Dutch text equal to its English id is a word both languages share, never a sentence."""
    for message in catalogs.merged_catalog("nl"):
        if isinstance(message.id, str) and message.id and message.string == message.id:
            assert len(message.id.split()) <= 4, message.id
