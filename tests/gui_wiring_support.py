"""Shared pieces of the wiring tests: a vault with a past, and the real window opened on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.ui.main_window import MainWindow
from tests.controller import name_the_association
from tests.gui_support import PASSPHRASE, finish_unlock, gui_context
from tests.retention_support import MovingClock, add_person, new_workspace


@dataclass(frozen=True)
class Vault:
    old_ones: tuple[int, int]  # last seen in 2019: overdue for retention
    student: int  # a minor with a guardian, seen this year
    guardian: int


def vault_with_a_past(folder: Path) -> Vault:
    clock = MovingClock(date(2019, 5, 1))
    with new_workspace(folder, clock) as workspace:
        old = (add_person(workspace, "Ada", "Old"), add_person(workspace, "Bob", "Old"))
        clock.move_to(date(2026, 9, 1))
        guardian = add_person(workspace, "Łukasz", "Dąbrowski", "guardian")
        student = workspace.people.add(
            PersonDraft(
                given_name="Zoë",
                family_name="Dąbrowski",
                roles=("student",),
                birth_date="2014-03-02",
            ),
            (guardian,),
        )
        course = workspace.courses.add_course("Mathématiques")
        group = workspace.courses.add_group(course, "Maths 6e", schedule="mercredi 14:00")
        workspace.courses.enroll(student, group, "2026-09-01")
        clock.move_to(date(2026, 10, 1))
        workspace.requests.add(guardian, "access", "2026-10-01")  # overdue on 22 November
        clock.move_to(date(2026, 11, 20))
        workspace.requests.add(guardian, "rectification", "2026-11-20")
        name_the_association(workspace)
    return Vault(old, student, guardian)


def open_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(gui_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    finish_unlock(qtbot, window.unlock_screen)
    assert window.workspace is not None
    return window


def badge(window: MainWindow, key: str) -> str:
    """A sidebar entry's text once pending count refreshes (deferred by design) have run."""
    QCoreApplication.processEvents()
    assert window.view is not None
    return window.view.badge_text(key)
