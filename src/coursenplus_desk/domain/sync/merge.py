"""Last writer wins per field, and when two writes were concurrent.

Each change carries its stamp (the file's hybrid logical clock) and the
stamp of the value it replaced on its author's laptop (its base). Files are
applied in causal order, so a change was made on top of the local value
exactly when its base is the local value's stamp; otherwise the two writes
were concurrent and, when their values differ, the loser is kept in the
record's history and the pair is listed for review.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    take_incoming: bool
    concurrent: bool


def decide(incoming: str, base: str, local: str) -> Decision:
    """Stamps are encoded hybrid clocks: text order is time order, laptop id breaking ties."""
    if incoming == local:
        return Decision(take_incoming=False, concurrent=False)  # the same write again
    return Decision(take_incoming=incoming > local, concurrent=base != local)
