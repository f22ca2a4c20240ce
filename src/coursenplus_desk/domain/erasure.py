"""What an erasure did: the basis of an erasure certificate (categories and counts, no values)."""

from __future__ import annotations

from dataclasses import dataclass

from coursenplus_desk.i18n import NP_


@dataclass(frozen=True)
class ErasedPart:
    category: str  # a retention category key, e.g. "identification"
    count: int


@dataclass(frozen=True)
class KeptPart:
    category: str
    count: int
    reason: str  # an English message id, translated where it is shown
    kept_until: str | None = None  # ISO date the legal obligation ends


@dataclass(frozen=True)
class ErasureOutcome:
    person_id: int
    erased: tuple[ErasedPart, ...]
    kept: tuple[KeptPart, ...]
    restricted: bool  # identity kept, restricted, because something had to be kept


# How many records of one table, in words: (singular, plural) message ids for ngettext.
RECORD_COUNTS: dict[str, tuple[str, str]] = {
    "person": NP_("{count} person", "{count} people"),
    "contact_event": NP_("{count} contact", "{count} contacts"),
    "enrollment": NP_("{count} enrollment", "{count} enrollments"),
    "payment": NP_("{count} payment", "{count} payments"),
    "membership": NP_("{count} membership", "{count} memberships"),
    "consent": NP_("{count} consent", "{count} consents"),
    "data_subject_request": NP_("{count} request file", "{count} request files"),
    "request_change": NP_("{count} rectified value", "{count} rectified values"),
    "request_note": NP_("{count} request note", "{count} request notes"),
    "request_document": NP_("{count} request document", "{count} request documents"),
}
