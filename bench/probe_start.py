"""A new process that says "shown" when its first window first paints (offscreen).

`bare`: a bare PySide6 window, the baseline. `program`: the real program
(`coursenplus-desk` with no command) up to the first paint of its unlock screen;
the window then closes, so the process ends as a person's would. The parent
times from starting this process to reading the line.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Prints "shown" at the watched widget's first paint, then closes its window."""

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen and isinstance(watched, QWidget):
            self.seen = True
            print(f"shown {self.what}", flush=True)
            QTimer.singleShot(0, watched.window().close)
        return False


def bare_window() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    window = QWidget()
    watcher = FirstPaint("unlock")
    window.installEventFilter(watcher)
    window.resize(1100, 720)
    window.show()
    return app.exec()


def program() -> int:
    from coursenplus_desk.cli import main
    from coursenplus_desk.ui.main_window import MainWindow

    start = MainWindow.start
    watcher = FirstPaint("unlock")

    def watch_then_start(window: MainWindow) -> None:
        window.unlock_screen.installEventFilter(watcher)
        QTimer.singleShot(30_000, window.close)  # no unlock screen (an assistant?): give up
        start(window)

    MainWindow.start = watch_then_start  # type: ignore[method-assign, assignment]
    return main([])


if __name__ == "__main__":
    sys.exit(bare_window() if sys.argv[1:] == ["bare"] else program())
