"""The body of an exchange file, as written and as checked when read.

A body that authenticated comes from a member of the register, but it may
still be the work of a newer program or of a damaged laptop: every part is
checked for shape before anything is applied.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from coursenplus_desk.domain.sync.hlc import BadStampError, Hlc, is_laptop_id
from coursenplus_desk.domain.sync.order import LaptopStatus


class BadBodyError(ValueError):
    """An authenticated body whose content is not what this program writes."""


@dataclass(frozen=True)
class LaptopEntry:
    laptop_id: str
    label: str
    status: LaptopStatus
    public_key: bytes | None
    cut: int
    seen: dict[str, int] = field(default_factory=dict)  # an invited laptop's starting point

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.laptop_id,
            "label": self.label,
            "status": self.status.value,
            "public_key": b64(self.public_key) if self.public_key else None,
            "cut": self.cut,
            "seen": self.seen,
        }


@dataclass(frozen=True)
class KeyEntry:
    key_id: int
    wrapped: dict[str, bytes]  # laptop id -> the key wrapped for that laptop

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.key_id, "wrapped": {k: b64(v) for k, v in self.wrapped.items()}}


@dataclass(frozen=True)
class Incoming:
    stamp: str
    written_at: str | None
    seen: dict[str, int]
    rows: list[Any]
    tombstones: list[Any]
    laptops: list[LaptopEntry]
    keys: list[KeyEntry]
    audit: dict[str, Any]

    @property
    def content(self) -> bool:
        """Changes to acknowledge (an acknowledgement alone is not acknowledged in turn)."""
        return bool(self.rows or self.tombstones or self.laptops or self.keys)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise BadBodyError("not base64")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadBodyError("not base64") from None


def key_context(register_id: str, key_id: int, laptop_id: str) -> bytes:
    return f"{register_id}:{key_id}:{laptop_id}".encode("ascii")


def frontier(value: object) -> dict[str, int]:
    if not isinstance(value, dict):
        raise BadBodyError("seen")
    checked: dict[str, int] = {}
    for laptop, number in value.items():
        if not is_laptop_id(laptop) or not isinstance(number, int) or number < 0:
            raise BadBodyError("seen")
        checked[laptop] = number
    return checked


def read_body(body: dict[str, Any]) -> Incoming:
    try:
        stamp = str(body["hlc"])
        Hlc.decode(stamp)
        audit = body.get("audit", {})
        rows, tombstones = body.get("rows", []), body.get("tombstones", [])
        if not isinstance(rows, list) or not isinstance(tombstones, list):
            raise BadBodyError("rows")
        if not isinstance(audit, dict):
            raise BadBodyError("audit")
        written = body.get("written_at")
        return Incoming(
            stamp=stamp,
            written_at=written if isinstance(written, str) else None,
            seen=frontier(body.get("seen", {})),
            rows=rows,
            tombstones=tombstones,
            laptops=[_laptop(entry) for entry in _list(body.get("laptops", []))],
            keys=[_key(entry) for entry in _list(body.get("keys", []))],
            audit=audit,
        )
    except (KeyError, TypeError, ValueError, BadStampError) as error:
        raise BadBodyError(str(error)) from None


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise BadBodyError("list")
    return value


def _laptop(entry: object) -> LaptopEntry:
    if not isinstance(entry, dict) or not is_laptop_id(entry.get("id")):
        raise BadBodyError("laptop")
    public = entry.get("public_key")
    cut = entry.get("cut", 0)
    if not isinstance(cut, int):
        raise BadBodyError("cut")
    return LaptopEntry(
        laptop_id=str(entry["id"]),
        label=str(entry.get("label", ""))[:200],
        status=LaptopStatus(str(entry.get("status"))),
        public_key=unb64(public) if public is not None else None,
        cut=cut,
        seen=frontier(entry.get("seen", {})),
    )


def _key(entry: object) -> KeyEntry:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), int):
        raise BadBodyError("key")
    wrapped = entry.get("wrapped", {})
    if not isinstance(wrapped, dict):
        raise BadBodyError("wrapped")
    return KeyEntry(int(entry["id"]), {str(k): unb64(v) for k, v in wrapped.items()})


def pack(body: dict[str, Any]) -> bytes:
    """A body as kept in the vault (to write the file again, or without erased values)."""
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack(data: bytes) -> dict[str, Any]:
    value = json.loads(zlib.decompress(data).decode("utf-8"))
    if not isinstance(value, dict):
        raise BadBodyError("stored body")
    return value
