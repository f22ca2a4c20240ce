"""Membership: application, confirmation, renewals and the members register (audited)."""

from __future__ import annotations

from datetime import date, timedelta

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.courses import check_period
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.membership import (
    RENEWAL_LOOKBACK_DAYS,
    RENEWAL_NOTICE_DAYS,
    Application,
    ChangeKind,
    RegisterEntry,
    Reminder,
    Renewal,
    departure_due,
    late_entries,
)
from coursenplus_desk.domain.people import PersonFields, Role
from coursenplus_desk.domain.records import Membership, MembershipStatus
from coursenplus_desk.domain.validation import (
    clean_text,
    normalise_email,
    normalise_phone,
    parse_amount_cents,
    require_date,
    require_name,
)
from coursenplus_desk.i18n import N_
from coursenplus_desk.reports.base import sha256
from coursenplus_desk.reports.register import render_register
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasure import ErasureStore
from coursenplus_desk.store.membership import MembershipStore
from coursenplus_desk.store.people import PeopleStore


class MembershipService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = MembershipStore(db)
        self.people = PeopleStore(db)
        self.settings = SettingsService(db, audit)

    def apply(
        self,
        given_name: str,
        family_name: str,
        applied_on: date | str,
        starts_on: date | str,
        ends_on: date | str,
        fee: str | int = 0,
        email: str | None = None,
        phone: str | None = None,
    ) -> tuple[int, int]:
        """A new applicant: only name, contact and the application. (person id, membership id)"""
        fields = PersonFields(
            given_name=require_name(given_name, "given_name"),
            family_name=require_name(family_name, "family_name"),
            roles=frozenset({Role.PROSPECT}),
            email=normalise_email(email),
            phone=normalise_phone(phone),
        )
        applied, start, end, cents = self._application(applied_on, starts_on, ends_on, fee)
        with self.db.transaction():
            person_id = self.people.insert(fields, applied, self.clock.now())
            membership_id = self.store.insert_application(person_id, applied, start, end, cents)
            self.audit.record("membership.apply", person_id, membership=membership_id)
        return person_id, membership_id

    def renew(
        self, person_id: int, applied_on: date | str, starts_on: date | str, ends_on: date | str,
        fee: str | int = 0,
    ) -> int:  # fmt: skip
        """A known person applies again (renewal): a new application row."""
        if not self.people.exists(person_id):
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        applied, start, end, cents = self._application(applied_on, starts_on, ends_on, fee)
        with self.db.transaction():
            membership_id = self.store.insert_application(person_id, applied, start, end, cents)
            self.audit.record("membership.apply", person_id, membership=membership_id)
        return membership_id

    def _application(
        self, applied_on: date | str, starts_on: date | str, ends_on: date | str, fee: str | int
    ) -> tuple[date, date, date, int]:
        applied = self._past(applied_on, "applied_on")
        start, end = require_date(starts_on, "starts_on"), require_date(ends_on, "ends_on")
        check_period(start, end)
        return applied, start, end, parse_amount_cents(fee, "fee")

    def confirm(
        self, membership_id: int, on: date | str, paid_on: date | str, method: str | None = None
    ) -> None:
        """Fee received and membership accepted: the member enters the register."""
        membership = self._applied(membership_id)
        day, paid = self._past(on, "on"), self._past(paid_on, "paid_on")
        checked_method = clean_text(method, "method", max_length=60)
        person_id = membership.person_id
        with self.db.transaction():
            self.store.confirm(membership_id, day, paid, checked_method)
            self.people.add_role(person_id, Role.MEMBER)
            if self.store.open_entry(person_id) is None:
                self.store.admit(person_id, day, self.clock.today())
            self.audit.record("membership.confirm", person_id, membership=membership_id)

    def withdraw_application(self, membership_id: int) -> bool:
        """Delete an unconfirmed application, and the applicant when nothing else holds them.

        True when the person was deleted too.
        """
        membership = self._applied(membership_id)
        person_id = membership.person_id
        alone = (
            self.people.roles(person_id) == {Role.PROSPECT}
            and self.store.other_records(person_id, membership_id) == 0
        )
        now = self.clock.now()
        erasure = ErasureStore(self.db)
        with self.db.transaction():
            erasure.erase_records("membership", [membership_id], now)
            if alone:
                erasure.unindex(person_id)
                erasure.erase_records("person", [person_id], now)
            self.audit.record("membership.withdraw_application", person_id,
                              membership=membership_id, person_erased=alone)  # fmt: skip
        return alone

    def applications(self) -> list[Application]:
        """Applications waiting for the fee and the board's confirmation."""
        return self.store.applications()

    def lapse_ended(self) -> int:
        """Mark confirmed memberships that ended before today as lapsed; how many people."""
        with self.db.transaction():
            people = self.store.lapse_ended(self.clock.today())
            if people:
                self.audit.record("membership.lapse", count=len(people))
        return len(people)

    def to_renew(self, as_of: date | None = None) -> list[Renewal]:
        """Members whose latest membership ends within 30 days or ended in the past year."""
        day = as_of or self.clock.today()
        return self.store.latest_ends(
            day - timedelta(days=RENEWAL_LOOKBACK_DAYS), day + timedelta(days=RENEWAL_NOTICE_DAYS)
        )

    def record_departure(self, person_id: int, on: date | str) -> None:
        day = self._past(on, "on")
        entry_id = self.store.open_entry(person_id)
        if entry_id is None:
            raise NotFoundError(N_("Person {id} is not in the members register."), id=person_id)
        entry = next(e for e in self.store.register() if e.id == entry_id)
        if day < entry.admitted_on:
            raise ValidationError("on", N_("The end date comes before the start date."))
        with self.db.transaction():
            self.store.depart(entry_id, day, self.clock.today())
            self.audit.record("register.departure", person_id)

    def register(self) -> list[RegisterEntry]:
        return self.store.register()

    def reminders(self) -> list[Reminder]:
        """Register changes entered late, and departures still to enter after 8 days."""
        today = self.clock.today()
        entries = self.store.register()
        reminders = late_entries(entries)
        by_id = {e.id: e for e in entries}
        for entry_id, ended in self.store.open_entries_without_current_membership(today):
            entry = by_id[entry_id]
            if departure_due(ended, today):
                reminders.append(Reminder(entry.person_id, entry.full_name, ChangeKind.DEPARTURE,
                                          ended, None, (today - ended).days))  # fmt: skip
        return sorted(reminders, key=lambda r: (r.changed_on, r.full_name))

    def register_pdf(self, language: str) -> bytes:
        context = self.settings.document_context(language, self.clock.today())
        entries = self.store.register()
        pdf = render_register(context, entries, self.reminders())
        self.audit.record("document.members_register", count=len(entries), sha256=sha256(pdf))
        return pdf

    def _applied(self, membership_id: int) -> Membership:
        membership = self.store.membership(membership_id)
        if membership is None:
            raise NotFoundError(N_("There is no membership with number {id}."), id=membership_id)
        if membership.status is not MembershipStatus.APPLIED:
            raise RefusedError(
                N_("Membership {id} is not an application waiting for confirmation."),
                id=membership_id,
            )
        return membership

    def _past(self, value: date | str, field: str) -> date:
        day = require_date(value, field)
        if day > self.clock.today():
            raise ValidationError(field, N_("This date is in the future."))
        return day
