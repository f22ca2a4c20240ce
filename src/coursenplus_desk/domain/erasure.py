"""What an erasure did: the basis of an erasure certificate (categories and counts, no values)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErasedPart:
    category: str  # a retention category key, e.g. "identification"
    count: int


@dataclass(frozen=True)
class KeptPart:
    category: str
    count: int
    reason: str  # an English message id, translated where it is shown
    kept_until: str | None = None  # ISO date the legal obligation ends


@dataclass(frozen=True)
class ErasureOutcome:
    person_id: int
    erased: tuple[ErasedPart, ...]
    kept: tuple[KeptPart, ...]
    restricted: bool  # identity kept, restricted, because something had to be kept
