"""The `coursenplus-desk` command: the same services as the GUI, one line per error.

Exit codes: 0 success; 1 invalid input or refused operation; 2 usage;
3 wrong passphrase; 4 vault missing, damaged, tampered or not a vault.
With no command, the desktop program starts.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from coursenplus_desk import __version__
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import CommonOptions, Parser, report_error
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _, language_from_environment, set_language

EXIT_BUG = 70

# Each module adds its commands with its `register(commands, common)`; a feature adds
# its module's name here. The modules are imported when the parser is built, which the
# desktop program and --version do not need. A command's handler imports the services
# it uses when it runs (tests/test_start_imports.py checks that building loads none).
COMMAND_MODULES = (
    "coursenplus_desk.cli.vault_commands",
    "coursenplus_desk.cli.people_commands",
    "coursenplus_desk.cli.course_commands",
    "coursenplus_desk.cli.backup_commands",
    "coursenplus_desk.cli.consent_commands",
    "coursenplus_desk.cli.import_commands",
    "coursenplus_desk.cli.members_commands",
    "coursenplus_desk.cli.register_commands",
    "coursenplus_desk.cli.request_commands",
    "coursenplus_desk.cli.retention_commands",
)


def build_parser() -> argparse.ArgumentParser:
    common = CommonOptions.parser()
    parser = Parser(
        prog="coursenplus-desk",
        description=_("Cours en Plus Desk: the association's encrypted records."),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands, common)
    return parser


def _without_command(arguments: list[str]) -> argparse.Namespace | None:
    """The options when the arguments name no command (only --vault, --lang, --version…).

    Read with the top-level options alone, the same ones (so the same abbreviations
    and errors) as the whole parser's: starting the desktop program or printing the
    version then builds no command. Anything else is left to the whole parser.
    """
    parser = Parser(prog="coursenplus-desk", parents=[CommonOptions.parser()], add_help=False)
    parser.add_argument("--version", action="store_true")
    options, rest = parser.parse_known_args(arguments)
    if rest:
        return None
    if options.version:
        print(f"coursenplus-desk {__version__}")
        sys.exit(0)
    options.command = None
    return options


def main(argv: Sequence[str] | None = None, cli: Cli | None = None) -> int:
    cli = cli or Cli()
    set_language(language_from_environment(cli.env))
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _without_command(arguments) or build_parser().parse_args(arguments)
    # --help, --version and usage errors have ended the program here
    from coursenplus_desk.logs import configure_logging, log_bug  # for the commands that run

    configure_logging()
    if getattr(args, "lang", None):
        set_language(args.lang)
    if args.command is None:
        return _start_gui(arguments)
    try:
        return int(args.handler(args, cli))
    except UserError as error:
        report_error(cli.stderr, error)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (`… | head`): not an error
        _silence_stdout()
        return 0
    except Exception as error:  # a bug: one line for the person, the details in the log
        log_bug(error, where=f"command {args.command}")
        print(
            "coursenplus-desk: "
            + _("unexpected error ({kind}); this is a bug in the program.").format(
                kind=type(error).__name__
            ),
            file=cli.stderr,
        )
        return EXIT_BUG


def _start_gui(arguments: list[str]) -> int:
    """The desktop program, imported only when asked for: the CLI never loads Qt."""
    try:
        gui = importlib.import_module("coursenplus_desk.ui.app")
    except ModuleNotFoundError as error:
        if error.name != "coursenplus_desk.ui.app":
            raise
        build_parser().print_help()
        return 0
    return int(gui.run(arguments))


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's exit flush cannot fail on the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
