"""The one-time code of an invitation: read aloud or typed, forgiving of how it is typed.

Twelve Crockford base-32 characters (60 random bits) in groups of four,
"K7Q2-M9XA-3PTD". Crockford's alphabet has no I, L, O or U; typing them for
1, 1, 0 and V, in either case, with or without dashes or spaces, is accepted.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_SAME = {"O": "0", "I": "1", "L": "1", "U": "V"}


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_code(typed: str) -> str | None:
    """The code's twelve characters, or None when what was typed cannot be a code."""
    letters = [_SAME.get(c, c) for c in typed.upper() if c not in " -\t"]
    if len(letters) != CODE_LENGTH or any(c not in ALPHABET for c in letters):
        return None
    return "".join(letters)
