"""Small visual conventions that follow the system's light or dark colour scheme.

Qt itself switches the palette when the system's scheme changes; the few
colours of our own (validation messages) are set in the application's style
sheet and swapped at the same moment.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel

_following = False


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def error_colour() -> str:
    return "#ff8a80" if is_dark() else "#b00020"


def _apply(app: QApplication) -> None:
    app.setStyleSheet(f'QLabel[problem="true"] {{ color: {error_colour()}; }}')


def follow_colour_scheme(app: QApplication) -> None:
    """Once per application: our colours now, and again whenever the system's scheme changes."""
    global _following
    if _following:
        return
    _following = True
    _apply(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply(app))


def error_label() -> QLabel:
    """A label for a validation or unlock problem, coloured by the application's style sheet."""
    label = QLabel()
    label.setWordWrap(True)
    label.setProperty("problem", True)
    label.hide()
    return label
