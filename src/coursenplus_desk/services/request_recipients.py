"""Telling the recipients of the data of a rectification, erasure or restriction (Art. 19).

The recipients to tell are those the program knows of: the tutors of the
person's groups, the tutors given a roster naming them, and the recipients the
register records for the activities that concern them. For an erasure they
are taken from the snapshot kept before the data was erased. Each one is
recorded as told on a day, or with why telling them was impossible or would
involve a disproportionate effort; the letters list them.
"""

from __future__ import annotations

from datetime import date

from coursenplus_desk.domain.errors import RefusedError, ValidationError
from coursenplus_desk.domain.recipients import to_tell
from coursenplus_desk.domain.requests import (
    TELLS_RECIPIENTS,
    DataSubjectRequest,
    RecipientNotice,
    RequestKind,
)
from coursenplus_desk.domain.validation import clean_text
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.request_register import RequestRegister
from coursenplus_desk.store.subject_data import collect_subject_data

MAX_RECIPIENT_LENGTH = 300


class RequestRecipients(RequestRegister):
    def recipients_to_tell(self, request_id: int) -> list[str]:
        """Everyone who received the person's data, for a rectification, erasure or
        restriction; empty for the other kinds of request."""
        request = self.get(request_id)
        if request.kind not in TELLS_RECIPIENTS:
            return []
        if request.kind is RequestKind.ERASURE and request.executed_on is not None:
            stored = (self.store.outcome(request_id) or {}).get("recipients")
            return [str(item["name"]) for item in _dicts(stored) if item.get("name")]
        if request.person_id is None:
            return []
        data = collect_subject_data(self.db, request.person_id, self.clock.today())
        return to_tell(data.recipients) if data else []

    def recipient_notices(self, request_id: int) -> list[RecipientNotice]:
        self.get(request_id)
        return self.store.recipient_notices(request_id)

    def recipients_pending(self, request_id: int) -> list[str]:
        """Recipients still to be told (or recorded as impossible to tell), once the request
        is carried out: only then is there something to tell them."""
        if self.get(request_id).executed_on is None:
            return []
        done = {notice.recipient for notice in self.store.recipient_notices(request_id)}
        return [name for name in self.recipients_to_tell(request_id) if name not in done]

    def record_recipient_told(
        self,
        request_id: int,
        recipient: str,
        told_on: date | str | None = None,
        not_told_reason: str | None = None,
    ) -> int:
        """A recipient was told on `told_on`, or could not be (`not_told_reason`)."""
        request = self._told_request(request_id)
        name = clean_text(recipient, "recipient", max_length=MAX_RECIPIENT_LENGTH)
        if not name:
            raise ValidationError("recipient", N_("Name the recipient who was told."))
        reason = clean_text(not_told_reason, "reason", max_length=1000)
        if (told_on is None or told_on == "") == (reason is None):
            raise ValidationError(
                "on",
                N_("Give either the day the recipient was told, or why it was impossible or "
                   "disproportionate."),
            )  # fmt: skip
        day = None
        if told_on not in (None, ""):
            day = self._past_date(told_on, "on")
            if request.executed_on is not None and day < request.executed_on:
                raise ValidationError(
                    "on", N_("A recipient is told after the request was carried out.")
                )
        with self.db.transaction():
            notice_id = self.store.add_recipient_notice(
                request_id, name, day, reason, self.clock.now()
            )
            self.audit.record(
                "request.recipient_told", request.person_id, request=request_id,
                told=day is not None,
            )  # fmt: skip
        return notice_id

    def _told_request(self, request_id: int) -> DataSubjectRequest:
        request = self.require_open(request_id)
        if request.kind not in TELLS_RECIPIENTS:
            raise RefusedError(
                N_("Recipients are told of a rectification, an erasure or a restriction only."),
            )
        if request.executed_on is None:
            raise RefusedError(
                N_("Carry out request {id} before telling the recipients (request execute)."),
                id=request_id,
            )
        return request


def _dicts(value: object) -> list[dict[str, object]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
