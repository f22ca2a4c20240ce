"""Realistic synthetic data for trying the program and for the benchmark.

Families of one to three children with one or two guardians, tutors, prospects
and courses, with contacts spread over the last ten years so that some people
are past the five-year retention period. One family in three is Flemish (Dutch
names, places and language), the others French-speaking. Deterministic for a given seed;
written in one transaction (cancelling leaves the vault as it was).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from coursenplus_desk.domain.courses import CourseKind
from coursenplus_desk.domain.people import PersonFields, Role
from coursenplus_desk.domain.text import fold
from coursenplus_desk.domain.work import Progress, WorkCancelledError, report
from coursenplus_desk.i18n import N_
from coursenplus_desk.services import demo_names as names
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.bulk import BulkRows, next_person_id
from coursenplus_desk.store.bulk import write as write_rows
from coursenplus_desk.store.courses import CoursesStore
from coursenplus_desk.store.database import Database

CHANNELS = ("email", "phone", "meeting", "letter", "other")


class DemoCancelledError(WorkCancelledError):
    """The person cancelled the demo fill; nothing was written."""


@dataclass(frozen=True)
class DemoGroup:
    id: int
    starts_on: date
    ends_on: date


def fill_demo(
    workspace: Workspace,
    people: int,
    *,
    seed: int = 2026,
    contacts_per_person: int = 3,
    progress: Progress | None = None,
) -> int:
    """Add about `people` people and their history; the number added."""
    if people < 1:
        raise DemoCancelledError(N_("Ask for at least one person."))
    today = workspace.clock.today()
    generator = _Generator(workspace.db, random.Random(seed), today, contacts_per_person)
    with workspace.db.transaction():
        groups = generator.courses_and_groups(max(2, people // 30))
        generator.people(people, groups, progress)
        generator.write()
        workspace.audit.record("demo.fill", people=generator.count)
    return generator.count


class _Generator:
    def __init__(self, db: Database, rng: random.Random, today: date, contacts: int) -> None:
        self.db = db
        self.rng = rng
        self.today = today
        self.contacts_per_person = contacts
        self.rows = BulkRows()
        self.next_id = next_person_id(db)
        self.count = 0
        self.tutors: list[int] = []
        self.families = 0  # which community the next family belongs to

    def _community(self) -> names.Community:
        self.families += 1
        return names.COMMUNITIES[self.families % len(names.COMMUNITIES)]

    def courses_and_groups(self, tutors: int) -> list[DemoGroup]:
        for _ in range(tutors):
            community = self._community()
            family_name = self.rng.choice(community.family_names)
            self.tutors.append(self._person(Role.TUTOR, community, family_name))
        self.write()  # groups refer to their tutors
        courses = CoursesStore(self.db)
        course_ids = [
            courses.insert_course(subject, level, CourseKind(kind), None)
            for subject, level, kind in names.COURSES
        ]
        groups = []
        for year in range(self.today.year - 10, self.today.year + 1):
            starts, ends = date(year, 9, 15), date(year + 1, 6, 30)
            if starts > self.today:
                continue
            for index, course_id in enumerate(course_ids):
                groups.append(self._group(course_id, index, year, starts, ends))
        return groups

    def _group(self, course_id: int, index: int, year: int, starts: date, ends: date) -> DemoGroup:
        tutor = self.tutors[(index + year) % len(self.tutors)]
        group_id = CoursesStore(self.db).insert_group(
            course_id,
            f"{year}-{year + 1} {chr(65 + index % 26)}",
            tutor,
            self.rng.choice(names.SCHEDULES),
            self.rng.choice(names.PLACES),
            starts,
            ends,
        )
        return DemoGroup(group_id, starts, ends)

    def people(self, wanted: int, groups: list[DemoGroup], progress: Progress | None) -> None:
        while self.count < wanted:
            if self.rng.random() < 0.08:
                asked_on = self._random_day(3650)
                community = self._community()
                family_name = self.rng.choice(community.family_names)
                prospect = self._person(Role.PROSPECT, community, family_name, asked_on)
                self._contacts(prospect, community, asked_on, 1)
            else:
                self._family(groups, wanted)
            report(
                progress,
                min(self.count, wanted),
                wanted,
                DemoCancelledError,
                N_("The demo fill was cancelled; nothing was added."),
            )

    def _family(self, groups: list[DemoGroup], wanted: int) -> None:
        community = self._community()
        family_name = self.rng.choice(community.family_names)
        first_year = self.today - timedelta(days=self.rng.randint(0, 3650))
        guardians = [self._person(Role.GUARDIAN, community, family_name, first_year)]
        if self.rng.random() < 0.6 and self.count < wanted:
            other_name = self.rng.choice(community.family_names)
            guardians.append(self._person(Role.GUARDIAN, community, other_name, first_year))
        for _ in range(self.rng.randint(1, 3)):
            if self.count >= wanted:
                break
            child = self._person(Role.STUDENT, community, family_name, first_year)
            for index, guardian in enumerate(guardians):
                relation = community.relationships[min(index, 1)]
                self.rows.links.append((guardian, child, relation, int(index == 0)))
            self._enrol(child, guardians[0], groups, first_year, community)
        for guardian in guardians:
            self._contacts(guardian, community, first_year, self.contacts_per_person)

    def _enrol(
        self,
        child: int,
        payer: int,
        groups: list[DemoGroup],
        since: date,
        community: names.Community,
    ) -> None:
        until = since + timedelta(days=4 * 365)
        eligible = [g for g in groups if g.ends_on >= since and g.starts_on <= until]
        eligible = eligible or groups[-1:]
        for group in self.rng.sample(eligible, min(len(eligible), self.rng.randint(1, 4))):
            status = "completed" if group.ends_on <= self.today else "active"
            self.rows.enrollments.append(
                (child, group.id, group.starts_on.isoformat(), group.ends_on.isoformat(), status)
            )
            paid = group.starts_on + timedelta(days=self.rng.randint(0, 30))
            if paid <= self.today:
                amount = self.rng.choice((12000, 15000, 18000, 24000))
                method, purpose = community.payment
                self.rows.payments.append((payer, amount, paid.isoformat(), method, purpose))
        self._contacts(child, community, since, max(1, self.contacts_per_person // 2))

    def _person(
        self, role: Role, community: names.Community, family_name: str, created: date | None = None
    ) -> int:
        person_id = self.next_id
        self.next_id += 1
        self.count += 1
        given = self.rng.choice(community.given_names)
        fields = self._fields(role, community, given, family_name)
        self.rows.people.append((person_id, fields, created or self._random_day(3650)))
        return person_id

    def _fields(
        self, role: Role, community: names.Community, given: str, family: str
    ) -> PersonFields:
        child = role is Role.STUDENT
        age = self.rng.randint(6, 18) if child else self.rng.randint(25, 65)
        birth = self.today - timedelta(days=age * 365 + self.rng.randint(0, 364))
        postal_code, city = self.rng.choice(community.cities)
        local = f"{fold(given)}.{fold(family)}".replace(" ", "")
        school = (self.rng.choice(community.schools), self.rng.choice(community.school_years))
        return PersonFields(
            given_name=given,
            family_name=family,
            roles=frozenset({role}),
            email=None if child else f"{local}{self.rng.randint(1, 999)}@example.be",
            phone=None
            if child
            else f"+3247{self.rng.randint(0, 9)}{self.rng.randint(0, 999999):06d}",
            birth_date=birth,
            street=f"{self.rng.choice(community.streets)} {self.rng.randint(1, 250)}",
            postal_code=postal_code,
            city=city,
            country="BE",
            language=community.language,
            school=school[0] if child else None,
            school_year=school[1] if child else None,
        )

    def _contacts(
        self, person_id: int, community: names.Community, since: date, count: int
    ) -> None:
        span = max(1, (self.today - since).days)
        for _ in range(count):
            day = since + timedelta(days=self.rng.randint(0, min(span, 4 * 365)))
            self.rows.contacts.append(
                (
                    person_id,
                    min(day, self.today).isoformat(),
                    self.rng.choice(CHANNELS),
                    self.rng.choice(community.contact_summaries),
                )
            )

    def _random_day(self, days_back: int) -> date:
        return self.today - timedelta(days=self.rng.randint(0, days_back))

    def write(self) -> None:
        """Write the rows gathered so far, then start gathering anew."""
        rows, self.rows = self.rows, BulkRows()
        write_rows(self.db, rows)
