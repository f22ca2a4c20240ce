"""`members apply|confirm|withdraw|renewals|lapse|depart|register|reminders`."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from coursenplus_desk.cli.consent_commands import plain, write_file
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help
from coursenplus_desk.domain.validation import require_date
from coursenplus_desk.i18n import _, current_language

_DAY = "YYYY-MM-DD"


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    members = add_group(commands, "members", command_help("members"))
    apply = add_command(
        members, "apply", _("record an application; prints person and membership ids"), common
    )
    apply.add_argument("--given-name")
    apply.add_argument("--family-name")
    apply.add_argument("--email")
    apply.add_argument("--phone")
    apply.add_argument("--person", type=int, metavar="ID", help=_("a renewal by a known person"))
    apply.add_argument("--on", required=True, metavar=_DAY, help=_("application date"))
    apply.add_argument("--from", dest="starts_on", required=True, metavar=_DAY)
    apply.add_argument("--to", dest="ends_on", required=True, metavar=_DAY)
    apply.add_argument("--fee", default="0")
    apply.set_defaults(handler=members_apply)

    confirm = add_command(members, "confirm", _("confirm an application (fee received)"), common)
    confirm.add_argument("membership", type=int, metavar="MEMBERSHIP_ID")
    confirm.add_argument("--on", required=True, metavar=_DAY)
    confirm.add_argument("--paid-on", required=True, metavar=_DAY)
    confirm.add_argument("--method")
    confirm.set_defaults(handler=members_confirm)

    withdraw = add_command(members, "withdraw", _("delete an unconfirmed application"), common)
    withdraw.add_argument("membership", type=int, metavar="MEMBERSHIP_ID")
    withdraw.set_defaults(handler=members_withdraw)

    renewals = add_command(members, "renewals", _("members to renew"), common)
    renewals.add_argument("--as-of", metavar=_DAY)
    renewals.add_argument("--json", action="store_true")
    renewals.set_defaults(handler=members_renewals)

    lapse = add_command(members, "lapse", _("mark ended memberships as lapsed"), common)
    lapse.set_defaults(handler=members_lapse)

    depart = add_command(members, "depart", _("enter a member's departure in the register"), common)
    depart.add_argument("person", type=int, metavar="PERSON_ID")
    depart.add_argument("--on", required=True, metavar=_DAY)
    depart.set_defaults(handler=members_depart)

    printed = add_command(members, "register", _("print the members register (PDF)"), common)
    printed.add_argument("--out", required=True, metavar="FILE.pdf")
    printed.set_defaults(handler=members_register)

    reminders = add_command(
        members, "reminders", _("register changes late or still to enter"), common
    )
    reminders.add_argument("--json", action="store_true")
    reminders.set_defaults(handler=members_reminders)


def members_apply(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        if args.person is not None:
            person_id = args.person
            membership_id = workspace.membership.renew(
                person_id, args.on, args.starts_on, args.ends_on, args.fee
            )
        else:
            person_id, membership_id = workspace.membership.apply(
                args.given_name, args.family_name, args.on, args.starts_on, args.ends_on,
                args.fee, args.email, args.phone,
            )  # fmt: skip
    cli.out(f"{person_id}\t{membership_id}")
    return 0


def members_confirm(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.membership.confirm(args.membership, args.on, args.paid_on, args.method)
    return 0


def members_withdraw(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        erased = workspace.membership.withdraw_application(args.membership)
    cli.out(_("application and applicant deleted") if erased else _("application deleted"))
    return 0


def members_renewals(args: argparse.Namespace, cli: Cli) -> int:
    as_of = require_date(args.as_of, "as_of") if args.as_of else None
    with cli.workspace(args) as workspace:
        found = workspace.membership.to_renew(as_of)
    return _print(cli, args.json, [{k: plain(v) for k, v in asdict(r).items()} for r in found])


def members_lapse(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.membership.lapse_ended()))
    return 0


def members_depart(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.membership.record_departure(args.person, args.on)
    return 0


def members_register(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        pdf = workspace.membership.register_pdf(getattr(args, "lang", None) or current_language())
        write_file(Path(args.out), pdf)
    return 0


def members_reminders(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        found = workspace.membership.reminders()
    return _print(cli, args.json, [{k: plain(v) for k, v in asdict(r).items()} for r in found])


def _print(cli: Cli, as_json: bool, rows: list[dict[str, object]]) -> int:
    if as_json:
        cli.out_json(rows)
        return 0
    for row in rows:
        cli.out("\t".join("" if v is None else str(v) for v in row.values()))
    return 0
