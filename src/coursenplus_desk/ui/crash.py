"""One crash handler for the GUI thread and every worker: one dialog, a log without personal data.

An exception that is not a `UserError` is a bug. The log keeps the exception's
type and the code locations only: its message may quote personal values.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _
from coursenplus_desk.ui import dialogs

log = logging.getLogger("coursenplus_desk.crash")


def describe(kind: type[BaseException], trace: TracebackType | None) -> str:
    """The type and where it happened, without the message (which may hold personal data)."""
    frames = traceback.extract_tb(trace)
    lines = [f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join([f"{kind.__module__}.{kind.__qualname__}", *lines])


class _Relay(QObject):
    """Brings an exception from any thread to the GUI thread."""

    crashed = Signal(object, object, object)


class CrashHandler:
    def __init__(self) -> None:
        self._relay = _Relay()
        self._relay.crashed.connect(self._show)
        self._showing = False

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook

    def handle(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        self._relay.crashed.emit(kind, error, trace)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        self.handle(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    def _show(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        parent = QApplication.activeWindow()
        if isinstance(error, UserError):  # escaped a handler: still only a message
            dialogs.show_error(parent, error)
            return
        log.error("unexpected error\n%s", describe(kind, trace))
        if self._showing:
            return  # one dialog, even when errors repeat
        self._showing = True
        try:
            dialogs.warn(
                parent,
                _(
                    "Something went wrong inside the program ({kind}). Your data is safe: "
                    "nothing half-written is kept. The details were written to the log; "
                    "if it happens again, please send the log to whoever maintains the program."
                ).format(kind=kind.__name__),
                title=_("Unexpected error"),
            )
        finally:
            self._showing = False
