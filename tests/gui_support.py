"""Helpers for the GUI tests: answered dialogs, an in-memory keychain, isolated user folders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.i18n import set_language
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.language import apply_language
from coursenplus_desk.ui.unlock import UnlockScreen
from coursenplus_desk.vault.keychain import RememberedKey
from tests.controller import name_the_association
from tests.fast_kdf import FAST_KDF

if TYPE_CHECKING:
    from pytestqt.modeltest import ModelTester

TODAY = date(2026, 11, 22)
PASSPHRASE = "correct horse battery"

DialogHandler = Callable[[QDialog], bool]


@dataclass
class MemoryKeychain:
    items: dict[str, RememberedKey] = field(default_factory=dict)
    witnesses: dict[str, str] = field(default_factory=dict)

    def save(self, vault_id: str, key: RememberedKey) -> None:
        self.items[vault_id] = key

    def load(self, vault_id: str) -> RememberedKey | None:
        return self.items.get(vault_id)

    def delete(self, vault_id: str) -> None:
        self.items.pop(vault_id, None)

    def save_witness(self, vault_id: str, text: str) -> None:
        self.witnesses[vault_id] = text

    def load_witness(self, vault_id: str) -> str | None:
        return self.witnesses.get(vault_id)


@dataclass
class ScriptedDialogs:
    """Answers every dialog without blocking; records what the person would have read."""

    messages: list[tuple[str, str]] = field(default_factory=list)
    answers: list[bool] = field(default_factory=list)
    handlers: list[DialogHandler] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # files and folders chosen, in order
    suggested: list[Path] = field(default_factory=list)  # what each save dialog proposed

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("inform", text))

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(("warn", text))

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        self.messages.append(("confirm", text))
        return self.answers.pop(0) if self.answers else True

    def run(self, dialog: QDialog) -> bool:
        if not self.handlers:
            raise AssertionError(f"unexpected dialog: {dialog.windowTitle()}")
        accepted = self.handlers.pop(0)(dialog)
        dialog.deleteLater()
        return accepted

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        self.messages.append(("save", title))
        self.suggested.append(Path(suggested))
        return str(self.paths.pop(0)) if self.paths else ""

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> str:
        self.messages.append(("folder", title))
        return str(self.paths.pop(0)) if self.paths else ""

    def open_file(self, parent: QWidget | None, title: str, start: str, filters: str) -> str:
        self.messages.append(("open", title))
        return str(self.paths.pop(0)) if self.paths else ""

    def expect(self, handler: DialogHandler) -> None:
        self.handlers.append(handler)


@contextmanager
def scripted_dialogs() -> Iterator[ScriptedDialogs]:
    scripted = ScriptedDialogs()
    previous = dialogs.use(scripted)
    # A failing test leaves the script in place: the windows its teardown closes may ask
    # a question, and a real dialog would wait for an answer that never comes.
    yield scripted
    dialogs.use(previous)


def gui_context(tmp_path: Path) -> AppContext:
    return AppContext(
        folder=tmp_path / "vault",
        clock=FixedClock.on(TODAY),
        keychain=MemoryKeychain(),
        kdf=FAST_KDF,
    )


@contextmanager
def language(code: str) -> Iterator[None]:
    apply_language(code)
    try:
        yield
    finally:
        set_language("fr")
        apply_language("fr")


# The offscreen platform cannot resize windows to their hints and says so; it is not our warning.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def demo_workspace(folder: Path, people: int = 300) -> Workspace:
    """An unlocked vault with synthetic people, courses and groups."""
    workspace = create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF)
    name_the_association(workspace)
    fill_demo(workspace, people)
    return workspace


def check_model(tester: ModelTester, model: QAbstractItemModel) -> None:
    """pytest-qt's model checks (its Python version, which explains each failure)."""
    tester.check(model, force_py=True)  # type: ignore[no-untyped-call]


def finish_unlock(qtbot: QtBot, screen: UnlockScreen) -> None:
    """Wait for the unlock started by `screen.unlock()` (it runs in the background)."""
    qtbot.waitUntil(lambda: screen.task is None or screen.task.done, timeout=20_000)


def wait_idle(qtbot: QtBot) -> None:
    """Wait until the background work (a section's scan, an action) has ended and shown."""
    qtbot.waitUntil(background.is_idle, timeout=20_000)
