"""Three laptops, random edits, erasures and syncs, files delayed, duplicated, partly delivered.

Afterwards every vault's full export is the same, no erased person is left
anywhere (vaults, exchange files decrypted, histories), and every file in
every copy of the folder was written by the laptop it belongs to.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.store.retention_facts import FIELDS as FACT_FIELDS
from coursenplus_desk.store.retention_facts import definitions_sql
from tests.sync_checks import (
    assert_nowhere,
    assert_single_writers,
    canonical_export,
    record_writes,
)
from tests.sync_support import Laptop, carry, first_laptop, join

FIELDS = ("city", "email", "phone", "notes")
VALUES = {
    "city": ("Namur", "Liège", "Gent", "Arlon"),
    "email": ("a@example.org", "b@example.org", "c@example.org"),
    "phone": ("+32470000001", "+32470000002", "+32470000003"),
    "notes": ("piano", "maths", "néerlandais"),
}


class ThreeLaptops(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.base = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        self.laptops: list[Laptop] = []
        self.erased: list[str] = []  # family names of erased people
        self.written: dict[str, set[str]] = {}
        self.counter = 0

    @initialize()
    def make_register(self) -> None:
        a = first_laptop(self.base, "a")
        a.add("Ada", "Family0")
        b = join(a, self.base, "b")
        c = join(a, self.base, "c")
        self.laptops = [a, b, c]
        for laptop in self.laptops:
            record_writes(laptop, self.written)
        for laptop in (b, c):
            carry(laptop, a)  # the first files (joined, acknowledgements) reach the inviter

    def teardown(self) -> None:
        for laptop in self.laptops:
            laptop.close()
        shutil.rmtree(self.base, ignore_errors=True)

    def _people(self, laptop: Laptop) -> list[int]:
        return [int(v) for v in laptop.workspace.db.column(
            "SELECT id FROM person WHERE status = 'active' ORDER BY id")]  # fmt: skip

    @rule(which=st.integers(0, 2))
    def add_person(self, which: int) -> None:
        self.counter += 1
        self.laptops[which].add("Kid", f"Family{self.counter}x{which}")

    @rule(which=st.integers(0, 2), pick=st.integers(0, 50), field=st.sampled_from(FIELDS),
          value=st.integers(0, 3))  # fmt: skip
    def edit(self, which: int, pick: int, field: str, value: int) -> None:
        laptop = self.laptops[which]
        people = self._people(laptop)
        if people:
            options = VALUES[field]
            laptop.edit(people[pick % len(people)], **{field: options[value % len(options)]})

    @rule(which=st.integers(0, 2), pick=st.integers(0, 50))
    def add_contact(self, which: int, pick: int) -> None:
        laptop = self.laptops[which]
        people = self._people(laptop)
        if people:
            laptop.workspace.records.add_contact(people[pick % len(people)], "2026-11-01", "phone",
                                                 "appel")  # fmt: skip

    @rule(which=st.integers(0, 2), first=st.integers(0, 50), second=st.integers(0, 50),
          unlink=st.booleans())  # fmt: skip
    def family_link(self, which: int, first: int, second: int, unlink: bool) -> None:
        """A guardian link made or removed: a link is present or absent, last writer wins."""
        people = self._people(self.laptops[which])
        if len(people) < 2:
            return
        guardian, student = people[first % len(people)], people[second % len(people)]
        service = self.laptops[which].workspace.people
        with contextlib.suppress(UserError):  # themselves, a loop here, or no such link
            if unlink:
                service.unlink_guardian(guardian, student)
            else:
                service.link_guardian(guardian, student, "parent")

    @rule(which=st.integers(0, 2), pick=st.integers(0, 50))
    def erase(self, which: int, pick: int) -> None:
        laptop = self.laptops[which]
        people = self._people(laptop)
        if len(people) > 1:
            person = people[pick % len(people)]
            family = laptop.workspace.people.fields(person).family_name
            laptop.workspace.retention.erase_person(person, purge=False)
            self.erased.append(family)

    @rule(which=st.integers(0, 2))
    def sync(self, which: int) -> None:
        self.laptops[which].sync()
        record_writes(self.laptops[which], self.written)

    @rule(source=st.integers(0, 2), to=st.integers(0, 2), share=st.integers(1, 3))
    def deliver(self, source: int, to: int, share: int) -> None:
        """Some of the files (every `share`-th, so partly, and again later: duplicated)."""
        if source != to:
            carry(self.laptops[source], self.laptops[to], every=share)

    @precondition(lambda self: bool(self.laptops))
    @invariant()
    def files_have_one_writer(self) -> None:
        assert_single_writers(self.laptops, self.written)

    def check_convergence(self) -> None:
        for _round in range(4):  # everything delivered everywhere, in every order
            for laptop in self.laptops:
                laptop.sync()
                record_writes(laptop, self.written)
                for other in self.laptops:
                    if other is not laptop:
                        carry(laptop, other)
        exports = [canonical_export(m, self.base / f"export-{m.name}.zip") for m in self.laptops]
        assert exports[0] == exports[1] == exports[2]
        assert_nowhere(self.erased, self.laptops)
        assert_single_writers(self.laptops, self.written)
        for laptop in self.laptops:  # the merged records moved each vault's own derived facts
            db = laptop.workspace.db
            kept = f"SELECT person_id, {', '.join(FACT_FIELDS)} FROM retention_facts ORDER BY 1"
            defined = f"SELECT p.id, {definitions_sql('p.id')} FROM person p ORDER BY 1"
            assert db.tuples(kept) == db.tuples(defined)


class Converging(ThreeLaptops):
    def teardown(self) -> None:
        try:
            if self.laptops:
                self.check_convergence()
        finally:
            super().teardown()


Converging.TestCase.settings = settings(max_examples=8, stateful_step_count=25, deadline=None)
test_three_laptops_converge = Converging.TestCase


@pytest.mark.slow
def test_three_laptops_converge_longer(request: pytest.FixtureRequest) -> None:
    """A few minutes: run with `pytest -m slow`, not in `make test`."""
    if "slow" not in str(request.config.getoption("markexpr") or ""):
        pytest.skip("long variant: run it with -m slow")
    run_state_machine_as_test(
        Converging, settings=settings(max_examples=80, stateful_step_count=50, deadline=None)
    )
