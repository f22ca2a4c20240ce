"""In what order files are applied, when a laptop's files may go, who has confirmed what.

Every laptop numbers its files 1, 2, 3… and each file lists, per laptop, the
last file its author had applied when writing it (what it had *seen*). A file
is applied only after its predecessor and after everything its author had
seen: changes then always arrive after the changes they were made on
(causal order), whatever order the folder delivers files in. A file that is
not ready is waited for, never skipped.

Each laptop's latest "seen" list is its acknowledgement: a file that every
other member has seen is no longer needed in the folder, and an erasure is
confirmed by the laptops that have seen the file that carried it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

Frontier = Mapping[str, int]  # laptop id -> number of the last file applied (0: none)


class LaptopStatus(StrEnum):
    INVITED = "invited"  # an invitation was made; it has not written anything yet
    ACTIVE = "active"
    REMOVED = "removed"  # lost, stolen or left: its later files are never applied


_PRECEDENCE = {LaptopStatus.INVITED: 0, LaptopStatus.ACTIVE: 1, LaptopStatus.REMOVED: 2}


def merged_status(ours: LaptopStatus, theirs: LaptopStatus) -> LaptopStatus:
    """Status only moves forward: a removal is final whichever laptop hears it first."""
    return ours if _PRECEDENCE[ours] >= _PRECEDENCE[theirs] else theirs


def is_ready(author: str, number: int, seen: Frontier, applied: Frontier) -> bool:
    """File `number` of `author` can be applied now: its predecessor and all it had seen are."""
    if applied.get(author, 0) != number - 1:
        return False
    return all(applied.get(laptop, 0) >= count for laptop, count in seen.items())


@dataclass(frozen=True)
class Member:
    laptop_id: str
    status: LaptopStatus
    cut: int = 0  # for a removed laptop: the last of its files the remover had applied


def acceptance_limit(
    removed: Member, members: Iterable[Member], acks: Mapping[str, Frontier]
) -> int:
    """The last file of a removed laptop that is still applied, the same on every laptop.

    Laptops that heard of the removal late may have applied a few more of its
    files: every laptop accepts as many as any remaining member has seen, so
    all of them end with the same ones.
    """
    seen = [
        acks.get(member.laptop_id, {}).get(removed.laptop_id, 0)
        for member in members
        if member.status is not LaptopStatus.REMOVED
    ]
    return max([removed.cut, *seen])


def compaction_floor(
    me: str, members: Iterable[Member], acks: Mapping[str, Frontier], last: int
) -> int:
    """My files up to this number have been seen by every other member and may be deleted."""
    others = [m for m in members if m.laptop_id != me and m.status is not LaptopStatus.REMOVED]
    if not others:
        return last
    return min(min(acks.get(m.laptop_id, {}).get(me, 0) for m in others), last)


def confirmations(
    author: str, number: int, members: Iterable[Member], acks: Mapping[str, Frontier]
) -> tuple[int, int]:
    """(laptops that have applied file `number` of `author`, laptops of the register)."""
    current = [m for m in members if m.status is not LaptopStatus.REMOVED]
    confirmed = sum(
        1
        for m in current
        if m.laptop_id == author or acks.get(m.laptop_id, {}).get(author, 0) >= number
    )
    return confirmed, len(current)
