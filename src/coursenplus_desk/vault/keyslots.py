"""The key-slot header: the data key wrapped once per administrator (and per remembered computer).

Each slot holds the 32-byte data key encrypted with AES-256-GCM under a key
derived from a passphrase (Argon2id) or from a random secret kept in the OS
keychain (HKDF). The slot's parameters are the AEAD's associated data, so a
changed parameter fails like a wrong key. The whole header carries a SHA-256
checksum (any edit is seen before asking for a key) and an HMAC under the data
key (an edit that also fixed the checksum is seen once the vault is unlocked).
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

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coursenplus_desk.vault.kdf import KEY_LENGTH, KdfParams, derive_key

HEADER_FORMAT = "coursenplus-desk-vault"
HEADER_VERSION = 1
SALT_LENGTH = 16
NONCE_LENGTH = 12


class HeaderDamagedError(ValueError):
    """The header file is unreadable, inconsistent or was edited."""


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

    def public_fields(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "label": self.label,
            "created_at": self.created_at,
            "salt": _b64(self.salt),
            "kdf": self.kdf.to_dict() if self.kdf else None,
        }

    def to_dict(self) -> dict[str, object]:
        return {
            **self.public_fields(),
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
        }


@dataclass(frozen=True)
class Header:
    vault_id: str
    created_at: str
    slots: tuple[KeySlot, ...]
    mac: bytes = b""

    def slot(self, slot_id: str) -> KeySlot | None:
        return next((slot for slot in self.slots if slot.id == slot_id), None)

    def body(self) -> dict[str, object]:
        return {
            "format": HEADER_FORMAT,
            "version": HEADER_VERSION,
            "vault_id": self.vault_id,
            "created_at": self.created_at,
            "slots": [slot.to_dict() for slot in self.slots],
        }


def new_vault_id() -> str:
    return uuid.uuid4().hex


def new_data_key() -> bytes:
    return os.urandom(KEY_LENGTH)


def passphrase_slot(
    data_key: bytes, passphrase: str, params: KdfParams, vault_id: str, label: str, created_at: str
) -> KeySlot:
    salt = os.urandom(SALT_LENGTH)
    slot = KeySlot(uuid.uuid4().hex, SlotKind.PASSPHRASE, label, created_at, salt, params, b"", b"")
    return _seal_slot(slot, derive_key(passphrase, salt, params), data_key, vault_id)


def secret_slot(
    data_key: bytes, secret: bytes, vault_id: str, label: str, created_at: str
) -> KeySlot:
    salt = os.urandom(SALT_LENGTH)
    slot = KeySlot(uuid.uuid4().hex, SlotKind.KEYCHAIN, label, created_at, salt, None, b"", b"")
    return _seal_slot(slot, _secret_key(secret, salt), data_key, vault_id)


def open_passphrase_slot(slot: KeySlot, passphrase: str, vault_id: str) -> bytes | None:
    if slot.kind is not SlotKind.PASSPHRASE or slot.kdf is None:
        return None
    return _open_slot(slot, derive_key(passphrase, slot.salt, slot.kdf), vault_id)


def open_secret_slot(slot: KeySlot, secret: bytes, vault_id: str) -> bytes | None:
    if slot.kind is not SlotKind.KEYCHAIN:
        return None
    return _open_slot(slot, _secret_key(secret, slot.salt), vault_id)


def _seal_slot(slot: KeySlot, wrapping_key: bytes, data_key: bytes, vault_id: str) -> KeySlot:
    nonce = os.urandom(NONCE_LENGTH)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, _associated_data(slot, vault_id))
    return replace(slot, nonce=nonce, wrapped_key=wrapped)


def _open_slot(slot: KeySlot, wrapping_key: bytes, vault_id: str) -> bytes | None:
    try:
        key = AESGCM(wrapping_key).decrypt(
            slot.nonce, slot.wrapped_key, _associated_data(slot, vault_id)
        )
    except InvalidTag:
        return None
    return key if len(key) == KEY_LENGTH else None


def _associated_data(slot: KeySlot, vault_id: str) -> bytes:
    return _canonical({"vault_id": vault_id, **slot.public_fields()})


def _secret_key(secret: bytes, salt: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_LENGTH, salt, b"coursenplus-desk keychain slot").derive(secret)


def _mac_key(data_key: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_LENGTH, None, b"coursenplus-desk header mac").derive(data_key)


def seal_header(header: Header, data_key: bytes) -> Header:
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
        if document["format"] != HEADER_FORMAT or document["version"] != HEADER_VERSION:
            raise HeaderDamagedError("unknown header format")
        slots = tuple(_decode_slot(item) for item in document["slots"])
        return Header(
            vault_id=str(document["vault_id"]),
            created_at=str(document["created_at"]),
            slots=slots,
            mac=_unb64(document["mac"]),
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
    return KeySlot(
        id=str(item["id"]),
        kind=kind,
        label=str(item["label"]),
        created_at=str(item["created_at"]),
        salt=_unb64(item["salt"]),
        kdf=params,
        nonce=_unb64(item["nonce"]),
        wrapped_key=_unb64(item["wrapped_key"]),
    )


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise HeaderDamagedError("expected base64 text")
    return base64.b64decode(value, validate=True)
