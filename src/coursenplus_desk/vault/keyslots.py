"""The key-slot header: the data key wrapped once per administrator (and per remembered computer).

Each slot has two layers (vault/slot_crypto.py explains why): its X25519
private key sealed under a key derived from a passphrase (Argon2id) or from a
random secret kept in the OS keychain (HKDF), and the data key sealed to its
public key. The slot's parameters are the first layer's associated data, so a
changed parameter fails like a wrong key. The whole header carries a SHA-256
checksum (any edit is seen before asking for a key) and an HMAC under the data
key (an edit that also fixed the checksum is seen once the vault is unlocked),
which also covers the witness of the audit trail's head written at every close.

Version 1 headers (one layer: the data key sealed under the passphrase's key)
are still read; such a slot gains its key pair the next time it opens.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import uuid
from dataclasses import dataclass, replace
from enum import StrEnum

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coursenplus_desk.vault import slot_crypto
from coursenplus_desk.vault.kdf import KEY_LENGTH, KdfParams, derive_key

HEADER_FORMAT = "coursenplus-desk-vault"
HEADER_VERSION = 2
READABLE_VERSIONS = (1, 2)
SALT_LENGTH = 16


class HeaderDamagedError(ValueError):
    """The header file is unreadable, inconsistent or was edited."""


class ForeignSlotError(ValueError):
    """The passphrase opened the slot, but the slot does not belong to this vault's key."""


class SlotKind(StrEnum):
    PASSPHRASE = "passphrase"
    KEYCHAIN = "keychain"


@dataclass(frozen=True)
class KeySlot:
    id: str
    kind: SlotKind
    label: str
    created_at: str
    salt: bytes
    kdf: KdfParams | None
    nonce: bytes
    wrapped_key: bytes
    public_key: bytes = b""  # empty: a version 1 slot (the data key under the passphrase's key)
    private_nonce: bytes = b""
    sealed_private: bytes = b""
    ephemeral_key: bytes = b""

    @property
    def is_legacy(self) -> bool:
        return not self.public_key

    def public_fields(self) -> dict[str, object]:
        fields: dict[str, object] = {
            "id": self.id,
            "kind": self.kind.value,
            "label": self.label,
            "created_at": self.created_at,
            "salt": _b64(self.salt),
            "kdf": self.kdf.to_dict() if self.kdf else None,
        }
        if not self.is_legacy:
            fields["public_key"] = _b64(self.public_key)
        return fields

    def to_dict(self) -> dict[str, object]:
        sealed = {"nonce": _b64(self.nonce), "wrapped_key": _b64(self.wrapped_key)}
        if not self.is_legacy:
            sealed |= {
                "private_nonce": _b64(self.private_nonce),
                "sealed_private": _b64(self.sealed_private),
                "ephemeral_key": _b64(self.ephemeral_key),
            }
        return {**self.public_fields(), **sealed}


@dataclass(frozen=True)
class Witness:
    """The audit trail's head when the vault was last closed: an older vault has a lower one."""

    head_id: int
    head_hash: str

    def to_dict(self) -> dict[str, object]:
        return {"head_id": self.head_id, "head_hash": self.head_hash}

    @classmethod
    def from_dict(cls, data: object) -> Witness | None:
        if not isinstance(data, dict):
            return None
        head_id, head_hash = data.get("head_id"), data.get("head_hash")
        if not isinstance(head_id, int) or not isinstance(head_hash, str) or head_id < 0:
            raise ValueError("bad witness")
        return cls(head_id, head_hash)


@dataclass(frozen=True)
class Opened:
    """A slot that opened: the data key, and the key that sealed the slot's first layer."""

    slot: KeySlot
    data_key: bytes
    wrapping_key: bytes


@dataclass(frozen=True)
class Header:
    vault_id: str
    created_at: str
    slots: tuple[KeySlot, ...]
    mac: bytes = b""
    witness: Witness | None = None
    version: int = HEADER_VERSION

    def slot(self, slot_id: str) -> KeySlot | None:
        return next((slot for slot in self.slots if slot.id == slot_id), None)

    def body(self) -> dict[str, object]:
        body: dict[str, object] = {
            "format": HEADER_FORMAT,
            "version": self.version,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "slots": [slot.to_dict() for slot in self.slots],
        }
        if self.version >= 2:
            body["witness"] = self.witness.to_dict() if self.witness else None
        return body


