"""Shared fixtures: a real encrypted vault in a temporary folder, a pinned clock, the CLI.

Qt must see the offscreen platform before it is first imported.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import keyring
import keyring.errors
import pytest
from hypothesis import HealthCheck, settings
from keyring.backend import KeyringBackend

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.i18n import set_language
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.fast_kdf import FAST_KDF

settings.register_profile("ci", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

PASSPHRASE = "correct horse battery"
PROGRAM = Path(__file__).with_name("program.py")  # the program with fast key derivation
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Tests read English messages unless they switch language themselves."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's folders, window settings or keychain."""
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / "user" / variable.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from PySide6.QtCore import QSettings

    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "user" / "qsettings")
    )


@pytest.fixture(autouse=True)
def _collector_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt test collects cycles on the GUI thread only, as the program does (ui.gui_collector)."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        yield
        return
    from coursenplus_desk.ui.gui_collector import collecting_on_gui_thread

    with collecting_on_gui_thread():
        yield


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(TODAY)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def workspace(vault_dir: Path, clock: FixedClock) -> Iterator[Workspace]:
    with create_workspace(vault_dir, PASSPHRASE, clock, kdf=FAST_KDF) as opened:
        yield opened


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@dataclass
class CliRunner:
    """Runs the real command in this process (fast) with its own environment."""

    env: dict[str, str]

    def __call__(self, *argv: str, **extra_env: str) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        env = {**self.env, **extra_env}
        cli = Cli(kdf=FAST_KDF, env=env, stdout=out, stderr=err, interactive=False)
        try:
            code = main(list(argv), cli)
        except SystemExit as exit_:  # argparse usage errors and --version
            code = int(exit_.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    def ok(self, *argv: str) -> str:
        result = self(*argv)
        assert result.code == 0, result.err
        return result.out.strip()


def cli_environment(vault_dir: Path) -> dict[str, str]:
    return {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(vault_dir),
        "COURSENPLUS_LANG": "en",
        "COURSENPLUS_TODAY": TODAY.isoformat(),
    }


@pytest.fixture
def cli(vault_dir: Path) -> CliRunner:
    return CliRunner(cli_environment(vault_dir))


@pytest.fixture
def initialised_cli(cli: CliRunner) -> CliRunner:
    cli.ok("init")
    return cli


def run_program(
    *argv: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed program in a subprocess, as a person runs it."""
    return subprocess.run(
        [sys.executable, str(PROGRAM), *argv],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


class MemoryKeyring(KeyringBackend):
    """An in-memory keychain for tests; the real one is never touched."""

    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
    yield
    keyring.set_keyring(previous)


def files_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_absent(folder: Path, values: list[str]) -> None:
    """None of the values, in UTF-8 or UTF-16, appears in any file under the folder."""
    for path in [p for p in folder.rglob("*") if p.is_file()]:
        data = path.read_bytes()
        for value in values:
            for encoded in (value.encode("utf-8"), value.encode("utf-16-le")):
                assert encoded not in data, f"{value!r} found in clear in {path.name}"


def record_uuid(workspace: Workspace, table: str, record_id: int) -> str:
    """The identity a record is named by outside its vault (tombstones, exports)."""
    return str(workspace.db.scalar(f"SELECT uuid FROM {table} WHERE id = ?", (record_id,)))


def tombstones(workspace: Workspace) -> set[tuple[str, str]]:
    """(table, UUID) of every erased record the vault lists."""
    rows = workspace.db.query("SELECT table_name, record_uuid FROM erased_record")
    return {(str(row["table_name"]), str(row["record_uuid"])) for row in rows}
