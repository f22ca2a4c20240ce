"""The retention engine's erase, as an erasure request sees it (categories and counts)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from coursenplus_desk.domain.erasure import ErasedPart, ErasureOutcome, KeptPart
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.domain.retention_actions import ActionSummary, Outcome
from coursenplus_desk.services.retention import RetentionService

# The retention category each erased table belongs to; anything else is identity data.
TABLE_CATEGORIES: dict[str, Category] = {
    "payment": Category.FINANCIAL,
    "consent": Category.CONSENT,
    "data_subject_request": Category.REQUEST,
}


class RetentionEraser:
    """Erases what the law allows now; what must be kept stays, restricted."""

    def __init__(self, retention: RetentionService) -> None:
        self.retention = retention

    def erase_person(self, person_id: int, as_of: date) -> ErasureOutcome:
        del as_of  # the retention engine erases as of its own clock's today
        return outcome_of(self.retention.erase_person(person_id, purge=False))

    def purge_files(self) -> None:
        self.retention.purge_files()


def outcome_of(summary: ActionSummary) -> ErasureOutcome:
    erased: Counter[str] = Counter()
    for table, count in summary.erased.items():
        erased[TABLE_CATEGORIES.get(table, Category.IDENTIFICATION).value] += count
    kept = tuple(
        KeptPart(k.category.value, k.count, k.reason, k.kept_through.isoformat())
        for k in summary.kept
    )
    return ErasureOutcome(
        person_id=summary.person_id,
        erased=tuple(ErasedPart(category, count) for category, count in erased.items() if count),
        kept=kept,
        restricted=summary.outcome is Outcome.RESTRICTED,
    )
