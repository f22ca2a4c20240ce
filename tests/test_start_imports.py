"""What starting the program loads: facts read from `sys.modules` in a fresh interpreter.

Every command pays for what the command line imports before it runs, so the
parser of every command is built from argparse, the translations and the
domain's names alone; a command's services, documents and libraries load when
that command runs. (How long it takes is the benchmark's business, not a test's.)
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

from coursenplus_desk.cli import COMMAND_MODULES, build_parser, parse
from coursenplus_desk.cli.parsing import COMMAND_HELP, CommonOptions, Parser
from coursenplus_desk.i18n import set_language
from tests.conftest import CliRunner

HEAVY_LIBRARIES = ("reportlab", "pypdf", "openpyxl")
# The only module of the layers below the command line that building the parser needs:
# the default vault folder shown in the help.
ALLOWED_BELOW_CLI = {"coursenplus_desk.services", "coursenplus_desk.services.locations"}
LAYERS_BELOW_CLI = ("services", "reports", "store", "vault")


def loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The modules loaded once `code` has run in a new interpreter."""
    script = f"import json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_importing_the_command_line_loads_no_document_or_spreadsheet_library() -> None:
    loaded = top_level(loaded_after("import coursenplus_desk.cli"))
    assert "coursenplus_desk" in loaded  # the probe did import it
    assert loaded.isdisjoint(HEAVY_LIBRARIES)


def test_printing_the_version_builds_no_command() -> None:
    loaded = loaded_after(
        "import contextlib\nfrom coursenplus_desk.cli import main\n"
        "with contextlib.suppress(SystemExit):\n    main(['--version'])"
    )
    assert "coursenplus_desk.cli" in loaded
    assert not {name for name in loaded if name.endswith("_commands")}


def test_building_every_command_loads_no_service_and_no_heavy_library() -> None:
    loaded = loaded_after("from coursenplus_desk.cli import build_parser\nbuild_parser()")
    below = {
        name
        for name in loaded
        if name.split(".")[:2][-1] in LAYERS_BELOW_CLI and name.startswith("coursenplus_desk.")
    }
    assert below <= ALLOWED_BELOW_CLI, "import these in the command's handler, when it runs"
    heavy = (*HEAVY_LIBRARIES, "PySide6", "sqlcipher3", "cryptography", "keyring", "babel")
    assert top_level(loaded).isdisjoint((*heavy, "phonenumbers", "email_validator"))


def test_a_read_command_loads_no_document_library(initialised_cli: CliRunner) -> None:
    """`person find` opens the vault and the people service, not the PDF or backup code."""
    initialised_cli.ok("person", "add", "--role", "student", "--given-name", "Zoë",
                       "--family-name", "Wałęsa")  # fmt: skip
    run = "from coursenplus_desk.cli import main\nassert main(['person', 'find', 'zoe']) == 0"
    loaded = loaded_after(run, initialised_cli.env)
    assert "coursenplus_desk.services.people" in loaded  # the command did run
    assert top_level(loaded).isdisjoint(HEAVY_LIBRARIES)
    assert loaded.isdisjoint({"coursenplus_desk.services.backup", "coursenplus_desk.reports"})
    # Unlocking looks at the shared register without loading its engine, and checks no
    # new passphrase, so neither the sync engine nor zxcvbn's word lists load.
    assert "coursenplus_desk.services.sharing.engine" not in loaded
    assert "zxcvbn" not in top_level(loaded)


def test_each_command_module_adds_the_commands_it_is_listed_with() -> None:
    """A run builds only the modules listed with its command: the list must be right."""
    common = CommonOptions.parser()
    for name, listed in COMMAND_MODULES.items():
        commands = Parser(prog="coursenplus-desk").add_subparsers(dest="command")
        importlib.import_module(f"coursenplus_desk.cli.{name}").register(commands, common)
        assert tuple(commands.choices) == listed, name


def test_a_command_is_read_as_the_whole_parser_reads_it() -> None:
    arguments = ["--lang", "en", "person", "find", "zoe", "--limit", "3"]
    assert vars(parse(arguments)) == vars(build_parser().parse_args(arguments))
    assert parse(["--lang", "en"]).command is None  # the desktop program


def test_the_programs_help_names_every_command_without_building_them() -> None:
    """`--help` prints the summary parser: the same text as the whole parser's help."""
    for language in ("fr", "nl", "en"):
        set_language(language)
        assert build_parser(summary=True).format_help() == build_parser().format_help()
    listed = {name for adds in COMMAND_MODULES.values() for name in adds}
    assert set(COMMAND_HELP) == listed, "each top-level command has its help in COMMAND_HELP"
    loaded = loaded_after(
        "import contextlib\nfrom coursenplus_desk.cli import main\n"
        "with contextlib.suppress(SystemExit):\n    main(['--lang', 'en', '--help'])"
    )
    assert not {name for name in loaded if name.endswith("_commands")}


def test_help_after_a_command_is_that_commands_help(capsys: pytest.CaptureFixture[str]) -> None:
    set_language("en")
    for arguments in (["--lang=en", "--help"], ["--lang", "en", "person", "--help"]):
        with pytest.raises(SystemExit):
            parse(arguments)
    out = capsys.readouterr().out
    assert out.count("usage: coursenplus-desk") == 2
    assert "coursenplus-desk person [-h] ACTION" in out


def test_the_unlock_screen_loads_no_service_of_an_open_vault() -> None:
    """The window and its unlock screen come first; opening the vault imports the rest
    (the main window preloads it once the screen has painted)."""
    loaded = loaded_after("import coursenplus_desk.ui.main_window")
    assert "coursenplus_desk.ui.unlock" in loaded  # the probe did import it
    services = {name for name in loaded if name.startswith("coursenplus_desk.services.")}
    assert services <= ALLOWED_BELOW_CLI, "import these once the vault opens"
    assert top_level(loaded).isdisjoint((*HEAVY_LIBRARIES, "phonenumbers", "babel"))


def test_the_modules_imported_during_the_key_derivation_exist() -> None:
    """A renamed module would silently stop being preloaded (a suppressed ImportError)."""
    from importlib.util import find_spec

    from coursenplus_desk.services.preload import AFTER_UNLOCK, importing_meanwhile

    assert all(find_spec(name) is not None for name in AFTER_UNLOCK)
    ran = []
    with importing_meanwhile(("coursenplus_desk.no_such_module", "json")):
        ran.append(True)  # a module that fails to import does not stop the block
    assert ran == [True]
