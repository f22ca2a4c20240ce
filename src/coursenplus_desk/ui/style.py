"""Small visual conventions that follow the system's light or dark colour scheme."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel


def is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def error_colour() -> str:
    return "#ff8a80" if is_dark() else "#b00020"


def error_label() -> QLabel:
    """A label for a validation message: readable in light and dark schemes, read aloud."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {error_colour()};")
    label.hide()
    return label
