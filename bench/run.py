"""`make bench`: the program's speed at association scale and 100x beyond.

Every database figure is printed beside the same work on a plain (unencrypted)
SQLite copy of the same data, and the ratio: the engine's own limit. Results
go to bench/results.json (not committed) and the table is printed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset import CLOCK, PASSPHRASE, Sizes, cached_vault
from harness import (
    FIRST_PAGE,
    Bench,
    Figure,
    Measure,
    first_page,
    load_average,
    machine,
    markdown_table,
    median_ms,
    open_plain,
    percentile,
    plain_copy,
    prefixes,
    print_table,
    typing_ms,
    write_json,
)
from measures_growth import growth
from measures_gui import gui_people_list
from measures_import import import_csv
from measures_records import access_reply, retention_scan
from measures_start import start_up
from measures_sync import shared_register

from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.people import PeopleQuery, PeopleStore
from coursenplus_desk.vault.kdf import derive_key
from coursenplus_desk.vault.vault import VaultPaths, read_header

HERE = Path(__file__).resolve().parent


def unlock_and_open(bench: Bench) -> list[Figure]:
    header = read_header(VaultPaths(bench.folder))
    slot = header.slots[0]
    assert slot.kdf is not None
    kdf = median_ms(lambda: derive_key(PASSPHRASE, slot.salt, slot.kdf), 3)  # type: ignore[arg-type]
    bench.workspace.close()

    def open_then(show: Callable[[Database, PeopleQuery], object]) -> Callable[[], None]:
        def run() -> None:
            workspace = open_workspace(bench.folder, PASSPHRASE, CLOCK)
            show(workspace.db, PeopleQuery())
            workspace.close()

        return run

    first = median_ms(open_then(first_page), bench.repeats)
    full = median_ms(open_then(full_list), bench.repeats)
    bench.workspace = open_workspace(bench.folder, PASSPHRASE, CLOCK)
    plain_first = median_ms(lambda: first_page(bench.plain, PeopleQuery()), bench.repeats)
    plain_full = median_ms(lambda: full_list(bench.plain, PeopleQuery()), bench.repeats)
    return [
        Figure("unlock: key derivation (Argon2id)", kdf, "ms", note="tuned to ~500 ms"),
        Figure("unlock + open to first rows (with KDF)", first, "ms", 1000 + kdf,
               plain_first + kdf, note=f"first {FIRST_PAGE} rows: ids(query, limit)"),
        Figure("unlock + open + full id list (with KDF)", full, "ms", None, plain_full + kdf,
               note="all 100,000 ids in name order: ids(query)"),
    ]  # fmt: skip


def full_list(db: Database, query: PeopleQuery) -> None:
    """Every matching id in order (what a list scrolls through), and the first rows."""
    store = PeopleStore(db)
    store.summaries(store.ids(query)[:FIRST_PAGE])


def search_as_you_type(bench: Bench) -> list[Figure]:
    typed = prefixes(bench.workspace.db, 200)
    figures = []
    for label, show, target in (("first rows", first_page, 15.0), ("full list", full_list, None)):
        for db in (bench.workspace.db, bench.plain):  # warm both caches alike
            typing_ms(db, typed, show)
        encrypted = typing_ms(bench.workspace.db, typed, show)
        plain = typing_ms(bench.plain, typed, show)
        figures += [
            Figure(f"search as you type, {label} p50", percentile(encrypted, 0.5), "ms", None,
                   percentile(plain, 0.5)),
            Figure(f"search as you type, {label} p95", percentile(encrypted, 0.95), "ms", target,
                   percentile(plain, 0.95), note=f"worst {max(encrypted):.0f} ms"),
        ]  # fmt: skip
    return figures


MEASURES: list[Measure] = [
    start_up,
    unlock_and_open,
    search_as_you_type,
    retention_scan,
    access_reply,
    growth,
    import_csv,
    gui_people_list,
    shared_register,
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--only", nargs="*", help="measures to run (function names)")
    args = parser.parse_args(argv)
    sizes = Sizes.of(args.people)
    started = time.perf_counter()
    folder = cached_vault(HERE / "cache", sizes)
    print(f"vault ready ({sizes.label()}) in {time.perf_counter() - started:.0f} s")
    workspace = open_workspace(folder, PASSPHRASE, CLOCK)
    plain_path = plain_copy(workspace.db, HERE / "cache" / f"plain-{sizes.label()}.db")
    bench = Bench(folder, workspace, open_plain(plain_path), args.repeats)
    figures: list[Figure] = []
    loads = [load_average()]
    try:
        for measure in MEASURES:
            if not args.only or measure.__name__ in args.only:
                taken = measure(bench)
                loads.append(load_average())
                figures += [replace(figure, load=loads[-1]) for figure in taken]
    finally:
        bench.workspace.close()
    print_table(figures)
    for text in bench.texts:
        print(f"\n{text}")
    load = f"load average (1 min) {min(loads):.2f} to {max(loads):.2f} while measuring"
    print(f"{machine()}; {load}")
    write_json(figures, args.out, load)
    texts = "".join(f"\n```\n{text}\n```\n" for text in bench.texts)
    args.out.with_suffix(".md").write_text(markdown_table(figures) + texts)
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
