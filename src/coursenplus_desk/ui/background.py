"""Long work off the GUI thread: one worker, a modal progress dialog, cancel, results by signal.

    run_in_background(parent, _("Filling…"), work, on_done)

`work(progress)` runs in the single worker thread; it calls `progress(done, total)`
now and then and stops when that returns False (the person pressed Cancel).
While it runs the progress dialog is window-modal and `is_busy()` is true, so the
GUI leaves the vault alone; the database itself makes sure no statement of the
GUI thread runs inside the work's transaction (store/database.py). Quick work
(`show_after_ms`) shows its dialog only when it lasts longer than that.
`on_done(result)` runs on the GUI thread; a `UserError` is shown as a message,
anything else goes to the crash handler.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.ui import dialogs

T = TypeVar("T")
Progress = Callable[[int, int], bool]
REPORT_INTERVAL_S = 0.05

_pool: QThreadPool | None = None
_running: set[BackgroundTask[Any]] = set()
# The task that ended last, kept by the GUI thread: the worker may still hold it
# for a moment after its result arrives, and the last reference dropped there
# would destroy its dialog and signals in the wrong thread (a crash). The one
# worker has let go of it by the time the next task ends.
_retired: list[BackgroundTask[Any]] = []


def _worker_pool() -> QThreadPool:
    """One worker: the vault's connection is never used by two threads at once."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def is_busy() -> bool:
    """Whether long work the person waits for is running (quick work does not count)."""
    return any(not task.quick for task in _running)


def is_idle() -> bool:
    """Whether no work at all, quick or long, is running or waiting for its result."""
    return not _running


def wait_for_all(milliseconds: int = 30_000) -> bool:
    """Let the worker finish what it was given (quick scans before a lock, say)."""
    return _worker_pool().waitForDone(milliseconds)


class _Signals(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class BackgroundTask(Generic[T]):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[Progress], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None = None,
        show_after_ms: int = 0,
    ) -> None:
        self.work = work
        self.show_after_ms = show_after_ms
        self.quick = show_after_ms > 0  # a scan, not work the person waits for
        self.shown_progress: tuple[int, int] | None = None  # what the dialog last showed
        self.on_done = on_done
        self.on_error = on_error
        self.parent = parent
        self.done = False
        self._cancelled = threading.Event()
        self._last_report = 0.0
        self.signals = _Signals()
        self.dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(show_after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setAccessibleName(title)
        self.dialog.canceled.connect(self._cancel_pressed)
        self.signals.progressed.connect(self._show_progress)
        self.signals.finished.connect(self._finish)
        self.signals.failed.connect(self._fail)

    def start(self) -> None:
        _running.add(self)
        if self.show_after_ms:
            QTimer.singleShot(self.show_after_ms, self._show_if_running)
        else:
            self.dialog.show()
        # a plain callable: the pool keeps it (and so this task) alive until it returns
        _worker_pool().start(self._run)

    def _show_if_running(self) -> None:
        if not self.done:
            self.dialog.show()

    def _run(self) -> None:
        """In the worker thread: no widget is touched here, only signals are emitted."""
        try:
            result = self.work(self.report)
        except BaseException as error:  # delivered to the GUI thread, shown or crash-reported
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (safe from any thread)."""
        self._cancelled.set()

    def _cancel_pressed(self) -> None:
        self.cancel()
        self.dialog.setLabelText(_("Cancelling…"))

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def report(self, done: int, total: int) -> bool:
        """Called by the work in the worker thread; False asks it to stop.

        The dialog is told at most every 50 ms: work that reports each row
        would otherwise flood the GUI thread with events.
        """
        now = time.monotonic()
        if done >= total or now - self._last_report >= REPORT_INTERVAL_S:
            self._last_report = now
            self.signals.progressed.emit(done, total)
        return not self._cancelled.is_set()

    def _show_progress(self, done: int, total: int) -> None:
        self.shown_progress = (done, total)
        if not self.done and not self.dialog.wasCanceled():
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)

    def _end(self) -> None:
        self.done = True
        _running.discard(self)
        _retired[:] = [self]
        self.dialog.canceled.disconnect(self._cancel_pressed)
        self.dialog.close()
        self.dialog.deleteLater()

    def _finish(self, result: T) -> None:
        self._end()
        self.on_done(result)

    def _fail(self, error: BaseException) -> None:
        self._end()
        if self.on_error is not None:
            self.on_error(error)
        elif isinstance(error, UserError):
            dialogs.show_error(self.parent, error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)


def on_user_error(handle: Callable[[UserError], None]) -> Callable[[BaseException], None]:
    """An `on_error` that lets `handle` show a user's error; a bug goes to the crash handler."""

    def on_error(error: BaseException) -> None:
        if isinstance(error, UserError):
            handle(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)

    return on_error


def run_in_background(
    parent: QWidget | None,
    title: str,
    work: Callable[[Progress], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    show_after_ms: int = 0,
) -> BackgroundTask[T]:
    """Start `work` in the worker thread behind a modal progress dialog with Cancel."""
    task = BackgroundTask(parent, title, work, on_done, on_error, show_after_ms)
    task.start()
    return task
