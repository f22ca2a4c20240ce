"""The consent ledger: grant, confirm, withdraw, purposes, coming of age, mailing lists."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.consent import (
    AGE_OF_MAJORITY,
    ComingOfAge,
    Purpose,
    Recipient,
    adult_on,
    current_consents,
    default_digital_age,
    mailing_recipients,
    needs_guardian,
)
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.health import HEALTH_PURPOSE
from coursenplus_desk.domain.people import Person, PersonStatus
from coursenplus_desk.domain.records import Consent, ConsentMethod
from coursenplus_desk.domain.spreadsheet import safe_cell
from coursenplus_desk.domain.validation import choice, clean_text, require_date, require_name
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.consent import ConsentStore
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.health import HealthStore
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.records import RecordsStore
from coursenplus_desk.store.settings import SettingsStore

DIGITAL_AGE_SETTING = "consent.digital_age"
COMING_OF_AGE_WINDOW_DAYS = 30
_PURPOSE_KEY = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


@dataclass(frozen=True)
class Grant:
    """One consent as typed: text values are checked by `ConsentService.grant`."""

    person_id: int
    purpose: str
    given_on: date | str
    method: str | ConsentMethod
    confirmed_on: date | str | None = None
    evidence: str | None = None
    given_by_id: int | None = None
    notice_version: str | None = None


class ConsentService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = ConsentStore(db)
        self.records = RecordsStore(db)
        self.people = PeopleStore(db)
        self.settings = SettingsStore(db)

    # Purposes

    def purposes(self, include_retired: bool = False) -> list[Purpose]:
        return self.store.purposes(include_retired)

    def add_purpose(self, key: str, label: str) -> None:
        checked_key = (key or "").strip().lower()
        if not _PURPOSE_KEY.match(checked_key):
            raise ValidationError(
                "purpose", N_("A purpose key is 2 to 40 lower-case letters, digits or dashes.")
            )
        if self.store.purpose(checked_key) is not None:
            raise RefusedError(N_("The purpose “{key}” already exists."), key=checked_key)
        checked_label = require_name(label, "label")
        with self.db.transaction():
            self.store.insert_purpose(checked_key, checked_label)
            self.audit.record("consent.purpose_create", purpose=checked_key)

    def retire_purpose(self, key: str) -> None:
        """No new consents for this purpose; its history stays."""
        self._purpose(key, allow_retired=True)
        with self.db.transaction():
            self.store.set_purpose_active(key, False)
            self.audit.record("consent.purpose_retire", purpose=key)

    def _purpose(self, key: str, allow_retired: bool = False) -> Purpose:
        purpose = self.store.purpose((key or "").strip())
        if purpose is None or not (purpose.active or allow_retired):
            known = ", ".join(p.key for p in self.store.purposes())
            raise ValidationError(
                "purpose", N_("“{value}” is not a consent purpose. Known: {known}."),
                value=key, known=known,
            )  # fmt: skip
        return purpose

    # Age of digital consent

    def digital_age(self) -> int:
        """The setting, else the organisation country's age (13 in Belgium, 15 in France)."""
        stored = self.settings.get(DIGITAL_AGE_SETTING)
        if isinstance(stored, int):
            return stored
        organisation = self.settings.get("organisation")
        country = organisation.get("country") if isinstance(organisation, dict) else None
        return default_digital_age(str(country) if country else "BE")

    def set_digital_age(self, age: int) -> None:
        if not 13 <= age <= 16:
            raise ValidationError("age", N_("The age of digital consent is between 13 and 16."))
        with self.db.transaction():
            self.settings.set(DIGITAL_AGE_SETTING, age)
            self.audit.record("settings.change", keys=[DIGITAL_AGE_SETTING])

    # The ledger

    def grant(self, grant: Grant) -> int:
        """Record a new consent (a new row: earlier ones are never changed)."""
        person = self._active_person(grant.person_id)
        purpose = self._purpose(grant.purpose)
        given_on = self._past_date(grant.given_on, "on")
        confirmed = (
            self._past_date(grant.confirmed_on, "confirmed_on") if grant.confirmed_on else None
        )
        if confirmed is not None and confirmed < given_on:
            raise ValidationError("confirmed_on", N_("A consent is confirmed after it is given."))
        method = choice(str(grant.method), "method", ConsentMethod)
        given_by = self._check_giver(person, grant.given_by_id, given_on)
        with self.db.transaction():
            consent_id = self.records.insert_consent(
                person.id, purpose.key, given_on, method,
                clean_text(grant.evidence, "evidence", max_length=200), confirmed, given_by,
                clean_text(grant.notice_version, "notice_version", max_length=40),
            )  # fmt: skip
            self.audit.record("consent.grant", person.id, purpose=purpose.key, consent=consent_id,
                              method=method.value, given_by=given_by)  # fmt: skip
        return consent_id

    def confirm(self, person_id: int, purpose: str, on: date | str) -> int:
        """Double opt-in: date the confirmation of the latest unconfirmed active consent."""
        day = self._past_date(on, "on")
        pending = [c for c in self.store.unwithdrawn(person_id, purpose) if c.confirmed_on is None]
        if not pending:
            raise NotFoundError(
                N_("Person {id} has no unconfirmed consent for “{purpose}”."),
                id=person_id, purpose=purpose,
            )  # fmt: skip
        consent = pending[-1]
        if day < consent.given_on:
            raise ValidationError("on", N_("A consent is confirmed after it is given."))
        with self.db.transaction():
            self.store.confirm(consent.id, day)
            self.audit.record("consent.confirm", person_id, purpose=purpose, consent=consent.id)
        return consent.id

    def withdraw(self, person_id: int, purpose: str, on: date | str) -> list[int]:
        """Date the withdrawal of every active consent for the purpose; their ids."""
        day = self._past_date(on, "on")
        self._require_person(person_id)
        active = self.store.unwithdrawn(person_id, purpose)
        if not active:
            raise NotFoundError(
                N_("Person {id} has no active consent for “{purpose}”."),
                id=person_id, purpose=purpose,
            )  # fmt: skip
        if any(day < c.given_on for c in active):
            raise ValidationError("on", N_("A consent is withdrawn after it is given."))
        with self.db.transaction():
            for consent in active:
                self.records.withdraw_consent(consent.id, day)
            self.audit.record("consent.withdraw", person_id, purpose=purpose,
                              consents=[c.id for c in active])  # fmt: skip
            if purpose == HEALTH_PURPOSE:
                self.erase_health_information(person_id)
        return [c.id for c in active]

    def erase_health_information(self, person_id: int) -> None:
        """Within the caller's transaction: the health consent is gone, so is the data."""
        if HealthStore(self.db).erase(person_id, self.clock.now()):
            self.audit.record("health.erase", person_id, basis="consent withdrawn")

    def history(self, person_id: int) -> list[Consent]:
        """Every consent of a person, newest first."""
        return self.records.consents(person_id)

    def current(self, person_id: int) -> dict[str, Consent]:
        return current_consents(self.history(person_id), self.clock.today())

    # Objections

    def objecting_ids(self, purpose: str | None = None) -> set[int]:
        return self.store.objecting_ids(purpose)

    def record_objection(self, person_id: int, on: date | str, purpose: str | None = None) -> int:
        day = self._past_date(on, "on")
        self._require_person(person_id)
        if purpose is not None:
            self._purpose(purpose, allow_retired=True)
        with self.db.transaction():
            objection_id = self.store.insert_objection(person_id, day, purpose)
            self.audit.record("consent.objection", person_id, purpose=purpose)
        return objection_id

    # Mailing list and coming of age

    def mailing_list(self, purpose: str) -> list[Recipient]:
        """Recipients with an active, confirmed consent; audited (purpose and count)."""
        key = self._purpose(purpose, allow_retired=True).key
        if key == HEALTH_PURPOSE:
            raise RefusedError(N_("Health information is never used for a mailing."))
        consents = self.store.for_purpose(key)
        ids = {c.person_id for c in consents} | {c.given_by_id for c in consents if c.given_by_id}
        contacts = self.store.contacts(ids, key)
        recipients = mailing_recipients(consents, contacts, self.clock.today())
        self.audit.record("export.mailing_list", purpose=key, count=len(recipients))
        return recipients

    def coming_of_age(self, as_of: date | None = None) -> list[ComingOfAge]:
        """Students turning 18 within 30 days, and adults still resting on their guardians."""
        day = as_of or self.clock.today()
        latest_birth = _years_before(day + timedelta(days=COMING_OF_AGE_WINDOW_DAYS),
                                     AGE_OF_MAJORITY)  # fmt: skip
        found = []
        for person_id, name, birth in self.store.students_born_between(date(1900, 1, 1),
                                                                       latest_birth):  # fmt: skip
            guardians = tuple(sorted(self.people.guardian_ids(person_id)))
            consents = tuple(c.purpose for c in self.store.given_by_guardians(person_id))
            if adult_on(birth) > day or guardians or consents:
                found.append(ComingOfAge(person_id, name, adult_on(birth), guardians, consents))
        return found

    # Checks

    def _check_giver(self, person: Person, given_by: int | None, on: date) -> int | None:
        if given_by is not None and given_by != person.id:
            if given_by not in self.people.guardian_ids(person.id):
                raise RefusedError(
                    N_("Person {giver} is not a parent or guardian of person {id}."),
                    giver=given_by, id=person.id,
                )  # fmt: skip
            self._active_person(given_by)
            return given_by
        age = self.digital_age()
        if needs_guardian(person.birth_date, on, age):
            raise RefusedError(
                N_("Person {id} is under {age}, the age of digital consent: a parent or guardian"
                   " consents for them (--given-by GUARDIAN_ID)."),
                id=person.id, age=age,
            )  # fmt: skip
        return None

    def _active_person(self, person_id: int) -> Person:
        person = self.people.get(person_id)
        if person is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        if person.status is not PersonStatus.ACTIVE:
            raise RefusedError(N_("Person {id} is restricted: no new consent."), id=person_id)
        return person

    def _require_person(self, person_id: int) -> None:
        if not self.people.exists(person_id):
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)

    def _past_date(self, value: date | str | None, field: str) -> date:
        day = require_date(value, field)
        if day > self.clock.today():
            raise ValidationError(field, N_("This date is in the future."))
        return day


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


MAILING_COLUMNS = ("email", "given_name", "family_name", "language")


def mailing_csv(recipients: list[Recipient]) -> bytes:
    """UTF-8 CSV (with a BOM for spreadsheet software); every cell safe from formula injection."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(MAILING_COLUMNS)
    for r in recipients:
        writer.writerow([safe_cell(v) for v in (r.email, r.given_name, r.family_name, r.language)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
