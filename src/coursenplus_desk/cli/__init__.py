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
from pathlib import Path

from coursenplus_desk import __version__
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import (
    CommonOptions,
    Parser,
    command_help,
    file_error,
    not_text,
    report_error,
    requested_language,
    translate_argparse,
)
from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.i18n import N_, _, language_from_environment, set_language

EXIT_BUG = 70

# Each module of this package adds its commands with its `register(commands, common)`;
# a feature adds its module here with the top-level commands it adds (a test checks
# that they agree). A command's run imports only the modules that add it; --help
# imports them all, the desktop program and --version none. A handler imports the
# services it uses when it runs: building the parser loads none of them.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "vault_commands": ("init", "passwd", "demo", "vault"),
    "people_commands": ("person", "contact"),
    "course_commands": ("course", "group", "enroll", "unenroll", "payment"),
    "backup_commands": ("backup", "audit", "rekey"),
    "consent_commands": ("consent", "export", "form"),
    "import_commands": ("import", "export"),
    "members_commands": ("members",),
    "register_commands": ("breach", "register", "notice", "settings", "activity"),
    "request_commands": ("request",),
    "retention_commands": ("retention", "hold", "policy"),
    "share_commands": ("share",),
    "documents_commands": ("health", "tutor", "form"),
}


def build_parser(command: str | None = None, *, summary: bool = False) -> argparse.ArgumentParser:
    """Every command's parser, or only those of the modules that add `command`.

    `summary`: the top-level commands with their help and nothing below them, which is
    all that `coursenplus-desk --help` prints (a test holds the two to the same text).
    """
    translate_argparse()
    common = CommonOptions.parser()
    parser = Parser(
        prog="coursenplus-desk",
        description=_("Cours en Plus Desk: the association's encrypted records."),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    if summary:
        for name in dict.fromkeys(n for adds in COMMAND_MODULES.values() for n in adds):
            commands.add_parser(name, help=command_help(name))
        return parser
    for name, adds in COMMAND_MODULES.items():
        if command is None or command in adds:
            importlib.import_module(f"{__name__}.{name}").register(commands, common)
    return parser


def parse(arguments: list[str]) -> argparse.Namespace:
    """The arguments as the whole parser reads them, building only what they need.

    When the top-level options before the command are given in full (an
    abbreviation, --help or anything unsure goes to the whole parser), the command
    named next needs only its modules, and no command at all (the desktop program,
    --version) none: the top-level options are then read alone, with the same
    definitions, so the same errors.
    """
    common = CommonOptions.parser()
    valued = [o for a in common._actions for o in a.option_strings]
    split = _split_at_command(arguments, valued)
    if split is None:
        summary = _asks_for_help(arguments, valued)
        return build_parser(summary=summary).parse_args(arguments)
    before, rest = split
    if rest:
        known = any(rest[0] in adds for adds in COMMAND_MODULES.values())
        return build_parser(rest[0] if known else None).parse_args(arguments)
    top = Parser(prog="coursenplus-desk", parents=[common], add_help=False)
    top.add_argument("--version", action="store_true")
    options = top.parse_args(before)
    if options.version:
        print(f"coursenplus-desk {__version__}")
        sys.exit(0)
    options.command = None
    return options


def _asks_for_help(arguments: list[str], valued: list[str]) -> bool:
    """-h or --help before any command, after top-level options given in full: the help
    of the whole program, which names the commands and builds none of them."""
    index = 0
    while index < len(arguments):
        token = arguments[index]
        if token in valued:
            index += 2
        elif token.startswith(tuple(f"{option}=" for option in valued)):
            index += 1
        else:
            return token in ("-h", "--help")
    return False


def _split_at_command(
    arguments: list[str], valued: list[str]
) -> tuple[list[str], list[str]] | None:
    """The top-level options and what follows them; None when one is not given in full.

    `valued`: the top-level options, each of which takes a value (CommonOptions).
    """
    index = 0
    while index < len(arguments):
        token = arguments[index]
        if token in valued:
            index += 2
        elif token == "--version" or token.startswith(tuple(f"{o}=" for o in valued)):
            index += 1
        elif token.startswith("-"):
            return None  # --help, an abbreviation, an unknown option: the whole parser says
        else:
            break
    return arguments[:index], arguments[index:]


def main(argv: Sequence[str] | None = None, cli: Cli | None = None) -> int:
    cli = cli or Cli()
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Before the parser is built: its help and its usage errors speak this language too.
    set_language(requested_language(arguments) or language_from_environment(cli.env))
    unreadable = not_text(arguments)
    if unreadable is not None:
        report_error(cli.stderr, unreadable)
        return 2
    translate_argparse()
    args = parse(arguments)  # --help, --version and usage errors end the program here
    from coursenplus_desk.logs import configure_logging, log_bug  # for the commands that run
    from coursenplus_desk.vault.atomic import private_umask

    private_umask()  # every file a command writes (logs, locks, backups) is the user's alone
    configure_logging()
    if args.command is None:
        return _start_gui(arguments)
    try:
        _check_output(args, cli)
        return int(args.handler(args, cli))
    except UserError as error:
        report_error(cli.stderr, error)
        return error.exit_code
    except BrokenPipeError:  # the reader stopped early (`… | head`): not an error
        _silence_stdout()
        return 0
    except OSError as error:  # a path the person gave: /proc/x, a full disk, no permission
        report_error(cli.stderr, file_error(error))
        return 1
    except OverflowError:  # a number too large for any record (--person 10**40)
        report_error(cli.stderr, UserError(N_("A number given is too large.")))
        return 1
    except KeyboardInterrupt:
        return 130
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


def _check_output(args: argparse.Namespace, cli: Cli) -> None:
    """Every `--out` (documents, exports, backups) is refused inside the vault folder."""
    out = getattr(args, "out", None)
    if isinstance(out, str) and out:
        from coursenplus_desk.services.locations import check_outside_vault

        check_outside_vault(Path(out), cli.vault_folder(args))


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
