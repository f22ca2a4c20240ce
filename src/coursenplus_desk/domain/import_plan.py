"""The import plan: what each row of a spreadsheet creates, updates or links, and what is wrong.

Planning is pure: rows, a column mapping, the people already known and today's
date in; a plan out. Nothing is written until the plan is committed, so a dry
run and the real import show the same thing. A row with any error is rejected
whole (its person and their parents); a person met twice in the file, or
already in the vault, is planned once and merged rather than duplicated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.import_mapping import GUARDIAN_SLOTS, PERSON_FIELDS, ColumnMapping
from coursenplus_desk.domain.import_matching import (
    DuplicateIndex,
    MatchKind,
    fill_blanks,
    override,
)
from coursenplus_desk.domain.import_values import parse_roles, parse_written_date
from coursenplus_desk.domain.people import (
    PersonDraft,
    PersonFields,
    PersonStatus,
    Role,
    validate_person,
)
from coursenplus_desk.domain.spreadsheet import CellValue, cell_text
from coursenplus_desk.domain.validation import choice, clean_text
from coursenplus_desk.i18n import N_, Translate, _


@dataclass(frozen=True)
class CellProblem:
    """Why a cell is refused or worth a look: row number as in the file, column header."""

    row: int
    column: str
    field: str
    message_id: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)

    def message(self, translate: Translate | None = None) -> str:
        text = (translate or _)(self.message_id)
        return text.format(**self.params) if self.params else text


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass
class Target:
    """One person the import writes (or leaves as is); several rows may name them."""

    number: int
    fields: PersonFields
    first_row: int
    existing_id: int | None = None
    before: PersonFields | None = None
    locked: bool = False
    status: PersonStatus = (
        PersonStatus.ACTIVE
    )  # an existing person who is not active: never changed by an import

    @property
    def action(self) -> Action:
        if self.existing_id is None:
            return Action.CREATE
        if self.locked or self.fields == self.before:
            return Action.UNCHANGED
        return Action.UPDATE


@dataclass(frozen=True)
class RowPerson:
    slot: str  # "" for the row's person, "guardian1"... for a parent on the row
    target: int
    match: str | None = None  # how an existing or earlier person was recognised


@dataclass(frozen=True)
class PlannedLink:
    guardian: int
    student: int
    relationship: str | None
    primary: bool


@dataclass
class RowPlan:
    row: int
    cells: tuple[str, ...]
    people: list[RowPerson] = field(default_factory=list)
    links: list[PlannedLink] = field(default_factory=list)
    errors: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)
    ref: str | None = None
    family: str | None = None
    roles: tuple[Role, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.errors


@dataclass
class ImportPlan:
    mapping: ColumnMapping
    rows: list[RowPlan]
    targets: list[Target]
    refs: dict[str, int]  # a row's own number or code ("ref" column) to its person

    @property
    def accepted(self) -> list[RowPlan]:
        return [row for row in self.rows if row.accepted]

    @property
    def rejected(self) -> list[RowPlan]:
        return [row for row in self.rows if not row.accepted]

    @property
    def links(self) -> list[PlannedLink]:
        return [link for row in self.accepted for link in row.links]

    def count(self, action: Action) -> int:
        return sum(1 for target in self.targets if target.action is action)


class KnownPeople(Protocol):
    """The people already in the vault, as far as matching needs them."""

    index: DuplicateIndex[int]

    def fields(self, person_id: int) -> PersonFields: ...

    def is_active(self, person_id: int) -> bool: ...

    def linked(self, guardian_id: int, student_id: int) -> bool: ...


class _Row:
    """One row's cells by field, remembering which column each value came from."""

    def __init__(self, number: int, mapping: ColumnMapping, cells: Sequence[CellValue]) -> None:
        self.number = number
        self.mapping = mapping
        self.cells = cells
        self.texts = tuple(cell_text(cell) for cell in cells)

    def column(self, name: str) -> int | None:
        """The first column of this field holding a value, else its first column."""
        columns = self.mapping.columns_of(name)
        for column in columns:
            if column < len(self.texts) and self.texts[column] is not None:
                return column
        return columns[0] if columns else None

    def value(self, name: str) -> CellValue:
        column = self.column(name)
        return self.cells[column] if column is not None and column < len(self.cells) else None

    def text(self, name: str) -> str | None:
        column = self.column(name)
        return self.texts[column] if column is not None and column < len(self.texts) else None

    def problem(self, name: str, error: ValidationError) -> CellProblem:
        column = self.column(name)
        header = self.mapping.headers[column] if column is not None else ""
        return CellProblem(self.number, header, name, error.message_id, dict(error.params))

    def filled(self, slot: str) -> bool:
        prefix = f"{slot}." if slot else ""
        names = {n for n in self.mapping.fields if n and n.startswith(prefix)}
        if not slot:
            names = {n for n in names if "." not in n}
        return any(self.text(name) for name in names)


