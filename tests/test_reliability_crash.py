"""Crash: a child process writes (or re-keys) in a loop and is killed with SIGKILL at random.

After every kill the vault opens, every page passes `cipher_integrity_check`
and `integrity_check`, the audit chain verifies, and every record whose commit
had returned (the child prints its id only after `add` returned) is present.
The default rounds keep `make test` short; the `slow` variants run 200.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.backup_support import PASSPHRASE, add_person, new_workspace, reopen, subprocess_env

CHILD = """
import sys
from pathlib import Path
from coursenplus_desk.domain.clock import SystemClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.rekey import rekey_workspace
from coursenplus_desk.services.workspace import open_workspace

folder, mode, passphrase = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
workspace = open_workspace(folder, passphrase, SystemClock())
print("ready", flush=True)
number = 0
while True:
    number += 1
    if mode == "write":
        draft = PersonDraft(given_name=f"Crash{number}", family_name="Test", roles=("student",))
        print(workspace.people.add(draft), flush=True)
    else:
        rekey_workspace(workspace)
        print("rekeyed", flush=True)
"""


def _kill_at_random(
    folder: Path, mode: str, rng: random.Random, env: dict[str, str], max_delay: float
) -> list[str]:
    """Start the child, SIGKILL it at a random moment; the lines it printed."""
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), mode, PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    ) as child:
        assert child.stdout is not None
        seen = []
        if rng.random() < 0.8:  # most rounds: kill while writing; others: during unlock too
            seen = [child.stdout.readline().strip()]
            if mode == "rekey" and rng.random() < 0.5:  # after a first complete re-key
                seen.append(child.stdout.readline().strip())
        time.sleep(rng.uniform(0, max_delay))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        rest = child.stdout.read().splitlines()
        return [line.strip() for line in [*seen, *rest] if line.strip()]


def _check(folder: Path) -> set[int]:
    with reopen(folder) as workspace:
        assert workspace.integrity_problems() == []
        workspace.audit_trail.verify()
        return set(workspace.db.column("SELECT id FROM person"))


def _write_rounds(tmp_path: Path, rounds: int) -> None:
    folder = tmp_path / "vault"
    new_workspace(folder).close()
    rng = random.Random(int(os.environ.get("CRASH_SEED", "2026")))
    env = subprocess_env(tmp_path)
    committed: set[int] = set()
    for _round in range(rounds):
        printed = _kill_at_random(folder, "write", rng, env, 0.25)
        committed |= {int(line) for line in printed if line.isdigit()}
        present = _check(folder)
        assert committed <= present, f"lost: {sorted(committed - present)}"
    print(f"\ncrash: {rounds} kill rounds, {len(committed)} committed records, none lost")
    assert committed, "the child never got to write: the test proved nothing"


def _rekey_rounds(tmp_path: Path, rounds: int) -> None:
    folder = tmp_path / "vault"
    with new_workspace(folder) as workspace:
        ids = {add_person(workspace, f"Given{n}", f"Family{n}") for n in range(20)}
    rng = random.Random(int(os.environ.get("CRASH_SEED", "2026")))
    env = subprocess_env(tmp_path)
    rekeys = 0
    for _round in range(rounds):
        rekeys += _kill_at_random(folder, "rekey", rng, env, 0.6).count("rekeyed")
        assert _check(folder) == ids
        expected = {"keyslots.json", "records.db", "records.db-wal", "records.db-shm", "vault.lock"}
        assert {p.name for p in folder.iterdir()} <= expected
    print(f"\nre-key crash: {rounds} kill rounds, {rekeys} completed re-keys, vault always usable")
    assert rekeys, "no re-key ever completed: the test proved nothing"


def test_killed_writer_loses_no_committed_record(tmp_path: Path) -> None:
    _write_rounds(tmp_path, 20)


def test_killed_rekey_leaves_one_usable_vault(tmp_path: Path) -> None:
    _rekey_rounds(tmp_path, 10)


def _only_when_selected(request: pytest.FixtureRequest) -> None:
    """Several minutes each: run with `pytest -m slow` (the benchmark machine), not `make test`."""
    if "slow" not in str(request.config.getoption("markexpr") or ""):
        pytest.skip("long variant: run it with -m slow")


@pytest.mark.slow
def test_killed_writer_200_rounds(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    _only_when_selected(request)
    _write_rounds(tmp_path, 200)


@pytest.mark.slow
def test_killed_rekey_200_rounds(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    _only_when_selected(request)
    _rekey_rounds(tmp_path, 200)
