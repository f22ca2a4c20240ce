"""Figures over the records: the retention scan of everyone, and an access reply.

Each runs on the encrypted vault and, the same way, on the plain copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from dataset import ACCESS_EVENTS, CLOCK, TODAY, access_subject_id
from harness import Bench, Figure, median_ms

from coursenplus_desk.domain.retention import DEFAULT_WINDOW_DAYS, Category, dated_cutoff
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.requests import RequestsService
from coursenplus_desk.services.retention import RetentionService
from coursenplus_desk.store.database import Database, iso
from coursenplus_desk.store.retention import DUE_SQL, RetentionStore, scan_cutoffs

# What a scan would be without the indexed last-contact date: the latest date of every
# dated record per person, over the whole history, then the filter.
NAIVE_SCAN_SQL = """
WITH activity (person_id, day) AS (
    SELECT id, created_on FROM person WHERE status <> 'anonymised'
    UNION ALL SELECT person_id, occurred_on FROM contact_event
    UNION ALL SELECT student_id, coalesce(ends_on, starts_on) FROM enrollment
    UNION ALL SELECT payer_id, paid_on FROM payment WHERE payer_id IS NOT NULL
    UNION ALL SELECT person_id, ends_on FROM membership
)
SELECT person_id, max(day) AS last FROM activity GROUP BY person_id HAVING last <= ?
"""


def scan_on(db: Database) -> Callable[[], object]:
    """The retention scan of everyone, as the program runs it on unlock."""
    service = RetentionService(db, CLOCK, Auditor(db, CLOCK, "bench"))
    return lambda: service.scan(TODAY, DEFAULT_WINDOW_DAYS)


def read_on(db: Database) -> Callable[[], object]:
    """The scan's indexed read alone: the kept facts of the people it reads, no rules."""
    cutoffs = scan_cutoffs(TODAY, DEFAULT_WINDOW_DAYS, RetentionStore(db).policies())
    return lambda: db.tuples(DUE_SQL, cutoffs)


def retention_scan(bench: Bench) -> list[Figure]:
    policies = bench.workspace.retention.policies()
    cutoff = iso(dated_cutoff(TODAY, DEFAULT_WINDOW_DAYS, policies.of(Category.IDENTIFICATION)))

    def naive_on(db: Database) -> Callable[[], object]:
        return lambda: db.query(NAIVE_SCAN_SQL, (cutoff,))

    found = len(bench.workspace.retention.scan(TODAY, DEFAULT_WINDOW_DAYS))
    read_rows = len(bench.workspace.db.tuples(DUE_SQL, scan_cutoffs(TODAY, DEFAULT_WINDOW_DAYS,
                                                                     policies)))  # fmt: skip
    repeats = bench.repeats
    scan = median_ms(scan_on(bench.workspace.db), repeats)
    plain = median_ms(scan_on(bench.plain), repeats)
    read = median_ms(read_on(bench.workspace.db), repeats * 4)
    naive = median_ms(naive_on(bench.workspace.db), 3)
    naive_plain = median_ms(naive_on(bench.plain), 3)
    note = f"{found} findings, {read_rows} people read, window {DEFAULT_WINDOW_DAYS} days"
    return [
        Figure("retention scan of everyone", scan, "ms", 20, plain, note=note),
        Figure("retention scan vs its indexed read", scan, "ms", 10 * read, read,
               baseline_name="the same people read through the indexes",
               note="limit: 10 times the read of the people it assesses"),
        Figure("retention scan vs naive aggregate", scan, "ms", 20, naive,
               baseline_name="naive aggregate (encrypted)"),
        Figure("naive aggregate over the history", naive, "ms", None, naive_plain,
               note="max of every dated record per person, then filter"),
    ]  # fmt: skip


def name_the_association(service: RequestsService) -> None:
    for key, value in (("name", "asbl Cours en Plus"), ("address", "rue de la Station 20, "
                       "1332 Genval"), ("privacy_contact", "privacy@coursenplus.be")):  # fmt: skip
        service.settings.set_organisation_value(key, value)


class _Undo(Exception):
    """Rolls the request and its document back: the cached vault stays as built."""


def reply_ms(db: Database, repeats: int) -> float:
    """The median time of the access reply's PDF for the person with a long history."""
    service = RequestsService(db, CLOCK, Auditor(db, CLOCK, "bench"))
    person_id = access_subject_id(db)
    timings: list[float] = []
    for _ in range(repeats):
        try:
            with db.transaction():
                name_the_association(service)  # every document names it; undone below
                request = service.add(person_id, "access", TODAY, "email")
                service.verify_identity(request, "identity card seen", TODAY)
                started = time.perf_counter()
                service.reply(request, language="fr")
                timings.append((time.perf_counter() - started) * 1000)
                raise _Undo
        except _Undo:
            pass
    return sorted(timings)[len(timings) // 2]


def access_reply(bench: Bench) -> list[Figure]:
    encrypted = reply_ms(bench.workspace.db, bench.repeats)
    plain = reply_ms(bench.plain, bench.repeats)
    note = f"{ACCESS_EVENTS} contact events + their {ACCESS_EVENTS} history rows"
    return [Figure("access reply PDF (person with 500 events)", encrypted, "ms", 500, plain,
                   note=note)]  # fmt: skip
