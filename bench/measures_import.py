"""Importing a 10,000-row spreadsheet (CSV) into the 100,000-person vault: dry run and commit.

The file looks like an association's own list: one student per row with a
parent or two, siblings sharing parents, one row in ten for someone the vault
already knows. Each commit is rolled back, so the cached vault stays as built.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from dataset import CLOCK
from harness import Bench, Figure

from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.courses import CoursesService
from coursenplus_desk.services.demo_names import FAMILY_NAMES, GIVEN_NAMES, SCHOOL_YEARS, SCHOOLS
from coursenplus_desk.services.importing import ImportService
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.store.database import Database

ROWS = 10_000
HEADER = (
    "Nom;Prénom;Date de naissance;E-mail;GSM;École;Année;Nom parent 1;Prénom parent 1;"
    "E-mail parent 1;GSM parent 1;Nom parent 2;Prénom parent 2;GSM parent 2"
)


def write_csv(path: Path, db: Database, rows: int = ROWS) -> Path:
    rng = random.Random(11)
    known = db.query(
        "SELECT family_name, given_name, birth_date FROM person WHERE birth_date IS NOT NULL"
        " AND status = 'active' ORDER BY id LIMIT ?",
        (rows // 10,),
    )
    lines = [HEADER]
    parents: tuple[str, ...] = ()
    for number in range(rows):
        if number % 10 == 9 and known:
            person = known[number // 10 % len(known)]
            birth = person["birth_date"]
            lines.append(f"{person['family_name']};{person['given_name']};{birth};;;;;;;;;;;")
            continue
        family = rng.choice(FAMILY_NAMES)
        if not parents or rng.random() > 0.3:  # otherwise a sibling: same parents
            parents = _parents(rng, family, number)
        birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2008, 2020)}"
        school = f"{rng.choice(SCHOOLS)};{rng.choice(SCHOOL_YEARS)}"
        lines.append(
            f"{parents[0]};{rng.choice(GIVEN_NAMES)};{birth};;;{school};{';'.join(parents)}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _parents(rng: random.Random, family: str, number: int) -> tuple[str, ...]:
    first, second = rng.choice(GIVEN_NAMES), rng.choice(GIVEN_NAMES)
    email = f"parent{number}@example.be"
    phone = f"0470 {number // 10000:02d} {number // 100 % 100:02d} {number % 100:02d}"
    other = rng.choice(FAMILY_NAMES) if rng.random() < 0.4 else family
    return (family, first, email, phone, other, second, f"0471 {number:06d}"[:12])


class _Undo(Exception):
    """Rolls the import back: the cached vault stays as built."""


def import_csv(bench: Bench) -> list[Figure]:
    path = write_csv(bench.folder.parent / f"import-{ROWS}.csv", bench.workspace.db)

    def timed(db: Database) -> tuple[float, float, str]:
        importer = _importer(db)
        started = time.perf_counter()
        plan = importer.plan(importer.open(path))
        dry_run = time.perf_counter() - started
        note = f"{len(plan.accepted)} accepted, {len(plan.rejected)} rejected"
        try:
            with db.transaction():
                started = time.perf_counter()
                source = importer.open(path)
                importer.commit(source, importer.plan(source), skip_invalid=True)
                commit = time.perf_counter() - started
                raise _Undo
        except _Undo:
            pass
        return dry_run, commit, note

    # One run each: a run takes tens of seconds, and `make bench` must stay under 10 minutes.
    dry, commit, note = timed(bench.workspace.db)
    dry_plain, commit_plain, _note = timed(bench.plain)
    return [
        Figure(f"import {ROWS:,}-row CSV: dry run", dry, "s", 5, dry_plain,
               note=f"read + plan, one run; {note}"),
        Figure(f"import {ROWS:,}-row CSV: commit", commit, "s", 5, commit_plain,
               note="read + plan + write in one transaction, one run"),
    ]  # fmt: skip


def _importer(db: Database) -> ImportService:
    audit = Auditor(db, CLOCK, "bench")
    return ImportService(
        db, CLOCK, audit, PeopleService(db, CLOCK, audit), CoursesService(db, CLOCK, audit)
    )
