"""`consent`, `export mailing-list`, `form` and `members` commands."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from datetime import date
from pathlib import Path

from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, document_language
from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.domain.validation import require_date
from coursenplus_desk.i18n import N_, _

_DAY = "YYYY-MM-DD"


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    _register_consent(commands, common)
    _register_export(commands, common)
    _register_forms(commands, common)


def _register_consent(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    consent = add_group(commands, "consent", command_help("consent"))
    grant = add_command(consent, "grant", _("record a consent; prints its id"), common)
    grant.add_argument("id", type=int, metavar="PERSON_ID")
    grant.add_argument("--purpose", required=True)
    grant.add_argument("--on", required=True, metavar=_DAY)
    grant.add_argument("--method", required=True, choices=[m.value for m in ConsentMethod])
    grant.add_argument("--confirmed-on", metavar=_DAY, help=_("confirmation (double opt-in)"))
    grant.add_argument("--evidence", help=_("where the proof is, e.g. form number"))
    grant.add_argument("--given-by", type=int, metavar="GUARDIAN_ID")
    grant.add_argument("--notice-version", help=_("version of the notice or form agreed to"))
    grant.set_defaults(handler=consent_grant)

    confirm = add_command(consent, "confirm", _("date the confirmation of a consent"), common)
    confirm.add_argument("id", type=int, metavar="PERSON_ID")
    confirm.add_argument("--purpose", required=True)
    confirm.add_argument("--on", required=True, metavar=_DAY)
    confirm.set_defaults(handler=consent_confirm)

    withdraw = add_command(consent, "withdraw", _("record the withdrawal of a consent"), common)
    withdraw.add_argument("id", type=int, metavar="PERSON_ID")
    withdraw.add_argument("--purpose", required=True)
    withdraw.add_argument("--on", required=True, metavar=_DAY)
    withdraw.set_defaults(handler=consent_withdraw)

    show = add_command(consent, "show", _("a person's consents, newest first"), common)
    show.add_argument("id", type=int, metavar="PERSON_ID")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=consent_show)

    purposes = add_command(consent, "purposes", _("list the consent purposes"), common)
    purposes.set_defaults(handler=consent_purposes)

    of_age = add_command(
        consent, "coming-of-age", _("students turning 18: collect their own consent"), common
    )
    of_age.add_argument("--as-of", metavar=_DAY)
    of_age.add_argument("--json", action="store_true")
    of_age.set_defaults(handler=consent_coming_of_age)


def _register_export(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    export = add_group(commands, "export", command_help("export"))
    mailing = add_command(
        export, "mailing-list", _("recipients with an active, confirmed consent (CSV)"), common
    )
    mailing.add_argument("--purpose", required=True)
    mailing.add_argument("--out", required=True, metavar="FILE.csv")
    mailing.set_defaults(handler=export_mailing_list)


def _register_forms(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    form = add_group(commands, "form", command_help("form"))
    for kind, help_text, handler in (
        ("membership", _("membership form, blank or pre-filled"), form_membership),
        ("enrollment", _("enrollment form, blank or pre-filled"), form_enrollment),
    ):
        command = add_command(form, kind, help_text, common)
        command.add_argument("--out", required=True, metavar="FILE.pdf")
        command.add_argument("--person", type=int, metavar="ID", help=_("pre-fill from a person"))
        command.add_argument("--fillable", action="store_true", help=_("with fillable fields"))
        command.set_defaults(handler=handler)
    attendance = add_command(form, "attendance", _("attendance sheet of a group"), common)
    attendance.add_argument("--group", type=int, required=True, metavar="ID")
    attendance.add_argument("--from", dest="first", required=True, metavar=_DAY)
    attendance.add_argument("--to", dest="last", required=True, metavar=_DAY)
    attendance.add_argument("--out", required=True, metavar="FILE.pdf")
    attendance.set_defaults(handler=form_attendance)


def consent_grant(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.consent import Grant

    grant = Grant(
        person_id=args.id,
        purpose=args.purpose,
        given_on=args.on,
        method=args.method,
        confirmed_on=args.confirmed_on,
        evidence=args.evidence,
        given_by_id=args.given_by,
        notice_version=args.notice_version,
    )
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.consent.grant(grant)))
    return 0


def consent_confirm(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.consent.confirm(args.id, args.purpose, args.on)))
    return 0


def consent_withdraw(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.consent.withdraw(args.id, args.purpose, args.on)
    return 0


def consent_show(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.people.get(args.id)
        history = workspace.consent.history(args.id)
        workspace.audit.record("consent.view", args.id)
    rows = [{k: plain(v) for k, v in asdict(c).items()} for c in history]
    if args.json:
        cli.out_json(rows)
        return 0
    for row in rows:
        cli.out("\t".join("" if v is None else str(v) for v in row.values()))
    return 0


def consent_purposes(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        purposes = workspace.consent.purposes()
    for purpose in purposes:
        cli.out(f"{purpose.key}\t{_(purpose.label)}")
    return 0


def consent_coming_of_age(args: argparse.Namespace, cli: Cli) -> int:
    as_of = require_date(args.as_of, "as_of") if args.as_of else None
    with cli.workspace(args) as workspace:
        found = workspace.consent.coming_of_age(as_of)
    rows = [{k: plain(v) for k, v in asdict(entry).items()} for entry in found]
    if args.json:
        cli.out_json(rows)
        return 0
    for entry in found:
        guardians = ",".join(map(str, entry.guardian_ids))
        purposes = ",".join(entry.guardian_consents)
        cli.out(f"{entry.person_id}\t{entry.full_name}\t{entry.adult_on}\t{guardians}\t{purposes}")
    return 0


def export_mailing_list(args: argparse.Namespace, cli: Cli) -> int:
    """`export mailing-list` (kept apart from other `export` handlers)."""
    from coursenplus_desk.services.consent import mailing_csv

    with cli.workspace(args) as workspace:
        recipients = workspace.consent.mailing_list(args.purpose)
        write_file(Path(args.out), mailing_csv(recipients))
    cli.out(str(len(recipients)))
    return 0


def form_membership(args: argparse.Namespace, cli: Cli) -> int:
    return _form(args, cli, "membership")


def form_enrollment(args: argparse.Namespace, cli: Cli) -> int:
    return _form(args, cli, "enrollment")


def _form(args: argparse.Namespace, cli: Cli, kind: str) -> int:
    with cli.workspace(args) as workspace:
        pdf = workspace.forms.form(kind, args.person, getattr(args, "lang", None), args.fillable)
        write_file(Path(args.out), pdf)
    return 0


def form_attendance(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        pdf = workspace.forms.attendance_sheet(
            args.group, args.first, args.last, document_language(args)
        )
        write_file(Path(args.out), pdf)
    return 0


def write_file(path: Path, data: bytes) -> None:
    from coursenplus_desk.vault.atomic import write_private

    try:
        write_private(path, data)
    except OSError:
        raise ValidationError(
            "out", N_("The file {file} cannot be written."), file=str(path)
        ) from None


def plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
