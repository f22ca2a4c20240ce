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
from coursenplus_desk.cli import (
    backup_commands,
    consent_commands,
    course_commands,
    documents_commands,
    import_commands,
    members_commands,
    people_commands,
    register_commands,
    request_commands,
    retention_commands,
    vault_commands,
)
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import (
    CommonOptions,
    Parser,
    report_error,
    requested_language,
    translate_argparse,
)
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import _, language_from_environment, set_language
from coursenplus_desk.logs import configure_logging, log_bug
from coursenplus_desk.vault.atomic import private_umask

EXIT_BUG = 70

# Each module adds its commands; a feature adds its module here.
COMMAND_MODULES = (
    vault_commands,
    people_commands,
    course_commands,
    backup_commands,
    consent_commands,
    import_commands,
    members_commands,
    register_commands,
    request_commands,
    retention_commands,
    documents_commands,
)


def build_parser() -> argparse.ArgumentParser:
    translate_argparse()
    common = CommonOptions.parser()
    parser = Parser(
        prog="coursenplus-desk",
        description=_("Cours en Plus Desk: the association's encrypted records."),
        parents=[common],
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=_("show the program's version and exit"),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in COMMAND_MODULES:
        module.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None, cli: Cli | None = None) -> int:
    cli = cli or Cli()
    private_umask()
    configure_logging()
    arguments = list(sys.argv[1:] if argv is None else argv)
    set_language(requested_language(arguments) or language_from_environment(cli.env))
    parser = build_parser()
    args = parser.parse_args(arguments)
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
