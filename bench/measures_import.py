"""Importing a 10,000-row spreadsheet (CSV) into the 100,000-person vault: dry run and commit.

The file looks like an association's own list: one student per row with a
parent or two, siblings sharing parents, one row in ten for someone the vault
already knows. Each commit runs on a copy of the vault, so the cached vault stays as built.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from dataset import CLOCK, PASSPHRASE
from harness import Bench, Figure, open_plain

from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.courses import CoursesService
from coursenplus_desk.services.demo_names import FAMILY_NAMES, GIVEN_NAMES, SCHOOL_YEARS, SCHOOLS
from coursenplus_desk.services.importing import ImportService
from coursenplus_desk.services.people import PeopleService
from coursenplus_desk.services.workspace import open_workspace
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


def import_csv(bench: Bench) -> list[Figure]:
    path = write_csv(bench.folder.parent / f"import-{ROWS}.csv", bench.workspace.db)
    # One run each: a run takes seconds, and `make bench` must stay under 10 minutes.
    dry, note = _dry_run(bench.workspace.db, path)
    dry_plain, _note = _dry_run(bench.plain, path)
    scratch = bench.folder.parent / "import-scratch"
    commit, check = _commit_on_copy(bench, path, scratch, plain=False)
    commit_plain, _none = _commit_on_copy(bench, path, scratch, plain=True)
    return [
        Figure(f"import {ROWS:,}-row CSV: dry run", dry, "s", 4, dry_plain,
               note=f"read + plan, one run; {note}"),
        Figure(f"import {ROWS:,}-row CSV: commit", commit, "s", 5, commit_plain,
               note="read + plan + write in its own transaction, one run on a copy; the"
                    f" unlock's page check ({check:.2f} s) done before, as the GUI does"),
    ]  # fmt: skip


def _dry_run(db: Database, path: Path) -> tuple[float, str]:
    importer = _importer(db)
    started = time.perf_counter()
    plan = importer.plan(importer.open(path))
    seconds = time.perf_counter() - started
    return seconds, f"{len(plan.accepted)} accepted, {len(plan.rejected)} rejected"


def _commit_on_copy(bench: Bench, path: Path, scratch: Path, *, plain: bool) -> tuple[float, float]:
    """The import committed as the program commits it (its own transaction), on a copy of
    the vault thrown away afterwards: the cached vault stays as built. (Rolling back an
    outer transaction instead made the import a savepoint, where SQLite keeps a statement
    journal for every row a trigger touches: 40 s, which the program never pays.)
    Also the seconds of the vault's page check, which comes before (none for plain SQLite)."""
    source = bench.plain if plain else bench.workspace.db
    source.query("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.rmtree(scratch, ignore_errors=True)
    if plain:
        scratch.mkdir(parents=True)
        copy = scratch / "plain.db"
        shutil.copyfile(_file_of(bench.plain), copy)
        db, close = _plain_db(copy)
        check = 0.0
    else:
        # In a folder of its own: its backups folder (beside it), where the copy leaves its
        # witness, is not the cached vault's, which would then look like an older copy.
        shutil.copytree(bench.folder, scratch / "vault")
        workspace = open_workspace(scratch / "vault", PASSPHRASE, CLOCK)
        # Every page's check, which the program runs once per unlock (the GUI in the
        # background as soon as the first screen shows): done, as by the time anyone
        # has chosen a file and looked at its dry run.
        check = time.perf_counter()
        workspace.integrity.check()
        check = time.perf_counter() - check
        db, close = workspace.db, workspace.close
    try:
        importer = _importer(db)
        started = time.perf_counter()
        source_file = importer.open(path)
        importer.commit(source_file, importer.plan(source_file), skip_invalid=True)
        return time.perf_counter() - started, check
    finally:
        close()
        shutil.rmtree(scratch, ignore_errors=True)


def _file_of(db: Database) -> Path:
    return Path(str(db.scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")))


def _plain_db(path: Path) -> tuple[Database, Callable[[], None]]:
    db = open_plain(path)
    return db, db.connection.close


def _importer(db: Database) -> ImportService:
    audit = Auditor(db, CLOCK, "bench")
    return ImportService(
        db, CLOCK, audit, PeopleService(db, CLOCK, audit), CoursesService(db, CLOCK, audit)
    )
