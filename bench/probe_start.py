"""A new process that says "shown" once its first window is on screen (offscreen).

`bare`: a bare PySide6 window, the baseline. `program`: the real program
(`coursenplus-desk` with no command) up to its unlock screen; the window then
closes, so the process ends as a person's would. The parent times from starting
this process to reading the line.
"""

from __future__ import annotations

import sys


def bare_window() -> int:
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1100, 720)
    window.show()
    app.processEvents()
    print("shown unlock", flush=True)
    return 0


def program() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coursenplus_desk.cli import main
    from coursenplus_desk.ui.main_window import MainWindow

    start = MainWindow.start

    def start_then_report(window: MainWindow) -> None:
        start(window)
        QApplication.processEvents()  # the shown window's first paint
        current = window.stack.currentWidget()
        print(f"shown {'unlock' if current is window.unlock_screen else 'other'}", flush=True)
        QTimer.singleShot(0, window.close)

    MainWindow.start = start_then_report  # type: ignore[method-assign, assignment]
    return main([])


if __name__ == "__main__":
    sys.exit(bare_window() if sys.argv[1:] == ["bare"] else program())
