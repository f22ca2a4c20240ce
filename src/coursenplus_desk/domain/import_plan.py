"""The import plan: what each row of a spreadsheet creates, updates or links, and what is wrong.

Planning is pure: rows, a column mapping, the people already known and today's
date in; a plan out. Nothing is written until the plan is committed, so a dry
run and the real import show the same thing. A row with any error is rejected
whole (its person and their parents); a person met twice in the file, or
already in the vault, is planned once and merged rather than duplicated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.import_links import FamilyGraph, link_families
from coursenplus_desk.domain.import_mapping import (
    DATE_FIELDS,
    GUARDIAN_SLOTS,
    PERSON_FIELDS,
    ColumnMapping,
)
from coursenplus_desk.domain.import_matching import (
    DuplicateIndex,
    Match,
    MatchKind,
    fill_blanks,
    override,
)
from coursenplus_desk.domain.import_types import (
    CellProblem,
    ImportPlan,
    KnownPeople,
    PlannedLink,
    RowPerson,
    RowPlan,
    Target,
)
from coursenplus_desk.domain.import_values import parse_roles, parse_written_date
from coursenplus_desk.domain.people import (
    PersonDraft,
    PersonFields,
    PersonStatus,
    Role,
    validate_person,
)
from coursenplus_desk.domain.remembered import remembered
from coursenplus_desk.domain.spreadsheet import CellValue, cell_text
from coursenplus_desk.domain.validation import choice, clean_text
from coursenplus_desk.i18n import N_


class _Row:
    """One row's cells by field, remembering which column each value came from."""

    def __init__(self, number: int, mapping: ColumnMapping, cells: Sequence[CellValue]) -> None:
        self.number = number
        self.mapping = mapping
        self.cells = cells
        self.texts = texts = tuple(cell_text(cell) for cell in cells)
        # Each field's column, chosen once: a row's fields are read many times over.
        self.columns = {
            name: _chosen(columns, texts) for name, columns in mapping.field_columns.items()
        }

    def column(self, name: str) -> int | None:
        """The first column of this field holding a value, else its first column."""
        return self.columns.get(name)

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
        return any(self.text(name) for name in self.mapping.slot_fields(slot))


def _chosen(columns: Sequence[int], texts: Sequence[str | None]) -> int:
    for column in columns:
        if column < len(texts) and texts[column] is not None:
            return column
    return columns[0]


