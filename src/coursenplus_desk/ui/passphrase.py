"""A rough strength indication for a new passphrase: length counts most."""

from __future__ import annotations

from coursenplus_desk.i18n import N_
from coursenplus_desk.vault.vault import MIN_PASSPHRASE_LENGTH

LEVELS = (N_("too short"), N_("weak"), N_("fair"), N_("strong"), N_("very strong"))


def strength(passphrase: str) -> int:
    """0 (refused: too short) to 4; long passphrases of several words score best."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        return 0
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    score = 1 + (len(passphrase) >= 12) + (len(passphrase) >= 16) + (kinds >= 3)
    if len(set(passphrase)) < len(passphrase) / 3:
        score -= 1
    return max(1, min(4, score))
