"""The invitation file: what a new laptop needs to join, sealed under a one-time code.

    "CPXI" | header length (2 bytes) | header (JSON) | nonce (12 bytes) | ciphertext and tag

The header holds the invitation's id, the Argon2id salt and parameters; the
key is derived from the code shown on the inviting laptop's screen, so the
file alone is useless (60 random bits, at half a second a guess). The body is
compressed JSON: the register's keys, the new laptop's id and keys, and the
register as the inviting laptop holds it.
"""

from __future__ import annotations

import base64
import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coursenplus_desk.vault.exchange_file import (
    ExchangeFileDamagedError,
    ExchangeFileForgedError,
    ExchangeFileTooNewError,
    inflate_json,
)
from coursenplus_desk.vault.kdf import KdfParams, derive_key

INVITATION_MAGIC = b"CPXI"
INVITATION_VERSION = 1
INVITATION_SUFFIX = ".cpinvite"
_NONCE = 12
_SALT = 16


class WrongCodeError(ExchangeFileForgedError):
    """The code does not open this invitation (mistyped, or another invitation's)."""


@dataclass(frozen=True)
class InvitationHeader:
    invitation_id: str
    salt: bytes
    kdf: KdfParams
    format: int = INVITATION_VERSION

    def encode(self) -> bytes:
        document = {
            "format": self.format,
            "invitation": self.invitation_id,
            "salt": base64.b64encode(self.salt).decode("ascii"),
            "kdf": self.kdf.to_dict(),
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")

    @classmethod
    def decode(cls, data: bytes) -> InvitationHeader:
        try:
            document = json.loads(data.decode("ascii"))
            if int(document["format"]) > INVITATION_VERSION:
                raise ExchangeFileTooNewError(str(document["format"]))
            return cls(
                invitation_id=str(document["invitation"]),
                salt=base64.b64decode(document["salt"], validate=True),
                kdf=KdfParams.from_dict(document["kdf"]),
                format=int(document["format"]),
            )
        except ExchangeFileTooNewError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise ExchangeFileDamagedError("unreadable invitation header") from None


def new_header(invitation_id: str, params: KdfParams) -> InvitationHeader:
    return InvitationHeader(invitation_id, os.urandom(_SALT), params)


def code_key(header: InvitationHeader, code: str) -> bytes:
    """The key the code gives for this invitation (Argon2id: slow on purpose)."""
    return derive_key(code, header.salt, header.kdf)


def seal_invitation(header: InvitationHeader, body: dict[str, Any], key: bytes) -> bytes:
    clear = header.encode()
    prefix = INVITATION_MAGIC + struct.pack(">H", len(clear)) + clear
    nonce = os.urandom(_NONCE)
    plain = zlib.compress(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6
    )
    return prefix + nonce + AESGCM(key).encrypt(nonce, plain, prefix)


def read_invitation_header(data: bytes) -> InvitationHeader:
    return InvitationHeader.decode(_split(data)[0][6:])


def open_invitation(data: bytes, key: bytes) -> dict[str, Any]:
    prefix, nonce, ciphertext = _split(data)
    try:
        plain = AESGCM(key).decrypt(nonce, ciphertext, prefix)
    except InvalidTag:
        raise WrongCodeError("wrong code or altered file") from None
    body = inflate_json(plain)
    if not isinstance(body, dict):
        raise ExchangeFileDamagedError("not an invitation")
    return body


def _split(data: bytes) -> tuple[bytes, bytes, bytes]:
    if len(data) < 6 or data[:4] != INVITATION_MAGIC:
        raise ExchangeFileDamagedError("not an invitation")
    (length,) = struct.unpack(">H", data[4:6])
    end = 6 + length
    if len(data) < end + _NONCE + 16:
        raise ExchangeFileDamagedError("cut short")
    return data[:end], data[end : end + _NONCE], data[end + _NONCE :]
