"""How hard a new passphrase is to guess: zxcvbn's estimate (as KeePassXC and Bitwarden use).

A score below 3 ("safely unguessable" needs at least 10^8 guesses) is refused,
with zxcvbn's reason in the person's language: its English texts are message
ids of our own catalogs, listed here so that they are extracted and translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from zxcvbn import zxcvbn

from coursenplus_desk.i18n import N_

MIN_LENGTH = 8
MIN_SCORE = 3
_ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; the first 72 characters decide

# zxcvbn 4.5's feedback texts (zxcvbn/feedback.py), translated by our catalogs.
FEEDBACK = (
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Add another word or two. Uncommon words are better."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Dates are often easy to guess."),
    N_("Avoid dates and years that are associated with you."),
    N_("This is a top-10 common password."),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Capitalization doesn't help very much."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
)
GENERIC_REASON = N_("It is too easy to guess.")


@dataclass(frozen=True)
class Strength:
    """zxcvbn's score (0 to 4) and the English message id saying why it is low."""

    score: int
    reason: str

    @property
    def acceptable(self) -> bool:
        return self.score >= MIN_SCORE


def assess(passphrase: str, related: tuple[str, ...] = ()) -> Strength:
    """`related` are words the passphrase should not lean on (the association's name...)."""
    if len(passphrase) < MIN_LENGTH:
        return Strength(0, GENERIC_REASON)
    result = zxcvbn(passphrase[:_ZXCVBN_MAX_LENGTH], user_inputs=list(related))
    feedback = result.get("feedback") or {}
    texts = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])]
    known = [text for text in texts if text in FEEDBACK]
    return Strength(int(result["score"]), known[0] if known else GENERIC_REASON)
