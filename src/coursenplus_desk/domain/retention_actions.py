"""What a retention action does to a person, and what it reports: the actions, the
outcome for the person, and the records a legal obligation keeps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coursenplus_desk.domain.retention import Category
from coursenplus_desk.i18n import N_


class Action(StrEnum):
    ERASE = "erase"
    ANONYMISE = "anonymise"
    RESTRICT = "restrict"


ACTION_LABELS: dict[Action, str] = {
    Action.ERASE: N_("erase (irreversible)"),
    Action.ANONYMISE: N_("anonymise (keep anonymous statistics)"),
    Action.RESTRICT: N_("restrict (keep only what the law requires)"),
}


class Outcome(StrEnum):
    """What became of the person themself after an action."""

    ERASED = "erased"
    ANONYMISED = "anonymised"
    RESTRICTED = "restricted"
    UNCHANGED = "unchanged"


# Why records are kept when the rest of a person is erased (GDPR art. 17(3)).
KEPT_REASONS: dict[Category, str] = {
    Category.FINANCIAL: N_("accounting and tax obligation"),
    Category.CONSENT: N_("proof that consent was given, for possible legal claims"),
    Category.REQUEST: N_("file of a data-subject request, for possible legal claims"),
}


@dataclass(frozen=True)
class KeptRecords:
    category: Category
    table: str
    count: int
    until: date  # the day the last of them falls due

    @property
    def reason(self) -> str:
        return KEPT_REASONS[self.category]

    @property
    def kept_through(self) -> date:
        """The last day they are kept: what "kept until" says to a reader."""
        return self.until - timedelta(days=1)


@dataclass(frozen=True)
class ActionSummary:
    """What one action did to one person: counts per table, never values.

    `erased` counts deleted records, `anonymised` records kept without identity
    (for payments) or identity fields cleared (for the person), `kept` what a
    legal obligation keeps and until when, `skipped` categories the action does
    not apply to.
    """

    person_id: int
    action: Action
    outcome: Outcome
    categories: tuple[Category, ...]
    erased: Mapping[str, int]
    anonymised: Mapping[str, int]
    kept: tuple[KeptRecords, ...] = ()
    skipped: tuple[Category, ...] = ()

    def audit_details(self) -> dict[str, object]:
        return {
            "categories": [category.value for category in self.categories],
            "outcome": self.outcome.value,
            "erased": dict(self.erased),
            "anonymised": dict(self.anonymised),
            "kept": {kept.table: kept.count for kept in self.kept},
            "skipped": [category.value for category in self.skipped],
        }
