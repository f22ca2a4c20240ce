"""Import people from a spreadsheet or an export archive: plan first, then commit all at once.

`open` reads the file and chooses the column mapping (given, saved for these
headers, or guessed); `plan` says what every row would do without writing;
`commit` writes every accepted row in one transaction, so an error, a crash or
a cancel leaves the vault as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import RefusedError, UserError
from coursenplus_desk.domain.import_mapping import ColumnMapping, guess_mapping, mapping_from_json
from coursenplus_desk.domain.import_matching import DuplicateIndex
from coursenplus_desk.domain.import_plan import Planner
from coursenplus_desk.domain.import_types import Action, ImportPlan
from coursenplus_desk.domain.people import PersonFields, PersonStatus, Role
from coursenplus_desk.domain.work import Progress, WorkCancelledError, report
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.collector import collector_paused
from coursenplus_desk.services.courses import CoursesService
from coursenplus_desk.services.import_archive import ArchiveData, apply_archive, read_archive
from coursenplus_desk.services.import_files import Table, read_table
from coursenplus_desk.services.import_writes import PlanWriter
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.services.records import RecordsService
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.retention_batch import batched
from coursenplus_desk.store.settings import SettingsStore
from coursenplus_desk.store.transfer import TransferStore

# Called with (done, total) as the commit goes; returning False cancels it.
SAVED_MAPPINGS = "import.mappings"
REFUSED_ROWS = N_("Rows with errors: {count}. Nothing was imported.")


class ImportRefusedError(UserError):
    """Some rows have errors and the import was not told to skip them."""


class ImportCancelledError(WorkCancelledError):
    """The person cancelled the import: nothing was written."""


@dataclass(frozen=True)
class ImportSource:
    path: Path
    table: Table
    mapping: ColumnMapping
    archive: ArchiveData | None = None


@dataclass(frozen=True)
class ImportReport:
    imported_rows: int
    rejected_rows: int
    created: int
    updated: int
    unchanged: int
    links: int
    enrollments: int = 0
    contacts: int = 0  # dated contacts from "last contact" and "registration date" columns
    person_ids: dict[int, int] = field(default_factory=dict)  # planned person to person id


class VaultPeople:
    """The people of the vault as the planner sees them: matching keys, values, status."""

    def __init__(self, transfer: TransferStore) -> None:
        self.transfer = transfer
        self.index: DuplicateIndex[int] = DuplicateIndex()
        self._fields: dict[int, PersonFields] = {}
        keys = transfer.matching_keys()
        self._statuses: dict[int, str] = {key[0]: key[1] for key in keys}
        self.index.add_stored(keys)
        self._links = transfer.guardianships()
        self._guardians: dict[int, list[int]] = {}
        for guardian, student in self._links:
            self._guardians.setdefault(student, []).append(guardian)

    def fields(self, person_id: int) -> PersonFields:
        """All the values of a person the file names (read when first asked)."""
        if person_id not in self._fields:
            fields = self.transfer.person_fields(person_id)
            assert fields is not None  # an id of `matching_keys`, in the same planning
            self._fields[person_id] = fields
        return self._fields[person_id]

    def is_active(self, person_id: int) -> bool:
        return self._statuses.get(person_id) == PersonStatus.ACTIVE.value

    def linked(self, guardian_id: int, student_id: int) -> bool:
        return (guardian_id, student_id) in self._links

    def guardian_ids(self, student_id: int) -> list[int]:
        return self._guardians.get(student_id, [])


class _Ticker:
    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def __call__(self, steps: int = 1) -> None:
        self.done += steps
        report(
            self.progress,
            self.done,
            self.total,
            ImportCancelledError,
            N_("The import was cancelled: nothing was imported."),
        )


class ImportService:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        audit: Auditor,
        people: PeopleService,
        courses: CoursesService,
    ) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.people = people
        self.courses = courses
        self.records = RecordsService(db, clock, audit)
        self.transfer = TransferStore(db)
        self.settings = SettingsStore(db)

    def open(self, path: Path, mapping: Mapping[str, object] | None = None) -> ImportSource:
        """Read a file and choose its mapping: the one given, the one saved, or a guess."""
        archive = read_archive(path)
        table = archive.people if archive is not None else read_table(path)
        if mapping is None:
            mapping = self.saved_mapping(table.headers)
        chosen = (
            mapping_from_json(table.headers, mapping)
            if mapping is not None
            else guess_mapping(table.headers, Role.STUDENT)
        )
        return ImportSource(path, table, chosen, archive)

    def with_mapping(self, source: ImportSource, mapping: ColumnMapping) -> ImportSource:
        return ImportSource(source.path, source.table, mapping, source.archive)

    def plan(self, source: ImportSource, progress: Progress | None = None) -> ImportPlan:
        """What each row would do; nothing is written. `progress` may cancel, as for commit."""
        with collector_paused():
            known = VaultPeople(self.transfer)
            planner = Planner(source.mapping, known, self.clock.today())
            tick = _Ticker(progress, len(source.table.rows))
            return planner.plan(source.table.rows, lambda done, total: tick())

    def commit(
        self,
        source: ImportSource,
        plan: ImportPlan,
        *,
        skip_invalid: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        if plan.committed:
            raise RefusedError(N_("This import was already carried out: read the file again."))
        rejected = len(plan.rejected)
        if rejected and not skip_invalid:
            raise ImportRefusedError(REFUSED_ROWS, count=rejected)
        extra = source.archive.size if source.archive is not None else 0
        tick = _Ticker(progress, len(plan.targets) + len(plan.links) + extra)
        with collector_paused(), self.db.transaction(), batched(self.db):
            writer = PlanWriter(self.people, tick)
            ids = writer.people_of(plan)
            links = writer.links_of(plan, ids)
            contacts = writer.contacts_of(plan, ids)
            writer.audit()
            enrollments = 0
            if source.archive is not None:
                refs = {ref: ids[target] for ref, target in plan.refs.items()}
                counts = apply_archive(
                    source.archive, refs, self.people, self.courses, self.records, tick
                )
                links += counts.links
                enrollments = counts.enrollments
                contacts += counts.contacts
            report = ImportReport(
                imported_rows=len(plan.accepted),
                rejected_rows=rejected,
                created=plan.count(Action.CREATE),
                updated=plan.count(Action.UPDATE),
                unchanged=plan.count(Action.UNCHANGED),
                links=links,
                enrollments=enrollments,
                contacts=contacts,
                person_ids=ids,
            )
            self.audit.record(
                "import.commit",
                rows=report.imported_rows,
                rejected=rejected,
                created=report.created,
                updated=report.updated,
                links=links,
                enrollments=enrollments,
                contacts=contacts,
            )
            self.remember_mapping(source.mapping)
        plan.committed = True
        return report

    def saved_mapping(self, headers: tuple[str, ...]) -> Mapping[str, object] | None:
        saved = self.settings.get(SAVED_MAPPINGS)
        if not isinstance(saved, dict):
            return None
        found = saved.get(_signature(headers))
        return found if isinstance(found, dict) else None

    def remember_mapping(self, mapping: ColumnMapping) -> None:
        """Keep the mapping for the next file with the same headers (inside the vault)."""
        saved = self.settings.get(SAVED_MAPPINGS)
        mappings = dict(saved) if isinstance(saved, dict) else {}
        mappings[_signature(mapping.headers)] = mapping.to_json()
        self.settings.set(SAVED_MAPPINGS, mappings)


def _signature(headers: tuple[str, ...]) -> str:
    return "\x1f".join(headers)
