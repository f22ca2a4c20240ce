"""The first-run assistant: a new vault (where, passphrase, association, demo data), or a
vault restored from a backup. Creating and restoring run in the background."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coursenplus_desk.domain.errors import KeychainUnavailableError, RefusedError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.passphrase import NewPassphraseForm
from coursenplus_desk.ui.restore_backup import restored_text
from coursenplus_desk.ui.restore_page import Restored, RestorePage, restore_and_open
from coursenplus_desk.ui.share_join import JoinPage

DEFAULT_DEMO_PEOPLE = 300
WIZARD_SIZE = (720, 520)
_CANNOT_CREATE = N_("The folder {folder} cannot be created here. Choose another one.")


# The pages' ids: a new vault goes through FOLDER to DEMO, a restore is one page,
# joining a shared register goes through FOLDER and PASSPHRASE to JOIN.
START, FOLDER, PASSPHRASE, ASSOCIATION, DEMO, RESTORE, JOIN = range(7)


class StartPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welcome"))
        self.setSubTitle(
            _(
                "Start with a new vault, or bring back the association's vault from a backup "
                "(a new or replaced computer)."
            )
        )
        self.new_vault = QRadioButton(_("Create a new vault"))
        self.restore = QRadioButton(_("Restore from a backup"))
        self.join = QRadioButton(_("Join the shared register of another laptop"))
        self.new_vault.setChecked(True)
        layout = QVBoxLayout(self)
        for button in (self.new_vault, self.restore, self.join):
            button.setAccessibleName(button.text())
            layout.addWidget(button)
        layout.addStretch()


class FolderPage(QWizardPage):
    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.setTitle(_("The vault's folder"))
        self.setSubTitle(
            _(
                "Cours en Plus Desk keeps the association's records in one encrypted vault "
                "on this computer. First, choose the folder of the vault."
            )
        )
        self.folder = QLineEdit(str(folder))
        self.folder.setAccessibleName(_("Vault folder"))
        self.folder.textChanged.connect(self.completeChanged)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout = QFormLayout(self)
        layout.addRow(_("Vault folder"), row)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Vault folder"), self.folder.text())
        if chosen:
            self.folder.setText(str(Path(chosen) / "vault"))

    def isComplete(self) -> bool:
        return bool(self.folder.text().strip())


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Passphrase"))
        self.setSubTitle(
            _(
                "Everyone who opens the vault needs this passphrase. Choose several words "
                "that you can remember; nobody can recover a forgotten passphrase."
            )
        )
        self.form = NewPassphraseForm()
        self.first, self.second = self.form.first, self.form.second
        self.meter, self.hint = self.form.meter, self.form.hint
        self.form.changed.connect(self.completeChanged)
        self.remember = QCheckBox(_("Remember the vault on this computer"))
        note = QLabel(
            _(
                "The computer's keychain then opens the vault without the passphrase. Any "
                "program of your user account can read the keychain: tick this only on your "
                "own computer, locked with a password."
            )
        )
        note.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(self.form)
        layout.addRow(self.remember)
        layout.addRow(note)

    def isComplete(self) -> bool:
        return self.form.is_acceptable()


class AssociationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("The association"))
        self.setSubTitle(
            _("These details appear on the documents sent to families. You can change them later.")
        )
        self.name = QLineEdit()
        self.address = QLineEdit()
        self.privacy_contact = QLineEdit()
        self.privacy_contact.setPlaceholderText(_("e-mail or address for privacy questions"))
        layout = QFormLayout(self)
        for edit, label in (
            (self.name, _("Association's name")),
            (self.address, _("Address")),
            (self.privacy_contact, _("Privacy contact")),
        ):
            edit.setAccessibleName(label)
            layout.addRow(label, edit)


class DemoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Try it out"))
        self.setSubTitle(_("The vault is created when you press Finish."))
        self.fill = QCheckBox(_("Fill the vault with fictitious people to try the program"))
        self.people = QSpinBox()
        self.people.setRange(10, 100_000)
        self.people.setValue(DEFAULT_DEMO_PEOPLE)
        self.people.setAccessibleName(_("Number of fictitious people"))
        layout = QFormLayout(self)
        layout.addRow(self.fill)
        layout.addRow(_("Number of fictitious people"), self.people)


class FirstRunWizard(QWizard):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.workspace: Workspace | None = None
        self.setWindowTitle(_("New vault"))
        self.resize(*WIZARD_SIZE)  # room for each page's whole subtitle
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.start_page = StartPage()
        self.folder_page = FolderPage(context.folder)
        self.passphrase_page = PassphrasePage()
        self.association_page = AssociationPage()
        self.demo_page = DemoPage()
        self.restore_page = RestorePage(context.folder)
        self.join_page = JoinPage()
        for page_id, page in (
            (START, self.start_page),
            (FOLDER, self.folder_page),
            (PASSPHRASE, self.passphrase_page),
            (ASSOCIATION, self.association_page),
            (DEMO, self.demo_page),
            (RESTORE, self.restore_page),
            (JOIN, self.join_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(START)

    def nextId(self) -> int:
        current = self.currentId()
        if current == START:
            return RESTORE if self.start_page.restore.isChecked() else FOLDER
        if current == PASSPHRASE and self.start_page.join.isChecked():
            return JOIN
        return -1 if current in (DEMO, RESTORE, JOIN) else current + 1

    @property
    def demo_people(self) -> int:
        return self.demo_page.people.value() if self.demo_page.fill.isChecked() else 0

    def accept(self) -> None:
        """Create or restore the vault in the background; stay open when that is refused."""
        if self.start_page.restore.isChecked():
            self._restore()
        elif self.start_page.join.isChecked():
            self._join()
        else:
            self._create()

    def _create(self) -> None:
        folder = Path(self.folder_page.folder.text().strip()).expanduser()
        passphrase, clock, params = (
            self.passphrase_page.first.text(),
            self.context.clock,
            self.context.kdf,
        )
        keychain, known = self.context.keychain, self.context.known

        def create(progress: background.Progress) -> Workspace:
            try:
                return create_workspace(
                    folder, passphrase, clock, params, keychain=keychain, known=known
                )
            except OSError:
                raise RefusedError(_CANNOT_CREATE, folder=str(folder)) from None

        background.run_in_background(
            self,
            _("Creating the vault…"),
            create,
            lambda workspace: self._created(folder, workspace),
            background.on_user_error(lambda error: dialogs.show_error(self, error)),
        )

    def _created(self, folder: Path, workspace: Workspace) -> None:
        self.context.folder = folder
        self.workspace = workspace
        self._save_association(workspace)
        if self.passphrase_page.remember.isChecked():
            self._remember(workspace)
        super().accept()

    def _restore(self) -> None:
        page, clock = self.restore_page, self.context.clock
        source, folder = page.source(), page.target()
        passphrases = (page.passphrase.text(), page.newer_passphrase.text())
        background.run_in_background(
            self,
            _("Restoring the backup…"),
            lambda progress: restore_and_open(source, folder, passphrases, clock),
            lambda restored: self._restored(folder, restored),
            background.on_user_error(lambda error: dialogs.show_error(self, error)),
        )

    def _restored(self, folder: Path, restored: Restored) -> None:
        self.context.folder = folder
        self.workspace = restored.workspace
        dialogs.inform(self, restored_text(restored.report))
        super().accept()

    def _join(self) -> None:
        folder = Path(self.folder_page.folder.text().strip()).expanduser()
        passphrase, clock, params = (
            self.passphrase_page.first.text(),
            self.context.clock,
            self.context.kdf,
        )
        request = self.join_page.joining()
        background.run_in_background(
            self,
            _("Joining the shared register…"),
            lambda progress: request.join(folder, passphrase, clock, params),
            lambda workspace: self._joined(folder, workspace),
            background.on_user_error(lambda error: dialogs.show_error(self, error)),
        )

    def _joined(self, folder: Path, workspace: Workspace) -> None:
        self.context.folder = folder
        self.workspace = workspace
        if self.passphrase_page.remember.isChecked():
            self._remember(workspace)
        super().accept()

    def _save_association(self, workspace: Workspace) -> None:
        page = self.association_page
        organisation = replace(
            workspace.settings.organisation(),
            name=page.name.text().strip(),
            address=page.address.text().strip(),
            privacy_contact=page.privacy_contact.text().strip(),
        )
        workspace.settings.save_organisation(organisation)

    def _remember(self, workspace: Workspace) -> None:
        try:
            workspace.vault.remember(self.context.keychain, workspace.clock.now())
            workspace.audit.record("vault.remembered")
        except KeychainUnavailableError as error:
            dialogs.inform(self, error.message())
