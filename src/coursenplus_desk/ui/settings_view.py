"""Settings: language, auto-lock, the association's details (all kept in the vault),
this computer's keychain, the administrators' keys, retention and backups."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import LANGUAGE_NAMES, N_, _, current_language
from coursenplus_desk.services.witness import KEYCHAIN_SETTING
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.administrators import AdministratorsBox
from coursenplus_desk.ui.backup_settings import BackupBox
from coursenplus_desk.ui.language import LANGUAGE_SETTING
from coursenplus_desk.ui.retention_settings import RetentionPoliciesBox
from coursenplus_desk.ui.share_settings import ShareBox

AUTO_LOCK_SETTING = "ui.auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 10
ORGANISATION_FIELDS = (
    ("name", N_("Association's name")),
    ("address", N_("Address")),
    ("privacy_contact", N_("Privacy contact")),
    ("dpo", N_("Data protection officer")),
)


def auto_lock_minutes(workspace: Workspace) -> int:
    value = workspace.settings.get(AUTO_LOCK_SETTING)
    return value if isinstance(value, int) and value > 0 else DEFAULT_AUTO_LOCK_MINUTES


def stored_language(workspace: Workspace) -> str | None:
    value = workspace.settings.get(LANGUAGE_SETTING)
    return value if isinstance(value, str) else None


class SettingsSection(QWidget):
    language_changed = Signal(str)
    auto_lock_changed = Signal(int)
    remember_requested = Signal()
    forget_requested = Signal()

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.auto_lock = QSpinBox()
        self.auto_lock.setAccessibleName(_("Lock after this many minutes without use"))
        self.auto_lock.setRange(1, 240)
        self.auto_lock.setSuffix(" " + _("min"))
        self.auto_lock.setValue(auto_lock_minutes(workspace))
        program = QGroupBox(_("This program"))
        program_form = QFormLayout(program)
        program_form.addRow(_("Language"), self.language)
        program_form.addRow(_("Lock after this many minutes without use"), self.auto_lock)
        note = QLabel(_("The language changes at once, for every window."))
        note.setWordWrap(True)
        program_form.addRow(note)

        organisation = workspace.settings.organisation()
        self.organisation_edits: dict[str, QLineEdit] = {}
        association = QGroupBox(_("The association"))
        association_form = QFormLayout(association)
        for key, label in ORGANISATION_FIELDS:
            edit = QLineEdit(getattr(organisation, key))
            edit.setAccessibleName(_(label))
            self.organisation_edits[key] = edit
            association_form.addRow(_(label), edit)

        computer = QGroupBox(_("This computer"))
        computer_layout = QVBoxLayout(computer)
        explanation = QLabel(
            _(
                "When this computer remembers the vault, its keychain opens the vault "
                "without the passphrase. Any program of your user account can read the "
                "keychain: use it only on your own computer, locked with a password."
            )
        )
        explanation.setWordWrap(True)
        self.remember_button = QPushButton(_("Remember the vault on this computer"))
        self.remember_button.clicked.connect(self.remember_requested)
        self.forget_button = QPushButton(_("Forget the vault on this computer"))
        self.forget_button.clicked.connect(self.forget_requested)
        computer_buttons = QHBoxLayout()
        computer_buttons.addWidget(self.remember_button)
        computer_buttons.addWidget(self.forget_button)
        computer_buttons.addStretch(1)
        computer_layout.addWidget(explanation)
        computer_layout.addLayout(computer_buttons)
        self.witness = QCheckBox(
            _(
                "Keep the vault's latest state in this computer's keychain, so that an older "
                "copy put back is noticed"
            )
        )
        self.witness.setChecked(workspace.settings.get(KEYCHAIN_SETTING) is True)
        self.witness.toggled.connect(self._witness_toggled)
        computer_layout.addWidget(self.witness)

        self.save_button = QPushButton(_("Save settings"))
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(program)
        layout.addWidget(association)
        layout.addWidget(computer)
        layout.addLayout(buttons)
        self.administrators = AdministratorsBox(workspace)
        layout.addWidget(self.administrators)
        self.retention = RetentionPoliciesBox(workspace)
        layout.addWidget(self.retention)
        self.backups = BackupBox(workspace)
        layout.addWidget(self.backups)
        self.share_box = ShareBox(workspace)
        layout.addWidget(self.share_box)
        layout.addStretch(1)
        scroll = QScrollArea()  # taller than a small laptop's screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _witness_toggled(self, checked: bool) -> None:
        try:
            self.workspace.settings.set(KEYCHAIN_SETTING, checked)
        except UserError as error:
            dialogs.show_error(self, error)

    def save(self) -> None:
        settings = self.workspace.settings
        try:
            organisation = settings.organisation()
            values = {key: edit.text().strip() for key, edit in self.organisation_edits.items()}
            changed = [key for key, value in values.items() if getattr(organisation, key) != value]
            if changed:
                settings.save_organisation(replace(organisation, **values), changed=changed)
            minutes = self.auto_lock.value()
            if minutes != auto_lock_minutes(self.workspace):
                settings.set(AUTO_LOCK_SETTING, minutes)
                self.auto_lock_changed.emit(minutes)
            language = str(self.language.currentData())
            if language != stored_language(self.workspace):
                settings.set(LANGUAGE_SETTING, language)
            if language != current_language():
                self.language_changed.emit(language)
        except UserError as error:
            dialogs.show_error(self, error)