def new_vault_id() -> str:
    return uuid.uuid4().hex


def new_data_key() -> bytes:
    return os.urandom(KEY_LENGTH)


def passphrase_slot(
    data_key: bytes,
    passphrase: str,
    params: KdfParams,
    vault_id: str,
    label: str,
    created_at: str,
    slot_id: str | None = None,
) -> KeySlot:
    """A new slot (`slot_id` keeps an administrator's id when their passphrase changes)."""
    salt = os.urandom(SALT_LENGTH)
    slot = _blank(SlotKind.PASSPHRASE, label, created_at, salt, params, slot_id)
    return _seal_slot(slot, derive_key(passphrase, salt, params), data_key, vault_id)


def secret_slot(
    data_key: bytes,
    secret: bytes,
    vault_id: str,
    label: str,
    created_at: str,
    slot_id: str | None = None,
) -> KeySlot:
    salt = os.urandom(SALT_LENGTH)
    slot = _blank(SlotKind.KEYCHAIN, label, created_at, salt, None, slot_id)
    return _seal_slot(slot, _secret_key(secret, salt), data_key, vault_id)


def open_passphrase_slot(slot: KeySlot, passphrase: str, vault_id: str) -> Opened | None:
    """The opened slot, None for a wrong passphrase; `ForeignSlotError` for another vault's."""
    if slot.kind is not SlotKind.PASSPHRASE or slot.kdf is None:
        return None
    return _open_slot(slot, derive_key(passphrase, slot.salt, slot.kdf), vault_id)


def open_secret_slot(slot: KeySlot, secret: bytes, vault_id: str) -> Opened | None:
    if slot.kind is not SlotKind.KEYCHAIN:
        return None
    return _open_slot(slot, _secret_key(secret, slot.salt), vault_id)


def rewrap(slot: KeySlot, data_key: bytes, vault_id: str) -> KeySlot:
    """The same slot with `data_key` sealed to its public key: no passphrase needed."""
    if slot.is_legacy:
        raise ValueError("a version 1 slot can be re-wrapped only with its passphrase")
    ephemeral, nonce, wrapped = slot_crypto.wrap_to(
        slot.public_key, data_key, _context(slot, vault_id)
    )
    return replace(slot, ephemeral_key=ephemeral, nonce=nonce, wrapped_key=wrapped)


def upgrade(opened: Opened, vault_id: str) -> KeySlot:
    """A version 1 slot with its own key pair, sealed under the same passphrase's key."""
    legacy = opened.slot
    blank = _blank(legacy.kind, legacy.label, legacy.created_at, legacy.salt, legacy.kdf, legacy.id)
    return _seal_slot(blank, opened.wrapping_key, opened.data_key, vault_id)


def _blank(
    kind: SlotKind,
    label: str,
    created_at: str,
    salt: bytes,
    kdf: KdfParams | None,
    slot_id: str | None,
) -> KeySlot:
    return KeySlot(slot_id or uuid.uuid4().hex, kind, label, created_at, salt, kdf, b"", b"")


def _seal_slot(slot: KeySlot, wrapping_key: bytes, data_key: bytes, vault_id: str) -> KeySlot:
    private, public = slot_crypto.new_key_pair()
    slot = replace(slot, public_key=public)
    private_nonce, sealed = slot_crypto.seal(
        wrapping_key, private, _canonical(slot.public_fields())
    )
    slot = replace(slot, private_nonce=private_nonce, sealed_private=sealed)
    return rewrap(slot, data_key, vault_id)


