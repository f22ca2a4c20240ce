"""Leaks: after a scripted session (add, edit, search, erase, backup, verify, lock) run as a
separate process, no known personal value appears as bytes in any file it could have
written: the vault folder, the backup folder, its home, settings, caches, logs and temp."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.backup_support import PASSPHRASE, TODAY, subprocess_env
from tests.conftest import PROGRAM

VALUES = (
    "Zéphyrine", "Quackenbush", "zephyrine.q@example.org", "+32 470 12 34 56", "470123456",
    "Rue des Alouettes 17", "Wałęsa", "Ørnulf", "ornulf.w@example.net", "asthme sévère",
    "appel au sujet de la facture", "Bartholomé", "Grünspan",
)  # fmt: skip

ERASE = """
import sys
from pathlib import Path
from coursenplus_desk.domain.clock import SystemClock
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.store.erasure import ErasureStore

with open_workspace(Path(sys.argv[1]), sys.argv[2], SystemClock()) as workspace:
    person = int(sys.argv[3])
    store = ErasureStore(workspace.db)
    with workspace.db.transaction():
        store.unindex(person)
        store.erase_records("person", [person], workspace.clock.now())
        workspace.audit.record("person.erase", person)
"""


def _encodings(value: str) -> list[bytes]:
    return [value.encode("utf-8"), value.encode("utf-16-le"), value.lower().encode("utf-8")]


def test_no_personal_value_in_any_file(tmp_path: Path) -> None:
    env = subprocess_env(tmp_path)
    vault, backups = tmp_path / "data" / "vault", tmp_path / "usb"
    env.update(
        COURSENPLUS_PASSPHRASE=PASSPHRASE,
        COURSENPLUS_VAULT=str(vault),
        COURSENPLUS_LANG="fr",
        COURSENPLUS_TODAY=TODAY.isoformat(),
    )

    def cli(*argv: str) -> str:
        done = subprocess.run(
            [sys.executable, str(PROGRAM), *argv],
            env=env, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("init")
    first = cli(
        "person", "add", "--role", "student", "--given-name", "Zéphyrine",
        "--family-name", "Quackenbush", "--email", "zephyrine.q@example.org",
        "--phone", "+32 470 12 34 56", "--street", "Rue des Alouettes 17",
        "--notes", "asthme sévère",
    ).strip()  # fmt: skip
    second = cli(
        "person", "add", "--role", "guardian", "--given-name", "Ørnulf",
        "--family-name", "Wałęsa", "--email", "ornulf.w@example.net",
    ).strip()  # fmt: skip
    cli("person", "edit", first, "--given-name", "Bartholomé", "--family-name", "Grünspan")
    cli("contact", "add", first, "--on", "2026-11-20", "--channel", "phone",
        "--summary", "appel au sujet de la facture")  # fmt: skip
    assert "Grünspan" in cli("person", "find", "grunspan")
    assert "Wałęsa" in cli("person", "show", second)
    cli("backup", "folder", str(backups))
    cli("backup", "create")
    subprocess.run(
        [sys.executable, "-c", ERASE, str(vault), PASSPHRASE, second],
        env=env, check=True, timeout=120,
    )  # fmt: skip
    cli("backup", "create")
    backup = sorted(backups.glob("*.cpbackup"))[0]
    cli("backup", "verify", str(backup))
    cli("backup", "restore", str(backup), "--to", str(tmp_path / "restored"))
    cli("audit", "list", "--json")
    cli("vault", "check")

    scanned = 0
    for file in tmp_path.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            scanned += 1
            for value in VALUES:
                for encoded in _encodings(value):
                    assert encoded not in data, f"{value!r} in clear in {file}"
    assert scanned >= 8
    assert (tmp_path / "restored" / "records.db").exists()
    print(f"\nleaks: {scanned} files scanned, no personal value in clear")
