"""Printed documents: membership and enrollment forms, attendance sheets. Each is audited."""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.attendance import sessions
from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.consent import current_consents, is_minor
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.health import HEALTH_PURPOSE
from coursenplus_desk.domain.people import PersonDetails, PersonStatus
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.domain.validation import display_phone, phone_region, require_date
from coursenplus_desk.i18n import N_, document_language, format_day, format_money
from coursenplus_desk.reports.attendance import AttendanceContent, render_attendance
from coursenplus_desk.reports.base import DocumentContext, sha256
from coursenplus_desk.reports.forms import GUARDIANS_ON_FORM, FormContent, render_form
from coursenplus_desk.reports.notice import NoticeFacts
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.attendance import AttendanceStore
from coursenplus_desk.store.consent import ConsentStore
from coursenplus_desk.store.courses import CoursesStore
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.records import RecordsStore
from coursenplus_desk.store.retention import RetentionStore

FORM_KINDS = ("membership", "enrollment")
MAX_ATTENDANCE_DAYS = 366


class FormsService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.people = PeopleStore(db)
        self.courses = CoursesStore(db)
        self.records = RecordsStore(db)
        self.consents = ConsentStore(db)
        self.attendance = AttendanceStore(db)
        self.settings = SettingsService(db, audit)

    def form(
        self,
        kind: str,
        person_id: int | None = None,
        language: str | None = None,
        fillable: bool = False,
    ) -> bytes:
        """A membership or enrollment form, blank or pre-filled from a person."""
        if kind not in FORM_KINDS:
            raise ValidationError("kind", N_("“{value}” is not an allowed value."), value=kind)
        details = self._person(person_id) if person_id is not None else None
        lang = document_language(language, *self._readers_languages(details))
        context = self._context(lang)
        content = self._content(kind, details, fillable, lang)
        pdf = render_form(context, content)
        self.audit.record("document.form", person_id, kind=kind, fillable=fillable,
                          sha256=sha256(pdf))  # fmt: skip
        return pdf

    def reader_language(self, person_id: int) -> str:
        """The language a form pre-filled for this person is written in unless another is asked."""
        details = self.people.details(person_id)
        return document_language(None, *self._readers_languages(details))

    def _readers_languages(self, details: PersonDetails | None) -> list[str | None]:
        """Who fills the form in: the person, else their parents or guardians (a minor's)."""
        if details is None:
            return []
        guardians = (self.people.get(link.person_id) for link in details.guardians)
        return [details.person.language, *(g.language for g in guardians if g is not None)]

    def _person(self, person_id: int) -> PersonDetails:
        details = self.people.details(person_id)
        if details is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        if details.person.status is not PersonStatus.ACTIVE:
            raise RefusedError(
                N_("Person {id} is restricted: their data are not used for new documents."),
                id=person_id,
            )
        return details

    def _content(
        self, kind: str, details: PersonDetails | None, fillable: bool, lang: str
    ) -> FormContent:
        years = RetentionStore(self.db).policies().of(Category.IDENTIFICATION)
        notice = NoticeFacts(self.settings.organisation().in_language(lang), years, kind)
        purposes = tuple(
            (p.key, p.label)
            for p in self.consents.purposes()
            if kind == "enrollment" or p.key != HEALTH_PURPOSE  # health only for courses
        )
        if details is None:
            guardians = GUARDIANS_ON_FORM if kind == "enrollment" else 1
            return FormContent(kind, purposes, notice, guardians=guardians, fillable=fillable)
        today = self.clock.today()
        person = details.person
        values = _identity(details, lang, phone_region(self.settings.organisation().country))
        ticked = frozenset(current_consents(self.records.consents(person.id), today))
        guardians = 0
        if kind == "membership":
            values |= self._membership_values(person.id, lang)
        else:
            values["course_wanted"] = self._courses_of(person.id, today)
        if not _known_adult(details, today):
            values |= self._guardian_values(details)
            guardians = (
                GUARDIANS_ON_FORM if kind == "enrollment" else max(1, len(details.guardians))
            )
            minor = (
                is_minor(details.person.birth_date, today) if details.person.birth_date else False
            )
            return FormContent(kind, purposes, notice, values, ticked, min(guardians, 2), fillable,
                               minor=minor)  # fmt: skip
        return FormContent(kind, purposes, notice, values, ticked, guardians, fillable)

    def _membership_values(self, person_id: int, lang: str) -> dict[str, str]:
        memberships = self.records.memberships(person_id)
        if not memberships:
            return {}
        latest = memberships[0]
        return {
            "membership_year": f"{format_day(latest.starts_on)} – {format_day(latest.ends_on)}",
            "fee": format_money(latest.fee_cents, lang),
        }

    def _courses_of(self, person_id: int, today: date) -> str:
        wanted = []
        for enrollment in self.courses.enrollments_of_student(person_id):
            if enrollment.ends_on is not None and enrollment.ends_on < today:
                continue
            group = self.courses.group(enrollment.group_id)
            course = self.courses.course(group.course_id) if group else None
            if group and course:
                wanted.append(f"{course.subject} ({group.name})")
        return "; ".join(wanted)

    def _guardian_values(self, details: PersonDetails) -> dict[str, str]:
        values: dict[str, str] = {}
        region = phone_region(self.settings.organisation().country)
        for number, link in enumerate(details.guardians[:GUARDIANS_ON_FORM], start=1):
            guardian = self.people.get(link.person_id)
            prefix = f"guardian{number}_"
            values[prefix + "name"] = link.full_name
            values[prefix + "relationship"] = link.relationship or ""
            values[prefix + "email"] = (guardian.email if guardian else None) or ""
            values[prefix + "phone"] = display_phone(guardian.phone if guardian else None, region)
        return values

    def attendance_sheet(
        self, group_id: int, first: date | str, last: date | str, language: str | None = None
    ) -> bytes:
        start, end = require_date(first, "from"), require_date(last, "to")
        if end < start:
            raise ValidationError("to", N_("The end date comes before the start date."))
        if (end - start).days > MAX_ATTENDANCE_DAYS:
            raise ValidationError("to", N_("An attendance sheet covers at most one year."))
        group = self.courses.group(group_id)
        if group is None:
            raise NotFoundError(N_("There is no group with number {id}."), id=group_id)
        course = self.courses.course(group.course_id)
        tutor = self.people.get(group.tutor_id) if group.tutor_id is not None else None
        students = tuple(self.attendance.enrolled_between(group_id, start, end))
        content = AttendanceContent(
            group.name, course.subject if course else "", tutor.full_name if tutor else "",
            group.schedule or "", group.place or "", start, end,
            tuple(sessions(group.schedule, start, end)), students,
        )  # fmt: skip
        pdf = render_attendance(self._context(document_language(language)), content)
        self.audit.record("document.attendance", group=group_id, count=len(students),
                          sha256=sha256(pdf))  # fmt: skip
        return pdf

    def _context(self, language: str) -> DocumentContext:
        return self.settings.document_context(language, self.clock.today())


def _identity(details: PersonDetails, lang: str, region: str) -> dict[str, str]:
    person = details.person
    return {
        "family_name": person.family_name,
        "given_name": person.given_name,
        "birth_date": format_day(person.birth_date, lang),
        "email": person.email or "",
        "phone": display_phone(person.phone, region),
        "street": person.street or "",
        "postal_code": person.postal_code or "",
        "city": person.city or "",
        "country": person.country or "",
        "school": details.school or "",
        "school_year": details.school_year or "",
    }


def _known_adult(details: PersonDetails, today: date) -> bool:
    birth = details.person.birth_date
    return birth is not None and not is_minor(birth, today)
