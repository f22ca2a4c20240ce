"""`health set|show|erase`, `tutor agreement|list`, `form roster`.

Documents are written in the language of --lang (else COURSENPLUS_LANG, else
French), readable by the user only.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import (
    add_command,
    add_group,
    command_help,
    document_language,
    output_path,
    write_output,
)
from coursenplus_desk.domain.records import ConsentMethod
from coursenplus_desk.i18n import _, format_day

if TYPE_CHECKING:  # generic only for the type checker
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

_DAY = "YYYY-MM-DD"


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    _register_health(add_group(commands, "health", command_help("health")),
                     common)  # fmt: skip
    _register_tutors(add_group(commands, "tutor", command_help("tutor")),
                     common)  # fmt: skip
    forms = add_group(commands, "form", command_help("form"))
    roster = add_command(forms, "roster", _("the roster of a group for its tutor"), common)
    roster.add_argument("--group", type=int, required=True, metavar="ID")
    roster.add_argument("--out", required=True, metavar="FILE.pdf")
    phone = roster.add_mutually_exclusive_group()
    phone.add_argument("--guardian-phone", dest="phone", action="store_true", default=None,
                       help=_("with a parent's phone number for emergencies"))  # fmt: skip
    phone.add_argument("--no-guardian-phone", dest="phone", action="store_false")
    roster.set_defaults(handler=form_roster)


def _register_health(health: Subcommands, common: argparse.ArgumentParser) -> None:
    change = add_command(health, "set", _("record a person's health information"), common)
    change.add_argument("id", type=int)
    change.add_argument("--details", required=True, metavar="TEXT")
    change.add_argument(
        "--consent-on",
        metavar=_DAY,
        help=_("the day the explicit consent was given, when it is new"),
    )
    change.add_argument(
        "--consent-by",
        type=int,
        metavar="GUARDIAN_ID",
        help=_("the parent or guardian who consented, for a minor"),
    )
    change.add_argument("--method", choices=[m.value for m in ConsentMethod], default="form")
    change.add_argument("--evidence", metavar="TEXT")  # fmt: skip
    change.set_defaults(handler=health_set)
    show = add_command(health, "show", _("show a person's health information"), common)
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=health_show)
    erase = add_command(health, "erase", _("erase a person's health information"), common)
    erase.add_argument("id", type=int)
    erase.set_defaults(handler=health_erase)


def _register_tutors(tutors: Subcommands, common: argparse.ArgumentParser) -> None:
    agreement = add_command(tutors, "agreement", _("record a tutor's processor agreement"),
                            common)  # fmt: skip
    agreement.add_argument("--person", type=int, required=True, metavar="ID")
    agreement.add_argument("--signed-on", required=True, metavar=_DAY)
    agreement.add_argument("--reference", required=True, metavar="TEXT")
    agreement.set_defaults(handler=tutor_agreement)
    listing = add_command(tutors, "list", _("tutors, their groups and their agreements"), common)
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=tutor_list)


def health_set(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.health import HealthConsent

    consent = None
    if args.consent_on or args.consent_by is not None:
        consent = HealthConsent(
            args.consent_on or cli.clock.today(), args.method, args.consent_by, args.evidence
        )
    with cli.workspace(args) as workspace:
        workspace.health.record(args.id, args.details, consent)
    return 0


def health_show(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        record = workspace.health.get(args.id)
        workspace.audit.record("health.view", args.id)
    values: dict[str, object] = {
        "person_id": args.id,
        "details": record.details if record else None,
        "recorded_on": record.recorded_on.isoformat() if record else None,
        "consent_given_on": (
            record.consent_given_on.isoformat() if record and record.consent_given_on else None
        ),
        "consent_given_by": record.consent_given_by if record else None,
    }
    if args.json:
        cli.out_json(values)
    elif record is None:
        cli.out(_("No health information is recorded."))
    else:
        cli.out(record.details)
    return 0


def health_erase(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.health.erase(args.id)))
    return 0


def tutor_agreement(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.tutors.record_agreement(args.person, args.signed_on,
                                                      args.reference)))  # fmt: skip
    return 0


def tutor_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        tutors = workspace.tutors.processors()
    records = [
        {
            "person_id": t.person_id,
            "name": t.full_name,
            "groups": list(t.groups),
            "agreement_signed_on": t.agreement.signed_on.isoformat() if t.agreement else None,
            "agreement_reference": t.agreement.reference if t.agreement else None,
        }
        for t in tutors
    ]
    if args.json:
        cli.out_json(records)
        return 0
    for t in tutors:
        agreement = (
            _("agreement signed on {date} ({reference})").format(
                date=format_day(t.agreement.signed_on), reference=t.agreement.reference
            )
            if t.agreement
            else _("NO PROCESSOR AGREEMENT")
        )
        cli.out(f"{t.person_id}\t{t.full_name}\t{', '.join(t.groups)}\t{agreement}")
    return 0


def form_roster(args: argparse.Namespace, cli: Cli) -> int:
    out = output_path(args.out)
    with cli.workspace(args) as workspace:
        pdf = workspace.tutors.roster_pdf(args.group, document_language(args), args.phone)
        write_output(out, pdf)
    return 0
