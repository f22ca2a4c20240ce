"""Contacts, payments, memberships and consents of a person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coursenplus_desk.domain.records import (
    Consent,
    ConsentMethod,
    ContactChannel,
    ContactEvent,
    Membership,
    MembershipStatus,
    Payment,
)
from coursenplus_desk.store.database import Database, Row, iso, to_date, to_date_required


class RecordsStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert_contact(
        self, person_id: int, on: date, channel: ContactChannel, summary: str | None
    ) -> int:
        return self.db.execute(
            "INSERT INTO contact_event (person_id, occurred_on, channel, summary)"
            " VALUES (?, ?, ?, ?)",
            (person_id, iso(on), channel.value, summary),
        )

    def insert_contacts_once(
        self, contacts: Sequence[tuple[int, date]], channel: ContactChannel
    ) -> list[tuple[int, date]]:
        """Record each (person, day) without a contact on that day yet; the ones written."""
        new = [
            (person_id, day)
            for person_id, day in dict.fromkeys(contacts)
            if self.db.one(
                "SELECT 1 FROM contact_event WHERE person_id = ? AND occurred_on = ?",
                (person_id, iso(day)),
            )
            is None
        ]
        self.db.execute_many(
            "INSERT INTO contact_event (person_id, occurred_on, channel) VALUES (?, ?, ?)",
            [(person_id, iso(day), channel.value) for person_id, day in new],
        )
        return new

    def contacts(self, person_id: int) -> list[ContactEvent]:
        rows = self.db.query(
            "SELECT * FROM contact_event WHERE person_id = ? ORDER BY occurred_on DESC, id DESC",
            (person_id,),
        )
        return [
            ContactEvent(
                int(r["id"]),
                int(r["person_id"]),
                to_date_required(r["occurred_on"]),
                ContactChannel(r["channel"]),
                r["summary"],
            )
            for r in rows
        ]

    def insert_payment(
        self,
        payer_id: int | None,
        amount_cents: int,
        paid_on: date,
        reference: str | None,
        purpose: str | None,
        method: str | None,
        for_person_id: int | None = None,
    ) -> int:
        return self.db.execute(
            "INSERT INTO payment (payer_id, amount_cents, paid_on, reference, purpose, method,"
            " for_person_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (payer_id, amount_cents, iso(paid_on), reference, purpose, method, for_person_id),
        )

    def payments(self, person_id: int) -> list[Payment]:
        """What this person paid, and what others paid for them."""
        rows = self.db.query(
            "SELECT * FROM payment WHERE payer_id = :p OR for_person_id = :p"
            " ORDER BY paid_on DESC, id DESC",
            {"p": person_id},
        )
        return [_payment(r) for r in rows]

    def insert_membership(
        self,
        person_id: int,
        starts_on: date,
        ends_on: date,
        fee_cents: int,
        paid_on: date | None,
        method: str | None,
        status: MembershipStatus,
    ) -> int:
        return self.db.execute(
            "INSERT INTO membership (person_id, starts_on, ends_on, fee_cents, paid_on, method,"
            " status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (person_id, iso(starts_on), iso(ends_on), fee_cents, iso(paid_on), method, status),
        )

    def memberships(self, person_id: int) -> list[Membership]:
        rows = self.db.query(
            "SELECT * FROM membership WHERE person_id = ? ORDER BY starts_on DESC", (person_id,)
        )
        return [_membership(r) for r in rows]

    def insert_consent(
        self,
        person_id: int,
        purpose: str,
        given_on: date,
        method: ConsentMethod,
        evidence: str | None,
        confirmed_on: date | None,
        given_by_id: int | None,
        notice_version: str | None,
    ) -> int:
        return self.db.execute(
            "INSERT INTO consent (person_id, purpose, given_on, method, evidence, confirmed_on,"
            " given_by_id, notice_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                purpose,
                iso(given_on),
                method.value,
                evidence,
                iso(confirmed_on),
                given_by_id,
                notice_version,
            ),
        )

    def withdraw_consent(self, consent_id: int, on: date) -> None:
        self.db.execute("UPDATE consent SET withdrawn_on = ? WHERE id = ?", (iso(on), consent_id))

    def consents(self, person_id: int) -> list[Consent]:
        rows = self.db.query(
            "SELECT * FROM consent WHERE person_id = ? ORDER BY given_on DESC, id DESC",
            (person_id,),
        )
        return [_consent(r) for r in rows]


def _payment(r: Row) -> Payment:
    return Payment(
        int(r["id"]),
        r["payer_id"],
        int(r["amount_cents"]),
        to_date_required(r["paid_on"]),
        r["reference"],
        r["purpose"],
        r["method"],
        r["for_person_id"],
    )


def _membership(r: Row) -> Membership:
    return Membership(
        int(r["id"]),
        int(r["person_id"]),
        to_date_required(r["starts_on"]),
        to_date_required(r["ends_on"]),
        int(r["fee_cents"]),
        to_date(r["paid_on"]),
        r["method"],
        MembershipStatus(r["status"]),
    )


def _consent(r: Row) -> Consent:
    return Consent(
        int(r["id"]),
        int(r["person_id"]),
        r["purpose"],
        to_date_required(r["given_on"]),
        ConsentMethod(r["method"]),
        r["evidence"],
        to_date(r["confirmed_on"]),
        to_date(r["withdrawn_on"]),
        r["given_by_id"],
        r["notice_version"],
    )
