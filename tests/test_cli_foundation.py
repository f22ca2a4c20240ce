"""The CLI contract of the foundation, run as a person would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursenplus_desk import __version__
from tests.conftest import CliRunner, assert_absent, cli_environment, files_bytes, run_program

STUDENT = [
    "person", "add", "--role", "student", "--given-name", "Zoë", "--family-name", "Wałęsa",
    "--email", "zoe.walesa@example.org", "--phone", "0470 12 34 56", "--birth-date",
    "2012-03-04", "--school", "Athénée Royal d'Uccle", "--school-year", "3S",
]  # fmt: skip


def test_add_find_show(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    student = cli.ok(*STUDENT)
    assert student.isdigit()
    guardian = cli.ok(
        "person", "add", "--role", "guardian", "--given-name", "Hélène",
        "--family-name", "Wałęsa", "--email", "helene@example.org",
    )  # fmt: skip
    child = cli.ok(
        "person", "add", "--role", "student", "--given-name", "Łukasz",
        "--family-name", "Wałęsa", "--guardian", guardian,
    )  # fmt: skip
    assert cli.ok("person", "find", "walesa").splitlines() == [
        f"{guardian}\tHélène Wałęsa",
        f"{child}\tŁukasz Wałęsa",
        f"{student}\tZoë Wałęsa",
    ]
    assert cli.ok("person", "find", "zoe") == f"{student}\tZoë Wałęsa"
    assert cli.ok("person", "find", "helene wal") == f"{guardian}\tHélène Wałęsa"
    assert cli.ok("person", "find", "luk") == f"{child}\tŁukasz Wałęsa"
    assert cli.ok("person", "find", "0470 12") == f"{student}\tZoë Wałęsa"
    assert cli.ok("person", "find", "nobody-like-this") == ""

    shown = json.loads(cli.ok("person", "show", student, "--json"))
    assert shown["given_name"] == "Zoë"
    assert shown["roles"] == ["student"]
    assert shown["email"] == "zoe.walesa@example.org"
    assert shown["phone"] == "+32470123456"
    assert shown["birth_date"] == "2012-03-04"
    assert shown["school"] == "Athénée Royal d'Uccle"
    assert shown["last_contact_on"] == "2026-11-22"
    family = json.loads(cli.ok("person", "show", child, "--json"))
    assert family["guardians"] == [int(guardian)]
    assert json.loads(cli.ok("person", "show", guardian, "--json"))["children"] == [int(child)]


def test_a_dated_contact_is_the_last_contact_not_the_day_of_typing(
    initialised_cli: CliRunner,
) -> None:
    cli = initialised_cli
    person = cli.ok(*STUDENT)
    assert json.loads(cli.ok("person", "show", person, "--json"))["last_contact_on"] == "2026-11-22"
    cli.ok("contact", "add", person, "--on", "2026-01-10", "--channel", "email")
    assert json.loads(cli.ok("person", "show", person, "--json"))["last_contact_on"] == "2026-01-10"
    later = cli(*STUDENT[:2], "--role", "prospect", "--given-name", "A", "--family-name", "B")
    assert later.code == 0
    bad = cli("contact", "add", person, "--on", "2027-01-01", "--channel", "email")
    assert bad.code == 1
    assert "--on" in bad.err


@pytest.mark.parametrize(
    ("option", "value"),
    [("--email", "not-an-address@"), ("--phone", "12"), ("--birth-date", "2012-13-40")],
)
def test_invalid_input_names_the_field_and_adds_nobody(
    initialised_cli: CliRunner, option: str, value: str
) -> None:
    cli = initialised_cli
    args = ["person", "add", "--role", "student", "--given-name", "Ann", "--family-name", "Lee"]
    result = cli(*args, option, value)
    assert result.code == 1
    assert result.out == ""
    assert option in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert cli.ok("person", "find", "lee") == ""


def test_errors_are_in_french_by_default(initialised_cli: CliRunner) -> None:
    result = initialised_cli(
        "person", "add", "--role", "student", "--given-name", "A", "--family-name", "B",
        "--email", "x@", COURSENPLUS_LANG="", LANG="fr_BE.UTF-8",
    )  # fmt: skip
    assert result.code == 1
    assert "n'est pas une adresse e-mail valide" in result.err


def test_init_refuses_an_existing_vault(initialised_cli: CliRunner) -> None:
    result = initialised_cli("init")
    assert result.code == 1
    assert "already exists" in result.err


def test_a_missing_vault_exits_4(cli: CliRunner) -> None:
    result = cli("person", "find", "x")
    assert result.code == 4


def test_no_passphrase_and_no_terminal_is_a_clear_error(initialised_cli: CliRunner) -> None:
    result = initialised_cli("person", "find", "x", COURSENPLUS_PASSPHRASE="")
    assert result.code == 1
    assert "COURSENPLUS_PASSPHRASE" in result.err


def test_passphrase_file_is_read(initialised_cli: CliRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("correct horse battery\n")
    result = initialised_cli(
        "person", "find", "x", "--passphrase-file", str(secret), COURSENPLUS_PASSPHRASE=""
    )
    assert result.code == 0, result.err


def test_passwd_keeps_records_and_retires_the_old_passphrase(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    person = cli.ok(*STUDENT)
    assert cli("passwd", COURSENPLUS_NEW_PASSPHRASE="another long passphrase").code == 0
    assert cli("person", "find", "zoe").code == 3
    found = cli("person", "find", "zoe", COURSENPLUS_PASSPHRASE="another long passphrase")
    assert found.out.startswith(person)


def test_demo_fills_and_search_finds_a_surname_prefix(initialised_cli: CliRunner) -> None:
    cli = initialised_cli
    assert cli.ok("demo", "--people", "2000").startswith("2000")
    assert len(cli.ok("person", "find", "lamb").splitlines()) > 10
    assert len(cli.ok("person", "find", "wale").splitlines()) > 10  # Wałęsa, typed without ł


def test_version(cli: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    result = cli("--version")
    assert result.code == 0
    assert capsys.readouterr().out.strip() == f"coursenplus-desk {__version__}"


def test_usage_errors_exit_2(cli: CliRunner) -> None:
    assert cli("person", "add", "--role", "wizard").code == 2
    assert cli("no-such-command").code == 2


def test_nothing_personal_is_written_in_clear(initialised_cli: CliRunner, vault_dir: Path) -> None:
    cli = initialised_cli
    person = cli.ok(*STUDENT)
    cli.ok("contact", "add", person, "--on", "2026-11-01", "--channel", "meeting",
           "--summary", "Entretien confidentiel Quetzalcoatl")  # fmt: skip
    cli.ok("person", "find", "zoe")
    assert_absent(
        vault_dir,
        ["Wałęsa", "Walesa", "walesa", "zoe.walesa", "example.org", "32470123456", "0470 12",
         "470123456", "Athénée", "Uccle", "Quetzalcoatl", "confidentiel"],
    )  # fmt: skip


def test_real_program_wrong_passphrase_and_tampering(tmp_path: Path) -> None:
    """As a person runs it: exit codes, one line on stderr, never a traceback."""
    vault = tmp_path / "vault"
    env = cli_environment(vault)
    assert run_program("init", env=env).returncode == 0
    added = run_program(*STUDENT, env=env)
    assert added.returncode == 0, added.stderr
    run_program("demo", "--people", "300", env=env)
    before = files_bytes(vault)

    wrong = run_program("person", "find", "zoe", env={**env, "COURSENPLUS_PASSPHRASE": "nope-nope"})
    assert wrong.returncode == 3
    assert len(wrong.stderr.strip().splitlines()) == 1
    assert files_bytes(vault) == before

    assert run_program("vault", "check", env=env).returncode == 0
    database = vault / "records.db"
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0x40
    database.write_bytes(bytes(data))

    check = run_program("vault", "check", env=env)
    assert check.returncode == 4
    assert "damaged" in check.stderr
    assert len(check.stderr.strip().splitlines()) == 1
    for command in (
        ["person", "find", "a"],
        ["person", "show", "1", "--json"],
        ["demo", "--people", "5"],
    ):
        result = run_program(*command, env=env)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 4), result.stderr
        if result.returncode == 4:
            assert result.stdout == ""


def test_json_output_keeps_letters_as_written(initialised_cli: CliRunner) -> None:
    person = initialised_cli.ok(*STUDENT)
    assert '"given_name": "Zoë"' in initialised_cli.ok("person", "show", person, "--json")


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, **cli_environment(tmp_path / "vault")}
    assert run_program("init", env=env).returncode == 0
    assert run_program("demo", "--people", "4000", env=env).returncode == 0
    process = subprocess.Popen(  # everyone: more than a pipe holds (64 KiB)
        [sys.executable, "-m", "coursenplus_desk", "person", "find", ""],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().strip()
    process.stdout.close()  # like `| head -1`
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0, errors
    assert "bug" not in errors and "Traceback" not in errors
