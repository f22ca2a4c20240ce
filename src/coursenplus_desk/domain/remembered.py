"""Values remembered while a vault is open, and forgotten when it locks.

Checking an email address, a phone number or a person's values, and folding a name,
are slow, and an import or a search meets the same ones again and again (a file is
planned again for its commit or with another mapping), so each distinct value is
worked out once (`remembered`). They are people's addresses, numbers and names:
locking the vault forgets them all (`forget_all`), as it closes the database.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _lru_cache_wrapper, lru_cache
from typing import Any, TypeVar

T = TypeVar("T")

_REMEMBERING: list[_lru_cache_wrapper[Any]] = []  # every remembered function


def remembered(function: Callable[..., T]) -> _lru_cache_wrapper[T]:
    """`function` remembering its last 65,536 distinct arguments until `forget_all`."""
    cached = lru_cache(maxsize=65536)(function)
    _REMEMBERING.append(cached)
    return cached


def forget_all() -> None:
    """Forget every remembered value (the vault locks; a measurement starts afresh)."""
    for cached in _REMEMBERING:
        cached.cache_clear()


def remembered_count() -> int:
    """How many values are remembered in all (tests)."""
    return sum(cached.cache_info().currsize for cached in _REMEMBERING)
