"""The Register section: activities, breaches, the association's settings, and the documents.

`RegisterView(workspace)` is self-contained; the main window places it in
its sidebar. The notice preview is the same HTML the program saves (every
text escaped), rebuilt whenever an activity, a setting or a breach changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.notice import check_notice_setting
from coursenplus_desk.domain.organisation import ORGANISATION_KEYS
from coursenplus_desk.i18n import LANGUAGE_NAMES, N_, _, current_language
from coursenplus_desk.reports.privacy_notice import notice_html
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import dialogs
from coursenplus_desk.ui.breach_editor import BreachEditor
from coursenplus_desk.ui.register_forms import ActivityEditor
from coursenplus_desk.ui.register_tutors import TutorsTab

SETTING_LABELS = {
    "name": N_("Name of the association"),
    "address": N_("Address of the association"),
    "privacy_contact": N_("Privacy contact"),
    "dpo": N_("Data protection officer (optional)"),
    "country": N_("Country (BE or FR)"),
    "authority_name": N_("Supervisory authority"),
    "authority_address": N_("Address of the authority"),
    "notice_version": N_("Version of the notice"),
    "notice_date": N_("Date of the notice (YYYY-MM-DD)"),
    "letter_greeting": N_("Greeting of letters (formal or personal)"),
}


class SettingsEditor(QWidget):
    """The organisation settings every document uses."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.fields = {key: QLineEdit() for key in ORGANISATION_KEYS}
        self.message = QLabel()
        self.save_button = QPushButton(_("Save the settings"))
        form = QFormLayout()
        for key, widget in self.fields.items():
            form.addRow(_(SETTING_LABELS.get(key, key)), widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        self.reload()

    def reload(self) -> None:
        values = self.workspace.settings.organisation().to_dict()
        for key, widget in self.fields.items():
            widget.setText(values[key])

    def save(self) -> bool:
        current = self.workspace.settings.organisation().to_dict()
        try:
            for key, widget in self.fields.items():
                if widget.text() != current[key]:
                    check_notice_setting(key, widget.text())
                    self.workspace.settings.set_organisation_value(key, widget.text())
        except UserError as error:
            self.message.setText(error.message())
            return False
        self.reload()
        self.message.setText(_("Saved."))
        return True


class RegisterView(QWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.activities = ActivityEditor(workspace)
        self.breaches = BreachEditor(workspace)
        self.settings = SettingsEditor(workspace)
        self.tutors = TutorsTab(workspace)
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.status = QLabel()
        self.tabs = QTabWidget()
        self._build()
        self.refresh_preview()

    def _build(self) -> None:
        save_register = QPushButton(_("Save the register (PDF)…"))
        save_notice = QPushButton(_("Save the privacy notice (PDF or HTML)…"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Language of the documents")))
        bar.addWidget(self.language)
        bar.addStretch(1)
        saving = QHBoxLayout()  # a row of its own: one row is wider than a laptop's window
        saving.addWidget(save_register)
        saving.addWidget(save_notice)
        saving.addStretch(1)
        documents = QWidget()
        column = QVBoxLayout(documents)
        column.addLayout(bar)
        column.addLayout(saving)
        column.addWidget(self.preview, 1)
        column.addWidget(self.status)
        self.tabs.addTab(documents, _("Privacy notice and register"))
        self.tabs.addTab(self.activities, _("Processing activities"))
        self.tabs.addTab(self.breaches, _("Data breaches"))
        self.tabs.addTab(self.tutors, _("Tutors (processors)"))
        self.tabs.addTab(self.settings, _("The association"))
        QVBoxLayout(self).addWidget(self.tabs)
        self.language.currentIndexChanged.connect(lambda _index: self.refresh_preview())
        self.activities.changed.connect(self.refresh_preview)
        self.breaches.changed.connect(self.refresh_preview)
        self.settings.save_button.clicked.connect(self._save_settings)
        save_register.clicked.connect(self._ask_register)
        save_notice.clicked.connect(self._ask_notice)

    def document_language(self) -> str:
        return str(self.language.currentData())

    def refresh_preview(self) -> None:
        """Show the notice as it would be saved now (read-only, nothing audited)."""
        notice = self.workspace.register.notice(self.document_language())
        self.preview.setHtml(notice_html(notice).decode("utf-8"))

    def _save_settings(self) -> None:
        if self.settings.save():
            self.refresh_preview()

    def save_register(self, path: Path) -> bool:
        register = self.workspace.register
        return self._saving(lambda: register.save_register(path, self.document_language()), path)

    def save_notice(self, path: Path) -> bool:
        register = self.workspace.register
        return self._saving(lambda: register.save_notice(path, self.document_language()), path)

    def _saving(self, action: Callable[[], None], path: Path) -> bool:
        try:
            action()
        except UserError as error:
            self.status.setText(error.message())
            return False
        self.status.setText(_("Saved in {file}.").format(file=str(path)))
        return True

    def _ask_register(self) -> None:
        path = dialogs.save_file(self, _("Save the register"), _("register.pdf"), "PDF (*.pdf)")
        if path is not None:
            self.save_register(path)

    def _ask_notice(self) -> None:
        path = dialogs.save_file(
            self,
            _("Save the privacy notice"),
            _("privacy-notice.pdf"),
            "PDF (*.pdf);;HTML (*.html)",
        )
        if path is not None:
            self.save_notice(path)
