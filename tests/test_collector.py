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
