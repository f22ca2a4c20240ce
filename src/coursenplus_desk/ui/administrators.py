"""Settings → Administrators: who holds a key to the vault, and changing or revoking keys.

*Change my passphrase* is fast but leaves the old key file (in every older
backup) able to open the vault with the old passphrase; the dialog says so and
offers *revoke old keys* in the same step. Removing an administrator always
replaces the data key. The slow parts (key derivation, re-writing the
database) run in the background worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.rekey import (
    SlotInfo,
    add_administrator,
    change_passphrase,
    list_slots,
    rekey_workspace,
    remove_administrator,
)
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.formats import format_date
from coursenplus_desk.ui.passphrase import NewPassphraseForm
from coursenplus_desk.ui.widgets import button, button_row
from coursenplus_desk.vault.keyslots import SlotKind

COLUMNS = (N_("Name"), N_("Kind"), N_("Key derivation"), N_("Added on"))
OLD_KEYS_WARNING = N_(
    "Copies of the old key file (in every backup made before now) still open the vault "
    "with the old passphrase. Revoking old keys replaces the data key, so that they no "
    "longer do; every other administrator's key keeps working."
)


class AdministratorsBox(QGroupBox):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(_("Administrators"), parent)
        self.workspace = workspace
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(_("Administrators"))
        self.table.setHorizontalHeaderLabels([_(title) for title in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(140)
        self.add_button = button(_("Add an administrator…"), self.add)
        self.remove_button = button(_("Remove"), self.remove)
        self.passphrase_button = button(_("Change my passphrase…"), self.change_passphrase)
        self.revoke_button = button(_("Revoke old keys…"), self.revoke)
        note = QLabel(
            _(
                "Each administrator opens the vault with a passphrase of their own. Removing "
                "one replaces the data key, so that their key no longer opens anything new."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addLayout(
            button_row(
                self.add_button, self.remove_button, self.passphrase_button, self.revoke_button
            )
        )
        self.slots: list[SlotInfo] = []
        self.refresh()

    def refresh(self) -> None:
        self.slots = list_slots(self.workspace)
        self.table.setRowCount(len(self.slots))
        for row, info in enumerate(self.slots):
            name = info.label + ("  " + _("(you)") if info.current else "")
            kind = _("passphrase") if info.kind is SlotKind.PASSPHRASE else _("this computer")
            kdf = info.kdf + ("  " + _("(below the floor)") if info.below_floor else "")
            added = format_date(_parse_day(info.created_at))
            for column, text in enumerate((name, kind, kdf, added)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> SlotInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.slots[rows[0].row()] if rows else None

    def add(self) -> None:
        dialog = NewAdministratorDialog(self)
        if not dialogs.run(dialog):
            return
        label, passphrase = dialog.label.text(), dialog.form.text()
        self._in_background(
            _("Adding the administrator…"),
            lambda: add_administrator(self.workspace, label, passphrase),
            _("The administrator can now open the vault with their passphrase."),
        )

    def remove(self) -> None:
        info = self.selected()
        if info is None:
            dialogs.inform(self, _("Choose the administrator to remove first."))
            return
        if info.current:
            dialogs.inform(self, _("You cannot remove your own key while you use it."))
            return
        question = _(
            "Remove {name}'s key? The data key is replaced and the database rewritten, so "
            "that this key no longer opens the vault. Backups made before still open with it."
        ).format(name=info.label)
        if not dialogs.confirm(self, question, _("Remove")):
            return
        self._in_background(
            _("Replacing the data key…"),
            lambda: remove_administrator(self.workspace, info.id),
            _("The key was removed and the data key replaced. Make a new backup now."),
        )

    def change_passphrase(self) -> None:
        dialog = ChangePassphraseDialog(self)
        if not dialogs.run(dialog):
            return
        new, revoke = dialog.form.text(), dialog.revoke.isChecked()
        done = (
            _("Passphrase changed and old keys revoked. Make a new backup now.")
            if revoke
            else _("Passphrase changed. Old key files still open the vault with the old one.")
        )
        self._in_background(
            _("Changing the passphrase…"),
            lambda: change_passphrase(self.workspace, new, revoke=revoke),
            done,
        )

    def revoke(self) -> None:
        if not dialogs.confirm(self, _(OLD_KEYS_WARNING), _("Revoke old keys")):
            return
        self._in_background(
            _("Replacing the data key…"),
            lambda: rekey_workspace(self.workspace),
            _("Old keys revoked: the data key was replaced. Make a new backup now."),
        )

    def _in_background(self, title: str, work: Callable[[], object], done: str) -> None:
        def finished(_result: object) -> None:
            self.refresh()
            dialogs.inform(self, done)

        background.run_in_background(self, title, lambda _progress: work(), finished)


class NewAdministratorDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add an administrator"))
        self.label = QLineEdit()
        self.label.setAccessibleName(_("The administrator's name"))
        self.form = NewPassphraseForm()
        self.form.layout_form.insertRow(0, _("The administrator's name"), self.label)
        intro = QLabel(_("The new administrator types their own passphrase here, twice."))
        intro.setWordWrap(True)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.label.textChanged.connect(self._update)
        self.form.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.label.text().strip()) and self.form.is_acceptable())


class ChangePassphraseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change my passphrase"))
        self.form = NewPassphraseForm()
        warning = QLabel(_(OLD_KEYS_WARNING))
        warning.setWordWrap(True)
        self.revoke = QCheckBox(_("Also revoke old keys (recommended)"))
        self.revoke.setChecked(True)
        self.buttons = _buttons(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(warning)
        layout.addWidget(self.revoke)
        layout.addWidget(self.buttons)
        self.form.changed.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.form.is_acceptable())


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _parse_day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date()
    except ValueError:
        return None