class Planner:
    def __init__(self, mapping: ColumnMapping, known: KnownPeople, today: date) -> None:
        self.mapping = mapping
        self.known = known
        self.today = today
        self.targets: list[Target] = []
        self.in_file: DuplicateIndex[int] = DuplicateIndex()
        self.by_existing: dict[int, int] = {}
        self.refs: dict[str, tuple[int, int]] = {}  # ref to (target, row)
        self.mapped = [i for i, name in enumerate(mapping.fields) if name is not None]

    def plan(
        self,
        rows: Sequence[tuple[int, Sequence[CellValue]]],
        on_row: Callable[[int, int], None] | None = None,
    ) -> ImportPlan:
        """The plan of every row; `on_row(done, total)` follows the work (it may raise to stop)."""
        self.mapping.check()
        plans: list[RowPlan] = []
        for done, (number, cells) in enumerate(rows, start=1):
            plan = self._row(_Row(number, self.mapping, cells))
            if plan is not None:
                plans.append(plan)
            if on_row is not None:
                on_row(done, len(rows))
        link_families(plans)
        graph = FamilyGraph(self.known.guardian_ids)
        for plan in plans:
            plan.links = [link for link in plan.links if self._keep_link(link, plan, graph)]
        refs = {ref: target for ref, (target, _row) in self.refs.items()}
        return ImportPlan(self.mapping, plans, self.targets, refs)

    def _row(self, row: _Row) -> RowPlan | None:
        if not any(row.texts[i] for i in self.mapped if i < len(row.texts)):
            return None  # empty, or only cells of columns that are not imported
        texts = tuple(text or "" for text in row.texts)
        plan = RowPlan(row.number, texts)
        plan.roles = self._roles(row, plan)
        people = self._people(row, plan)
        plan.ref = self._ref(row, plan)
        plan.family = row.text("family")
        status = self._status(row, plan)
        days = self._contact_days(row, plan)
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
        if not main.locked:
            main.contact_days.update(days)
        for index, parent in enumerate(plan.people[1:]):
            relationship = clean_text(row.text(f"{parent.slot}.relationship"), "relationship")
            plan.links.append(PlannedLink(parent.target, main.number, relationship, index == 0))
        if plan.ref is not None:
            self.refs[plan.ref] = (main.number, row.number)
        return plan

    def _keep_link(self, link: PlannedLink, plan: RowPlan, graph: FamilyGraph) -> bool:
        if not self._new_link(link):
            return False
        guardian, student = self._node(link.guardian), self._node(link.student)
        if graph.would_loop(guardian, student):
            names = {
                "guardian": _full_name(self.targets[link.guardian].fields),
                "student": _full_name(self.targets[link.student].fields),
            }
            plan.warnings.append(CellProblem(plan.row, "", "guardian", _LOOP, names))
            return False
        graph.add(guardian, student)
        return True

    def _node(self, number: int) -> int:
        """A person of the family graph: their id, or a negative number when new."""
        existing = self.targets[number].existing_id
        return existing if existing is not None else -(number + 1)

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
        checked = _checked(draft, self.today)
        if isinstance(checked, ValidationError):
            plan.errors.extend(row.problem(prefix + each.field, each) for each in checked.errors)
            return None
        return None if failed else checked

    def _ref(self, row: _Row, plan: RowPlan) -> str | None:
        ref = row.text("ref")
        if ref is not None and ref in self.refs:
            error = ValidationError(
                "ref", N_("This number already appears on row {row}."), row=self.refs[ref][1]
            )
            plan.errors.append(row.problem("ref", error))
        return ref

    def _contact_days(self, row: _Row, plan: RowPlan) -> set[date]:
        """The dated interactions a row gives (last contact, registration); never future ones."""
        days = set()
        for name in DATE_FIELDS:
            try:
                day = parse_written_date(row.value(name), name)
                if day is not None and day > self.today:
                    raise ValidationError(name, N_("This date is in the future."))
            except ValidationError as error:
                plan.errors.append(row.problem(name, error))
                continue
            if day is not None:
                days.add(day)
        return days

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
        used_ids = {self.targets[n].existing_id or 0 for n in used}  # ids start at 1
        earlier = self.in_file.find(person, exclude=used)
        known = self.known.index.find(person, exclude=used_ids)
        if known is not None and known.value in self.by_existing:
            earlier = _better(earlier, known._replace(value=self.by_existing[known.value]))
            known = None
        if earlier is not None and _better(earlier, known) is earlier:
            number, kind = earlier.value, earlier.kind
            target = self.targets[number]
            if not target.locked:
                target.fields = fill_blanks(target.fields, person)
        elif known is not None:
            number, kind = self._existing(known.value, person, row, plan, prefix), known.kind
        else:
            number, kind = self._new(person, row, plan, prefix), None
        self._warn_name_only(row, plan, prefix, kind)
        self.in_file.add(self.targets[number].fields, number)
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
        """A match on little evidence is shown so that the person can check it."""
        message = _WEAK_MATCHES.get(kind or "")
        if message is not None:
            plan.warnings.append(_warning(row, prefix + "family_name", message))


@remembered
def _checked(draft: PersonDraft, today: date) -> PersonFields | ValidationError:
    """`validate_person` once per distinct draft, its errors returned: a parent is written
    again on each of their children's rows, and a file is planned again (with another
    mapping, or to commit it after its dry run). Forgotten when the vault locks."""
    try:
        return validate_person(draft, today)
    except ValidationError as error:
        return error.with_traceback(None)  # kept: without the frames it was raised in


_GUARDIAN_PERSON_FIELDS = ("given_name", "family_name", "email", "phone")
_WEAK_MATCHES = {
    MatchKind.NAME_ONLY: N_("Recognised by name only: please check it is the same person."),
    MatchKind.EMAIL_OTHER_NAME: N_(
        "Recognised by email address under another family name: please check it is the same person."
    ),
}


def _warning(row: _Row, name: str, message_id: str, **params: object) -> CellProblem:
    return row.problem(name, ValidationError(name, message_id, **params))


_LOOP = N_("No link from {guardian} to {student}: it would make a person their own guardian.")


def _full_name(fields: PersonFields) -> str:
    return f"{fields.given_name} {fields.family_name}"


def _better(first: Match[int] | None, second: Match[int] | None) -> Match[int] | None:
    """The match that fits best; the earlier one when both fit as well."""
    if first is None or (second is not None and second.score > first.score):
        return second
    return first
