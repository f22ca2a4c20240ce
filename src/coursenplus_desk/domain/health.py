"""Health information (a special category of data, GDPR Art. 9).

A tutor may need to know that a child is allergic to peanuts or diabetic.
Such data is kept in its own field, never in the free-text notes, on the
explicit consent (Art. 9(2)(a)) of a parent or legal guardian for a minor, of
the student for an adult, recorded in the consent ledger under `health-data`;
it has its own retention (`Category.HEALTH`) and goes as soon as that consent
is withdrawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.text import fold
from coursenplus_desk.i18n import N_

HEALTH_PURPOSE = "health-data"
MAX_DETAILS_LENGTH = 2000

# Word stems that usually mean health information, folded (no accents), in French, English
# and Dutch. A match only warns: the administrator decides.
_STEMS = (
    "allerg", "arachide", "cacahuete", "noix", "gluten", "lactose", "intoleran", "coeliaq",
    "celiac", "diabet", "insulin", "asthm", "ventolin", "inhalat", "epilep", "convuls",
    "handicap", "autis", "tdah", "adhd", "hyperactiv", "dyslex", "dyspraxi", "dyscalcul",
    "medicament", "medication", "medicine", "traitement", "treatment", "maladie", "malade",
    "illness", "disease", "sante", "health", "gezond", "epipen", "adrenalin", "cardiaq",
    "cardiac", "cancer", "leucemi", "leukem", "hemophil", "drepanocyt", "migraine", "enceinte",
    "pregnan", "zwanger", "psychiatr", "psycholog", "depress", "anorex", "boulimi", "therapi",
    "therapy", "sourd", "deaf", "doof", "aveugle", "blind", "fauteuil roulant", "wheelchair",
    "rolstoel", "ziekte", "ziek", "medicijn", "suikerziekte", "pinda",
)  # fmt: skip
_HEALTH_WORDS = re.compile(r"\b(" + "|".join(re.escape(stem) for stem in _STEMS) + ")")

HEALTH_WARNING = N_(
    "This looks like health information. Write it under “Health information” instead, with "
    "the explicit consent of a parent or guardian: the notes are not meant for it."
)


def looks_like_health(text: str | None) -> bool:
    """True when a free text seems to hold health information ("Allergique aux arachides")."""
    return bool(text) and _HEALTH_WORDS.search(fold(text or "")) is not None


@dataclass(frozen=True)
class HealthRecord:
    id: int
    person_id: int
    details: str
    consent_id: int | None
    recorded_on: date
    consent_given_on: date | None = None
    consent_given_by: str | None = None  # the name of whoever consented (None: the person)