class Planner:
    def __init__(self, mapping: ColumnMapping, known: KnownPeople, today: date) -> None:
        self.mapping = mapping
        self.known = known
        self.today = today
        self.targets: list[Target] = []
        self.in_file: DuplicateIndex[int] = DuplicateIndex()
        self.by_existing: dict[int, int] = {}
        self.refs: dict[str, tuple[int, int]] = {}  # ref to (target, row)

    def plan(self, rows: Iterable[tuple[int, Sequence[CellValue]]]) -> ImportPlan:
        plans: list[RowPlan] = []
        for number, cells in rows:
            plan = self._row(_Row(number, self.mapping, cells))
            if plan is not None:
                plans.append(plan)
        _link_families(plans)
        for plan in plans:
            plan.links = [link for link in plan.links if self._new_link(link)]
        refs = {ref: target for ref, (target, _row) in self.refs.items()}
        return ImportPlan(self.mapping, plans, self.targets, refs)

    def _row(self, row: _Row) -> RowPlan | None:
        if not any(row.texts):
            return None
        texts = tuple(text or "" for text in row.texts)
        plan = RowPlan(row.number, texts)
        plan.roles = self._roles(row, plan)
        people = self._people(row, plan)
        plan.ref = self._ref(row, plan)
        plan.family = row.text("family")
        status = self._status(row, plan)
        if plan.errors:
            return plan
        used: set[int] = set()
        for slot, person in people.items():
            number, match = self._resolve(person, row, plan, slot, used)
            used.add(number)
            plan.people.append(RowPerson(slot, number, match))
        main = self.targets[plan.people[0].target]
        if main.existing_id is None and status is not PersonStatus.ACTIVE:
            main.status = status
        for index, parent in enumerate(plan.people[1:]):
            relationship = clean_text(row.text(f"{parent.slot}.relationship"), "relationship")
            plan.links.append(PlannedLink(parent.target, main.number, relationship, index == 0))
        if plan.ref is not None:
            self.refs[plan.ref] = (main.number, row.number)
        return plan

    def _new_link(self, link: PlannedLink) -> bool:
        """Not there yet, and not touching a restricted person (left as they are)."""
        guardian, student = self.targets[link.guardian], self.targets[link.student]
        if guardian.locked or student.locked:
            return False
        if guardian.existing_id is None or student.existing_id is None:
            return True
        return not self.known.linked(guardian.existing_id, student.existing_id)

    def _roles(self, row: _Row, plan: RowPlan) -> tuple[Role, ...]:
        try:
            return parse_roles(row.value("roles")) or (self.mapping.default_role,)
        except ValidationError as error:
            plan.errors.append(row.problem("roles", error))
            return (self.mapping.default_role,)

    def _people(self, row: _Row, plan: RowPlan) -> dict[str, PersonFields]:
        people: dict[str, PersonFields] = {}
        main = self._person(row, plan, "", PERSON_FIELDS, plan.roles)
        if main is not None:
            people[""] = main
        for slot in GUARDIAN_SLOTS:
            if not row.filled(slot):
                continue
            try:
                clean_text(row.text(f"{slot}.relationship"), "relationship", max_length=60)
            except ValidationError as error:
                plan.errors.append(row.problem(f"{slot}.relationship", error))
            guardian = self._person(row, plan, slot, _GUARDIAN_PERSON_FIELDS, (Role.GUARDIAN,))
            if guardian is not None:
                people[slot] = guardian
        return people

    def _person(
        self,
        row: _Row,
        plan: RowPlan,
        slot: str,
        names: Sequence[str],
        roles: tuple[Role, ...],
    ) -> PersonFields | None:
        prefix = f"{slot}." if slot else ""
        values = {name: row.text(prefix + name) for name in names if name != "birth_date"}
        birth: date | None = None
        failed = False
        if "birth_date" in names:
            try:
                birth = parse_written_date(row.value("birth_date"), "birth_date")
            except ValidationError as error:
                plan.errors.append(row.problem("birth_date", error))
                failed = True
        draft = PersonDraft(roles=tuple(role.value for role in roles), birth_date=birth, **values)
        try:
            person = validate_person(draft, self.today)
        except ValidationError as error:
            plan.errors.extend(row.problem(prefix + each.field, each) for each in error.errors)
            return None
        return None if failed else person

    def _ref(self, row: _Row, plan: RowPlan) -> str | None:
        ref = row.text("ref")
        if ref is not None and ref in self.refs:
            error = ValidationError(
                "ref", N_("This number already appears on row {row}."), row=self.refs[ref][1]
            )
            plan.errors.append(row.problem("ref", error))
        return ref

    def _status(self, row: _Row, plan: RowPlan) -> PersonStatus:
        try:
            text = row.text("status")
            return choice(text, "status", PersonStatus) if text else PersonStatus.ACTIVE
        except ValidationError as error:
            plan.errors.append(row.problem("status", error))
            return PersonStatus.ACTIVE

    def _resolve(
        self, person: PersonFields, row: _Row, plan: RowPlan, slot: str, used: set[int]
    ) -> tuple[int, str | None]:
        """The planned person for these values: an earlier one, an existing one, or new."""
        prefix = f"{slot}." if slot else ""
        found = self.in_file.find(person)
        known = self.known.index.find(person)
        if found is None and known is not None and known[0] in self.by_existing:
            found = (self.by_existing[known[0]], known[1])
        if found is not None and found[0] not in used:
            number, kind = found
            target = self.targets[number]
            if not target.locked:
                target.fields = fill_blanks(target.fields, person)
        elif known is not None and known[0] not in self.by_existing:
            number, kind = self._existing(known[0], person, row, plan, prefix), known[1]
        else:
            number, kind = self._new(person, row, plan, prefix), None
        self._warn_name_only(row, plan, prefix, kind)
        self.in_file.add(self.targets[number].fields, number)
        self.in_file.add(person, number)
        return number, kind

    def _existing(
        self, person_id: int, person: PersonFields, row: _Row, plan: RowPlan, prefix: str
    ) -> int:
        number = len(self.targets)
        before = self.known.fields(person_id)
        active = self.known.is_active(person_id)
        fields = override(before, person) if active else before
        self.targets.append(Target(number, fields, row.number, person_id, before, not active))
        self.by_existing[person_id] = number
        if not active:
            plan.warnings.append(
                _warning(
                    row,
                    prefix + "family_name",
                    N_("This is person {id}, whose data are restricted: left unchanged."),
                    id=person_id,
                )
            )
        return number

    def _new(self, person: PersonFields, row: _Row, plan: RowPlan, prefix: str) -> int:
        number = len(self.targets)
        self.targets.append(Target(number, person, row.number))
        other = self.known.index.sharing_email(person)
        if other is not None:
            plan.warnings.append(
                _warning(
                    row,
                    prefix + "email",
                    N_("Person {id} has the same email address; a separate person is created."),
                    id=other,
                )
            )
        return number

    def _warn_name_only(self, row: _Row, plan: RowPlan, prefix: str, kind: str | None) -> None:
        if kind == MatchKind.NAME_ONLY:
            plan.warnings.append(
                _warning(
                    row,
                    prefix + "family_name",
                    N_("Recognised by name only: please check it is the same person."),
                )
            )


_GUARDIAN_PERSON_FIELDS = ("given_name", "family_name", "email", "phone")


def _warning(row: _Row, name: str, message_id: str, **params: object) -> CellProblem:
    return row.problem(name, ValidationError(name, message_id, **params))


def _link_families(plans: list[RowPlan]) -> None:
    """Rows sharing a family code: each parent of the family is linked to each student."""
    families: dict[str, list[RowPlan]] = {}
    for plan in plans:
        if plan.accepted and plan.family:
            families.setdefault(plan.family.casefold(), []).append(plan)
    for rows in families.values():
        guardians = [row.people[0].target for row in rows if Role.GUARDIAN in row.roles]
        for row in rows:
            if Role.STUDENT not in row.roles:
                continue
            student = row.people[0].target
            linked = {(link.guardian, link.student) for row in rows for link in row.links}
            for guardian in guardians:
                if guardian != student and (guardian, student) not in linked:
                    row.links.append(PlannedLink(guardian, student, None, False))
                    linked.add((guardian, student))
