"""Every command of the command line has a place in the program, written in docs/gui-and-cli.md.

The commands are read from the CLI's own registry (the argparse parser that
`cli/__init__.py` builds from `COMMAND_MODULES`), walked down to each leaf.
"""

from __future__ import annotations

import argparse
import re
import sys
import types
from collections import Counter
from pathlib import Path

import pytest

from coursenplus_desk import cli
from coursenplus_desk.cli.parsing import add_command, add_group

TABLE = Path(__file__).resolve().parents[1] / "docs" / "gui-and-cli.md"
ROW = re.compile(r"^\|\s*`(?P<command>[^`]+)`\s*\|(?P<place>.*)\|\s*$")


def cli_commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[str]:
    """Each runnable command, as typed: `init`, `request verify-identity`, `retention hold add`."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                below = cli_commands(sub, (*prefix, name))
                found += below or [" ".join((*prefix, name))]
    return found


def table_rows(text: str) -> list[tuple[str, str]]:
    return [
        (match["command"], match["place"].strip())
        for match in map(ROW.match, text.splitlines())
        if match
    ]


def table_problems(commands: list[str], rows: list[tuple[str, str]]) -> list[str]:
    """What is wrong with the table, one line each; none when it is complete."""
    listed = [command for command, _place in rows]
    problems = [f"no row for `{c}`" for c in commands if c not in listed]
    problems += [f"a row for `{c}`, which is no command" for c in listed if c not in commands]
    problems += [f"two rows for `{c}`" for c, n in Counter(listed).items() if n > 1]
    problems += [f"no place given for `{c}`" for c, place in rows if not place]
    return problems


def test_every_command_has_its_row_and_every_row_its_command() -> None:
    commands = cli_commands(cli.build_parser())
    assert len(commands) > 80 and "request verify-identity" in commands
    assert table_problems(commands, table_rows(TABLE.read_text(encoding="utf-8"))) == []


def _module_adding_commands() -> types.ModuleType:
    """A feature module as `cli/__init__.py` registers them, with two new commands."""
    module = types.ModuleType("frobnicate_commands")

    def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
        add_command(commands, "frobnicate", "a new command", common)
        add_command(add_group(commands, "request", "requests"), "forget", "a new step", common)

    module.register = register  # type: ignore[attr-defined]
    return module


def test_a_command_added_without_a_row_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "coursenplus_desk.cli.frobnicate_commands",
                        _module_adding_commands())  # fmt: skip
    extended = {**cli.COMMAND_MODULES, "frobnicate_commands": ("frobnicate", "request")}
    monkeypatch.setattr(cli, "COMMAND_MODULES", extended)
    commands = cli_commands(cli.build_parser())
    rows = table_rows(TABLE.read_text(encoding="utf-8"))
    assert sorted(table_problems(commands, rows)) == [
        "no row for `frobnicate`",
        "no row for `request forget`",
    ]
    written = [*rows, ("frobnicate", "**File → Frobnicate…**"), ("request forget", "")]
    assert table_problems(commands, written) == ["no place given for `request forget`"]
    stale = [row for row in rows if row[0] != "passwd"] + [("passwd", "a"), ("passwd", "b")]
    assert "two rows for `passwd`" in table_problems(commands, stale)
