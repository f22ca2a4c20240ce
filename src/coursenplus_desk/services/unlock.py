"""Unlocking with the keychain first and the passphrase as the fallback that always works.

A missing, locked or failing keychain never stops anyone: the passphrase is
asked for and the reason is returned, for the unlock screen to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import KeychainUnavailableError
from coursenplus_desk.services.workspace import (
    Workspace,
    open_remembered_workspace,
    open_workspace,
)
from coursenplus_desk.vault.keychain import Keychain


@dataclass
class Unlocked:
    workspace: Workspace
    keychain_problem: KeychainUnavailableError | None = None


def unlock(
    folder: Path, keychain: Keychain, clock: Clock, ask_passphrase: Callable[[], str]
) -> Unlocked:
    problem = None
    try:
        remembered = open_remembered_workspace(folder, keychain, clock)
    except KeychainUnavailableError as error:
        remembered, problem = None, error
    if remembered is not None:
        return Unlocked(remembered)
    return Unlocked(open_workspace(folder, ask_passphrase(), clock), problem)
