"""`request add|verify-mandate|verify-identity|extend|list|show|execute|rectify|note|recipients|
recipient-told|reply|refuse|close`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.cli.backup_commands import say_scrubbed
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, write_output
from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.requests import (
    REQUEST_KIND_LABELS,
    REQUEST_STATUS_LABELS,
    DataSubjectRequest,
    RequestChannel,
    RequestKind,
)
from coursenplus_desk.domain.validation import require_date
from coursenplus_desk.i18n import N_, _, format_day

if TYPE_CHECKING:
    from coursenplus_desk.services.requests import ProducedDocument

if TYPE_CHECKING:
    from coursenplus_desk.services.requests import ProducedDocument

# What the reply is, as the person who ran the command reads it.
DOCUMENT_LABELS = {
    "access-reply": N_("the access reply"),
    "portability": N_("the portability archive"),
    "erasure-certificate": N_("the erasure certificate"),
    "refusal": N_("the refusal letter"),
    "confirmation": N_("the confirmation letter"),
}
# The step after the identity check, by kind of request.
REQUEST_KIND_STEPS = {
    RequestKind.ACCESS: N_("produce the reply (request reply)"),
    RequestKind.PORTABILITY: N_("produce the reply (request reply)"),
    RequestKind.RECTIFICATION: N_("correct the values (request rectify), then reply"),
    RequestKind.ERASURE: N_("carry it out (request execute), then reply"),
    RequestKind.RESTRICTION: N_("carry it out (request execute), then reply"),
    RequestKind.OBJECTION: N_("carry it out (request execute), then reply"),
    RequestKind.WITHDRAW_CONSENT: N_("carry it out (request execute), then reply"),
}


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    request = add_group(commands, "request", command_help("request"))
    add = add_command(request, "add", _("record a request; prints its id"), common)
    add.add_argument("--person", type=int, required=True, metavar="ID")
    add.add_argument("--kind", required=True, choices=[k.value for k in RequestKind])
    add.add_argument("--received", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--channel", choices=[c.value for c in RequestChannel], default="email")
    add.add_argument("--requester", type=int, metavar="ID", help=_("a guardian, for a minor"))
    add.add_argument(
        "--representative",
        metavar="TEXT",
        help=_("a representative with a mandate (name and capacity)"),
    )
    add.add_argument("--representative-address", metavar="TEXT",
                     help=_("where to send the reply to the representative"))  # fmt: skip
    add.set_defaults(handler=request_add)

    mandate = add_command(
        request, "verify-mandate", _("record how a representative's mandate was checked"), common
    )
    mandate.add_argument("id", type=int)
    mandate.add_argument("--method", required=True)
    mandate.add_argument("--on", metavar="YYYY-MM-DD")
    mandate.set_defaults(handler=request_verify_mandate)

    recipients = add_command(
        request, "recipients", _("recipients to tell of a rectification, erasure or restriction"),
        common,
    )  # fmt: skip
    recipients.add_argument("id", type=int)
    recipients.add_argument("--json", action="store_true")
    recipients.set_defaults(handler=request_recipients)

    told = add_command(request, "recipient-told", _("record that a recipient was told"), common)
    told.add_argument("id", type=int)
    told.add_argument("--recipient", required=True, metavar="TEXT")
    when = told.add_mutually_exclusive_group(required=True)
    when.add_argument("--on", metavar="YYYY-MM-DD")
    when.add_argument(
        "--impossible",
        metavar="REASON",
        help=_("why telling them was impossible or disproportionate"),
    )
    told.set_defaults(handler=request_recipient_told)  # fmt: skip

    verify = add_command(request, "verify-identity", _("record how identity was checked"), common)
    verify.add_argument("id", type=int)
    verify.add_argument("--method", required=True)
    verify.add_argument("--on", metavar="YYYY-MM-DD")
    verify.set_defaults(handler=request_verify)

    ask = add_command(request, "ask-identity", _("wait for proof of identity"), common)
    ask.add_argument("id", type=int)
    ask.set_defaults(handler=request_ask_identity)

    extend = add_command(request, "extend", _("extend the deadline by 1 or 2 months"), common)
    extend.add_argument("id", type=int)
    extend.add_argument("--months", type=int, required=True, choices=(1, 2))
    extend.add_argument("--reason", required=True)
    extend.add_argument("--informed", metavar="YYYY-MM-DD", help=_("when the person was told"))
    extend.set_defaults(handler=request_extend)

    listing = add_command(request, "list", _("list requests with their deadlines"), common)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--as-of", metavar="YYYY-MM-DD")
    listing.add_argument("--open", action="store_true", help=_("only requests not yet closed"))
    listing.set_defaults(handler=request_list)

    show = add_command(request, "show", _("show a request file"), common)
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=request_show)

    execute = add_command(
        request, "execute", _("carry out a restriction, objection, withdrawal or erasure"), common
    )
    execute.add_argument("id", type=int)
    execute.set_defaults(handler=request_execute)

    rectify = add_command(request, "rectify", _("correct a person's values"), common)
    rectify.add_argument("id", type=int)
    rectify.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE")
    rectify.set_defaults(handler=request_rectify)

    note = add_command(request, "note", _("add a note to a request file"), common)
    note.add_argument("id", type=int)
    note.add_argument("text")
    note.set_defaults(handler=request_note)

    reply = add_command(
        request, "reply", _("produce the reply (PDF, or ZIP for portability)"), common
    )
    reply.add_argument("id", type=int)
    reply.add_argument("--out", required=True, metavar="FILE")
    reply.add_argument("--password", help=_("protect the PDF with this password (AES-256)"))
    reply.set_defaults(handler=request_reply)

    refuse = add_command(request, "refuse", _("refuse an unfounded or excessive request"), common)
    refuse.add_argument("id", type=int)
    refuse.add_argument("--reason", required=True)
    refuse.add_argument("--out", required=True, metavar="FILE")
    refuse.set_defaults(handler=request_refuse)

    close = add_command(request, "close", _("mark a request answered"), common)
    close.add_argument("id", type=int)
    close.set_defaults(handler=request_close)


def request_add(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        request_id = workspace.requests.add(
            args.person, args.kind, args.received, args.channel, args.requester,
            args.representative, args.representative_address,
        )  # fmt: skip
    cli.out(str(request_id))
    return 0


def request_verify(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.requests.verify_identity(args.id, args.method, args.on)
        request = workspace.requests.get(args.id)
    cli.out(
        _("Request {id}: identity checked on {date} ({method}). Next: {step}.").format(
            id=args.id,
            date=format_day(request.identity_checked_on),
            method=args.method,
            step=_(REQUEST_KIND_STEPS[request.kind]),
        )
    )
    return 0


def request_verify_mandate(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.requests.verify_mandate(args.id, args.method, args.on)
    return 0


def request_recipients(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        to_tell = workspace.requests.recipients_to_tell(args.id)
        notices = workspace.requests.recipient_notices(args.id)
    told = {n.recipient: n for n in notices}
    rows = [
        {
            "recipient": name,
            "told_on": _iso(told[name].told_on) if name in told else None,
            "not_told_reason": told[name].not_told_reason if name in told else None,
            "pending": name not in told,
        }
        for name in dict.fromkeys([*to_tell, *told])
    ]
    if args.json:
        cli.out_json(rows)
        return 0
    for row in rows:
        state = (
            _("still to be told") if row["pending"]
            else row["told_on"] or _("not told: {reason}").format(reason=row["not_told_reason"])
        )  # fmt: skip
        cli.out(f"{_(str(row['recipient']))}\t{state}")
    return 0


def request_recipient_told(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.requests.record_recipient_told(
            args.id, args.recipient, args.on, args.impossible)))  # fmt: skip
    return 0


def request_ask_identity(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.requests.ask_identity(args.id)
    cli.out(_("Request {id}: waiting for proof of identity.").format(id=args.id))
    return 0


def request_extend(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        due = workspace.requests.extend(args.id, args.months, args.reason, args.informed)
    cli.out(due.isoformat())
    return 0


def request_record(request: DataSubjectRequest, as_of: date) -> dict[str, object]:
    """A request as plain JSON values (dates as YYYY-MM-DD)."""
    return {
        "id": request.id,
        "person_id": request.person_id,
        "requester_id": request.requester_id,
        "kind": request.kind.value,
        "channel": request.channel.value,
        "received_on": request.received_on.isoformat(),
        "due_on": request.due_on.isoformat(),
        "status": request.status.value,
        "overdue": request.overdue(as_of),
        "extension_months": request.extension_months,
        "identity_checked_on": _iso(request.identity_checked_on),
        "representative": request.representative,
        "mandate_checked_on": _iso(request.mandate_checked_on),
        "executed_on": _iso(request.executed_on),
        "answered_on": _iso(request.answered_on),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def request_list(args: argparse.Namespace, cli: Cli) -> int:
    as_of = require_date(args.as_of, "as_of") if args.as_of else cli.clock.today()
    with cli.workspace(args) as workspace:
        requests = workspace.requests.all()
    if args.open:
        requests = [request for request in requests if request.is_open]
    records = [request_record(request, as_of) for request in requests]
    if args.json:
        cli.out_json(records)
        return 0
    for request, record in zip(requests, records, strict=True):
        late = "\t" + _("OVERDUE") if record["overdue"] else ""
        kind, status = (
            _(REQUEST_KIND_LABELS[request.kind]),
            _(REQUEST_STATUS_LABELS[request.status]),
        )
        cli.out(
            f"{record['id']}\t{record['person_id']}\t{kind}\t{record['received_on']}"
            f"\t{record['due_on']}\t{status}{late}"
        )
    return 0


def request_show(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        request = workspace.requests.get(args.id)
        record = request_record(request, cli.clock.today())
        record["documents"] = [
            {
                "kind": d.kind,
                "file_name": d.file_name,
                "sha256": d.sha256,
                "produced_at": d.produced_at,
            }
            for d in workspace.requests.documents(args.id)
        ]
        record["notes"] = [note.text for note in workspace.requests.notes(args.id)]
        confirmed = workspace.requests.erasure_confirmed(args.id)
        if confirmed is not None:
            record["erasure_confirmed_by"] = _("{confirmed} of {laptops} laptops").format(
                confirmed=confirmed[0], laptops=confirmed[1]
            )
        workspace.audit.record("request.view", request.person_id, request=args.id)
    if args.json:
        cli.out_json(record)
        return 0
    for key, value in record.items():
        if value not in (None, [], ""):
            cli.out(f"{key}: {value}")
    return 0


def request_execute(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.requests.execute(args.id)
        request = workspace.requests.get(args.id)
        scrubbed = workspace.backups.scrub()
    cli.out(
        _("Request {id}: carried out on {date}. Next: {step}.").format(
            id=args.id,
            date=format_day(request.executed_on),
            step=_("produce the reply (request reply)"),
        )
    )
    say_scrubbed(cli, scrubbed)
    return 0


def request_rectify(args: argparse.Namespace, cli: Cli) -> int:
    changes: dict[str, str | None] = {}
    for item in args.set:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise ValidationError("set", N_("Write each change as FIELD=VALUE."))
        changes[field.strip().replace("-", "_")] = value or None
    with cli.workspace(args) as workspace:
        changed = workspace.requests.rectify(args.id, changes)
    cli.out(", ".join(changed))
    return 0


def request_note(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        cli.out(str(workspace.requests.add_note(args.id, args.text)))
    return 0


def _output(path: str) -> Path:
    """Checked before anything is recorded, so a recorded document is one that was written."""
    out = Path(path).expanduser()
    if not out.parent.is_dir():
        raise ValidationError(
            "out", N_("The folder {folder} does not exist."), folder=str(out.parent)
        )
    return out


def request_reply(args: argparse.Namespace, cli: Cli) -> int:
    out = _output(args.out)
    with cli.workspace(args) as workspace:
        document = workspace.requests.reply(
            args.id, getattr(args, "lang", None), args.password, out.name
        )  # without --lang: the reader's language
        _write(out, document)
    cli.out(
        _("Request {id}: {document} written to {file}.").format(
            id=args.id, document=_(DOCUMENT_LABELS.get(document.kind, document.kind)), file=out
        )
    )
    return 0


def request_refuse(args: argparse.Namespace, cli: Cli) -> int:
    out = _output(args.out)
    with cli.workspace(args) as workspace:
        document = workspace.requests.refuse(
            args.id, args.reason, getattr(args, "lang", None), out.name
        )
        _write(out, document)
    cli.out(
        _("Request {id}: {document} written to {file}.").format(
            id=args.id, document=_(DOCUMENT_LABELS.get(document.kind, document.kind)), file=out
        )
    )
    return 0


def _write(out: Path, document: ProducedDocument) -> None:
    write_output(out, document.data)


def request_close(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.requests.close(args.id)
    cli.out(_("Request {id}: closed.").format(id=args.id))
    return 0
