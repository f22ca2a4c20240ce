"""The one window: the unlock screen while locked, the sections once the vault is open.

Locking closes the workspace (the database connection), destroys every view
that showed personal data, clears the undo history and shows the unlock screen.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget, QWidget

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _, current_language
from coursenplus_desk.ui import background, dialogs, qt_settings
from coursenplus_desk.ui.autolock import AutoLock
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.integrity import check_after_first_screen
from coursenplus_desk.ui.language import LANGUAGE_KEY, apply_language
from coursenplus_desk.ui.share_sync import ShareSync
from coursenplus_desk.ui.style import follow_colour_scheme
from coursenplus_desk.ui.unlock import UnlockScreen
from coursenplus_desk.ui.workspace_actions import WorkspaceActions
from coursenplus_desk.vault.vault import VaultPaths

# The unlock screen comes first: the sections, the assistant and their services are
# imported when the vault opens (or is created), so the window appears at once.
if TYPE_CHECKING:
    from coursenplus_desk.services.workspace import Workspace
    from coursenplus_desk.ui.people_view import PeopleSection
    from coursenplus_desk.ui.rollback import RollbackScreen
    from coursenplus_desk.ui.wizard import FirstRunWizard
    from coursenplus_desk.ui.workspace_view import WorkspaceView


class MainWindow(QMainWindow):
    opened = Signal()
    locked = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            follow_colour_scheme(app)
        self.context = context
        self.workspace: Workspace | None = None
        self.view: WorkspaceView | None = None
        self.wizard: FirstRunWizard | None = None
        self.rollback_screen: RollbackScreen | None = None
        self._counts_pending = False
        self.undo_group = QUndoGroup(self)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock_screen = self._new_unlock_screen()
        self.auto_lock = AutoLock(self.lock, self)
        self.share_sync = ShareSync(self)
        self.share_sync.changed.connect(self._shared_changes_arrived)
        self._build_actions()
        self._retranslate()
        self._update_actions()
        geometry = qt_settings.load_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1100, 720)

    # start-up

    def start(self) -> None:
        """Silent unlock, the unlock screen, or the first-run assistant."""
        if VaultPaths(self.context.folder).exists():
            self.unlock_screen.reset()
            workspace = self.unlock_screen.try_remembered()
            if workspace is not None:
                self.open_workspace(workspace)
            else:  # once the unlock screen has painted, while the passphrase is typed
                QTimer.singleShot(PRELOAD_DELAY_MS, self, _import_sections)
            return
        from coursenplus_desk.ui.wizard import FirstRunWizard

        self.wizard = FirstRunWizard(self.context, self)
        self.wizard.accepted.connect(self._vault_created)
        self.wizard.rejected.connect(self.close)
        self.wizard.open()

    def _vault_created(self) -> None:
        from coursenplus_desk.services.demo import fill_demo

        wizard = self.wizard
        assert wizard is not None and wizard.workspace is not None
        workspace, wanted = wizard.workspace, wizard.demo_people
        self.wizard = None
        wizard.deleteLater()
        self._new_unlock_screen()  # it names the folder chosen in the assistant
        if not wanted:
            self.open_workspace(workspace)
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, UserError):
                dialogs.show_error(self, error)
            self.open_workspace(workspace)

        background.run_in_background(
            self,
            _("Adding fictitious people…"),
            lambda progress: fill_demo(workspace, wanted, progress=progress),
            lambda _count: self.open_workspace(workspace),
            failed,
        )

    # open and lock

    def open_workspace(self, workspace: Workspace) -> None:
        if workspace.rollback is not None:
            self._show_rollback(workspace)
            return
        from coursenplus_desk.ui.settings_view import auto_lock_minutes, stored_language

        self.workspace = workspace
        dialogs.keep_out_of(workspace.folder)
        kdf = self.context.kdf
        if kdf is not None:  # invitation codes derived like this computer's key slots
            workspace.sharing.kdf = lambda: kdf.params
        language = stored_language(workspace)
        if language and language != current_language():
            apply_language(language)
            qt_settings.save(LANGUAGE_KEY, language)
            self._retranslate()
            self._new_unlock_screen()
        self._build_view()
        self.auto_lock.start(auto_lock_minutes(workspace))
        self.share_sync.start(workspace)
        self._update_actions()
        self.opened.emit()
        QTimer.singleShot(0, self, lambda: self._check_integrity(workspace))

    def _check_integrity(self, workspace: Workspace) -> None:
        if workspace is self.workspace:
            check_after_first_screen(self, workspace, self._damaged, self._prune_audit_trail)

    def _prune_audit_trail(self, workspace: Workspace) -> None:
        """Views older than a year, and so on: a write, so after the pages are checked (a
        write before it would wait for the check, and the first screen with it)."""
        from coursenplus_desk.ui.backup_settings import prune_on_unlock

        if workspace is self.workspace and (problem := prune_on_unlock(workspace)):
            dialogs.warn(self, problem)

    def _damaged(self) -> None:
        self.setWindowTitle(_("Cours en Plus Desk") + " — " + _("read-only (damaged)"))

    def _show_rollback(self, workspace: Workspace) -> None:
        """An older copy than the one last used: a screen of its own, never silently opened."""

        def done(accepted: bool) -> None:
            self.rollback_screen = None
            if accepted:
                self.open_workspace(workspace)
            else:
                self.stack.setCurrentWidget(self.unlock_screen)
                self.unlock_screen.reset()

        from coursenplus_desk.ui.rollback import present_rollback

        self.rollback_screen = present_rollback(self.stack, workspace, done)

    def _build_view(self) -> None:
        from coursenplus_desk.ui.workspace_view import WorkspaceView

        assert self.workspace is not None
        view = WorkspaceView(self.workspace)
        view.section_created.connect(self._section_created)
        view.section_shown.connect(self._section_shown)
        self.view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        view.start()
        self.refresh_counts()

    def refresh_counts(self) -> None:
        """The sidebar's numbers, soon: calls in one turn of the event loop make one scan,
        run after the section has painted its first rows."""
        if not self._counts_pending:
            self._counts_pending = True
            QTimer.singleShot(0, self, self._refresh_counts_now)

    def _refresh_counts_now(self) -> None:
        """The sidebar's numbers: overdue retention (a scan) and open requests."""
        from coursenplus_desk.ui.sidebar_counts import refresh_counts

        self._counts_pending = False
        if self.view is not None and self.workspace is not None and not background.is_busy():
            try:
                refresh_counts(self.view, self.workspace)
            except UserError as error:
                dialogs.show_error(self, error)

    def _drop_view(self) -> None:
        if self.view is not None:
            self.view.save_layout()
            for key in self.view.widgets:
                stack = self.view.undo_stack(key)
                if stack is not None:
                    self.undo_group.removeStack(stack)
            self.stack.removeWidget(self.view)
            _discard(self.view)
            self.view = None

    def lock(self) -> None:
        if self.workspace is None or background.is_busy():
            return
        from coursenplus_desk.ui.backup_settings import backup_on_leaving

        self.auto_lock.stop()
        background.wait_for_all()  # a quick scan still running ends first
        _close_dialogs()  # an open form must not outlive the data it shows
        self._drop_view()
        problem = _joined(
            self.share_sync.before_lock(self.workspace), backup_on_leaving(self.workspace)
        )
        self.share_sync.stop()
        self.workspace.close()
        self.workspace = None
        dialogs.keep_out_of(None)
        self.stack.setCurrentWidget(self.unlock_screen)
        self.unlock_screen.reset()
        self._update_actions()
        self.locked.emit()
        if problem:
            dialogs.warn(self, problem)

    def _new_unlock_screen(self) -> UnlockScreen:
        screen = UnlockScreen(self.context)
        screen.unlocked.connect(self.open_workspace)
        old = getattr(self, "unlock_screen", None)
        self.stack.insertWidget(0, screen)
        if old is not None:
            self.stack.removeWidget(old)
            _discard(old)
        self.unlock_screen = screen
        if self.workspace is None:
            self.stack.setCurrentWidget(screen)
        return screen

    # sections

    def _section_created(self, key: str, widget: QWidget) -> None:
        from coursenplus_desk.ui.people_view import PeopleSection
        from coursenplus_desk.ui.requests_view import RequestsView
        from coursenplus_desk.ui.retention_view import RetentionView
        from coursenplus_desk.ui.settings_view import SettingsSection
        from coursenplus_desk.ui.sidebar_counts import show_request_counts

        stack = self.view.undo_stack(key) if self.view else None
        if stack is not None:
            self.undo_group.addStack(stack)
        if isinstance(widget, SettingsSection):
            widget.language_changed.connect(self.change_language)
            widget.auto_lock_changed.connect(self.auto_lock.start)
            widget.remember_requested.connect(self.remember_computer)
            widget.forget_requested.connect(self.forget_computer)
        view = self.view
        if isinstance(widget, PeopleSection):
            widget.changed.connect(lambda _person_id: self.refresh_counts())
        if isinstance(widget, RequestsView) and view is not None:
            widget.countsChanged.connect(lambda n, late: show_request_counts(view, n, late))
            widget.person_changed.connect(self._person_changed_elsewhere)
        from coursenplus_desk.ui.review_view import ReviewView

        if isinstance(widget, SettingsSection):
            widget.share_box.synced.connect(self.share_sync.after_sync)
            widget.share_box.shared.connect(self._start_syncing)
        if isinstance(widget, ReviewView):
            widget.resolved.connect(self.share_sync.show_status)
        if isinstance(widget, RetentionView):
            widget.acted.connect(self.refresh_counts)
            widget.holds_button.clicked.connect(self.refresh_counts)

    def _section_shown(self, key: str) -> None:
        from coursenplus_desk.ui.requests_view import RequestsView
        from coursenplus_desk.ui.retention_view import RetentionView

        stack = self.view.undo_stack(key) if self.view else None
        self.undo_group.setActiveStack(stack)  # type: ignore[arg-type]  # None: no undo here
        widget = self.view.widgets.get(key) if self.view is not None else None
        if isinstance(widget, RequestsView | RetentionView) and not background.is_busy():
            widget.refresh()  # a request or a person may have changed on a person's page
        if widget is not None:
            self.refresh_counts()  # something done elsewhere may have changed them

    def remember_computer(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            workspace.vault.remember(self.context.keychain, workspace.clock.now())
            workspace.audit.record("vault.remembered")
        except UserError as error:
            dialogs.show_error(self, error)
            return
        dialogs.inform(
            self,
            _(
                "This computer now remembers the vault. Any program of your user account "
                "can read the keychain: use it only on your own, locked computer."
            ),
        )

    def forget_computer(self) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        try:
            workspace.vault.forget(self.context.keychain)
            workspace.audit.record("vault.forgotten")
        except UserError as error:
            dialogs.show_error(self, error)
            return
        dialogs.inform(self, _("This computer no longer remembers the vault."))

    def section(self, key: str) -> QWidget | None:
        return self.view.show_section(key) if self.view else None

    def change_language(self, language: str) -> None:
        """Switch at once: rebuild the views in the new language, on the same section."""
        apply_language(language)
        qt_settings.save(LANGUAGE_KEY, language)  # for the next unlock screen
        self._retranslate()
        self._new_unlock_screen()
        if self.view is not None:
            key = self.view.current_key()
            self._drop_view()
            self._build_view()
            if self.view is not None:
                self.view.show_section(key)

    # actions

    def _build_actions(self) -> None:
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        # our own actions: Qt's would retitle themselves with Qt's translation
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo_group.undo)
        self.undo_action.setEnabled(False)
        self.undo_group.canUndoChanged.connect(self.undo_action.setEnabled)
        self.redo_action = QAction(self)
        self.redo_action.triggered.connect(self.undo_group.redo)
        self.redo_action.setEnabled(False)
        self.undo_group.canRedoChanged.connect(self.redo_action.setEnabled)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.new_person_action = QAction(self)
        self.new_person_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_person_action.triggered.connect(self.new_person)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.find_person)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.import_people)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(self.export_all)
        self.more = WorkspaceActions(self, lambda: self.workspace)
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.more.mailing)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.people_menu = bar.addMenu("")
        self.people_menu.addAction(self.new_person_action)
        self.people_menu.addAction(self.find_action)
        self.people_menu.addAction(self.more.coming_of_age)

    def _retranslate(self) -> None:
        self.setWindowTitle(_("Cours en Plus Desk"))
        self.share_sync.retranslate()
        self.lock_action.setText(_("&Lock"))
        self.quit_action.setText(_("&Quit"))
        self.undo_action.setText(_("&Undo"))
        self.redo_action.setText(_("&Redo"))
        self.new_person_action.setText(_("&New person…"))
        self.find_action.setText(_("&Find a person"))
        self.import_action.setText(_("&Import people…"))
        self.export_action.setText(_("&Export everything…"))
        self.file_menu.setTitle(_("&File"))
        self.edit_menu.setTitle(_("&Edit"))
        self.people_menu.setTitle(_("&People"))
        self.more.retranslate()

    def _update_actions(self) -> None:
        is_open = self.workspace is not None
        self.more.set_enabled(is_open)
        for action in (
            self.lock_action,
            self.new_person_action,
            self.find_action,
            self.import_action,
            self.export_action,
        ):
            action.setEnabled(is_open)

    def _people(self) -> PeopleSection | None:
        from coursenplus_desk.ui.people_view import PeopleSection

        widget = self.section("people")
        return widget if isinstance(widget, PeopleSection) else None

    def new_person(self) -> None:
        people = self._people()
        if people is not None:
            people.new_person()

    def find_person(self) -> None:
        people = self._people()
        if people is not None:
            people.focus_search()

    def import_people(self) -> None:
        if self.workspace is not None and not background.is_busy():
            from coursenplus_desk.ui import data_transfer

            data_transfer.import_people(self, self.workspace, self._people_changed)

    def _person_changed_elsewhere(self, person_id: int) -> None:
        from coursenplus_desk.ui.people_view import PeopleSection

        people = self.view.widgets.get("people") if self.view else None
        if isinstance(people, PeopleSection):
            people.person_changed_elsewhere(person_id)
        self.refresh_counts()

    def _start_syncing(self) -> None:
        if self.workspace is not None:
            self.share_sync.start(self.workspace)

    def _shared_changes_arrived(self) -> None:
        """Another laptop's changes are in the vault: the lists show them."""
        self._people_changed()
        from coursenplus_desk.ui.review_view import ReviewView

        review = self.view.widgets.get("review") if self.view else None
        if isinstance(review, ReviewView):
            review.refresh()

    def _people_changed(self) -> None:
        from coursenplus_desk.ui.people_view import PeopleSection

        people = self.view.widgets.get("people") if self.view else None
        if isinstance(people, PeopleSection):
            people.list.refresh()
        self.refresh_counts()

    def export_all(self) -> None:
        if self.workspace is not None and not background.is_busy():
            from coursenplus_desk.ui import data_transfer

            data_transfer.export_all(self, self.workspace)

    # closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if background.is_busy():
            event.ignore()
            return
        qt_settings.save("window/geometry", self.saveGeometry())
        background.wait_for_all()
        if self.rollback_screen is not None and self.rollback_screen.workspace is not None:
            self.rollback_screen.workspace.vault.close()  # the older copy, left as it was
        self._drop_view()
        if self.workspace is not None:
            from coursenplus_desk.ui.backup_settings import backup_on_leaving

            problem = _joined(
                self.share_sync.before_lock(self.workspace), backup_on_leaving(self.workspace)
            )
            self.share_sync.stop()
            if problem:
                dialogs.warn(self, problem)
            self.workspace.close()
            self.workspace = None
        super().closeEvent(event)

    def bring_forward(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()


PRELOAD_DELAY_MS = 300  # after the unlock screen's first paint; before any passphrase is typed
# What opening the vault uses first (the People section, the sidebar's counts, the
# backup and audit upkeep), imported while the unlock screen waits for the passphrase.
_OPENING_MODULES = (
    "services.workspace", "services.sharing.service", "ui.workspace_view", "ui.people_view",
    "ui.settings_view", "ui.sidebar_counts",
    "ui.backup_settings", "ui.requests_view", "ui.retention_view", "services.retention",
    "services.requests", "services.backup", "services.audit_trail", "services.settings",
)  # fmt: skip


def _import_sections() -> None:
    for name in _OPENING_MODULES:
        importlib.import_module(f"coursenplus_desk.{name}")


def _joined(*problems: str | None) -> str | None:
    """What went wrong on leaving (a last sync, a backup), one paragraph each."""
    found = [problem for problem in problems if problem]
    return "\n\n".join(found) if found else None


def _discard(widget: QWidget) -> None:
    """Detach at once (no stale texts or data among the window's children), delete soon."""
    widget.hide()
    widget.setParent(None)
    widget.deleteLater()


def _close_dialogs() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
