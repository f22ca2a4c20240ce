"""Every file the program writes is readable by its user only (mode 0600 on Linux)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import CliRunner, cli_environment
from tests.controller import controller_commands

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def modes(folder: Path) -> dict[str, int]:
    return {
        str(path.relative_to(folder)): stat.S_IMODE(path.stat().st_mode)
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_every_file_written_by_a_run_of_commands_is_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = os.umask(0o022)  # as a usual desktop session has it
    try:
        cli = CliRunner(cli_environment(tmp_path / "vault"))
        out = tmp_path / "out"
        out.mkdir()
        cli.ok("init")
        for command in controller_commands():
            cli.ok(*command)
        guardian = cli.ok("person", "add", "--role", "guardian", "--given-name", "Ana",
                          "--family-name", "Petit", "--email", "ana@example.org")  # fmt: skip
        child = cli.ok("person", "add", "--role", "student", "--given-name", "Lou",
                       "--family-name", "Petit", "--birth-date", "2016-04-01",
                       "--guardian", guardian)  # fmt: skip
        tutor = cli.ok("person", "add", "--role", "tutor", "--given-name", "Tom",
                       "--family-name", "Maes")  # fmt: skip
        course = cli.ok("course", "add", "--subject", "Maths")
        group = cli.ok("group", "add", "--course", course, "--name", "Maths A", "--tutor", tutor)
        cli.ok("enroll", child, group, "--from", "2026-09-01")
        cli.ok(
            "consent",
            "grant",
            child,
            "--purpose",
            "newsletter",
            "--on",
            "2026-11-01",
            "--method",
            "form",
            "--given-by",
            guardian,
            "--confirmed-on",
            "2026-11-02",
        )
        access = cli.ok("request", "add", "--person", child, "--kind", "access", "--received",
                        "2026-11-10", "--requester", guardian)  # fmt: skip
        cli.ok("request", "verify-identity", access, "--method", "card")
        cli.ok("request", "reply", access, "--out", str(out / "reply.pdf"))
        portability = cli.ok("request", "add", "--person", guardian, "--kind", "portability",
                             "--received", "2026-11-10")  # fmt: skip
        cli.ok("request", "verify-identity", portability, "--method", "card")
        cli.ok("request", "reply", portability, "--out", str(out / "data.zip"))
        cli.ok("form", "enrollment", "--person", child, "--out", str(out / "form.pdf"))
        cli.ok("form", "roster", "--group", group, "--out", str(out / "roster.pdf"))
        cli.ok("form", "attendance", "--group", group, "--from", "2026-11-01", "--to",
               "2026-11-30", "--out", str(out / "sheet.pdf"))  # fmt: skip
        cli.ok("register", "pdf", "--out", str(out / "register.pdf"))
        cli.ok("notice", "--out", str(out / "notice.html"))
        cli.ok("export", "mailing-list", "--purpose", "newsletter", "--out", str(out / "m.csv"))
        cli.ok("export", "all", "--out", str(out / "all.zip"))
        cli.ok("backup", "create")
        shared = tmp_path / "shared"
        shared.mkdir()
        cli.ok("share", "init", "--folder", str(shared), "--name", "office")
        cli.ok("share", "invite", "--out", str(out / "laptop.cpinvite"), "--name", "home")
        cli.ok("person", "edit", child, "--phone", "+32470000000")
        cli.ok("share", "sync")
    finally:
        os.umask(previous)
    written = modes(tmp_path)
    assert {"out/reply.pdf", "out/data.zip", "out/roster.pdf", "vault/records.db",
            "out/laptop.cpinvite"} <= set(written)  # fmt: skip
    assert any(name.startswith("shared/") for name in written)  # the register's exchange
    loose = {name: oct(mode) for name, mode in written.items() if mode & 0o077}
    assert loose == {}
    folders = [p for p in (tmp_path / "vault").rglob("*") if p.is_dir()]
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o077 == 0 for p in folders)


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_the_windows_write_private_files_too(qtbot: object, tmp_path: Path) -> None:
    from pytestqt.qtbot import QtBot

    from coursenplus_desk.ui.register_view import RegisterView
    from tests.gui_support import scripted_dialogs
    from tests.gui_wiring_support import open_window, vault_with_a_past

    assert isinstance(qtbot, QtBot)
    previous = os.umask(0o022)
    try:
        vault_with_a_past(tmp_path / "vault")
        with scripted_dialogs() as answered:
            window = open_window(qtbot, tmp_path)
            register = window.section("register")
            assert isinstance(register, RegisterView)
            answered.paths.append(tmp_path / "register.pdf")
            register._ask_register()
            window.section("courses")
            window.close()  # saves the window's layout (QSettings) and makes a backup
    finally:
        os.umask(previous)
    written = modes(tmp_path)
    assert "register.pdf" in written and any(name.startswith("user/") for name in written)
    loose = {name: oct(mode) for name, mode in written.items() if mode & 0o077}
    assert loose == {}
