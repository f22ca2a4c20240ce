"""Helpers shared by the backup, audit and reliability tests: a real vault in tmp_path."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from io import StringIO
from pathlib import Path

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace, create_workspace, open_workspace
from coursenplus_desk.store.erasure import ErasureStore
from tests.fast_kdf import FAST_KDF

PASSPHRASE = "correct horse battery"
TODAY = date(2026, 11, 22)
CLOCK = FixedClock.on(TODAY)


def new_workspace(folder: Path, clock: FixedClock = CLOCK) -> Workspace:
    return create_workspace(folder, PASSPHRASE, clock, kdf=FAST_KDF)


def reopen(folder: Path, clock: FixedClock = CLOCK) -> Workspace:
    return open_workspace(folder, PASSPHRASE, clock)


def add_person(workspace: Workspace, given: str, family: str, **values: str) -> int:
    draft = PersonDraft(given_name=given, family_name=family, roles=("student",), **values)
    return workspace.people.add(draft)


def erase_person(workspace: Workspace, person_id: int) -> None:
    """What the retention engine does, as far as backups care: delete and list the UUID."""
    store = ErasureStore(workspace.db)
    with workspace.db.transaction():
        store.unindex(person_id)
        store.erase_records("person", [person_id], workspace.clock.now())
        workspace.audit.record("person.erase", person_id)


def cli_env(folder: Path, **extra: str) -> dict[str, str]:
    return {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(folder),
        "COURSENPLUS_LANG": "en",
        "COURSENPLUS_TODAY": TODAY.isoformat(),
        **extra,
    }


def run_cli(argv: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    code = main(list(argv), Cli(kdf=FAST_KDF, env=env, stdout=out, stderr=err, interactive=False))
    return code, out.getvalue(), err.getvalue()


def person_ids(folder: Path) -> set[int]:
    with reopen(folder) as workspace:
        return set(workspace.db.column("SELECT id FROM person"))


def subprocess_env(tmp: Path) -> dict[str, str]:
    """A child process whose home, settings, caches and temp files all live under `tmp`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COURSENPLUS_", "XDG_"))}
    for name in ("home", "tmp", "config", "data", "cache", "state"):
        (tmp / name).mkdir(exist_ok=True)
    env.update(
        HOME=str(tmp / "home"),
        TMPDIR=str(tmp / "tmp"),
        XDG_CONFIG_HOME=str(tmp / "config"),
        XDG_DATA_HOME=str(tmp / "data"),
        XDG_CACHE_HOME=str(tmp / "cache"),
        XDG_STATE_HOME=str(tmp / "state"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env
