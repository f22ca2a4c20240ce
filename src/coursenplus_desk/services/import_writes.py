"""Writing a committed import plan: every planned person and link in a few statements.

The rows and audit events are the very ones the one-person services write
(`PeopleService.add`, `update`, `link_guardian`, with values already checked by
the plan), in the same order, but gathered first and written with one statement
per table: no savepoint and no audit-chain look-up per person. The caller holds the
transaction; the progress ticks come before anything is written, so a cancel
writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from coursenplus_desk.domain.errors import NotFoundError, RefusedError
from coursenplus_desk.domain.import_links import FamilyGraph
from coursenplus_desk.domain.import_types import Action, ImportPlan, Target
from coursenplus_desk.domain.people import PersonFields, PersonStatus, Role
from coursenplus_desk.domain.records import ContactChannel
from coursenplus_desk.domain.validation import clean_text
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.people import PeopleService, changed_fields
from coursenplus_desk.store.bulk import next_person_id
from coursenplus_desk.store.records import RecordsStore
from coursenplus_desk.store.transfer import TransferStore

Event = tuple[str, int | None, dict[str, object]]


class PlanWriter:
    def __init__(self, people: PeopleService, tick: Callable[[], None]) -> None:
        self.people = people
        self.store = people.store
        self.transfer = TransferStore(people.db)
        self.records = RecordsStore(people.db)
        self.clock = people.clock
        self.tick = tick
        self.events: list[Event] = []

    def people_of(self, plan: ImportPlan) -> dict[int, int]:
        """Create, update or leave each planned person; planned number to person id."""
        created = [target for target in plan.targets if target.action is Action.CREATE]
        first = next_person_id(self.store.db)
        new_ids = {target.number: first + index for index, target in enumerate(created)}
        ids: dict[int, int] = {}
        updated = [t.existing_id or 0 for t in plan.targets if t.action is Action.UPDATE]
        stored = self.transfer.people_fields(updated)
        updates: list[Target] = []
        restricted: list[tuple[int, PersonStatus]] = []
        for target in plan.targets:
            action = target.action
            if action is Action.CREATE:
                person_id = ids[target.number] = new_ids[target.number]
                roles = sorted(target.fields.roles)
                self.events.append(
                    ("person.create", person_id, {"roles": roles, "source": "import"})
                )
                if target.status is not PersonStatus.ACTIVE:
                    restricted.append((person_id, target.status))
                    values: dict[str, object] = {"status": target.status.value}
                    self.events.append(("person.status", person_id, values))
            else:
                assert target.existing_id is not None
                ids[target.number] = target.existing_id
                if action is Action.UPDATE:
                    updates.append(target)
                    self._update_event(target, stored)
            self.tick()
        now = self.clock.now()
        # The people met again first: their old words leave the search index while it
        # holds nothing pending, before the new people's words are added.
        self.store.update_many(
            [(target.existing_id or 0, target.fields) for target in updates], now, stored
        )
        written = self.store.insert_many([t.fields for t in created], self.clock.today(), now)
        assert written == [new_ids[target.number] for target in created]
        for person_id, status in restricted:
            self.store.set_status(person_id, status, now)
        return ids

    def _update_event(self, target: Target, stored: dict[int, PersonFields]) -> None:
        assert target.existing_id is not None
        previous = stored.get(target.existing_id)
        if previous is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=target.existing_id)
        fields = changed_fields(previous, target.fields)
        self.events.append(("person.update", target.existing_id, {"fields": fields}))

    def contacts_of(self, plan: ImportPlan, ids: dict[int, int]) -> int:
        """A dated contact for each past interaction the file gives, unless already recorded."""
        wanted = [
            (ids[target.number], day)
            for target in plan.targets
            for day in sorted(target.contact_days)
        ]
        written = self.records.insert_contacts_once(wanted, ContactChannel.OTHER)
        for person_id, _day in written:
            self.events.append(("contact.create", person_id, {"channel": "other"}))
        return len(written)

    def links_of(self, plan: ImportPlan, ids: dict[int, int]) -> int:
        """Add the planned family links, with the checks of `PeopleService.link_guardian`."""
        new = {ids[target.number] for target in plan.targets if target.action is Action.CREATE}
        graph = FamilyGraph(self.store.guardian_ids, is_new=new.__contains__)
        linked = {ids[number] for link in plan.links for number in (link.guardian, link.student)}
        known = new | self.store.existing(linked - new)
        rows: list[tuple[int, int, str | None, int]] = []
        for link in plan.links:
            guardian, student = ids[link.guardian], ids[link.student]
            relationship = clean_text(link.relationship, "relationship", max_length=60)
            if guardian == student:
                raise RefusedError(N_("A person cannot be their own guardian."))
            for person_id in (guardian, student):
                if person_id not in known:
                    raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
            if graph.would_loop(guardian, student):
                raise RefusedError(N_("This link would make a person their own guardian."))
            graph.add(guardian, student)
            rows.append((guardian, student, relationship, int(link.primary)))
            self.events.append(("family.link", student, {"guardian": guardian}))
            self.tick()
        self.store.link_many(rows, self._written_guardians(plan, ids))
        return len(rows)

    @staticmethod
    def _written_guardians(plan: ImportPlan, ids: dict[int, int]) -> set[int]:
        """The guardians of the plan's links whose roles `people_of` wrote, with the
        guardian role: the planner gives it to every parent of a row."""
        written = set()
        for link in plan.links:
            target = plan.targets[link.guardian]
            if target.action is not Action.UNCHANGED and Role.GUARDIAN in target.fields.roles:
                written.add(ids[link.guardian])
        return written

    def audit(self) -> None:
        """The audit events of everything written, in the order the services would write."""
        self.people.audit.record_many(self.events)
        self.events = []
