"""Small notes sealed under a vault's data key, readable without opening its database.

A backup carries its erasure list sealed this way, so that a restore can read
the erasures of every newer backup by decrypting a few kilobytes instead of
unpacking and opening each database. The key is derived from the data key
(HKDF, one label per purpose) and the vault's id is the associated data: a
note opens only with its own vault's key, and not as another kind of note.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from coursenplus_desk.vault import keyslots
from coursenplus_desk.vault.keyslots import HeaderDamagedError

NONCE_LENGTH = 12
ERASURES = b"coursenplus-desk backup erasures"


def _key(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, None, purpose).derive(bytes(data_key))


def seal(data_key: bytes, vault_id: str, purpose: bytes, data: bytes) -> bytes:
    nonce = os.urandom(NONCE_LENGTH)
    return nonce + AESGCM(_key(data_key, purpose)).encrypt(nonce, data, vault_id.encode())


def unseal(data_key: bytes, vault_id: str, purpose: bytes, blob: bytes) -> bytes | None:
    """The note, or None when it was not sealed with this key for this vault and purpose."""
    try:
        return AESGCM(_key(data_key, purpose)).decrypt(
            blob[:NONCE_LENGTH], blob[NONCE_LENGTH:], vault_id.encode()
        )
    except (InvalidTag, ValueError):
        return None


def unseal_with_passphrase(
    header: bytes, purpose: bytes, blob: bytes, passphrase: str
) -> bytes | None:
    """Open a note with a passphrase of the key-slot header it travels with (one derivation
    per passphrase slot); None when no slot opens or the header is damaged."""
    try:
        decoded = keyslots.decode_header(header)
    except HeaderDamagedError:
        return None
    for slot in decoded.slots:
        try:
            opened = keyslots.open_passphrase_slot(slot, passphrase, decoded.vault_id)
        except keyslots.ForeignSlotError:
            return None
        if opened is not None and keyslots.header_mac_is_valid(decoded, opened.data_key):
            return unseal(opened.data_key, decoded.vault_id, purpose, blob)
    return None
