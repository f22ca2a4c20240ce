"""The invitation file: what a new laptop needs to join, sealed under a one-time code.

    "CPXI" | header length (2 bytes) | header (JSON)
    | nonce (12) | length (4) | the invitation's particulars, AES-256-GCM
    | nonce (12) | the register's copy, AES-256-GCM as a stream | tag (16)

The header holds the invitation's id, the Argon2id salt and parameters; the
key is derived from the code shown on the inviting laptop's screen, so the
file alone is useless (60 random bits, at half a second a guess). The
particulars (keys, ids, where the copy stops) are one small sealed block,
so a wrong code is told at once; the register's copy follows as compressed
JSON lines encrypted as a stream, so a register of any size is written and
read a few thousand rows at a time. Its tag, at the end, is checked before
anything read from it is kept (the caller loads it in one transaction).
Every part is bound to the ones before it as associated data.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import struct
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from coursenplus_desk.vault.atomic import sync_folder
from coursenplus_desk.vault.exchange_file import (
    ExchangeFileDamagedError,
    ExchangeFileForgedError,
    ExchangeFileTooNewError,
)
from coursenplus_desk.vault.kdf import KdfParams, derive_key

INVITATION_MAGIC = b"CPXI"
INVITATION_VERSION = 1
INVITATION_SUFFIX = ".cpinvite"
_NONCE = 12
_TAG = 16
_SALT = 16
_READ = 1 << 20
_MAX_LINE = 256 << 20


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


class InvitationWriter:
    """Writes an invitation: the particulars first, then the copy, a few rows at a time."""

    def __init__(
        self, path: Path, header: InvitationHeader, key: bytes, particulars: dict[str, Any]
    ) -> None:
        self.path = path
        clear = header.encode()
        prefix = INVITATION_MAGIC + struct.pack(">H", len(clear)) + clear
        nonce = os.urandom(_NONCE)
        sealed = AESGCM(key).encrypt(nonce, _json(particulars), prefix)
        first = prefix + nonce + struct.pack(">I", len(sealed)) + sealed
        stream_nonce = os.urandom(_NONCE)
        self._cipher = Cipher(algorithms.AES(key), modes.GCM(stream_nonce)).encryptor()
        self._cipher.authenticate_additional_data(first + stream_nonce)
        self._squeeze = zlib.compressobj(6)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        self._temporary = Path(temporary)
        self._stream: BinaryIO = os.fdopen(handle, "wb")
        self._stream.write(first + stream_nonce)

    def add(self, item: Any) -> None:
        line = _json(item) + b"\n"
        self._stream.write(self._cipher.update(self._squeeze.compress(line)))

    def finish(self) -> None:
        tail = self._cipher.update(self._squeeze.flush()) + self._cipher.finalize()
        self._stream.write(tail + self._cipher.tag)
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        self._temporary.replace(self.path)
        sync_folder(self.path.parent)

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self._stream.close()
        with contextlib.suppress(OSError):
            self._temporary.unlink()


def read_invitation_header(data: bytes) -> InvitationHeader:
    if len(data) < 6 or data[:4] != INVITATION_MAGIC:
        raise ExchangeFileDamagedError("not an invitation")
    (length,) = struct.unpack(">H", data[4:6])
    if len(data) < 6 + length:
        raise ExchangeFileDamagedError("cut short")
    return InvitationHeader.decode(data[6 : 6 + length])


class InvitationReader:
    """The particulars at once (a wrong code is told here), the copy afterwards, line by line."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key
        with path.open("rb") as stream:
            start = stream.read(6)
            if len(start) < 6 or start[:4] != INVITATION_MAGIC:
                raise ExchangeFileDamagedError("not an invitation")
            (length,) = struct.unpack(">H", start[4:6])
            prefix = start + stream.read(length)
            nonce = stream.read(_NONCE)
            size_bytes = stream.read(4)
            if len(nonce) < _NONCE or len(size_bytes) < 4:
                raise ExchangeFileDamagedError("cut short")
            (size,) = struct.unpack(">I", size_bytes)
            sealed = stream.read(size)
            if len(sealed) < size:
                raise ExchangeFileDamagedError("cut short")
            try:
                plain = AESGCM(key).decrypt(nonce, sealed, prefix)
            except InvalidTag:
                raise WrongCodeError("wrong code or altered file") from None
            self.particulars: dict[str, Any] = _object(json.loads(plain.decode("utf-8")))
            self._first = prefix + nonce + size_bytes + sealed
            self._offset = len(self._first)

    def items(self) -> Iterator[Any]:
        """The copy's lines; the tag is checked after the last one (an error if it fails)."""
        size = self.path.stat().st_size
        with self.path.open("rb") as stream:
            stream.seek(self._offset)
            stream_nonce = stream.read(_NONCE)
            body_end = size - _TAG
            stream.seek(body_end)
            tag = stream.read(_TAG)
            if len(stream_nonce) < _NONCE or len(tag) < _TAG or body_end < self._offset + _NONCE:
                raise ExchangeFileDamagedError("cut short")
            cipher = Cipher(algorithms.AES(self.key), modes.GCM(stream_nonce, tag)).decryptor()
            cipher.authenticate_additional_data(self._first + stream_nonce)
            inflate = zlib.decompressobj()
            stream.seek(self._offset + _NONCE)
            left, pending = body_end - self._offset - _NONCE, b""
            try:
                while left > 0:
                    chunk = stream.read(min(_READ, left))
                    left -= len(chunk)
                    pending += inflate.decompress(cipher.update(chunk))
                    lines = pending.split(b"\n")
                    pending = lines.pop()
                    if len(pending) > _MAX_LINE:
                        raise ExchangeFileDamagedError("line too long")
                    yield from (json.loads(line.decode("utf-8")) for line in lines if line)
                cipher.finalize()
            except InvalidTag:
                raise ExchangeFileForgedError("the invitation was altered") from None
            except (zlib.error, ValueError, UnicodeDecodeError):
                raise ExchangeFileDamagedError("unreadable invitation") from None
            if pending.strip():
                raise ExchangeFileDamagedError("cut short")


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ExchangeFileDamagedError("not an invitation")
    return value
