"""Every text a person reads has its French translation."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import catalogs


def test_every_message_has_a_french_translation() -> None:
    missing = catalogs.missing("fr")
    assert not missing, "\n".join(f"{where}: {key!r}" for key, where in missing.items())


def test_translations_keep_their_placeholders() -> None:
    import re

    placeholder = re.compile(r"\{[a-z_]+\}")
    for message in catalogs.merged_catalog("fr"):
        if not message.id or not message.string:
            continue
        ids = [str(i) for i in message.id] if isinstance(message.id, tuple) else [str(message.id)]
        strings = (
            [str(s) for s in message.string]
            if isinstance(message.string, tuple)
            else [str(message.string)]
        )
        expected = set(placeholder.findall(ids[-1]))
        for string in strings:
            assert set(placeholder.findall(string)) <= expected | set(
                placeholder.findall(ids[0])
            ), message.id
            assert set(placeholder.findall(ids[0])) <= set(placeholder.findall(string)) | {
                "{count}"
            }, message.id
