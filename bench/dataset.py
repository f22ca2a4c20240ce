"""The benchmark's synthetic vault: 100,000 people and their history, built once and cached.

The demo generator makes the families, tutors, courses, groups, enrollments and
payments; this module tops the history up to the benchmark's sizes (1,000,000
contact events, 300,000 enrollments, consents) with set-based inserts (the
database's own triggers keep each person's last interaction).
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.migrations import LATEST_VERSION

PASSPHRASE = "benchmark passphrase, not a secret"
TODAY = date(2026, 11, 22)
CLOCK = FixedClock.on(TODAY)
# Bump when what the dataset holds changes; with the schema version, it names the cache.
DATASET_REVISION = 4
# The person whose access reply is measured: 500 contact events, each with its audit event.
ACCESS_SUBJECT = PersonDraft(
    given_name="Aurélie", family_name="Benchmark", roles=("guardian",),
    email="aurelie.benchmark@example.org", phone="+32470123456", city="Namur",
)  # fmt: skip
ACCESS_EVENTS = 500


@dataclass(frozen=True)
class Sizes:
    people: int = 100_000
    contact_events: int = 1_000_000
    enrollments: int = 300_000
    consents: int = 60_000

    @classmethod
    def of(cls, people: int) -> Sizes:
        """The benchmark's proportions: ten contacts, three enrollments per person."""
        return cls(people, people * 10, people * 3, people * 6 // 10)

    def label(self) -> str:
        sizes = f"p{self.people}-c{self.contact_events}-e{self.enrollments}"
        return f"{sizes}-s{LATEST_VERSION}r{DATASET_REVISION}"


def cached_vault(cache: Path, sizes: Sizes) -> Path:
    """The vault folder for these sizes, built on first use."""
    folder = cache / f"vault-{sizes.label()}"
    if (folder / "ready").exists():
        return folder
    _remove_stale(cache, sizes)
    started = time.perf_counter()
    with create_workspace(folder, PASSPHRASE, CLOCK) as workspace:
        fill_demo(workspace, sizes.people, seed=100)
        _top_up(workspace, sizes, random.Random(101))
        _access_subject(workspace, random.Random(102))
    (folder / "ready").write_text(f"built in {time.perf_counter() - started:.0f} s\n")
    return folder


def _remove_stale(cache: Path, sizes: Sizes) -> None:
    """Builds of an older schema or dataset (a vault is ~140 MB), and a half-built one."""
    current = sizes.label().rsplit("-", 1)[1]
    for path in cache.glob("vault-*"):
        if not path.name.endswith(current) or path.name == f"vault-{sizes.label()}":
            shutil.rmtree(path)
    for path in cache.glob("plain-*.db"):
        if not path.stem.endswith(current) or path.stem == f"plain-{sizes.label()}":
            path.unlink()


def access_subject_id(db: Database) -> int:
    return int(db.scalar("SELECT id FROM person WHERE email = ?", (ACCESS_SUBJECT.email,)))


def _access_subject(workspace: Workspace, rng: random.Random) -> None:
    """One person with a long history, added the way the program adds it."""
    person_id = workspace.people.add(ACCESS_SUBJECT)
    for _ in range(ACCESS_EVENTS):
        workspace.records.add_contact(
            person_id, _day(rng), rng.choice(("email", "phone", "meeting")), "Suivi"
        )


def _top_up(workspace: Workspace, sizes: Sizes, rng: random.Random) -> None:
    db = workspace.db
    ids = db.column("SELECT id FROM person")
    students = db.column("SELECT person_id FROM person_role WHERE role = 'student'")
    groups = db.query("SELECT id, starts_on, ends_on FROM course_group")
    with db.transaction():
        missing = sizes.contact_events - int(db.scalar("SELECT count(*) FROM contact_event"))
        db.execute_many(
            "INSERT INTO contact_event (person_id, occurred_on, channel, summary) VALUES (?,?,?,?)",
            (
                (rng.choice(ids), _day(rng), rng.choice(("email", "phone", "meeting")), "Suivi")
                for _ in range(max(0, missing))
            ),
        )
        missing = sizes.enrollments - int(db.scalar("SELECT count(*) FROM enrollment"))
        db.execute_many(
            "INSERT INTO enrollment (student_id, group_id, starts_on, ends_on, status)"
            " VALUES (?, ?, ?, ?, 'completed')",
            (
                (rng.choice(students), g["id"], g["starts_on"], g["ends_on"])
                for g in (rng.choice(groups) for _ in range(max(0, missing)))
            ),
        )
        db.execute_many(
            "INSERT INTO consent (person_id, purpose, given_on, method, confirmed_on)"
            " VALUES (?, 'newsletter', ?, 'email', ?)",
            ((rng.choice(ids), d, d) for d in (_day(rng) for _ in range(sizes.consents))),
        )


def _day(rng: random.Random) -> str:
    return (TODAY - timedelta(days=rng.randint(0, 3650))).isoformat()
