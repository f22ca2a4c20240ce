"""Typing a new passphrase: twice, with zxcvbn's strength and its reason when too weak.

The same form serves the first-run assistant, a new administrator and a
passphrase change; what it accepts is what the vault accepts
(`vault.check_new_passphrase`: 8 characters, zxcvbn score 3 or more).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QWidget

from coursenplus_desk.domain.passphrase import MIN_LENGTH, assess
from coursenplus_desk.i18n import N_, _

LEVELS = (N_("too weak"), N_("weak"), N_("fair"), N_("strong"), N_("very strong"))


def strength(passphrase: str) -> int:
    """0 to 4 (zxcvbn's score; 0 too for fewer than 8 characters)."""
    return assess(passphrase).score


def weakness(passphrase: str) -> str:
    """Why the passphrase is refused, in the person's language; empty when it is accepted."""
    if len(passphrase) < MIN_LENGTH:
        return _("At least {count} characters.").format(count=MIN_LENGTH)
    found = assess(passphrase)
    return "" if found.acceptable else _(found.reason)


class NewPassphraseForm(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = QLineEdit()
        self.second = QLineEdit()
        for edit, name in ((self.first, _("Passphrase")), (self.second, _("Repeat it"))):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setAccessibleName(name)
            edit.textChanged.connect(self._changed)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName(_("Strength"))
        self.level = QLabel()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        meter = QHBoxLayout()
        meter.addWidget(self.meter, 1)
        meter.addWidget(self.level)
        self.layout_form = QFormLayout(self)
        self.layout_form.setContentsMargins(0, 0, 0, 0)
        self.layout_form.addRow(_("Passphrase"), self.first)
        self.layout_form.addRow(_("Repeat it"), self.second)
        self.layout_form.addRow(_("Strength"), meter)
        self.layout_form.addRow(self.hint)
        self._changed()

    def text(self) -> str:
        return self.first.text()

    def is_acceptable(self) -> bool:
        text = self.first.text()
        return not weakness(text) and text == self.second.text()

    def _changed(self) -> None:
        text = self.first.text()
        score = strength(text)
        self.meter.setValue(score)
        self.level.setText(_(LEVELS[score]))
        problem = weakness(text)
        if not problem and self.second.text() != text:
            problem = _("Type the same passphrase twice.")
        self.hint.setText(problem)
        self.changed.emit()
