"""An exchange file of the shared register: a small clear header, then AES-256-GCM ciphertext.

    "CPXR" | header length (2 bytes) | header (JSON) | nonce (12 bytes) | ciphertext and tag

The header says what a laptop needs before decrypting: format version,
register, author laptop, file number, key id and the author's schema
version. Everything before the nonce is the AEAD's associated data, so a
header that was edited fails authentication like a flipped byte of the
ciphertext. Each file is encrypted under its own key, derived (HKDF-SHA256)
from the register key and the header. The body is compressed JSON; the folder
shows nothing but sizes and times.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CHANGES_MAGIC = b"CPXR"
FORMAT_VERSION = 1
NONCE_LENGTH = 12
_MAX_HEADER = 4096
_MAX_BODY = 2 * 1024**3  # a decompressed body larger than this is refused


class ExchangeFileError(ValueError):
    """A file that cannot be applied: damaged, altered, truncated, or not ours."""


class ExchangeFileDamagedError(ExchangeFileError):
    """Not an exchange file, cut short, or its header cannot be read."""


class ExchangeFileForgedError(ExchangeFileError):
    """The file does not authenticate under the register key: altered or foreign."""


class ExchangeFileTooNewError(ExchangeFileError):
    """Written by a newer program, in a format this one does not know."""


@dataclass(frozen=True)
class FileHeader:
    register: str
    laptop: str
    number: int
    key_id: int
    schema: int
    format: int = FORMAT_VERSION

    def encode(self) -> bytes:
        document = {
            "format": self.format,
            "register": self.register,
            "laptop": self.laptop,
            "number": self.number,
            "key": self.key_id,
            "schema": self.schema,
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii")

    @classmethod
    def decode(cls, data: bytes) -> FileHeader:
        try:
            document = json.loads(data.decode("ascii"))
            version = document["format"]
            if not isinstance(version, int):
                raise ExchangeFileDamagedError("bad format")
            if version > FORMAT_VERSION:
                raise ExchangeFileTooNewError(str(version))
            header = cls(
                register=str(document["register"]),
                laptop=str(document["laptop"]),
                number=int(document["number"]),
                key_id=int(document["key"]),
                schema=int(document["schema"]),
                format=version,
            )
        except ExchangeFileError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise ExchangeFileDamagedError("unreadable header") from None
        if header.number < 1 or header.key_id < 1 or header.format < 1:
            raise ExchangeFileDamagedError("impossible header")
        return header


def seal(header: FileHeader, body: dict[str, Any], register_key: bytes) -> bytes:
    clear = header.encode()
    prefix = CHANGES_MAGIC + struct.pack(">H", len(clear)) + clear
    nonce = os.urandom(NONCE_LENGTH)
    plain = zlib.compress(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6
    )
    return prefix + nonce + AESGCM(_file_key(register_key, prefix)).encrypt(nonce, plain, prefix)


def read_header(data: bytes) -> FileHeader:
    """The clear header, checked for shape only (it is authenticated by `open_body`)."""
    return FileHeader.decode(_split(data)[0][6:])


def open_body(data: bytes, register_key: bytes) -> dict[str, Any]:
    prefix, nonce, ciphertext = _split(data)
    try:
        plain = AESGCM(_file_key(register_key, prefix)).decrypt(nonce, ciphertext, prefix)
    except InvalidTag:
        raise ExchangeFileForgedError("authentication failed") from None
    body = inflate_json(plain)
    if not isinstance(body, dict):
        raise ExchangeFileForgedError("not a body")
    return body


def _split(data: bytes) -> tuple[bytes, bytes, bytes]:
    if len(data) < 6 or data[:4] != CHANGES_MAGIC:
        raise ExchangeFileDamagedError("not an exchange file")
    (length,) = struct.unpack(">H", data[4:6])
    end = 6 + length
    if length > _MAX_HEADER or len(data) < end + NONCE_LENGTH + 16:
        raise ExchangeFileDamagedError("cut short")
    return data[:end], data[end : end + NONCE_LENGTH], data[end + NONCE_LENGTH :]


def _file_key(register_key: bytes, prefix: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"coursenplus-exchange:" + prefix
    ).derive(register_key)


def inflate_json(plain: bytes) -> Any:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(plain, _MAX_BODY)
        if inflater.unconsumed_tail:
            raise ExchangeFileDamagedError("body too large")
        return json.loads(text.decode("utf-8"))
    except (zlib.error, ValueError, UnicodeDecodeError):
        raise ExchangeFileDamagedError("unreadable body") from None