def _open_slot(slot: KeySlot, wrapping_key: bytes, vault_id: str) -> Opened | None:
    if slot.is_legacy:
        legacy_ad = _canonical({"vault_id": vault_id, **slot.public_fields()})
        key = slot_crypto.unseal(wrapping_key, slot.nonce, slot.wrapped_key, legacy_ad)
        valid = key is not None and len(key) == KEY_LENGTH
        return Opened(slot, key, wrapping_key) if valid and key else None
    private = slot_crypto.unseal(
        wrapping_key, slot.private_nonce, slot.sealed_private, _canonical(slot.public_fields())
    )
    if private is None:
        return None  # a wrong passphrase (or secret)
    if len(private) != KEY_LENGTH or slot_crypto.public_of(private) != slot.public_key:
        raise ForeignSlotError("the slot's key pair does not match")
    data_key = slot_crypto.unwrap_with(
        private, slot.ephemeral_key, slot.nonce, slot.wrapped_key, _context(slot, vault_id)
    )
    if data_key is None:
        raise ForeignSlotError("the data key was not sealed for this vault")
    return Opened(slot, data_key, wrapping_key)


def _context(slot: KeySlot, vault_id: str) -> bytes:
    return _canonical({"vault_id": vault_id, "slot_id": slot.id})


def _secret_key(secret: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_LENGTH, salt, b"coursenplus-desk keychain slot").derive(secret)


def _mac_key(data_key: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_LENGTH, None, b"coursenplus-desk header mac").derive(data_key)


def seal_header(header: Header, data_key: bytes) -> Header:
    header = replace(header, version=HEADER_VERSION)  # a rewritten header is always current
    mac = hmac.new(_mac_key(data_key), _canonical(header.body()), hashlib.sha256).digest()
    return replace(header, mac=mac)


def header_mac_is_valid(header: Header, data_key: bytes) -> bool:
    expected = hmac.new(_mac_key(data_key), _canonical(header.body()), hashlib.sha256).digest()
    return hmac.compare_digest(expected, header.mac)


def encode_header(header: Header) -> bytes:
    body = {**header.body(), "mac": _b64(header.mac)}
    document = {**body, "checksum": hashlib.sha256(_canonical(body)).hexdigest()}
    return json.dumps(document, indent=2, sort_keys=True).encode("utf-8") + b"\n"


def decode_header(data: bytes) -> Header:
    try:
        document = json.loads(data.decode("utf-8"))
        checksum = document.pop("checksum")
        if hashlib.sha256(_canonical(document)).hexdigest() != checksum:
            raise HeaderDamagedError("checksum mismatch")
        version = document["version"]
        if document["format"] != HEADER_FORMAT or version not in READABLE_VERSIONS:
            raise HeaderDamagedError("unknown header format")
        slots = tuple(_decode_slot(item) for item in document["slots"])
        if len({slot.id for slot in slots}) != len(slots):
            raise HeaderDamagedError("two slots have one id")
        return Header(
            vault_id=str(document["vault_id"]),
            created_at=str(document["created_at"]),
            slots=slots,
            mac=_unb64(document["mac"]),
            witness=Witness.from_dict(document.get("witness")) if version >= 2 else None,
            version=int(version),
        )
    except HeaderDamagedError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise HeaderDamagedError(str(error)) from None


def _decode_slot(item: dict[str, object]) -> KeySlot:
    kind = SlotKind(str(item["kind"]))
    kdf = item["kdf"]
    params = KdfParams.from_dict(kdf) if isinstance(kdf, dict) else None
    if (kind is SlotKind.PASSPHRASE) != (params is not None):
        raise HeaderDamagedError("slot parameters do not match its kind")
    slot = KeySlot(
        id=str(item["id"]),
        kind=kind,
        label=str(item["label"]),
        created_at=str(item["created_at"]),
        salt=_unb64(item["salt"]),
        kdf=params,
        nonce=_unb64(item["nonce"]),
        wrapped_key=_unb64(item["wrapped_key"]),
    )
    if "public_key" not in item:
        return slot
    slot = replace(
        slot,
        public_key=_unb64(item["public_key"]),
        private_nonce=_unb64(item["private_nonce"]),
        sealed_private=_unb64(item["sealed_private"]),
        ephemeral_key=_unb64(item["ephemeral_key"]),
    )
    lengths = (len(slot.public_key), len(slot.ephemeral_key))
    if lengths != (slot_crypto.PUBLIC_KEY_LENGTH,) * 2:
        raise HeaderDamagedError("bad key length")
    return slot


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise HeaderDamagedError("expected base64 text")
    return base64.b64decode(value, validate=True)
