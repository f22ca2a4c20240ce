"""Each laptop's X25519 key pair: a new register key reaches the remaining laptops only.

When a laptop is removed, the remover makes a new register key and wraps it
for every other member under that member's public key (an ephemeral X25519
exchange, HKDF-SHA256, AES-256-GCM), so the removed laptop, which has no
matching private key, cannot read the files written after the rotation.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_NONCE = 12
_PUBLIC = 32


def new_private_key() -> bytes:
    return X25519PrivateKey.generate().private_bytes_raw()


def public_key(private: bytes) -> bytes:
    return (
        X25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    )


def wrap_for(recipient_public: bytes, secret: bytes, context: bytes) -> bytes:
    """`secret` readable only with the private key of `recipient_public`."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    sender = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _derive(shared, context + sender + recipient_public)
    nonce = os.urandom(_NONCE)
    return sender + nonce + AESGCM(key).encrypt(nonce, secret, context)


def unwrap(private: bytes, blob: bytes, context: bytes) -> bytes | None:
    """The wrapped secret, or None when it was not wrapped for this key (or was altered)."""
    if len(blob) < _PUBLIC + _NONCE + 16:
        return None
    sender, nonce, ciphertext = (
        blob[:_PUBLIC],
        blob[_PUBLIC : _PUBLIC + _NONCE],
        blob[_PUBLIC + _NONCE :],
    )
    own = X25519PrivateKey.from_private_bytes(private)
    try:
        shared = own.exchange(X25519PublicKey.from_public_bytes(sender))
        key = _derive(shared, context + sender + public_key(private))
        return AESGCM(key).decrypt(nonce, ciphertext, context)
    except (InvalidTag, ValueError):
        return None


def _derive(shared: bytes, info: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"coursenplus-rotation:" + info
    ).derive(shared)
