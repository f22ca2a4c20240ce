"""Small widget helpers shared by the pages."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton


def button(text: str, action: Callable[[], object]) -> QPushButton:
    """A push button whose accessible name is its text without the trailing ellipsis."""
    made = QPushButton(text)
    made.setAccessibleName(text.rstrip("…"))
    made.clicked.connect(action)
    return made


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for made in buttons:
        row.addWidget(made)
    row.addStretch(1)
    return row
