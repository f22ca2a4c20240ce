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
from typing import TypeVar

from dataset import CLOCK, PASSPHRASE
from harness import Bench, Figure, open_plain

from coursenplus_desk.domain.remembered import forget_all
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
T = TypeVar("T")


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


RUNS = 5  # each figure is the median of this many runs: a run takes seconds, and varies


def import_csv(bench: Bench) -> list[Figure]:
    path = write_csv(bench.folder.parent / f"import-{ROWS}.csv", bench.workspace.db)
    dry, note, dry_spread = _median(lambda: _dry_run(bench.workspace.db, path))
    dry_plain, _note, _spread = _median(lambda: _dry_run(bench.plain, path))
    scratch = bench.folder.parent / "import-scratch"

    def commit(*, plain: bool, previewed: bool) -> tuple[float, tuple[float, float], str]:
        return _median(lambda: _commit_run(bench, path, scratch, plain, previewed))

    previewed, (write, check), spread = commit(plain=False, previewed=True)
    previewed_plain, (write_plain, _none), _spread = commit(plain=True, previewed=True)
    straight, _parts, straight_spread = commit(plain=False, previewed=False)
    runs = f"median of {RUNS} runs"
    return [
        Figure(f"import {ROWS:,}-row CSV: dry run", dry, "s", 4, dry_plain,
               note=f"read + plan, {runs} ({dry_spread}), each the first since the unlock;"
                    f" {note}"),
        Figure(f"import {ROWS:,}-row CSV: commit", previewed, "s", 5, previewed_plain,
               note=f"read + plan + write in its own transaction, {runs} ({spread}) on a copy,"
                    " each after a dry run of the file (its people, addresses and numbers"
                    f" checked); the unlock's page check ({check:.2f} s) done before, as the"
                    " GUI does"),
        Figure(f"import {ROWS:,}-row CSV: commit without a dry run", straight, "s",
               note=f"the same, {runs} ({straight_spread}), each the first since the unlock"
                    " (`import FILE`)"),
        Figure(f"import {ROWS:,}-row CSV: the commit's write", write, "s", None, write_plain,
               note="of the median commit: what the import assistant waits for once its"
                    " preview (the plan) is shown"),
    ]  # fmt: skip


def _commit_run(
    bench: Bench, path: Path, scratch: Path, plain: bool, previewed: bool
) -> tuple[float, tuple[float, float]]:
    """One commit on a copy; `previewed`: after a dry run of the file in the same program
    (it remembers the addresses and numbers it checked), else the first since the unlock."""
    if previewed:
        _dry_run(bench.plain if plain else bench.workspace.db, path)
    else:
        forget_all()
    return _commit_on_copy(bench, path, scratch, plain=plain)


def _median(run: Callable[[], tuple[float, T]]) -> tuple[float, T, str]:
    """The median run's seconds, what it reported, and the fastest to slowest run."""
    results = sorted((run() for _ in range(RUNS)), key=lambda result: result[0])
    seconds, reported = results[len(results) // 2]
    return seconds, reported, f"{results[0][0]:.2f} to {results[-1][0]:.2f} s"


def _dry_run(db: Database, path: Path) -> tuple[float, str]:
    forget_all()  # as the first import since the vault was unlocked
    importer = _importer(db)
    started = time.perf_counter()
    plan = importer.plan(importer.open(path))
    seconds = time.perf_counter() - started
    return seconds, f"{len(plan.accepted)} accepted, {len(plan.rejected)} rejected"


def _commit_on_copy(
    bench: Bench, path: Path, scratch: Path, *, plain: bool
) -> tuple[float, tuple[float, float]]:
    """The import committed as the program commits it (its own transaction), on a copy of
    the vault thrown away afterwards: the cached vault stays as built. (Rolling back an
    outer transaction instead made the import a savepoint, where SQLite keeps a statement
    journal for every row a trigger touches: 40 s, which the program never pays.)
    The seconds of it all, then of the write alone and of the vault's page check, which
    comes before (none for plain SQLite)."""
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
        plan = importer.plan(source_file)
        planned = time.perf_counter()
        importer.commit(source_file, plan, skip_invalid=True)
        ended = time.perf_counter()
        return ended - started, (ended - planned, check)
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
