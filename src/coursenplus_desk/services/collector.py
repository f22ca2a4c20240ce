"""Python's cycle collector paused during one large batch of work (an import).

Planning an import holds the 100,000 known people and builds tens of thousands
of small objects; the collector, set off by every few hundred new objects,
walked all of them again and again: about 2 of a dry run's 5 seconds. A batch
makes no reference cycles worth collecting on the way; collection resumes as
it was when the last batch ends, even when it fails, without walking what the
batch made.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_batches = 0  # under way, in any thread
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _batches, _was_enabled
    with _lock:
        if _batches == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _batches += 1
    try:
        yield
    finally:
        with _lock:
            _batches -= 1
            if _batches == 0:
                _promote_without_walking()
                if _was_enabled:
                    gc.enable()


def _promote_without_walking() -> None:
    """Move what the batch made to the oldest generation, with no collection.

    Collection resumed with tens of thousands of young objects pending, and its
    first pass walked them all (0.2 to 0.4 s after an import's plan): they are
    mostly the batch's result, alive. Freezing and unfreezing hands them to the
    oldest generation and zeroes the counts; the next full collection sees
    them. (The program freezes nothing else.)
    """
    gc.freeze()
    gc.unfreeze()


def batch_under_way() -> bool:
    """Whether a batch (in any thread) asked for no collection now."""
    return _batches > 0
