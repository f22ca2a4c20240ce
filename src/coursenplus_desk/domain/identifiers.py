"""The numbers people see for a record in letters: the same on every laptop, never given twice.

A vault's own ids are its own: two laptops sharing a register each hand out
request 12. The number printed in a letter is derived from the record's UUID
instead (ten Crockford base-32 characters of its SHA-256, 50 bits): every
laptop prints the same, and two records get the same one with a chance of
about one in 200,000 among 100,000 people.
"""

from __future__ import annotations

import hashlib

from coursenplus_desk.domain.sync.codes import ALPHABET

_CHARACTERS = 10


def visible_number(uuid: str) -> str:
    """'K7Q2M-9XA3P' for a record's UUID."""
    digest = hashlib.sha256(uuid.strip().lower().encode("ascii")).digest()
    value = int.from_bytes(digest[:7], "big") >> (56 - 5 * _CHARACTERS)
    text = "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(_CHARACTERS)))
    return f"{text[:5]}-{text[5:]}"
