"""Checking the audit trail's hash chain: pure rules over what the store read.

Each event's hash covers its own fields and the previous event's hash; ids
follow each other without gaps. Pruning removes a prefix and keeps an anchor
(the id and hash of the last removed event), so the rest still verifies.
Expired views are redacted in place (their person and details removed): a
redacted event keeps its hash and links, but its hash can no longer be
recomputed. A separately stored head (last id, hash and event count, kept by
a database trigger on every insert) reveals events removed from the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from coursenplus_desk.domain.audit import GENESIS_HASH


class BreakKind(StrEnum):
    MISSING = "missing"  # an event was removed (a gap in the ids, or the end cut off)
    ALTERED = "altered"  # its content no longer matches its hash
    UNLINKED = "unlinked"  # it does not follow the previous event's hash


@dataclass(frozen=True)
class ChainLink:
    id: int
    prev_hash: str
    hash: str
    recomputed: str | None  # None for a redacted event


@dataclass(frozen=True)
class ChainState:
    anchor_id: int = 0
    anchor_hash: str = GENESIS_HASH
    head_id: int = 0
    head_hash: str = GENESIS_HASH
    count: int = 0
    reused_id: int | None = None  # an id given twice: the events from there were removed


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    kind: BreakKind


def first_break(links: Iterable[ChainLink], state: ChainState) -> ChainBreak | None:
    """The first event where the chain does not hold, in id order; None when intact."""
    expected_id, expected_prev, seen = state.anchor_id + 1, state.anchor_hash, 0
    for link in links:
        if link.id > expected_id:
            return ChainBreak(expected_id, BreakKind.MISSING)
        if link.id < expected_id:
            return ChainBreak(link.id, BreakKind.UNLINKED)
        if link.recomputed is not None and link.recomputed != link.hash:
            return ChainBreak(link.id, BreakKind.ALTERED)
        if link.prev_hash != expected_prev:
            return ChainBreak(link.id, BreakKind.UNLINKED)
        expected_id, expected_prev, seen = expected_id + 1, link.hash, seen + 1
    last_id = expected_id - 1
    if state.reused_id is not None:
        return ChainBreak(state.reused_id, BreakKind.MISSING)
    if last_id < state.head_id or seen < state.count:
        return ChainBreak(last_id + 1, BreakKind.MISSING)
    if last_id > state.head_id or seen > state.count:
        return ChainBreak(state.head_id + 1, BreakKind.UNLINKED)
    if last_id > state.anchor_id and expected_prev != state.head_hash:
        return ChainBreak(last_id, BreakKind.ALTERED)
    return None
