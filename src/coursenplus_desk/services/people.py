"""People: add, edit, find, and link guardians to students."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields as dataclass_fields

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import (
    PersonDetails,
    PersonDraft,
    PersonFields,
    PersonSummary,
    Role,
    validate_person,
)
from coursenplus_desk.domain.validation import DEFAULT_PHONE_REGION, clean_text
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleQuery, PeopleStore


class PeopleService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        audit: Auditor,
        phone_region: Callable[[], str] = lambda: DEFAULT_PHONE_REGION,
    ) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = PeopleStore(db)
        self.phone_region = phone_region  # the association's country, read when needed

    def add(self, draft: PersonDraft, guardian_ids: Sequence[int] = ()) -> int:
        """Check everything first, then write the person and their links in one transaction."""
        fields = validate_person(draft, self.clock.today(), self.phone_region())
        for guardian_id in guardian_ids:
            if not self.store.exists(guardian_id):
                raise ValidationError(
                    "guardian", N_("There is no person with number {id}."), id=guardian_id
                )
        with self.db.transaction():
            person_id = self.store.insert(fields, self.clock.today(), self.clock.now())
            for guardian_id in guardian_ids:
                self._link(guardian_id, person_id, None, primary=False)
            self.audit.record(
                "person.create", person_id, roles=sorted(fields.roles), source="typed"
            )
        return person_id

    def update(self, person_id: int, draft: PersonDraft) -> PersonFields:
        """Replace a person's own values; the previous values, for undo."""
        previous = self.fields(person_id)
        fields = validate_person(draft, self.clock.today(), self.phone_region())
        with self.db.transaction():
            self.store.update(person_id, fields, self.clock.now())
            self.audit.record("person.update", person_id, fields=changed_fields(previous, fields))
        return previous

    def restore(self, person_id: int, fields: PersonFields) -> None:
        """Put back values returned by `update` (undo)."""
        with self.db.transaction():
            self.store.update(person_id, fields, self.clock.now())
            self.audit.record("person.update", person_id, undo=True)

    def get(self, person_id: int) -> PersonDetails:
        details = self.store.details(person_id)
        if details is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        return details

    def fields(self, person_id: int) -> PersonFields:
        fields = self.store.fields(person_id)
        if fields is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        return fields

    def find(self, text: str, roles: frozenset[Role] = frozenset()) -> list[PersonSummary]:
        return self.store.find(PeopleQuery(text=text, roles=roles))

    def ids(self, query: PeopleQuery, limit: int | None = None) -> list[int]:
        return self.store.ids(query, limit)

    def summaries(self, ids: Sequence[int]) -> list[PersonSummary]:
        return self.store.summaries(ids)

    def link_guardian(
        self,
        guardian_id: int,
        student_id: int,
        relationship: str | None = None,
        primary: bool = False,
    ) -> None:
        relationship = clean_text(relationship, "relationship", max_length=60)
        with self.db.transaction():
            self._link(guardian_id, student_id, relationship, primary)

    def unlink_guardian(self, guardian_id: int, student_id: int) -> None:
        with self.db.transaction():
            if not self.store.unlink(guardian_id, student_id):
                raise NotFoundError(N_("These two people are not linked."))
            self.audit.record("family.unlink", student_id, guardian=guardian_id)

    def _link(
        self, guardian_id: int, student_id: int, relationship: str | None, primary: bool
    ) -> None:
        if guardian_id == student_id:
            raise RefusedError(N_("A person cannot be their own guardian."))
        for person_id in (guardian_id, student_id):
            if not self.store.exists(person_id):
                raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        if student_id in self._ancestors(guardian_id):
            raise RefusedError(N_("This link would make a person their own guardian."))
        self.store.link(guardian_id, student_id, relationship, primary)
        self.store.add_role(guardian_id, Role.GUARDIAN)
        self.audit.record("family.link", student_id, guardian=guardian_id)

    def _ancestors(self, person_id: int) -> set[int]:
        seen: set[int] = set()
        pending = [person_id]
        while pending:
            for guardian in self.store.guardian_ids(pending.pop()):
                if guardian not in seen:
                    seen.add(guardian)
                    pending.append(guardian)
        return seen


def changed_fields(before: PersonFields, after: PersonFields) -> list[str]:
    """Names (never values) of the fields an edit changed, for the audit trail."""
    return [
        field.name
        for field in dataclass_fields(PersonFields)
        if getattr(before, field.name) != getattr(after, field.name)
    ]
