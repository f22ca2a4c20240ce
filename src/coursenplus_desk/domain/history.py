"""A record's history in words: each audit action as a short label and as a sentence.

The audit trail names actions with codes ("family.link") and people with ids;
nobody outside the program reads those. Lists in the program show a short
label per event; the access reply tells the history in sentences, one per
kind of event and day, the other person, group or consent purpose named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coursenplus_desk.i18n import N_

# Short labels, for the lists of events in the program.
ACTION_LABELS: dict[str, str] = {
    "person.create": N_("created"),
    "person.update": N_("edited"),
    "person.view": N_("page opened"),
    "family.link": N_("family link added"),
    "family.unlink": N_("family link removed"),
    "enrollment.create": N_("enrolled in a group"),
    "enrollment.end": N_("enrollment ended"),
    "contact.create": N_("contact recorded"),
    "payment.create": N_("payment recorded"),
    "membership.create": N_("membership recorded"),
    "membership.apply": N_("membership application"),
    "membership.confirm": N_("membership confirmed"),
    "membership.withdraw_application": N_("application withdrawn"),
    "group.create": N_("group created"),
    "consent.grant": N_("consent recorded"),
    "consent.confirm": N_("consent confirmed"),
    "consent.withdraw": N_("consent withdrawn"),
    "consent.view": N_("consents consulted"),
    "consent.objection": N_("objection recorded"),
    "request.create": N_("request received"),
    "request.view": N_("request file consulted"),
    "request.document": N_("reply produced"),
    "request.closed": N_("request closed"),
    "retention.hold": N_("legal hold placed"),
    "retention.hold_lift": N_("legal hold lifted"),
    "document.form": N_("form printed"),
    "document.roster": N_("on a group roster"),
    "health.record": N_("health information recorded"),
    "health.erase": N_("health information erased"),
}
OTHER_ACTION = N_("other operation")


def action_label(action: str) -> str:
    """The short label of an action (a message id); never the code itself."""
    return ACTION_LABELS.get(action, OTHER_ACTION)


class Subject:
    """What the `{subject}` of an event's sentence is, so a document can show it in words."""

    NAME = "name"  # a person's or a group's name, shown as it is
    FIELDS = "fields"  # field keys of a person, comma-separated
    PURPOSE = "purpose"  # a consent purpose key
    REQUEST_KIND = "request_kind"  # a kind of data-subject request


# Each action's sentence; `{subject}` is filled in as SUBJECTS says.
SENTENCES: dict[str, str] = {
    "person.create": N_("Record created"),
    "person.update": N_("Record edited"),
    "person.view": N_("Record consulted by an administrator"),
    "family.link": N_("Family link added with {subject}"),
    "family.unlink": N_("Family link with {subject} removed"),
    "enrollment.create": N_("Enrolled in the group “{subject}”"),
    "enrollment.end": N_("Enrollment in the group “{subject}” ended"),
    "group.create": N_("Group “{subject}” created, with you as its tutor"),
    "contact.create": N_("Contact with the association recorded"),
    "payment.create": N_("Payment recorded"),
    "membership.create": N_("Membership recorded"),
    "membership.apply": N_("Membership application received"),
    "membership.confirm": N_("Membership confirmed"),
    "membership.withdraw_application": N_("Membership application withdrawn"),
    "consent.grant": N_("Consent recorded: {subject}"),
    "consent.confirm": N_("Consent confirmed: {subject}"),
    "consent.withdraw": N_("Consent withdrawn: {subject}"),
    "consent.view": N_("Consents consulted by an administrator"),
    "consent.objection": N_("Objection recorded"),
    "request.create": N_("Request received: {subject}"),
    "request.identity_asked": N_("Proof of identity asked for a request"),
    "request.identity_checked": N_("Identity checked for a request"),
    "request.mandate_checked": N_("Mandate of the representative checked for a request"),
    "request.extended": N_("Deadline of a request extended"),
    "request.rectified": N_("Data corrected at your request"),
    "request.restricted": N_("Processing restricted at your request"),
    "request.objection": N_("Objection recorded at your request"),
    "request.consent_withdrawn": N_("Consents withdrawn at your request"),
    "request.erased": N_("Data erased at your request"),
    "request.document": N_("Reply to a request produced"),
    "request.note": N_("Note added to a request file"),
    "request.refused": N_("Request refused"),
    "request.closed": N_("Request closed"),
    "request.view": N_("Request file consulted by an administrator"),
    "request.recipient_told": N_("A recipient of the data told of a request's outcome"),
    "retention.hold": N_("Legal hold placed"),
    "retention.hold_lift": N_("Legal hold lifted"),
    "retention.erase": N_("Data past its retention period erased"),
    "retention.anonymise": N_("Data past its retention period made anonymous"),
    "retention.restrict": N_("Data past its retention period restricted"),
    "document.form": N_("Form printed"),
    "document.roster": N_("Name on the group roster given to the tutor {subject}"),
    "health.record": N_("Health information recorded"),
    "health.erase": N_("Health information erased"),
}
# Variants of a sentence that say more when the program knows it.
SENTENCE_VARIANTS: dict[tuple[str, str], str] = {
    ("person.create", "typed"): N_("Record typed in by an administrator"),
    ("person.create", "import"): N_("Record created from an imported file"),
    ("person.update", "fields"): N_("Record edited: {subject}"),
}
OTHER_SENTENCE = N_("Other operation on the record")

SUBJECTS: dict[str, str] = {
    "family.link": Subject.NAME,
    "family.unlink": Subject.NAME,
    "enrollment.create": Subject.NAME,
    "enrollment.end": Subject.NAME,
    "group.create": Subject.NAME,
    "document.roster": Subject.NAME,
    "person.update": Subject.FIELDS,
    "consent.grant": Subject.PURPOSE,
    "consent.confirm": Subject.PURPOSE,
    "consent.withdraw": Subject.PURPOSE,
    "request.create": Subject.REQUEST_KIND,
}


@dataclass(frozen=True)
class HistoryEntry:
    """Events of one kind on one day, about the same subject; `count` of them."""

    day: date
    action: str
    subject: str = ""  # as SUBJECTS says; empty when the sentence names nothing
    variant: str = ""  # a key of SENTENCE_VARIANTS with the action, or empty
    count: int = 1

    @property
    def sentence(self) -> str:
        """The message id of this entry's sentence."""
        if self.variant and (self.action, self.variant) in SENTENCE_VARIANTS:
            return SENTENCE_VARIANTS[(self.action, self.variant)]
        return SENTENCES.get(self.action, OTHER_SENTENCE)


def grouped(entries: Iterable[HistoryEntry]) -> list[HistoryEntry]:
    """Consecutive entries saying the same thing on the same day become one, counted."""
    result: list[HistoryEntry] = []
    for entry in entries:
        last = result[-1] if result else None
        if last is not None and (last.day, last.action, last.subject, last.variant) == (
            entry.day, entry.action, entry.subject, entry.variant,
        ):  # fmt: skip
            result[-1] = HistoryEntry(
                last.day, last.action, last.subject, last.variant, last.count + entry.count
            )
        else:
            result.append(entry)
    return result
