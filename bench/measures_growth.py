"""Cost as the work grows: open, search, retention scan and access reply at 1,000,
10,000 and 100,000 people, each in a vault of the benchmark's proportions.

From one size to the next the people (and their history) grow tenfold. The table
shows how much each figure grew at each step: a figure that grows faster than the
people count is a defect to explain; one that stays flat does work that does not
depend on the vault's size (an index lookup, the first rows of a list, one person's
reply). Opening is timed with the key derivation done once and reused, since it
costs the same at every size (the unlock figures show it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from dataset import CLOCK, PASSPHRASE, Sizes, cached_vault
from harness import Bench, Figure, first_page, median_ms, percentile, prefixes, typing_ms
from measures_records import reply_ms, scan_on

from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.vault import keyslots

GROWTH_PEOPLE = (1_000, 10_000, 100_000)
SEARCHES = 200
REPEATS = 11  # small figures on a shared machine: the median of more runs
# What each figure is; the value at every size goes into the growth table.
FIGURES = (
    ("open to first rows", "unlock (key derivation once) + migrations check + first 50 rows"),
    ("search as you type, first rows p95", f"{SEARCHES} prefixes"),
    ("retention scan of everyone", "overdue, due within 90 days, held"),
    ("access reply PDF", "the person with 500 contact events"),
)


@dataclass(frozen=True)
class SizeFigures:
    people: int
    values: tuple[float, ...]  # in the order of FIGURES, in ms


def growth(bench: Bench) -> list[Figure]:
    cache_folder = bench.folder.parent
    folders = {people: cached_vault(cache_folder, Sizes.of(people)) for people in GROWTH_PEOPLE}
    bench.workspace.close()  # the benchmark's own vault may be one of them
    try:
        repeats = max(REPEATS, bench.repeats)
        measured = [_measure(people, folders[people], repeats) for people in GROWTH_PEOPLE]
    finally:
        bench.workspace = open_workspace(bench.folder, PASSPHRASE, CLOCK)
    bench.texts.append(growth_table(measured))
    return [
        Figure(f"growth: {name} at {size.people:,}", value, "ms", note=note)
        for size in measured
        for (name, note), value in zip(FIGURES, size.values, strict=True)
    ]


def _measure(people: int, folder: Path, repeats: int) -> SizeFigures:
    with _key_derivation_once():
        opened = median_ms(lambda: _open_first_rows(folder), repeats)
        workspace = open_workspace(folder, PASSPHRASE, CLOCK)
    try:
        typed = prefixes(workspace.db, SEARCHES)
        typing_ms(workspace.db, typed, first_page)  # warm the page cache
        search = percentile(typing_ms(workspace.db, typed, first_page), 0.95)
        scan = median_ms(scan_on(workspace.db), repeats)
        reply = reply_ms(workspace.db, repeats)
    finally:
        workspace.close()
    return SizeFigures(people, (opened, search, scan, reply))


def _open_first_rows(folder: Path) -> None:
    workspace: Workspace = open_workspace(folder, PASSPHRASE, CLOCK)
    try:
        first_page(workspace.db, PeopleQuery())
    finally:
        workspace.close()


@contextlib.contextmanager
def _key_derivation_once() -> Iterator[None]:
    """Derive each passphrase's key once and reuse it while opening the same vault again."""
    derive = keyslots.derive_key  # type: ignore[attr-defined]
    keyslots.derive_key = cache(derive)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        keyslots.derive_key = derive  # type: ignore[attr-defined]


def growth_table(measured: list[SizeFigures]) -> str:
    """Each figure at each size, and by how much it grew from the size before."""
    sizes = "".join(f"{size.people:>11,}" for size in measured)
    steps = "".join(
        f"   ×{later.people // earlier.people:<3}" for earlier, later in pairwise(measured)
    )
    lines = [
        "Cost as the work grows (ms; the people count grows tenfold at each step):",
        f"{'figure':38}{sizes}   growth per step{steps}",
    ]
    for number, (name, _note) in enumerate(FIGURES):
        values = [size.values[number] for size in measured]
        ratios = [later / earlier for earlier, later in pairwise(values)]
        faster = any(
            ratio > later.people / earlier.people
            for ratio, (earlier, later) in zip(ratios, pairwise(measured), strict=False)
        )
        shown = "".join(f"{value:>11.2f}" for value in values)
        grown = "".join(f"  ×{ratio:<5.2f}" for ratio in ratios)
        verdict = "  FASTER THAN THE PEOPLE COUNT" if faster else ""
        lines.append(f"{name:38}{shown}   {grown}{verdict}")
    return "\n".join(lines)
