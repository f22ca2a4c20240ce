"""Shared pieces of the consent, form and membership tests: a real vault and some people."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import StringIO
from pathlib import Path

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.workspace import Workspace, create_workspace, open_workspace
from tests.fast_kdf import FAST_KDF

TODAY = date(2026, 11, 22)
PASSPHRASE = "correct horse battery"


def new_workspace(folder: Path, today: date = TODAY) -> Workspace:
    return create_workspace(folder, PASSPHRASE, FixedClock.on(today), kdf=FAST_KDF)


@contextmanager
def reopened(folder: Path, today: date = TODAY) -> Iterator[Workspace]:
    with open_workspace(folder, PASSPHRASE, FixedClock.on(today)) as workspace:
        yield workspace


def add_person(
    workspace: Workspace,
    given: str,
    family: str,
    *roles: str,
    guardians: tuple[int, ...] = (),
    **values: str,
) -> int:
    draft = PersonDraft(given_name=given, family_name=family, roles=roles or ("guardian",),
                        **values)  # fmt: skip
    return workspace.people.add(draft, guardians)


def run_cli(folder: Path, *argv: str, today: date = TODAY) -> tuple[int, str, str]:
    env = {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(folder),
        "COURSENPLUS_LANG": "en",
        "COURSENPLUS_TODAY": today.isoformat(),
    }
    cli = Cli(kdf=FAST_KDF, env=env, stdout=StringIO(), stderr=StringIO(), interactive=False)
    code = main(list(argv), cli)
    assert isinstance(cli.stdout, StringIO) and isinstance(cli.stderr, StringIO)
    return code, cli.stdout.getvalue(), cli.stderr.getvalue()
