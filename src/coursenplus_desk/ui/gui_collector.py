"""Python's cycle collector runs on the GUI thread only.

Automatic collection starts in whichever thread happens to allocate. The
worker filling a demo vault once collected a reference cycle that held a Qt
object of an already closed window and destroyed it there: a segmentation
fault, since a Qt object must die in its own thread. So while the program
runs, automatic collection is off and a GUI-thread timer collects instead,
with the generations' own thresholds, so memory behaves as before. A batch
that paused collection (`services.collector`) is left alone until it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer

from coursenplus_desk.services.collector import batch_under_way

INTERVAL_MS = 250
_active = 0  # collectors running; automatic collection is off while any is
_was_enabled = False


def generation_due() -> int | None:
    """The oldest generation whose threshold is passed, as the automatic collector decides."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[0] <= thresholds[0]:
        return None
    generation = 0
    for older in (1, 2):
        if counts[older] > thresholds[older]:
            generation = older
    return generation


class GuiThreadCollector(QObject):
    """Collects on a timer of the thread it was made in (the GUI thread)."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)

    def start(self) -> None:
        global _active, _was_enabled
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
        self._timer.start()

    def stop(self) -> None:
        """Back to automatic collection when the last one stops, after collecting what is left."""
        global _active
        self._timer.stop()
        _active -= 1
        gc.collect()
        if _active == 0 and _was_enabled:
            gc.enable()

    def collect_if_due(self) -> int | None:
        generation = generation_due()
        if generation is None or batch_under_way():
            return None
        gc.collect(generation)
        return generation


@contextmanager
def collecting_on_gui_thread() -> Iterator[GuiThreadCollector]:
    """While the program (or a GUI test) runs; automatic collection comes back afterwards."""
    collector = GuiThreadCollector()
    collector.start()
    try:
        yield collector
    finally:
        collector.stop()
        collector.deleteLater()
