"""The full check of every page, once the first screen is shown.

A small vault (the usual association's) is checked at once: a few
milliseconds. A larger one is checked by the background worker behind its
progress dialog. A vault found damaged stays open read-only: the person is
told so, with the newest backup to restore.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from coursenplus_desk.domain.errors import VaultDamagedError
from coursenplus_desk.i18n import _
from coursenplus_desk.ui import background, dialogs

if TYPE_CHECKING:
    from coursenplus_desk.services.workspace import Workspace

INLINE_CHECK_BYTES = 8 * 2**20  # below this the check takes a few milliseconds
RETRY_MS = 500


def check_after_first_screen(
    parent: QWidget,
    workspace: Workspace,
    on_damaged: Callable[[], None],
    on_sound: Callable[[Workspace], None],
) -> None:
    """`on_sound` runs once every page is known good (the writes kept for after the check)."""
    if not workspace.vault.is_open:
        return
    if workspace.integrity.checked or workspace.integrity.damaged:  # a write checked it first
        if workspace.integrity.damaged:
            _report(parent, workspace, on_damaged)
        else:
            on_sound(workspace)
        return
    if background.is_busy():  # the worker holds the connection: try again soon
        QTimer.singleShot(
            RETRY_MS,
            parent,
            lambda: check_after_first_screen(parent, workspace, on_damaged, on_sound),
        )
        return

    def done(problems: list[str]) -> None:
        if problems:
            _report(parent, workspace, on_damaged)
        else:
            on_sound(workspace)

    def failed(error: BaseException) -> None:
        if not isinstance(error, VaultDamagedError):
            raise error
        _report(parent, workspace, on_damaged)

    size = workspace.vault.paths.database.stat().st_size
    if size <= INLINE_CHECK_BYTES:
        try:
            done(workspace.integrity.check())
        except VaultDamagedError as error:
            failed(error)
        return
    background.run_in_background(
        parent, _("Checking the vault…"), lambda _p: workspace.integrity.check(), done, failed
    )


def _report(parent: QWidget, workspace: Workspace, on_damaged: Callable[[], None]) -> None:
    on_damaged()
    dialogs.warn(parent, workspace.integrity.read_only_error().message())
