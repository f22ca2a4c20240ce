"""Long work off the GUI thread with progress and cancel; courses both ways; auto-lock; crashes."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonDraft, Role
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import background
from coursenplus_desk.ui.courses_view import CourseDialog, CoursesSection, GroupDialog
from coursenplus_desk.ui.crash import CrashHandler
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.person_picker import PersonPicker
from coursenplus_desk.ui.person_tabs import GroupChooser
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    ScriptedDialogs,
    gui_context,
    language,
    scripted_dialogs,
    wait_idle,
)

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def answered() -> Iterator[ScriptedDialogs]:
    with scripted_dialogs() as scripted, language("en"):
        yield scripted


def new_vault(qtbot: QtBot, tmp_path: Path, demo_people: int) -> MainWindow:
    window = MainWindow(gui_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    wizard = window.wizard
    assert wizard is not None
    wizard.passphrase_page.first.setText(PASSPHRASE)
    wizard.passphrase_page.second.setText(PASSPHRASE)
    wizard.demo_page.fill.setChecked(demo_people > 0)
    wizard.demo_page.people.setValue(max(10, demo_people))
    wizard.accept()
    if not demo_people:
        wait_idle(qtbot)  # the vault is created in the background
    return window


def opened(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def test_the_demo_fill_runs_in_the_worker_with_progress(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    seen_threads: list[threading.Thread] = []
    original = background.BackgroundTask.report

    def report(task: background.BackgroundTask[object], done: int, total: int) -> bool:
        seen_threads.append(threading.current_thread())
        return original(task, done, total)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background.BackgroundTask, "report", report)
        window = new_vault(qtbot, tmp_path, demo_people=200)
        assert background.is_busy()
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
    assert not background.is_busy()
    assert seen_threads and all(t is not threading.main_thread() for t in seen_threads)
    workspace = opened(window)
    assert workspace.people.store.count(PeopleQuery()) >= 200
    window.close()


def test_cancelling_the_demo_fill_adds_nobody(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    started = threading.Event()
    original = background.BackgroundTask.report

    def report(task: background.BackgroundTask[object], done: int, total: int) -> bool:
        if not started.is_set():
            started.set()
            task.cancel()  # as if the person pressed Cancel at the first progress report
        return original(task, done, total)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(background.BackgroundTask, "report", report)
        window = new_vault(qtbot, tmp_path, demo_people=500)
        qtbot.waitUntil(lambda: window.workspace is not None, timeout=30_000)
    workspace = opened(window)
    assert workspace.people.store.count(PeopleQuery(statuses=frozenset())) == 0
    assert any("cancelled" in text for _kind, text in answered.messages)
    window.close()


def test_enroll_from_the_group_and_from_the_student(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    window = new_vault(qtbot, tmp_path, demo_people=0)
    workspace = opened(window)
    tutor = workspace.people.add(PersonDraft("Ada", "Martin", roles=(Role.TUTOR.value,)))
    student = workspace.people.add(PersonDraft("Léa", "Peeters", roles=(Role.STUDENT.value,)))
    courses = window.section("courses")
    assert isinstance(courses, CoursesSection)

    def course(dialog: object) -> bool:
        assert isinstance(dialog, CourseDialog)
        dialog.subject.setText("Mathématiques")
        return True

    def group(dialog: object) -> bool:
        assert isinstance(dialog, GroupDialog)
        dialog.name.setText("Mercredi A")
        dialog.tutor.setCurrentIndex(dialog.tutor.findData(tutor))
        dialog.starts.setText("01/09/2026")
        dialog.ends.setText("30/06/2027")
        return True

    def pick_student(dialog: object) -> bool:
        assert isinstance(dialog, PersonPicker)
        dialog.choose(student)
        dialog.buttons.accepted.emit()
        return dialog.person_id == student

    answered.expect(course)
    courses.new_course()
    courses.select_course(0)
    answered.expect(group)
    courses.new_group()
    courses.select_group(0)
    assert courses.groups.row(0) is not None
    assert courses.groups.data(courses.groups.index(0, 1)) == "Ada Martin"
    answered.expect(pick_student)
    courses.enroll()
    assert [m.full_name for m in courses.members.rows()] == ["Léa Peeters"]

    # and from the student's side: the enrollment shows on their page, and ends there
    people = window.section("people")
    assert people is not None
    window_people = window._people()
    assert window_people is not None
    window_people.open_person(student)
    page = window_people.page
    assert page is not None
    assert page.courses.enrollments.rowCount() == 1
    page.courses.enrollment_view.selectRow(0)
    answered.answers.append(False)  # the person thinks twice
    page.courses.end()
    assert page.courses.enrollments.row(0) is not None
    assert page.courses.enrollments.data(page.courses.enrollments.index(0, 4)) == "enrolled"
    page.courses.end()
    assert page.courses.enrollments.data(page.courses.enrollments.index(0, 4)) == "ended"

    def choose_group(dialog: object) -> bool:
        assert isinstance(dialog, GroupChooser)
        return True

    answered.expect(choose_group)
    page.courses.enroll()
    assert page.courses.enrollments.rowCount() == 2
    window.close()


def test_auto_lock_after_inactivity(
    qtbot: QtBot, tmp_path: Path, answered: ScriptedDialogs
) -> None:
    window = new_vault(qtbot, tmp_path, demo_people=0)
    workspace = opened(window)
    assert window.auto_lock.timer.interval() == 10 * 60_000  # the default: ten minutes
    window.auto_lock.timer.setInterval(50)
    window.auto_lock.timer.start()
    with qtbot.waitSignal(window.locked, timeout=3000):
        pass
    assert window.workspace is None
    assert not workspace.vault.is_open
    window.close()


def test_one_crash_dialog_for_a_worker_thread_bug(qtbot: QtBot, answered: ScriptedDialogs) -> None:
    handler = CrashHandler()
    previous = sys.excepthook, threading.excepthook
    handler.install()
    try:

        def buggy() -> None:
            raise RuntimeError("secret personal value")

        thread = threading.Thread(target=buggy)
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(answered.messages))
    finally:
        sys.excepthook, threading.excepthook = previous
    assert len(answered.messages) == 1
    kind, text = answered.messages[0]
    assert kind == "warn"
    assert "RuntimeError" in text
    assert "secret personal value" not in text
