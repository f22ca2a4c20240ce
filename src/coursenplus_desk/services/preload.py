"""Import what comes next while the key derivation runs.

Argon2id releases the interpreter's lock for its third of a second on one core:
a thread can meanwhile import the modules that opening the vault and a first
command need (a hundred milliseconds of Python on a small computer). The caller
waits for the thread before going on, so no two threads ever import at once.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Iterator, Sequence

# What opening a vault imports after the key is derived (services/workspace.py), and
# the people service that nearly every command and the first screen use.
AFTER_UNLOCK = (
    "filelock",
    "coursenplus_desk.services.auditor",
    "coursenplus_desk.store.migrations",
    "coursenplus_desk.services.sharing.unlock",
    "coursenplus_desk.services.witness",
    "coursenplus_desk.services.settings",
    "coursenplus_desk.services.people",
)


@contextlib.contextmanager
def importing_meanwhile(modules: Sequence[str] = AFTER_UNLOCK) -> Iterator[None]:
    """Import `modules` in a thread during the block; joined before the block's result is used.

    A module that fails to import here fails again, with its real error, where it is used.
    """
    thread = threading.Thread(target=_import_all, args=(modules,), name="preload", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _import_all(modules: Sequence[str]) -> None:
    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
