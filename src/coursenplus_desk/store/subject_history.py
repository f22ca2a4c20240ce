"""A person's history as sentences, and where their data came from (Art. 15(1)(g)).

The audit trail names other people, groups and purposes by id or key; here
they become the names the sentences use. A person since erased is not named.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from coursenplus_desk.domain.history import SENTENCES, SUBJECTS, HistoryEntry, Subject, grouped
from coursenplus_desk.domain.subject_data import Provenance
from coursenplus_desk.store.database import Database, Row

OTHER = "other"


def history_of(db: Database, person_id: int) -> tuple[HistoryEntry, ...]:
    rows = db.query(
        "SELECT at, action, details FROM audit_event WHERE person_id = ? ORDER BY id",
        (person_id,),
    )
    names = _Names(db)
    entries = [_entry(row, names) for row in rows]
    return tuple(grouped(entries))


def _entry(row: Row, names: _Names) -> HistoryEntry:
    action = row["action"] if row["action"] in SENTENCES else OTHER
    details = _details(row["details"])
    day = datetime.fromisoformat(row["at"]).date()
    kind = SUBJECTS.get(action)
    subject = ""
    variant = ""
    if kind == Subject.NAME:
        subject = names.of(action, details)
    elif kind == Subject.FIELDS:
        fields = details.get("fields")
        if isinstance(fields, list) and fields:
            subject, variant = ",".join(str(f) for f in fields), "fields"
    elif kind in (Subject.PURPOSE, Subject.REQUEST_KIND):
        subject = str(details.get("purpose" if kind == Subject.PURPOSE else "kind") or "")
    if action == "person.create" and details.get("source") in ("typed", "import"):
        variant = str(details["source"])
    return HistoryEntry(day, action, subject, variant)


def _details(text: object) -> dict[str, object]:
    try:
        value = json.loads(str(text))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


class _Names:
    """Names of the people and groups that events refer to, looked up once each."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.people: dict[int, str] = {}
        self.groups: dict[int, str] = {}

    def of(self, action: str, details: dict[str, object]) -> str:
        if action.startswith(("enrollment.", "group.")):
            return self._group(details.get("group"))
        key = "tutor" if action == "document.roster" else "guardian"
        return self._person(details.get(key))

    def _person(self, value: object) -> str:
        if not isinstance(value, int):
            return ""
        if value not in self.people:
            row = self.db.one(
                "SELECT given_name || ' ' || family_name AS name FROM person"
                " WHERE id = ? AND status <> 'anonymised'",
                (value,),
            )
            self.people[value] = row["name"] if row else ""
        return self.people[value]

    def _group(self, value: object) -> str:
        if not isinstance(value, int):
            return ""
        if value not in self.groups:
            name = self.db.scalar("SELECT name FROM course_group WHERE id = ?", (value,))
            self.groups[value] = str(name) if name else ""
        return self.groups[value]


def provenance_of(db: Database, person_id: int, created_on: date | None) -> Provenance:
    """What the program knows of who gave the person's data, and how it was entered."""
    created = db.one(
        "SELECT action, details FROM audit_event WHERE person_id = ?"
        " AND action IN ('person.create', 'membership.apply') ORDER BY id LIMIT 1",
        (person_id,),
    )
    created_by = ""
    if created is not None:
        if created["action"] == "membership.apply":
            created_by = "application"
        else:
            source = _details(created["details"]).get("source")
            created_by = source if source in ("typed", "import") else ""
    consents = db.query(
        "SELECT DISTINCT g.given_name || ' ' || g.family_name AS name, c.purpose FROM consent c"
        " JOIN person g ON g.id = c.given_by_id WHERE c.person_id = ? AND c.given_by_id <> ?"
        " ORDER BY c.given_on, c.id",
        (person_id, person_id),
    )
    requesters = db.column(
        "SELECT DISTINCT q.given_name || ' ' || q.family_name FROM data_subject_request r"
        " JOIN person q ON q.id = r.requester_id WHERE r.person_id = ? AND r.requester_id <> ?",
        (person_id, person_id),
    )
    health_by = db.scalar(
        "SELECT g.given_name || ' ' || g.family_name FROM health_record h"
        " JOIN consent c ON c.id = h.consent_id JOIN person g ON g.id = c.given_by_id"
        " WHERE h.person_id = ? AND c.given_by_id <> h.person_id",
        (person_id,),
    )
    return Provenance(
        created_on=created_on,
        created_by=created_by,
        consents_by=tuple((str(r["name"]), str(r["purpose"])) for r in consents),
        requests_by=tuple(str(name) for name in requesters),
        health_by=str(health_by or ""),
    )
