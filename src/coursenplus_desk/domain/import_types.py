"""What an import plan is made of: planned people, rows, links and cell problems."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from coursenplus_desk.domain.import_mapping import ColumnMapping
from coursenplus_desk.domain.import_matching import DuplicateIndex
from coursenplus_desk.domain.people import PersonFields, PersonStatus, Role
from coursenplus_desk.i18n import Translate, _


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
    contact_days: set[date] = field(default_factory=set)  # past interactions the file dates

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
    committed: bool = False  # a plan is carried out once: it says "create", not "create again"

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

    def guardian_ids(self, student_id: int) -> list[int]: ...
