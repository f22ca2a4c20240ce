"""Retention: policies, legal holds, the scan, and the erase/anonymise/restrict actions.

Actions only ever touch what is overdue on the as-of date (never later than
today), are refused for a held person, run in one transaction with their audit
events, and are followed by a purge of the vault files (WAL truncated, VACUUM),
so erased values are gone from disk. `erase_person` is the erasure a
data-subject request asks for: everything, except what a legal obligation keeps.
Request files go whole (changes with their old/new values, notes, documents);
they outlive their subject's erasure or anonymisation until their own date,
then `expire_unlinked_request_files` erases them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import NotFoundError, RefusedError, ValidationError
from coursenplus_desk.domain.membership import check_application_months
from coursenplus_desk.domain.retention import (
    DEFAULT_WINDOW_DAYS,
    IDENTITY_CATEGORIES,
    Category,
    Due,
    Finding,
    PersonFacts,
    PersonRetention,
    Policies,
    Status,
    assess_all,
    check_years,
    consent_due,
    dated_cutoff,
    due_dates,
    financial_due,
    parse_category,
    request_due,
    shown_date,
)
from coursenplus_desk.domain.retention_actions import Action, ActionSummary, KeptRecords, Outcome
from coursenplus_desk.domain.validation import choice, clean_text, require_date
from coursenplus_desk.domain.work import Progress, WorkCancelledError, report
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.auditor import Auditor
from coursenplus_desk.store.database import Database
from coursenplus_desk.store.erasure import Changes, ErasureStore, purge_files
from coursenplus_desk.store.people import PeopleStore
from coursenplus_desk.store.retention import Hold, RetentionStore, ids_of

_STATUS_ORDER = {Status.OVERDUE: 0, Status.DUE_SOON: 1, Status.HELD: 2}


class RetentionCancelledError(WorkCancelledError):
    """The person stopped a retention action before its end: nothing was changed."""


class RetentionService:
    def __init__(self, db: Database, clock: Clock, audit: Auditor) -> None:
        self.db = db
        self.clock = clock
        self.audit = audit
        self.store = RetentionStore(db)
        self.erasure = ErasureStore(db)
        self.people = PeopleStore(db)

    # Policies

    def policies(self) -> Policies:
        return self.store.policies()

    def set_policy(self, category: str | Category, years: int) -> Policies:
        checked = parse_category(str(category))
        check_years(checked, years)
        with self.db.transaction():
            self.store.set_policy(checked, years)
            self.audit.record("retention.policy", category=checked.value, years=years)
        return self.policies()

    def set_application_months(self, months: int) -> Policies:
        """How long an unconfirmed membership application is kept before it is due."""
        check_application_months(months)
        with self.db.transaction():
            self.store.set_application_months(months)
            self.audit.record("retention.policy", category="application", months=months)
        return self.policies()

    # The scan

    def scan(
        self, as_of: date | None = None, window_days: int = DEFAULT_WINDOW_DAYS
    ) -> list[Finding]:
        """Overdue, due within the window, and held: most urgent first."""
        day = as_of or self.clock.today()
        if window_days < 0:
            raise ValidationError("window_days", N_("The window cannot be negative."))
        policies = self.policies()
        candidates = self.store.candidate_facts(day, window_days, policies)
        findings = assess_all(candidates, policies, day, window_days)
        return sorted(findings, key=lambda f: (_STATUS_ORDER[f.status], f.due_on, f.person_id))

    def overdue_count(self, as_of: date | None = None) -> int:
        """People with something overdue (the sidebar's number)."""
        findings = self.scan(as_of, window_days=0)
        return len({f.person_id for f in findings if f.status is Status.OVERDUE})

    def dates_of(self, person_id: int) -> list[Due]:
        """A person's retention dates per category (none while something is ongoing)."""
        return due_dates(self._facts(person_id), self.policies(), self.clock.today())

    def person_retention(self, person_id: int, *, answering: bool = False) -> PersonRetention:
        """The person's dates; `answering` a request, as they will run once it is closed
        (an open request stops the identity clock, and a reply states the period)."""
        policies = self.policies()
        facts = self._facts(person_id)
        if answering:
            facts = facts._replace(request_open=False)
        return PersonRetention(policies, tuple(due_dates(facts, policies, self.clock.today())))

    # Legal holds

    def place_hold(self, person_id: int, reason: str, on: date | str | None = None) -> int:
        text = clean_text(reason, "reason", max_length=500)
        if not text:
            raise ValidationError("reason", N_("Give the reason for the hold."))
        day = require_date(on, "on") if on else self.clock.today()
        self._facts(person_id)
        with self.db.transaction():
            hold_id = self.store.place_hold(person_id, text, day)
            self.audit.record("retention.hold", person_id, hold=hold_id)
        return hold_id

    def lift_hold(self, person_id: int) -> int:
        with self.db.transaction():
            lifted = self.store.lift_holds(person_id, self.clock.today())
            if not lifted:
                raise NotFoundError(N_("Person {id} has no legal hold."), id=person_id)
            self.audit.record("retention.hold_lift", person_id, holds=lifted)
        return lifted

    def holds(self) -> list[Hold]:
        return self.store.active_holds()

    # Actions

    def apply(self, person_id: int, action: str | Action, as_of: date | str) -> ActionSummary:
        """Act on what of this person is overdue on `as_of`; refused when nothing is."""
        checked, day = self._check_action(action, as_of)
        facts = self._facts(person_id)
        self._refuse_if_held(facts)
        categories = self._overdue(facts, day)
        if not categories:
            raise RefusedError(
                N_("Nothing of person {id} is overdue on {date}."),
                id=person_id,
                date=shown_date(day),
            )
        with self.db.transaction():
            summary = self._act(facts, categories, checked, day, basis="schedule")
            self.erasure.optimize_search()
        purge_files(self.db)
        return summary

    def apply_all_overdue(
        self, action: str | Action, as_of: date | str, progress: Progress | None = None
    ) -> list[ActionSummary]:
        """Act on everybody overdue on `as_of` (held people are never included)."""
        _, day = self._check_action(action, as_of)
        people = {f.person_id for f in self.scan(day, 0) if f.status is Status.OVERDUE}
        return self.apply_to(sorted(people), action, day, progress)

    def apply_to(
        self,
        person_ids: Iterable[int],
        action: str | Action,
        as_of: date | str,
        progress: Progress | None = None,
    ) -> list[ActionSummary]:
        """Act on several people in one transaction and one purge of the files.

        People who are held or have nothing overdue are passed over (the
        summaries say who was handled); `progress(done, total)` follows along and may
        cancel, which changes nothing.
        """
        checked, day = self._check_action(action, as_of)
        chosen = list(dict.fromkeys(person_ids))
        summaries = []
        with self.db.transaction():
            for done, person_id in enumerate(chosen, start=1):
                facts = self.store.facts_of(person_id)
                categories = self._overdue(facts, day) if facts and not facts.held else ()
                if facts and categories:
                    summaries.append(self._act(facts, categories, checked, day, "schedule"))
                report(
                    progress,
                    done,
                    len(chosen),
                    RetentionCancelledError,
                    N_("The retention action was cancelled: nothing was changed."),
                )
            self.erasure.optimize_search()
        if summaries:
            purge_files(self.db)
        return summaries

    def unlinked_request_files(self, as_of: date | None = None) -> list[int]:
        """Request files overdue on `as_of` whose subject was erased or anonymised.

        They have no person to be listed under in the scan; `expire_unlinked_request_files`
        (run by `retention apply --all-overdue`) erases them.
        """
        day = as_of or self.clock.today()
        policies = self.policies()
        years = policies.of(Category.REQUEST)
        files = self.store.unlinked_request_files(dated_cutoff(day, 0, years))
        return [i for i, closed_on in files if request_due(closed_on, policies) <= day]

    def expire_unlinked_request_files(self, as_of: date | str) -> dict[str, int]:
        """Erase the overdue request files of erased or anonymised people; counts per table."""
        _, day = self._check_action(Action.ERASE, as_of)
        ids = self.unlinked_request_files(day)
        if not ids:
            return {}
        with self.db.transaction():
            changes = self._erase_request_files(ids)
            self.audit.record(
                "retention.erase",
                None,
                as_of=day.isoformat(),
                basis="schedule",
                categories=[Category.REQUEST.value],
                erased=dict(changes.erased),
            )
        purge_files(self.db)
        return dict(changes.erased)

    def erase_person(self, person_id: int, *, purge: bool = True) -> ActionSummary:
        """Erase a person now (an erasure request), keeping only what the law requires.

        Payments still inside their accounting period and proofs of withdrawn
        consents inside theirs are kept, with the name and address, restricted;
        the summary says what was erased and what was kept, why and until when.
        """
        facts = self._facts(person_id)
        self._refuse_if_held(facts)
        day = self.clock.today()
        with self.db.transaction():
            summary = self._act(
                facts, (Category.IDENTIFICATION,), Action.ERASE, day, basis="request"
            )
            self.erasure.optimize_search()
        if purge:
            purge_files(self.db)
        return summary

    def erasure_preview(self, person_id: int) -> tuple[bool, tuple[KeptRecords, ...]]:
        """Before `erase_person`: whether a legal hold stops it, and what the law would keep."""
        facts = self._facts(person_id)
        kept = self._still_kept(person_id, self.clock.today())
        return facts.held, tuple(records for records, _ids in kept)

    def purge_files(self) -> None:
        """After an erasure committed in a caller's transaction: leave no erased value on disk."""
        purge_files(self.db)

    def _act(
        self,
        facts: PersonFacts,
        categories: Iterable[Category],
        action: Action,
        as_of: date,
        basis: str,
    ) -> ActionSummary:
        chosen = tuple(categories)
        identity = bool(IDENTITY_CATEGORIES.intersection(chosen))
        changes = Changes()
        skipped = []
        for category in chosen:
            if category in IDENTITY_CATEGORIES:
                continue
            if action is Action.RESTRICT:
                # Restricting the person drops every expired record; alone, it leaves them.
                if not identity:
                    skipped.append(category)
                if not identity or category is not Category.REQUEST:
                    continue  # the person's own records go with `restrict_person`
            changes.add(self._expire_records(facts.person_id, category, action, as_of))
        outcome: Outcome = Outcome.UNCHANGED
        kept: tuple[KeptRecords, ...] = ()
        if identity:
            outcome, kept, identity_changes = self._reduce_identity(facts, action, as_of)
            changes.add(identity_changes)
        summary = ActionSummary(
            facts.person_id,
            action,
            outcome,
            chosen,
            changes.erased,
            changes.anonymised,
            kept,
            tuple(skipped),
        )
        self.audit.record(
            f"retention.{action.value}",
            facts.person_id,
            as_of=as_of.isoformat(),
            basis=basis,
            **summary.audit_details(),
        )
        return summary

    def _expire_records(
        self, person_id: int, category: Category, action: Action, as_of: date
    ) -> Changes:
        policies, now = self.policies(), self.clock.now()
        if category is Category.FINANCIAL:
            payments = self.store.payments(person_id)
            ids = [i for i, paid in payments if financial_due(paid, policies) <= as_of]
            if action is Action.ANONYMISE:
                return Changes(anonymised={"payment": self.erasure.anonymise_payments(ids)})
            return Changes({"payment": self.erasure.erase_records("payment", ids, now)})
        if category is Category.CONSENT:
            consents = self.store.withdrawn_consents(person_id)
            ids = [i for i, withdrawn in consents if consent_due(withdrawn, policies) <= as_of]
            # A consent proof has no anonymous use: anonymising it erases it.
            return Changes({"consent": self.erasure.erase_records("consent", ids, now)})
        if category is Category.REQUEST:
            closed = self.store.closed_requests(person_id)
            ids = [i for i, closed_on in closed if request_due(closed_on, policies) <= as_of]
            # A request file has no anonymous use either: it goes whole.
            return self._erase_request_files(ids)
        if category is Category.HEALTH:
            # Health information has no anonymous use: it is erased.
            ids = self.erasure.record_ids("health_record", "person_id", person_id)
            return Changes({"health_record": self.erasure.erase_records("health_record", ids, now)})
        return Changes()

    def _erase_request_files(self, request_ids: list[int]) -> Changes:
        """The files, with their changes (old/new values), notes and documents, ids listed."""
        now = self.clock.now()
        parts = self.store.request_file_parts(request_ids)
        counts = {
            table: self.erasure.erase_records(table, ids, now) for table, ids in parts.items()
        }
        counts["data_subject_request"] = self.erasure.erase_records(
            "data_subject_request", request_ids, now
        )
        return Changes().add(Changes(counts))

    def _reduce_identity(
        self, facts: PersonFacts, action: Action, as_of: date
    ) -> tuple[Outcome, tuple[KeptRecords, ...], Changes]:
        """Erase or anonymise the person, or restrict them to what must still be kept."""
        person_id, now = facts.person_id, self.clock.now()
        kept = self._still_kept(person_id, as_of)
        if kept or action is Action.RESTRICT:
            keep = {k.table: ids for k, ids in kept}
            changes = self.erasure.restrict_person(person_id, keep, now)
            return Outcome.RESTRICTED, tuple(k for k, _ in kept), changes
        if action is Action.ERASE:
            return Outcome.ERASED, (), self.erasure.delete_person(person_id, now)
        return Outcome.ANONYMISED, (), self.erasure.anonymise_person(person_id, now)

    def _still_kept(self, person_id: int, as_of: date) -> list[tuple[KeptRecords, list[int]]]:
        """Records a legal obligation keeps beyond `as_of`, with their ids."""
        policies = self.policies()
        payments = [(i, financial_due(d, policies)) for i, d in self.store.payments(person_id)]
        consents = [
            (i, consent_due(d, policies)) for i, d in self.store.withdrawn_consents(person_id)
        ]
        found = []
        for category, table, dated in (
            (Category.FINANCIAL, "payment", payments),
            (Category.CONSENT, "consent", consents),
        ):
            inside = [(i, end) for i, end in dated if end > as_of]
            if inside:
                until = max(end for _, end in inside)
                found.append((KeptRecords(category, table, len(inside), until), ids_of(inside)))
        return found

    # Checks

    def _check_action(self, action: str | Action, as_of: date | str) -> tuple[Action, date]:
        checked = choice(str(action), "action", Action)
        day = require_date(as_of, "as_of")
        if day > self.clock.today():
            raise RefusedError(
                N_("Records cannot be erased ahead of time: {date} is after today."),
                date=shown_date(day),
            )
        return checked, day

    def _overdue(self, facts: PersonFacts, as_of: date) -> tuple[Category, ...]:
        dues = due_dates(facts, self.policies(), as_of)
        return tuple(due.category for due in dues if due.due_on <= as_of)

    def _facts(self, person_id: int) -> PersonFacts:
        facts = self.store.facts_of(person_id)
        if facts is None:
            raise NotFoundError(N_("There is no person with number {id}."), id=person_id)
        return facts

    def _refuse_if_held(self, facts: PersonFacts) -> None:
        if facts.held:
            raise RefusedError(
                N_("Person {id} is under a legal hold: nothing is erased until it is lifted."),
                id=facts.person_id,
            )
