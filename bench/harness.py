"""Timing helpers and the result table: medians over repeated runs, ratios to plain SQLite."""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher

from coursenplus_desk.domain.text import words
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleQuery, PeopleStore
from coursenplus_desk.vault.connection import SAFE_PRAGMAS

FIRST_PAGE = 50


@dataclass
class Bench:
    """What every measure gets: the unlocked vault, its plain copy, how often to repeat."""

    folder: Path
    workspace: Workspace
    plain: Database
    repeats: int
    texts: list[str] = field(default_factory=list)  # printed after the table (growth, imports)


@dataclass(frozen=True)
class Figure:
    name: str
    value: float  # in `unit`
    unit: str
    target: float | None = None  # the figure should be at most this
    baseline: float | None = None  # the same work on plain SQLite (or the naive query)
    baseline_name: str = "plain SQLite"
    note: str = ""
    load: float | None = None  # the 1-minute load average when it was taken

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.value <= self.target


Measure = Callable[[Bench], list[Figure]]


def seconds(work: Callable[[], Any], repeats: int = 5) -> list[float]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return timings


def median_ms(work: Callable[[], Any], repeats: int = 5) -> float:
    return statistics.median(seconds(work, repeats)) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def plain_copy(encrypted: Database, target: Path) -> Path:
    """An unencrypted copy of the same data, for the ratio to the engine's own speed."""
    if not target.exists():
        encrypted.execute(f"ATTACH DATABASE '{target}' AS plain KEY ''")
        encrypted.scalar("SELECT sqlcipher_export('plain')")
        encrypted.execute("DETACH DATABASE plain")
    return target


def open_plain(path: Path) -> Database:
    connection = sqlcipher.connect(str(path), isolation_level=None)
    connection.row_factory = sqlcipher.Row
    for pragma in SAFE_PRAGMAS:
        connection.execute(pragma).fetchall()
    return Database(connection)


def prefixes(db: Database, count: int) -> list[str]:
    """What people type into the search: 2 to 5 first letters of names, reproducibly."""
    rng = random.Random(5)
    names = db.column("SELECT given_name || ' ' || family_name FROM person LIMIT 5000")
    typed: list[str] = []
    while len(typed) < count:
        word = rng.choice(words(rng.choice(names)))
        if len(word) >= 2:  # a one-letter word (an initial, "d'") is not typed as a search
            typed.append(word[: rng.randint(2, min(5, len(word)))])
    return typed


def first_page(db: Database, query: PeopleQuery) -> None:
    """What a list shows at once: the top rows, read with LIMIT."""
    store = PeopleStore(db)
    store.summaries(store.ids(query, FIRST_PAGE))


def typing_ms(
    db: Database, typed: list[str], show: Callable[[Database, PeopleQuery], None]
) -> list[float]:
    """The time of each search as it is typed, one prefix after the other."""
    timings = []
    for prefix in typed:
        started = time.perf_counter()
        show(db, PeopleQuery(text=prefix))
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def machine() -> str:
    processor = _processor_name()
    system = f"{platform.system()} {platform.machine()} ({processor}), {os.cpu_count()} cores"
    return f"{system}, {_memory_gb()}, Python {platform.python_version()}"


def _memory_gb() -> str:
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError):
        return "memory unknown"
    return f"{total / 2**30:.0f} GB of memory"


def _processor_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown processor"


def print_table(figures: list[Figure]) -> str:
    lines = [
        f"{'figure':44} {'value':>10} {'target':>9} {'baseline':>10} {'ratio':>6}  met  load",
        "-" * 96,
    ]
    for f in figures:
        target = f"≤{f.target:g}" if f.target is not None else ""
        baseline = f"{f.baseline:.2f}" if f.baseline is not None else ""
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        met = {True: "yes", False: "NO", None: ""}[f.met]
        load = "" if f.load is None else f"{f.load:.1f}"
        lines.append(
            f"{f.name:44} {f.value:>7.2f} {f.unit:2} {target:>9} {baseline:>10} {ratio:>6}"
            f"  {met:3}  {load:>4}"
        )
    text = "\n".join(lines)
    print(text)
    return text


def markdown_table(figures: list[Figure]) -> str:
    """The table for the README."""
    lines = [
        "| figure | value | target | baseline | ratio | met | load | note |",
        "|---|---:|---:|---:|---:|:-:|---:|---|",
    ]
    for f in figures:
        target = f"≤ {f.target:g} {f.unit}" if f.target is not None else ""
        baseline = f"{f.baseline:.2f} ({f.baseline_name})" if f.baseline is not None else ""
        ratio = f"{f.ratio:.2f}" if f.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        lines.append(
            f"| {f.name} | {f.value:.2f} {f.unit} | {target} | {baseline} | {ratio} | {met}"
            f" | {'' if f.load is None else f'{f.load:.1f}'} | {f.note} |"
        )
    return "\n".join(lines) + "\n"


def load_average() -> float:
    """Other work on the machine inflates every figure: the run reports it."""
    return os.getloadavg()[0]


def write_json(figures: list[Figure], path: Path, load: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{**asdict(f), "ratio": f.ratio, "met": f.met} for f in figures]
    document = {"machine": machine(), "load": load, "figures": rows}
    path.write_text(json.dumps(document, indent=2) + "\n")
