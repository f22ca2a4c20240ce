"""Audit events and their hash chain: each event's hash covers the previous one.

Events name people by id and describe actions with counts and field names,
never with personal values, so they can outlive an erasure.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor: str
    action: str
    person_id: int | None
    details: dict[str, object]
    prev_hash: str
    hash: str


def event_hash(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    person_id: int | None,
    details: dict[str, object],
) -> str:
    payload = _PAYLOAD.encode([prev_hash, at.isoformat(), actor, action, person_id, details])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# `json.dumps` with these options, made once: an import hashes tens of thousands of events.
_PAYLOAD = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
DETAILS = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # as stored
