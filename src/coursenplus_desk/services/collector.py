"""Python's cycle collector paused during one large batch of work (an import).

Planning an import holds the 100,000 known people and builds tens of thousands
of small objects; the collector, set off by every few hundred new objects,
walked all of them again and again: about 2 of a dry run's 5 seconds. A batch
makes no reference cycles worth collecting on the way; collection resumes as
it was when the last batch ends, even when it fails.
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
            if _batches == 0 and _was_enabled:
                gc.enable()


def batch_under_way() -> bool:
    """Whether a batch (in any thread) asked for no collection now."""
    return _batches > 0
