"""Health information: recorded only on explicit consent (Art. 9(2)(a)), erased with it.

For a minor the consent is a parent's or legal guardian's, whatever the age
of digital consent: health data is not an online service offered to a child.
An adult student consents for themself. The consent is a row of the consent
ledger (purpose `health-data`), so its proof is kept as every consent's is;
withdrawing it erases the health information at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.consent import current_consents, given_by_other, is_minor
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.health import HEALTH_PURPOSE, MAX_DETAILS_LENGTH, HealthRecord
from coursenplus_desk.domain.people import PersonStatus
from coursenplus_desk.domain.records import Consent
from coursenplus_desk.domain.validation import clean_text
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.consent import ConsentService, Grant
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.health import HealthStore
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.records import RecordsStore


@dataclass(frozen=True)
class HealthConsent:
    """The explicit consent given with the information, when none is recorded yet."""

    given_on: date | str
    method: str = "form"
    given_by_id: int | None = None  # a parent or guardian, for a minor
    evidence: str | None = None


class HealthService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor, consent: ConsentService) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.consent = consent
        self.store = HealthStore(db)
        self.people = PeopleStore(db)
        self.records = RecordsStore(db)

    def get(self, person_id: int) -> HealthRecord | None:
        if not self.people.exists(person_id):
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        return self.store.get(person_id)

    def active_consent(self, person_id: int) -> Consent | None:
        """The explicit consent in force for health information, if a valid one is."""
        consent = current_consents(self.records.consents(person_id), self.clock.today()).get(
            HEALTH_PURPOSE
        )
        return consent if consent is not None and self._valid(person_id, consent) else None

    def record(self, person_id: int, details: str, consent: HealthConsent | None = None) -> int:
        """Write the health information; with `consent`, record that consent first."""
        person = self.people.get(person_id)
        if person is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        if person.status is not PersonStatus.ACTIVE:
            raise RefusedError(N_("Person {id} is restricted: no new consent."), id=person_id)
        text = clean_text(details, "details", max_length=MAX_DETAILS_LENGTH)
        if not text:
            raise ValidationError("details", N_("Write the health information to keep."))
        if consent is not None:
            self._check_giver(person_id, consent.given_by_id)
        elif self.active_consent(person_id) is None:
            raise RefusedError(self._consent_needed(person_id), id=person_id)
        with self.db.transaction():
            if consent is not None:
                grant = Grant(person_id, HEALTH_PURPOSE, consent.given_on, consent.method,
                              consent.given_on, consent.evidence, consent.given_by_id)  # fmt: skip
                consent_id = self.consent.grant(grant)
            else:
                active = self.active_consent(person_id)
                assert active is not None
                consent_id = active.id
            record_id = self.store.save(
                person_id, text, consent_id, self.clock.today(), self.clock.now()
            )
            self.audit.record("health.record", person_id, consent=consent_id)
        return record_id

    def erase(self, person_id: int) -> int:
        """Erase the health information (e.g. no longer needed); how many records."""
        if not self.people.exists(person_id):
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        with self.db.transaction():
            count = self.store.erase(person_id, self.clock.now())
            if count:
                self.audit.record("health.erase", person_id)
        return count

    def _valid(self, person_id: int, consent: Consent) -> bool:
        """A minor's health consent must be a guardian's; an adult's, their own."""
        person = self.people.get(person_id)
        minor = person is not None and is_minor(person.birth_date, self.clock.today())
        if minor:
            return given_by_other(consent) and consent.given_by_id in self.people.guardian_ids(
                person_id
            )
        return not given_by_other(consent)

    def _check_giver(self, person_id: int, given_by_id: int | None) -> None:
        person = self.people.get(person_id)
        minor = person is not None and is_minor(person.birth_date, self.clock.today())
        if minor and (given_by_id is None or given_by_id == person_id):
            raise RefusedError(
                N_(
                    "Person {id} is a minor: the explicit consent for health information is "
                    "given by a parent or guardian."
                ),
                id=person_id,
            )
        if not minor and given_by_id not in (None, person_id):
            raise RefusedError(
                N_("Person {id} is an adult: they give the consent for their health "
                   "information themselves."),
                id=person_id,
            )  # fmt: skip

    def _consent_needed(self, person_id: int) -> str:
        del person_id
        return N_(
            "Health information about person {id} needs an explicit consent first: of a "
            "parent or guardian for a minor, of the person for an adult."
        )
