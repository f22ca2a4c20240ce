"""The audit trail as a whole: verify its hash chain, list it, prune it by age.

Views (who opened whose page) are kept 12 months, other events 60 months by
default (settings `audit.view_months`, `audit.change_months`). Pruning redacts
expired views in place and deletes the oldest run of expired events, keeping
an anchor, so what remains still verifies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time

from coursenplus_desk.domain.audit import AuditEvent
from coursenplus_desk.domain.audit_chain import BreakKind, ChainBreak, first_break
from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.dates import add_months
from coursenplus_desk.domain.errors import VaultUnavailableError
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.services.settings import SettingsService
from coursenplus_desk.store.audit import AuditStore
from coursenplus_desk.store.audit_chain import AuditChainStore
from coursenplus_desk.store.database import Database

VIEW_MONTHS = "audit.view_months"
CHANGE_MONTHS = "audit.change_months"
DEFAULT_VIEW_MONTHS = 12
DEFAULT_CHANGE_MONTHS = 60

_BREAK_MESSAGES = {
    BreakKind.MISSING: N_("The audit trail was tampered with: event {id} is missing."),
    BreakKind.ALTERED: N_("The audit trail was tampered with: event {id} was altered."),
    BreakKind.UNLINKED: N_(
        "The audit trail was tampered with: event {id} does not follow the event before it."
    ),
}


class AuditTamperedError(VaultUnavailableError):
    """The hash chain is broken; `event_id` is the first event where it breaks."""

    def __init__(self, found: ChainBreak) -> None:
        super().__init__(_BREAK_MESSAGES[found.kind], id=found.event_id)
        self.event_id = found.event_id
        self.kind = found.kind


@dataclass(frozen=True)
class PruneResult:
    redacted: int
    removed: int


class AuditTrailService:
    def __init__(
        self, db: Database, clock: Clock, audit: Auditor, settings: SettingsService
    ) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.settings = settings
        self.chain = AuditChainStore(db)
        self.events_store = AuditStore(db)

    def first_break(self) -> ChainBreak | None:
        with self.db.transaction():  # one consistent snapshot of the chain and its head
            return first_break(self.chain.links(), self.chain.state())

    def verify(self) -> int:
        """The number of events checked; raises `AuditTamperedError` at the first break."""
        found = self.first_break()
        if found is not None:
            raise AuditTamperedError(found)
        return self.chain.state().count

    def events(self, person_id: int | None = None, limit: int | None = None) -> list[AuditEvent]:
        return self.events_store.events(person_id, limit)

    def prune(self) -> PruneResult:
        """Remove what has expired; the remaining chain still verifies."""
        views = self._cutoff(VIEW_MONTHS, DEFAULT_VIEW_MONTHS)
        changes = self._cutoff(CHANGE_MONTHS, DEFAULT_CHANGE_MONTHS)
        with self.db.transaction():
            removed = self.chain.prune_prefix(views, changes)
            redacted = self.chain.redact_views(views)
            if redacted or removed:
                self.audit.record("audit.prune", redacted=redacted, removed=removed)
        return PruneResult(redacted, removed)

    def _cutoff(self, key: str, default: int) -> datetime:
        stored = self.settings.get(key)
        months = stored if isinstance(stored, int) and stored > 0 else default
        day = add_months(self.clock.today(), -months)
        return datetime.combine(day, time(0, 0), tzinfo=UTC)
