"""Contacts, payments and memberships: dated interactions (they set the last contact)."""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.courses import check_period
from coursenplus_desk.domain.errors import NotFoundError, ValidationError
from coursenplus_desk.domain.records import (
    ContactChannel,
    ContactEvent,
    Membership,
    MembershipStatus,
    Payment,
)
from coursenplus_desk.domain.validation import (
    choice,
    clean_text,
    parse_amount_cents,
    require_date,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.records import RecordsStore


class RecordsService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = RecordsStore(db)
        self.people = PeopleStore(db)

    def add_contact(
        self,
        person_id: int,
        on: date | str,
        channel: str | ContactChannel,
        summary: str | None = None,
    ) -> int:
        day = self._past_date(on, "on")
        checked_channel = choice(str(channel), "channel", ContactChannel)
        text = clean_text(summary, "summary")
        self._require_person(person_id)
        with self.db.transaction():
            event_id = self.store.insert_contact(person_id, day, checked_channel, text)
            self.audit.record("contact.create", person_id, channel=checked_channel.value)
        return event_id

    def add_payment(
        self,
        payer_id: int,
        amount: str | int,
        paid_on: date | str,
        reference: str | None = None,
        purpose: str | None = None,
        method: str | None = None,
        for_person_id: int | None = None,
    ) -> int:
        """A payment by `payer_id`, for `for_person_id` when they paid for someone else."""
        cents = parse_amount_cents(amount)
        day = self._past_date(paid_on, "paid_on")
        self._require_person(payer_id)
        beneficiary = None if for_person_id == payer_id else for_person_id
        if beneficiary is not None:
            self._require_person(beneficiary)
        with self.db.transaction():
            payment_id = self.store.insert_payment(
                payer_id,
                cents,
                day,
                clean_text(reference, "reference", max_length=100),
                clean_text(purpose, "purpose", max_length=200),
                clean_text(method, "method", max_length=60),
                beneficiary,
            )
            details = {} if beneficiary is None else {"paid_for": beneficiary}
            self.audit.record("payment.create", payer_id, **details)
        return payment_id

    def add_membership(
        self,
        person_id: int,
        starts_on: date | str,
        ends_on: date | str,
        fee: str | int = 0,
        paid_on: date | str | None = None,
        method: str | None = None,
        status: str | MembershipStatus = MembershipStatus.APPLIED,
    ) -> int:
        start = require_date(starts_on, "starts_on")
        end = require_date(ends_on, "ends_on")
        check_period(start, end)
        paid = self._past_date(paid_on, "paid_on") if paid_on else None
        checked_status = choice(str(status), "status", MembershipStatus)
        cents = parse_amount_cents(fee, "fee")
        self._require_person(person_id)
        with self.db.transaction():
            membership_id = self.store.insert_membership(
                person_id,
                start,
                end,
                cents,
                paid,
                clean_text(method, "method", max_length=60),
                checked_status,
            )
            self.audit.record("membership.create", person_id, status=checked_status.value)
        return membership_id

    def contacts(self, person_id: int) -> list[ContactEvent]:
        return self.store.contacts(person_id)

    def payments(self, person_id: int) -> list[Payment]:
        return self.store.payments(person_id)

    def memberships(self, person_id: int) -> list[Membership]:
        return self.store.memberships(person_id)

    def _past_date(self, value: date | str, field: str) -> date:
        day = require_date(value, field)
        if day > self.clock.today():
            raise ValidationError(field, N_("This date is in the future."))
        return day

    def _require_person(self, person_id: int) -> None:
        if not self.people.exists(person_id):
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
