"""The real-transport tests run with `make test-sync` only (they start Syncthing)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SELECTED = "COURSENPLUS_TEST_SYNCTHING"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(SELECTED) == "1":
        return
    here = Path(__file__).parent
    chosen = [item for item in items if here not in item.path.parents]
    dropped = [item for item in items if here in item.path.parents]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = chosen
