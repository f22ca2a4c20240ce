"""What tutors receive: the group roster (recorded as a disclosure), and their agreements.

Each roster made is a disclosure of the students' data to the group's tutor:
it is recorded with its day, its people and its SHA-256, and each student's
history and access reply name it. A tutor acts as the association's processor
under an agreement (Art. 28) whose signing day and reference are recorded here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.disclosures import (
    ROSTER_PHONE_SETTING,
    Disclosure,
    ProcessorAgreement,
    Roster,
    TutorProcessor,
    check_reference,
)
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.validation import require_date
from coursenplus_desk.i18n import N_
from coursenplus_desk.reports.base import sha256
from coursenplus_desk.reports.roster import roster_pdf
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.courses import CoursesStore
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.disclosures import DisclosureStore
from coursenplus_desk.store.people import PeopleStore


class TutorsService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = DisclosureStore(db)
        self.courses = CoursesStore(db)
        self.people = PeopleStore(db)
        self.settings = SettingsService(db, audit)

    # The roster

    def roster_includes_phone(self) -> bool:
        """Whether rosters carry a parent's phone number for emergencies (a setting)."""
        return self.settings.get(ROSTER_PHONE_SETTING) is True

    def set_roster_includes_phone(self, include: bool) -> None:
        self.settings.set(ROSTER_PHONE_SETTING, bool(include))

    def roster(self, group_id: int, guardian_phone: bool | None = None) -> Roster:
        """The group's roster as of today, for its tutor (nothing is recorded yet)."""
        group = self.courses.group(group_id)
        if group is None:
            raise NotFoundError(N_("There is no group with number {id}."), id=group_id)
        tutor = self.people.get(group.tutor_id) if group.tutor_id is not None else None
        if tutor is None:
            raise RefusedError(
                N_("A roster is made for the group's tutor, and group {id} has none yet."),
                id=group_id,
            )
        course = self.courses.course(group.course_id)
        phone = self.roster_includes_phone() if guardian_phone is None else guardian_phone
        today = self.clock.today()
        lines = self.store.roster_lines(group_id, today)
        if not phone:
            lines = [replace(line, guardian_phone="") for line in lines]
        return Roster(
            group_id, group.name, course.subject if course else "", tutor.id, tutor.full_name,
            group.schedule or "", group.place or "", today, tuple(lines), phone,
        )  # fmt: skip

    def roster_pdf(
        self, group_id: int, language: str | None, guardian_phone: bool | None = None
    ) -> bytes:
        """The roster PDF, recorded as given to the tutor today (for each of its students)."""
        roster = self.roster(group_id, guardian_phone)
        context = self.settings.document_context(language, self.clock.today())
        pdf = roster_pdf(context, roster)
        digest = sha256(pdf)
        with self.db.transaction():
            disclosure_id = self.store.add_roster(roster, digest, self.clock.now())
            self.audit.record_many(
                [
                    ("document.roster", line.person_id,
                     {"disclosure": disclosure_id, "tutor": roster.tutor_id})
                    for line in roster.lines
                ]
            )  # fmt: skip
            self.audit.record(
                "document.roster_given", roster.tutor_id, group=group_id,
                disclosure=disclosure_id, count=len(roster.lines), sha256=digest,
            )  # fmt: skip
        return pdf

    def disclosures_of(self, person_id: int) -> list[Disclosure]:
        return self.store.of_person(person_id)

    def rosters_of_group(self, group_id: int) -> list[Disclosure]:
        return self.store.of_group(group_id)

    # Processor agreements

    def record_agreement(self, person_id: int, signed_on: date | str, reference: str) -> int:
        """The tutor's processor agreement (Art. 28(3)): when it was signed, its reference."""
        if Role.TUTOR not in self.people.roles(person_id):
            if not self.people.exists(person_id):
                raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
            raise RefusedError(
                N_("Person {id} is not a tutor: processor agreements are for tutors."),
                id=person_id,
            )
        day = require_date(signed_on, "signed_on")
        if day > self.clock.today():
            raise ValidationError("signed_on", N_("This date is in the future."))
        text = check_reference(reference)
        with self.db.transaction():
            agreement_id = self.store.add_agreement(person_id, day, text, self.clock.now())
            self.audit.record("tutor.agreement", person_id, agreement=agreement_id)
        return agreement_id

    def agreement(self, person_id: int) -> ProcessorAgreement | None:
        return self.store.agreement(person_id)

    def processors(self) -> list[TutorProcessor]:
        return self.store.tutor_processors()
