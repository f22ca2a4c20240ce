"""Qt objects die on the GUI thread: cycles are collected there, finished tasks released there."""

from __future__ import annotations

import gc
import threading
import time
import weakref

import pytest
from pytestqt.qtbot import QtBot

from coursenplus_desk.services.collector import collector_paused
from coursenplus_desk.ui import background
from coursenplus_desk.ui.gui_collector import collecting_on_gui_thread, generation_due


class _Finalised:
    """A reference cycle that says in which thread it was destroyed."""

    def __init__(self, seen: list[threading.Thread]) -> None:
        self.seen = seen
        self.myself = self

    def __del__(self) -> None:
        self.seen.append(threading.current_thread())


def _drop_a_cycle_and_allocate(seen: list[threading.Thread], kept: list[object]) -> None:
    _Finalised(seen)
    kept.extend([index] for index in range(20 * gc.get_threshold()[0]))  # past every threshold


def test_a_cycle_dropped_in_a_worker_is_destroyed_on_the_gui_thread(qtbot: QtBot) -> None:
    seen: list[threading.Thread] = []
    kept: list[object] = []  # alive until collected: freeing them lowers the counts again
    worker = threading.Thread(target=_drop_a_cycle_and_allocate, args=(seen, kept))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen), timeout=5_000)
    assert seen == [threading.main_thread()]
    kept.clear()


def test_the_due_generation_follows_the_thresholds(qtbot: QtBot) -> None:
    gc.collect()
    assert generation_due() is None
    kept = [[index] for index in range(2 * gc.get_threshold()[0])]
    assert generation_due() is not None
    del kept


def test_a_paused_batch_is_not_collected_meanwhile(qtbot: QtBot) -> None:
    with collecting_on_gui_thread() as collector:
        with collector_paused():
            kept = [[index] for index in range(2 * gc.get_threshold()[0])]
            assert collector.collect_if_due() is None
        assert collector.collect_if_due() is None  # what it made went to the oldest generation
        more = [[index] for index in range(2 * gc.get_threshold()[0])]
        assert collector.collect_if_due() is not None  # the batch is over
        del kept, more


def test_automatic_collection_comes_back_after_the_last_collector(qtbot: QtBot) -> None:
    assert not gc.isenabled()  # this test's own collector (conftest) runs
    with collecting_on_gui_thread():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_a_test_without_qt_collects_automatically() -> None:
    assert gc.isenabled()


def test_a_finished_task_is_never_destroyed_in_the_worker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker still holds a task a moment after its result arrives (here: longer)."""
    finished_run = background.BackgroundTask._run

    def run_then_linger(task: background.BackgroundTask[object]) -> None:
        finished_run(task)
        time.sleep(0.2)

    monkeypatch.setattr(background.BackgroundTask, "_run", run_then_linger)
    destroyed_in: list[threading.Thread] = []
    results: list[object] = []
    first = background.run_in_background(None, "first", lambda _progress: 1, results.append)
    weakref.finalize(first, lambda: destroyed_in.append(threading.current_thread()))
    del first
    qtbot.waitUntil(lambda: results == [1])
    assert background.wait_for_all()
    assert destroyed_in == []  # the GUI thread keeps it after the worker let go
    background.run_in_background(None, "second", lambda _progress: 2, results.append)
    qtbot.waitUntil(lambda: results == [1, 2])
    assert destroyed_in == [threading.main_thread()]
    assert background.wait_for_all()
