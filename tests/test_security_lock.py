"""The database itself is held exclusively while a program has it open: deleting the lock
file does not let a second program read or write it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursenplus_desk.domain.errors import VaultInUseError
from coursenplus_desk.services.workspace import Workspace, open_workspace
from tests.conftest import PASSPHRASE
from tests.fast_kdf import FAST_KDF

SECOND_PROGRAM = """
import sys
from pathlib import Path
from coursenplus_desk.domain.clock import SystemClock
from coursenplus_desk.domain.errors import VaultInUseError
from coursenplus_desk.services.workspace import open_workspace
try:
    open_workspace(Path(sys.argv[1]), sys.argv[2], SystemClock()).close()
except VaultInUseError:
    print("in use")
"""


def test_a_deleted_lock_file_does_not_let_a_second_program_in(workspace: Workspace) -> None:
    person = workspace.people.find("x")
    (workspace.folder / "vault.lock").unlink()
    with pytest.raises(VaultInUseError):
        open_workspace(workspace.folder, PASSPHRASE, workspace.clock, kdf=FAST_KDF)
    done = subprocess.run(
        [sys.executable, "-c", SECOND_PROGRAM, str(workspace.folder), PASSPHRASE],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.stdout.strip() == "in use", done.stderr
    assert workspace.people.find("x") == person  # the first program goes on


def test_the_vault_opens_again_once_closed(workspace: Workspace, vault_dir: Path) -> None:
    (vault_dir / "vault.lock").unlink()
    workspace.close()
    open_workspace(vault_dir, PASSPHRASE, workspace.clock).close()


def test_the_data_key_is_zeroed_on_lock(workspace: Workspace) -> None:
    key = workspace.vault._data_key
    assert isinstance(key, bytearray) and any(key)
    workspace.close()
    assert len(key) == 32 and not any(key)
