"""Argument parsing shared by every command: options accepted before or after the command."""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NoReturn, TextIO, cast

from coursenplus_desk.domain.errors import UserError, ValidationError
from coursenplus_desk.i18n import (
    N_,
    SUPPORTED_LANGUAGES,
    _,
    current_language,
    language_code,
    ngettext,
)

MAX_NUMBER = 2**63 - 1  # SQLite's largest integer

# argparse translates its own few texts ("usage: ", "options", "show this help message
# and exit") with gettext.gettext, which searches the disk for a catalog at every call:
# about 300 searches each time the parser of every command is built. The answer to
# each text does not change while the program runs.
argparse._ = cache(gettext.gettext)  # type: ignore[attr-defined]

# Option names the CLI shows for a field, where they differ from --field-name.
OPTION_FOR_FIELD = {"roles": "--role", "guardian": "--guardian", "on": "--on"}


# The top-level commands' help, read by the modules that add them and by the summary
# that `--help` prints without building every command (`cli.build_parser`).
COMMAND_HELP: dict[str, str] = {
    "init": N_("create a new vault"),
    "passwd": N_("change the passphrase"),
    "demo": N_("fill the vault with synthetic demo data"),
    "vault": N_("check and manage the vault"),
    "person": N_("add, find and show people"),
    "contact": N_("record contacts with a person"),
    "course": N_("the catalogue of courses"),
    "group": N_("groups: a course with a tutor, a time and a place"),
    "enroll": N_("enroll a student in a group"),
    "unenroll": N_("end an enrollment"),
    "payment": N_("payments"),
    "backup": N_("make, check and restore encrypted backups"),
    "audit": N_("check and read the audit trail"),
    "rekey": N_("replace the data key (after an administrator leaves)"),
    "consent": N_("the consent ledger"),
    "export": N_("export data to files"),
    "form": N_("printed forms and attendance sheets (PDF)"),
    "import": N_("import people from a CSV or XLSX file or an export archive"),
    "members": N_("membership applications and the members register"),
    "breach": N_("the register of data breaches"),
    "register": N_("the register of processing activities"),
    "notice": N_("write the privacy notice (PDF or HTML)"),
    "settings": N_("the association's settings"),
    "activity": N_("the processing activities of the register"),
    "request": N_("requests of people about their data (GDPR)"),
    "retention": N_("retention: what is due, and acting on it"),
    "hold": N_("legal holds stop every retention clock"),
    "policy": N_("retention periods per category"),
    "share": N_("share the register with other laptops"),
    "health": N_("health information (explicit consent)"),
    "tutor": N_("tutors as processors (GDPR Art. 28)"),
}


# argparse's own words (it asks gettext for them): listed here for our catalogs.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
)


def _argparse_plurals(count: int) -> str:
    """argparse's one counted message, for the catalogs (argparse asks for it itself)."""
    return ngettext("expected %s argument", "expected %s arguments", count)


def translate_argparse() -> None:
    """argparse looks up `_` and `ngettext` in its own module at each message: ours."""
    setattr(argparse, "_", _)  # noqa: B010  (a module's global, not an attribute of ours)
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


def requested_language(arguments: Sequence[str]) -> str | None:
    """--lang before or after the command (not after `--`), if it is one we speak: read
    before the parser is built, whose help texts are translated when they are written."""
    for index, argument in enumerate(arguments):
        if argument == "--":
            break
        value = None
        if argument.startswith("--lang="):
            value = argument.split("=", 1)[1]
        elif argument == "--lang" and index + 1 < len(arguments):
            value = arguments[index + 1]
        if value is not None and value in SUPPORTED_LANGUAGES:
            return language_code(value)
    return None


class Parser(argparse.ArgumentParser):
    """Usage errors: one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


class CommonOptions:
    """--vault, --passphrase-file and --lang, before the command or after it."""

    @staticmethod
    def parser() -> argparse.ArgumentParser:
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument(
            "--vault",
            metavar="DIR",
            default=argparse.SUPPRESS,
            help=_("vault folder (default: COURSENPLUS_VAULT, else the user data folder)"),
        )
        common.add_argument(
            "--passphrase-file",
            metavar="FILE",
            default=argparse.SUPPRESS,
            help=_("read the passphrase from this file (COURSENPLUS_PASSPHRASE comes first)"),
        )
        common.add_argument(
            "--lang",
            choices=SUPPORTED_LANGUAGES,
            default=argparse.SUPPRESS,
            help=_("language of messages and documents"),
        )
        return common


def option_name(field: str) -> str:
    return OPTION_FOR_FIELD.get(field, "--" + field.replace("_", "-"))


def report_error(stream: TextIO, error: UserError) -> None:
    """One line on stderr; a validation error names the option of each bad field."""
    if isinstance(error, ValidationError):
        text = "; ".join(f"{option_name(e.field)}: {e.message()}" for e in error.errors)
    else:
        text = error.message()
    print(f"coursenplus-desk: {' '.join(text.split())}", file=stream)


def not_text(arguments: list[str]) -> UserError | None:
    """An argument that is not valid text (invalid UTF-8 reaches Python as surrogates)."""
    for position, argument in enumerate(arguments, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            return UserError(
                N_("Argument {position} is not valid text (UTF-8)."), position=position
            )
    return None


def file_error(error: OSError) -> UserError:
    """A file or folder that cannot be used, in one line (a full disk has its own message)."""
    from coursenplus_desk.vault.connection import disk_full, is_disk_full

    if is_disk_full(error):
        return disk_full()
    return UserError(
        N_("The file or folder {file} cannot be used: {reason}."),
        file=str(error.filename or ""),
        reason=error.strerror or type(error).__name__,
    )


def command_help(name: str) -> str:
    """A top-level command's help, in the current language."""
    return _(COMMAND_HELP[name])


def add_command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
    common: argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=help_text, parents=[common]
    )
    return parser


def add_group(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    help_text: str,
) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    """A command group such as `person`; modules adding to the same group share it."""
    existing = commands.choices.get(name)
    if existing is not None:
        return next(a for a in existing._actions if isinstance(a, argparse._SubParsersAction))
    group = commands.add_parser(name, help=help_text, description=help_text)
    return cast(
        "argparse._SubParsersAction",  # type: ignore[type-arg]
        group.add_subparsers(dest="subcommand", metavar=_("ACTION"), required=True),
    )


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("expected a whole number")) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("expected a number of at least 1"))
    if value > MAX_NUMBER:
        raise argparse.ArgumentTypeError(_("expected a smaller number"))
    return value


def document_language(args: argparse.Namespace) -> str:
    """A document's language: --lang, else the language of this command's messages."""
    return str(getattr(args, "lang", None) or current_language())


def output_path(path: str) -> Path:
    """Checked before anything is recorded, so a recorded document is one that was written."""
    out = Path(path).expanduser()
    if not out.parent.is_dir():
        raise ValidationError(
            "out", N_("The folder {folder} does not exist."), folder=str(out.parent)
        )
    return out


def write_output(out: Path, data: bytes) -> None:
    """Write a document or export for its owner only (mode 0600)."""
    from coursenplus_desk.vault.atomic import write_private

    try:
        write_private(out, data)
    except OSError as error:
        raise ValidationError(
            "out", N_("The file {file} cannot be written ({reason})."), file=str(out),
            reason=error.strerror or "",
        ) from None  # fmt: skip
