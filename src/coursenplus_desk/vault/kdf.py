"""Passphrase to wrapping key: Argon2id with parameters stored in each key slot.

Parameters are calibrated once, when a slot is written, to cost about half a
second on this computer (RFC 9106's 64 MiB x 3 is the floor, not the target).
A `KdfPolicy` says what new slots get and the floor below which none is written
(64 MiB, or 0.2 s here); parameters read from a key file beyond the ceiling
(2 GiB, 50 passes) are damage, never something to compute. The program has no
switch that weakens them: tests build their own policy and pass it in.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass
from functools import cache

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

KEY_LENGTH = 32
TARGET_SECONDS = 0.5
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_SECONDS = 0.2
MAX_MEMORY_KIB = 2 * 1024 * 1024  # 2 GiB: more is an attack on the computer, not a key
MAX_ITERATIONS = 50
MAX_LANES = 64

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
        if memory < 8 * lanes or memory > MAX_MEMORY_KIB:
            raise ValueError("KDF memory out of range")
        if iterations > MAX_ITERATIONS or lanes > MAX_LANES:
            raise ValueError("KDF passes out of range")
        return cls(memory, iterations, lanes)

    def describe(self) -> str:
        """'128 MiB × 4' (memory and passes), for the list of administrators."""
        memory = self.memory_kib / 1024
        shown = f"{memory:.0f} MiB" if memory >= 1 else f"{self.memory_kib} KiB"
        return f"{shown} × {self.iterations}"


@dataclass(frozen=True)
class KdfPolicy:
    """The parameters new key slots get, and the floor under which no slot is written."""

    params: KdfParams
    min_memory_kib: int = FLOOR_MEMORY_KIB
    min_seconds: float = FLOOR_SECONDS

    def is_below_floor(self, params: KdfParams) -> bool:
        """Less memory than the floor and cheaper than its time on this computer."""
        if params.memory_kib >= self.min_memory_kib:
            return False
        return cost(params) < self.min_seconds

    def describe_floor(self) -> str:
        return KdfParams(self.min_memory_kib, 1).describe().split(" ×")[0]


@cache
def calibrated_policy() -> KdfPolicy:
    """What the program uses: parameters calibrated to about half a second here."""
    return KdfPolicy(calibrate())


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
        if cost(params) >= 0.8 * target_seconds:
            break
    return params


def cost(params: KdfParams) -> float:
    """Seconds of one derivation, as on an idle machine.

    Wall time grows when other programs load the computer (which would pick
    weak parameters); CPU time grows when lanes run in parallel threads. The
    smaller of the two is the honest estimate either way.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    derive_key("calibration", b"calibration-salt", params)
    return min(time.perf_counter() - wall, time.process_time() - cpu)
