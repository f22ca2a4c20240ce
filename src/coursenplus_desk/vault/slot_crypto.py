"""The two layers of a key slot, so that a re-key needs nobody else's passphrase.

Layer 1 (the administrator's own): the slot's X25519 private key, sealed with
AES-256-GCM under the key derived from the passphrase (Argon2id) or from the
remembered computer's secret (HKDF). Its associated data is the slot's public
fields, public key included; the vault id is not, so a slot copied from another
vault still opens here and can be told apart from a wrong passphrase.

Layer 2 (the vault's): the data key, sealed to the slot's public key (an
ephemeral X25519 key agreement, HKDF, AES-256-GCM; the vault id and the slot id
are bound in). Whoever holds the data key can seal a new one to every slot's
public key without its passphrase: a re-key re-wraps every remaining slot.

Why not a symmetric key per slot kept under the data key: a departed
administrator (or an old key file plus an old passphrase) gives the old data
key, which would unseal every slot key, and those open the new data key in the
current key file. The private keys are sealed under passphrases only, so the
old data key opens nothing new. A passphrase change makes a new key pair, so an
old copy of the key file with the old passphrase reaches only the old pair.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from coursenplus_desk.vault.kdf import KEY_LENGTH

NONCE_LENGTH = 12
PUBLIC_KEY_LENGTH = 32
_WRAP_INFO = b"coursenplus-desk data key to slot"


def new_key_pair() -> tuple[bytes, bytes]:
    """A fresh (private, public) X25519 pair as raw bytes."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), _public_bytes(private.public_key())


def public_of(private: bytes) -> bytes:
    return _public_bytes(X25519PrivateKey.from_private_bytes(private).public_key())


def seal(key: bytes, plaintext: bytes, associated: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of AES-256-GCM under `key`."""
    nonce = os.urandom(NONCE_LENGTH)
    return nonce, AESGCM(key).encrypt(nonce, plaintext, associated)


def unseal(key: bytes, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes | None:
    try:
        return AESGCM(key).decrypt(nonce, ciphertext, associated)
    except (InvalidTag, ValueError):
        return None


def wrap_to(public_key: bytes, data_key: bytes, context: bytes) -> tuple[bytes, bytes, bytes]:
    """(ephemeral public key, nonce, wrapped data key) that only the slot's private key opens."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _public_bytes(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = _wrap_key(shared, public_key, ephemeral_public, context)
    nonce, wrapped = seal(key, data_key, context)
    return ephemeral_public, nonce, wrapped


def unwrap_with(
    private: bytes, ephemeral_public: bytes, nonce: bytes, wrapped: bytes, context: bytes
) -> bytes | None:
    try:
        own = X25519PrivateKey.from_private_bytes(private)
        shared = own.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        return None
    key = _wrap_key(shared, _public_bytes(own.public_key()), ephemeral_public, context)
    data_key = unseal(key, nonce, wrapped, context)
    return data_key if data_key is not None and len(data_key) == KEY_LENGTH else None


def _wrap_key(shared: bytes, public_key: bytes, ephemeral_public: bytes, context: bytes) -> bytes:
    info = _WRAP_INFO + public_key + ephemeral_public + context
    return HKDF(hashes.SHA256(), KEY_LENGTH, None, info).derive(shared)


def _public_bytes(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)
