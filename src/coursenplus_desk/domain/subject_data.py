"""A copy of everything stored about one person, grouped by category (Art. 15 and 20).

Values stay raw (text, numbers, dates, booleans) so the same copy becomes a PDF
table, a JSON document and CSV files. Field names are stable, documented keys;
their labels are English message ids translated where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursenplus_desk.i18n import N_

Value = str | int | bool | date | None


class Category:
    IDENTITY = "identity"
    FAMILY = "family"
    SCHOOL = "school"
    COURSES = "courses"
    CONTACTS = "contacts"
    PAYMENTS = "payments"
    MEMBERSHIPS = "memberships"
    CONSENTS = "consents"
    REQUESTS = "requests"
    HISTORY = "history"


CATEGORY_TITLES: dict[str, str] = {
    Category.IDENTITY: N_("Identity and contact details"),
    Category.FAMILY: N_("Family links"),
    Category.SCHOOL: N_("School"),
    Category.COURSES: N_("Courses, groups and tutors"),
    Category.CONTACTS: N_("Contacts with the association"),
    Category.PAYMENTS: N_("Payments"),
    Category.MEMBERSHIPS: N_("Memberships"),
    Category.CONSENTS: N_("Consents"),
    Category.REQUESTS: N_("Requests about your data"),
    Category.HISTORY: N_("History of your record"),
}

# Every field of every category: its key (the JSON/CSV name) and its label.
FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    Category.IDENTITY: (
        ("person_id", N_("person number")),
        ("given_name", N_("given name")),
        ("family_name", N_("family name")),
        ("birth_date", N_("date of birth")),
        ("email", N_("email address")),
        ("phone", N_("phone number")),
        ("street", N_("street and number")),
        ("postal_code", N_("postal code")),
        ("city", N_("town or city")),
        ("country", N_("country")),
        ("language", N_("language")),
        ("roles", N_("roles")),
        ("status", N_("record status")),
        ("notes", N_("notes")),
        ("created_on", N_("recorded on")),
        ("last_contact_on", N_("last contact on")),
    ),
    Category.FAMILY: (
        ("link", N_("link")),
        ("person_id", N_("person number")),
        ("full_name", N_("name")),
        ("relationship", N_("relationship")),
        ("primary_contact", N_("primary contact")),
    ),
    Category.SCHOOL: (
        ("school", N_("school")),
        ("school_year", N_("school year")),
    ),
    Category.COURSES: (
        ("participation", N_("participation")),
        ("course", N_("course")),
        ("level", N_("level")),
        ("kind", N_("kind of course")),
        ("group", N_("group")),
        ("tutor", N_("tutor of the group")),
        ("schedule", N_("schedule")),
        ("place", N_("place")),
        ("starts_on", N_("from")),
        ("ends_on", N_("until")),
        ("status", N_("status")),
    ),
    Category.CONTACTS: (
        ("occurred_on", N_("date")),
        ("channel", N_("channel")),
        ("summary", N_("summary")),
    ),
    Category.PAYMENTS: (
        ("paid_on", N_("paid on")),
        ("amount", N_("amount")),
        ("reference", N_("reference")),
        ("purpose", N_("purpose")),
        ("method", N_("payment method")),
    ),
    Category.MEMBERSHIPS: (
        ("starts_on", N_("from")),
        ("ends_on", N_("until")),
        ("fee", N_("fee")),
        ("paid_on", N_("paid on")),
        ("method", N_("payment method")),
        ("status", N_("status")),
    ),
    Category.CONSENTS: (
        ("purpose", N_("purpose")),
        ("given_on", N_("given on")),
        ("method", N_("how it was given")),
        ("evidence", N_("evidence")),
        ("confirmed_on", N_("confirmed on")),
        ("withdrawn_on", N_("withdrawn on")),
        ("given_by", N_("given by")),
        ("notice_version", N_("privacy notice version")),
    ),
    Category.REQUESTS: (
        ("request_id", N_("request number")),
        ("kind", N_("kind of request")),
        ("received_on", N_("received on")),
        ("channel", N_("channel")),
        ("requester", N_("made by")),
        ("status", N_("status")),
        ("due_on", N_("due on")),
        ("answered_on", N_("answered on")),
        ("changes", N_("corrections made")),
    ),
    Category.HISTORY: (
        ("at", N_("date and time")),
        ("action", N_("action")),
    ),
}

MONEY_FIELDS = frozenset({"amount", "fee"})  # stored in cents


@dataclass(frozen=True)
class DataCategory:
    key: str
    rows: tuple[tuple[Value, ...], ...]  # in the order of FIELDS[key]

    @property
    def field_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _label in FIELDS[self.key])

    def records(self) -> list[dict[str, Value]]:
        return [dict(zip(self.field_keys, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class SubjectData:
    """Everything about one person, plus what the reply needs to say about it."""

    person_id: int
    full_name: str
    language: str | None
    categories: tuple[DataCategory, ...]
    guardian_names: tuple[str, ...]  # who gave a minor's data (Art. 15(1)(g))
    tutor_names: tuple[str, ...]  # recipients: the tutors of their groups
    is_minor: bool
    reference: str = ""  # the person's number in letters, the same on every laptop

    def category(self, key: str) -> DataCategory:
        for category in self.categories:
            if category.key == key:
                return category
        return DataCategory(key, ())
