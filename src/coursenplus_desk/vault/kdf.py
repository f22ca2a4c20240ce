"""Passphrase to wrapping key: Argon2id with parameters stored in each key slot.

Parameters are calibrated once, when a slot is written, to cost about half a
second on this computer (RFC 9106's 64 MiB x 3 is the floor, not the target).
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_LENGTH = 32
TARGET_SECONDS = 0.5

# Increasing cost; calibration stops at the first that takes most of the target.
# Memory stays at 128 MiB (twice RFC 9106's 64 MiB floor) so that unlocking keeps the
# whole program under 300 MB on a modest laptop; the time is made up with passes.
_CANDIDATES = (
    (64 * 1024, 3),
    (128 * 1024, 3),
    (128 * 1024, 4),
    (128 * 1024, 6),
    (128 * 1024, 8),
    (128 * 1024, 12),
    (128 * 1024, 16),
    (128 * 1024, 24),
)


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int = 4

    def to_dict(self) -> dict[str, int]:
        return {"memory_kib": self.memory_kib, "iterations": self.iterations, "lanes": self.lanes}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> KdfParams:
        values = (data["memory_kib"], data["iterations"], data["lanes"])
        if not all(isinstance(v, int) and v > 0 for v in values):
            raise ValueError("bad KDF parameters")
        memory, iterations, lanes = (int(v) for v in values)  # type: ignore[call-overload]
        if memory < 8 * lanes or memory > 4 * 1024 * 1024 or iterations > 100 or lanes > 64:
            raise ValueError("KDF parameters out of range")
        return cls(memory, iterations, lanes)


# Only for tests: derivation in microseconds. Never used unless asked for by name.
INSECURE_TEST_PARAMS = KdfParams(memory_kib=64, iterations=1, lanes=1)


def passphrase_bytes(passphrase: str) -> bytes:
    """The same passphrase typed on any system (composed or decomposed accents) gives one key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=KEY_LENGTH,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase_bytes(passphrase))


def calibrate(target_seconds: float = TARGET_SECONDS) -> KdfParams:
    """The cheapest candidate costing at least 80 % of the target on this machine."""
    params = KdfParams(*_CANDIDATES[0])
    for memory, iterations in _CANDIDATES:
        params = KdfParams(memory, iterations)
        if _cost(params) >= 0.8 * target_seconds:
            break
    return params


def _cost(params: KdfParams) -> float:
    """Seconds of one derivation, as on an idle machine.

    Wall time grows when other programs load the computer (which would pick
    weak parameters); CPU time grows when lanes run in parallel threads. The
    smaller of the two is the honest estimate either way.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    derive_key("calibration", b"calibration-salt", params)
    return min(time.perf_counter() - wall, time.process_time() - cpu)
