"""The request register: requests, their documents, rectification changes, notes, objections."""

from __future__ import annotations

import json
from datetime import date, datetime

from coursenplus_desk.domain.requests import (
    DataSubjectRequest,
    RequestChannel,
    RequestDocument,
    RequestKind,
    RequestNote,
    RequestStatus,
    due_date,
)
from coursenplus_desk.store.database import Database, Row, iso, to_date, to_date_required


class RequestsStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(
        self,
        person_id: int,
        requester_id: int | None,
        kind: RequestKind,
        channel: RequestChannel,
        received_on: date,
        now: datetime,
    ) -> int:
        return self.db.execute(
            "INSERT INTO data_subject_request (person_id, requester_id, kind, channel,"
            " received_on, due_on, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'received', ?)",
            (
                person_id,
                requester_id,
                kind.value,
                channel.value,
                iso(received_on),
                iso(due_date(received_on)),
                now.isoformat(),
            ),
        )

    def get(self, request_id: int) -> DataSubjectRequest | None:
        row = self.db.one("SELECT * FROM data_subject_request WHERE id = ?", (request_id,))
        return _request(row) if row else None

    def all(self) -> list[DataSubjectRequest]:
        rows = self.db.query("SELECT * FROM data_subject_request ORDER BY due_on, id")
        return [_request(row) for row in rows]

    def of_person(self, person_id: int) -> list[DataSubjectRequest]:
        rows = self.db.query(
            "SELECT * FROM data_subject_request WHERE person_id = ? ORDER BY received_on, id",
            (person_id,),
        )
        return [_request(row) for row in rows]

    def set_status(self, request_id: int, status: RequestStatus) -> None:
        self.db.execute(
            "UPDATE data_subject_request SET status = ? WHERE id = ?", (status.value, request_id)
        )

    def set_identity(self, request_id: int, method: str, on: date, by: str) -> None:
        self.db.execute(
            "UPDATE data_subject_request SET identity_method = ?, identity_checked_on = ?,"
            " identity_checked_by = ?, status = 'in_progress' WHERE id = ?",
            (method, iso(on), by, request_id),
        )

    def set_extension(
        self, request: DataSubjectRequest, months: int, reason: str, informed_on: date
    ) -> None:
        self.db.execute(
            "UPDATE data_subject_request SET extension_months = ?, extension_reason = ?,"
            " extension_informed_on = ?, due_on = ? WHERE id = ?",
            (
                months,
                reason,
                iso(informed_on),
                iso(due_date(request.received_on, months)),
                request.id,
            ),
        )

    def set_refused(self, request_id: int, reason: str, on: date) -> None:
        self.db.execute(
            "UPDATE data_subject_request SET status = 'refused', refusal_reason = ?,"
            " answered_on = ? WHERE id = ?",
            (reason, iso(on), request_id),
        )

    def set_answered(self, request_id: int, on: date) -> None:
        self.db.execute(
            "UPDATE data_subject_request SET status = 'answered', answered_on = ? WHERE id = ?",
            (iso(on), request_id),
        )

    def set_executed(self, request_id: int, on: date, outcome: dict[str, object] | None) -> None:
        self.db.execute(
            "UPDATE data_subject_request SET executed_on = ?, outcome = ? WHERE id = ?",
            (
                iso(on),
                None if outcome is None else json.dumps(outcome, ensure_ascii=False),
                request_id,
            ),
        )

    def outcome(self, request_id: int) -> dict[str, object] | None:
        text = self.db.scalar(
            "SELECT outcome FROM data_subject_request WHERE id = ?", (request_id,)
        )
        return json.loads(text) if text else None

    def add_document(
        self,
        request_id: int,
        kind: str,
        file_name: str,
        sha256: str,
        size: int,
        language: str,
        now: datetime,
    ) -> int:
        return self.db.execute(
            "INSERT INTO request_document (request_id, kind, file_name, sha256, size, language,"
            " produced_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (request_id, kind, file_name, sha256, size, language, now.isoformat()),
        )

    def documents(self, request_id: int) -> list[RequestDocument]:
        rows = self.db.query(
            "SELECT * FROM request_document WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [
            RequestDocument(
                int(r["id"]),
                int(r["request_id"]),
                r["kind"],
                r["file_name"],
                r["sha256"],
                int(r["size"]),
                r["language"],
                r["produced_at"],
            )
            for r in rows
        ]

    def add_change(
        self,
        request_id: int,
        field: str,
        old_value: str | None,
        new_value: str | None,
        now: datetime,
    ) -> None:
        self.db.execute(
            "INSERT INTO request_change (request_id, field, old_value, new_value, changed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (request_id, field, old_value, new_value, now.isoformat()),
        )

    def changes(self, request_id: int) -> list[tuple[str, str | None, str | None]]:
        rows = self.db.query(
            "SELECT field, old_value, new_value FROM request_change WHERE request_id = ?"
            " ORDER BY id",
            (request_id,),
        )
        return [(r["field"], r["old_value"], r["new_value"]) for r in rows]

    def add_note(self, request_id: int, text: str, now: datetime) -> int:
        return self.db.execute(
            "INSERT INTO request_note (request_id, written_at, text) VALUES (?, ?, ?)",
            (request_id, now.isoformat(), text),
        )

    def notes(self, request_id: int) -> list[RequestNote]:
        rows = self.db.query(
            "SELECT * FROM request_note WHERE request_id = ? ORDER BY id", (request_id,)
        )
        return [
            RequestNote(int(r["id"]), int(r["request_id"]), r["written_at"], r["text"])
            for r in rows
        ]

    # Objections live in `person_objection` (schema 4), shared with consents and mailings;
    # an objection made through a request covers every purpose (purpose NULL).
    def add_objection(self, person_id: int, on: date, request_id: int) -> None:
        del request_id  # the request file itself records which request it came from
        if self.objected_on(person_id) is None:
            self.db.execute(
                "INSERT INTO person_objection (person_id, objected_on, purpose)"
                " VALUES (?, ?, NULL)",
                (person_id, iso(on)),
            )

    def objecting_person_ids(self) -> set[int]:
        return {
            int(v)
            for v in self.db.column(
                "SELECT DISTINCT person_id FROM person_objection WHERE purpose IS NULL"
            )
        }

    def objected_on(self, person_id: int) -> date | None:
        return to_date(
            self.db.scalar(
                "SELECT min(objected_on) FROM person_objection"
                " WHERE person_id = ? AND purpose IS NULL",
                (person_id,),
            )
        )


def _request(row: Row) -> DataSubjectRequest:
    return DataSubjectRequest(
        id=int(row["id"]),
        person_id=row["person_id"],
        requester_id=row["requester_id"],
        kind=RequestKind(row["kind"]),
        channel=RequestChannel(row["channel"]),
        received_on=to_date_required(row["received_on"]),
        status=RequestStatus(row["status"]),
        extension_months=int(row["extension_months"]),
        extension_reason=row["extension_reason"],
        extension_informed_on=to_date(row["extension_informed_on"]),
        identity_method=row["identity_method"],
        identity_checked_on=to_date(row["identity_checked_on"]),
        identity_checked_by=row["identity_checked_by"],
        refusal_reason=row["refusal_reason"],
        executed_on=to_date(row["executed_on"]),
        answered_on=to_date(row["answered_on"]),
        uuid=str(row["uuid"]),
    )
