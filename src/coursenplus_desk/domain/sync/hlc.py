"""Hybrid logical clock (Kulkarni et al. 2014): wall time, a counter, the laptop's id.

A stamp is later than every stamp its laptop had seen when making it, even
when the computers' clocks disagree, and two stamps are never equal between
laptops (the laptop id breaks ties). Encoded as fixed-width text, stamps sort
as strings in the same order as they compare, so SQLite can compare them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

LAPTOP_ID_LENGTH = 16
_MAX_COUNTER = 0xFFFF
_PATTERN = re.compile(r"^[0-9a-f]{12}[0-9a-f]{4}[0-9a-f]{16}$")

# The stamp of a value nobody has changed since the register was made (sorts first).
GENESIS = ""


class BadStampError(ValueError):
    """Text that is not a stamp (from a damaged or foreign file)."""


@dataclass(frozen=True, order=True)
class Hlc:
    wall_ms: int
    counter: int
    laptop: str

    def encode(self) -> str:
        return f"{self.wall_ms:012x}{self.counter:04x}{self.laptop}"

    @classmethod
    def decode(cls, text: str) -> Hlc:
        if not isinstance(text, str) or not _PATTERN.match(text):
            raise BadStampError(text)
        return cls(int(text[:12], 16), int(text[12:16], 16), text[16:])


def millis(moment: datetime) -> int:
    """A clock reading as the milliseconds a stamp counts."""
    return int(moment.timestamp() * 1000)


def is_laptop_id(text: object) -> bool:
    return isinstance(text, str) and re.fullmatch(r"[0-9a-f]{16}", text) is not None


def tick(last: Hlc | None, now_ms: int, laptop: str) -> Hlc:
    """The stamp of a local event: after `last`, at least the wall time."""
    wall = max(last.wall_ms if last else 0, now_ms)
    counter = last.counter + 1 if last is not None and wall == last.wall_ms else 0
    return _normalised(wall, counter, laptop)


def receive(last: Hlc | None, remote: Hlc, now_ms: int, laptop: str) -> Hlc:
    """This laptop's clock after seeing `remote`: later than both and than the wall time."""
    own_wall = last.wall_ms if last else 0
    wall = max(own_wall, remote.wall_ms, now_ms)
    if wall == own_wall and wall == remote.wall_ms:
        counter = max(last.counter if last else 0, remote.counter) + 1
    elif wall == own_wall and last is not None:
        counter = last.counter + 1
    elif wall == remote.wall_ms:
        counter = remote.counter + 1
    else:
        counter = 0
    return _normalised(wall, counter, laptop)


def _normalised(wall: int, counter: int, laptop: str) -> Hlc:
    if counter > _MAX_COUNTER:  # 65,536 events in one millisecond: borrow the next one
        return Hlc(wall + 1, 0, laptop)
    return Hlc(wall, counter, laptop)
