"""What a section that is not built yet will hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from coursenplus_desk.i18n import _


class Placeholder(QWidget):
    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        heading = QLabel(f"<h2>{_(title)}</h2>")
        body = QLabel(_(text))
        body.setWordWrap(True)
        soon = QLabel(_("This part of the program comes in a later version."))
        for label in (heading, body, soon):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addWidget(soon)
        layout.addStretch(2)
        self.setAccessibleName(_(title))
