"""Hostile arguments are one-line errors, never "unexpected error" (exit 70): numbers too
large for a record, infinite amounts, invalid UTF-8, a folder no one can create."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CliRunner

EXIT_BUG = 70


def _one_line_error(result_code: int, err: str) -> None:
    assert result_code not in (0, EXIT_BUG), err
    if result_code == 2 and not err:
        return  # a usage error: argparse's own line, on the process's stderr
    assert err.count("\n") == 1 and err.startswith("coursenplus-desk: "), err


@pytest.mark.parametrize(
    "argv",
    [
        ("person", "show", "9" * 40),
        ("person", "show", "-" + "9" * 40),
        ("audit", "list", "--person", "9" * 30),
        ("audit", "list", "--limit", "9" * 30),
        ("payment", "add", "1", "--amount", "inf", "--on", "2026-11-20"),
        ("payment", "add", "1", "--amount", "1e309", "--on", "2026-11-20"),
        ("payment", "add", "1", "--amount", "NaN", "--on", "2026-11-20"),
        ("person", "find", "caf\udce9"),  # the byte 0xE9 of Latin-1, not UTF-8
        ("person", "add", "--role", "student", "--given-name", "\udcff", "--family-name", "X"),
    ],
)
def test_hostile_arguments_are_one_line_errors(
    initialised_cli: CliRunner, argv: tuple[str]
) -> None:
    initialised_cli.ok("person", "add", "--role", "student", "--given-name", "Zoé",
                       "--family-name", "Martin")  # fmt: skip
    result = initialised_cli(*argv)
    _one_line_error(result.code, result.err)


def test_a_restore_into_a_folder_no_one_can_create_is_one_line(
    initialised_cli: CliRunner, tmp_path: Path
) -> None:
    backup = tmp_path / "b.cpbackup"
    initialised_cli.ok("backup", "create", "--out", str(backup))
    for target in ("/proc/x", "/proc/self/x/y"):
        result = initialised_cli("backup", "restore", str(backup), "--to", target)
        _one_line_error(result.code, result.err)
