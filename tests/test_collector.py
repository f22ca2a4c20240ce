"""The cycle collector paused for a batch comes back as it was, even after a failure."""

from __future__ import annotations

import gc

import pytest

from coursenplus_desk.services.collector import collector_paused


def test_a_batch_pauses_the_collector_and_gives_it_back() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a batch inside another
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failing_batch_gives_the_collector_back() -> None:
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("stop")
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_a_batch_made_is_not_walked_when_collection_resumes() -> None:
    with collector_paused():
        made = [[index] for index in range(10 * gc.get_threshold()[0])]
    assert gc.get_count()[0] < gc.get_threshold()[0]  # no young objects pending a walk
    assert gc.get_freeze_count() == 0  # handed to the oldest generation, not frozen
    assert all(gc.is_tracked(item) for item in made[:10])
    del made


def test_a_cycle_left_by_a_batch_is_still_collected_in_full() -> None:
    class Cycle:
        def __init__(self) -> None:
            self.myself = self

    with collector_paused():
        Cycle()
    before = sum(isinstance(item, Cycle) for item in gc.get_objects())
    gc.collect()
    assert before == 1
    assert not any(isinstance(item, Cycle) for item in gc.get_objects())
