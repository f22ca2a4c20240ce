"""`share init|invite|join|sync|status|remove|review`: one register on several laptops."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.cli.context import PASSPHRASE_VARIABLE, Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, positive_int
from coursenplus_desk.i18n import _, ngettext

if TYPE_CHECKING:
    from coursenplus_desk.services.sharing.report import SyncReport
    from coursenplus_desk.services.sharing.service import ShareStatus


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    share = add_group(commands, "share", command_help("share"))
    init = add_command(share, "init", _("share this vault through a folder"), common)
    init.add_argument("--folder", required=True, metavar="DIR", help=_("the shared folder"))
    init.add_argument("--name", default="", help=_("this laptop's name (default: the computer's)"))
    init.set_defaults(handler=share_init)

    invite = add_command(share, "invite", _("invite a laptop: write an invitation file"), common)
    invite.add_argument("--out", required=True, metavar="FILE", help=_("the invitation file"))
    invite.add_argument("--name", default="", help=_("the new laptop's name"))
    invite.set_defaults(handler=share_invite)

    join = add_command(share, "join", _("join a shared register: a new vault"), common)
    join.add_argument("invitation", metavar="FILE", help=_("the invitation file"))
    join.add_argument("--code", required=True, help=_("the code shown on the inviting laptop"))
    join.add_argument("--folder", required=True, metavar="DIR", help=_("the shared folder"))
    join.add_argument("--name", default="", help=_("this laptop's name (default: the computer's)"))
    join.set_defaults(handler=share_join)

    sync = add_command(share, "sync", _("exchange changes with the shared folder now"), common)
    sync.add_argument("--json", action="store_true", help=_("machine-readable output"))
    sync.set_defaults(handler=share_sync)

    status = add_command(share, "status", _("the shared register's state"), common)
    status.add_argument("--json", action="store_true", help=_("machine-readable output"))
    status.set_defaults(handler=share_status)

    remove = add_command(share, "remove", _("remove a laptop (lost, stolen, leaving)"), common)
    remove.add_argument("laptop", metavar="LAPTOP", help=_("the laptop's name or id"))
    remove.set_defaults(handler=share_remove)

    review = add_command(share, "review", _("what two laptops changed at the same time"), common)
    review.add_argument("--json", action="store_true", help=_("machine-readable output"))
    review.add_argument("--done", type=positive_int, metavar="N", help=_("mark item N as reviewed"))
    review.add_argument(
        "--take-other",
        action="store_true",
        help=_("with --done: use the other laptop's value instead of the one kept"),
    )
    review.set_defaults(handler=share_review)


def share_init(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.sharing.init(Path(args.folder), args.name)
        status = workspace.sharing.status()
    cli.out(
        _("This vault is now shared through {folder}. Invite the other laptops with "
          "“share invite”.").format(folder=status.folder)
    )  # fmt: skip
    return 0


def share_invite(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        invitation = workspace.sharing.invite(Path(args.out), args.name, workspace.kdf.params)
    cli.out(_("Invitation written to {file}.").format(file=invitation.path))
    cli.out(_("One-time code (give it by voice or by hand, never with the file): {code}").format(
        code=invitation.code))  # fmt: skip
    return 0


def share_join(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.sharing.joining import join_register

    folder = cli.vault_folder(args)
    passphrase = cli.new_passphrase(args, PASSPHRASE_VARIABLE)
    with join_register(
        Path(args.invitation), args.code, Path(args.folder), folder, passphrase, cli.clock,
        cli.kdf, label=args.name,
    ) as workspace:  # fmt: skip
        status = workspace.sharing.status()
    cli.out(_("This laptop joined the shared register; its vault is in {folder}.").format(
        folder=folder))  # fmt: skip
    cli.out(_("Shared folder: {folder}").format(folder=status.folder))
    return 0


def share_sync(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        report = workspace.sharing.sync()
        status = workspace.sharing.status()
    if args.json:
        result = report.to_dict()
        result["notices"] = [notice.text() for notice in report.notices]
        result["pending_changes"] = status.pending_changes
        result["to_review"] = status.to_review
        cli.out_json(result)
        return 0
    cli.out(_summary(report))
    for notice in report.notices:
        cli.out(notice.text())
    if status.to_review:
        cli.out(ngettext("{count} item to review: “share review”.",
                         "{count} items to review: “share review”.", status.to_review
                         ).format(count=status.to_review))  # fmt: skip
    return 0


def _summary(report: SyncReport) -> str:
    applied = ngettext("{count} file received", "{count} files received", report.files_applied)
    written = ngettext("{count} file sent", "{count} files sent", report.files_written)
    changes = ngettext("{count} change applied", "{count} changes applied", report.changes_applied)
    return _("Synchronised: {received}, {sent}, {changes}.").format(
        received=applied.format(count=report.files_applied),
        sent=written.format(count=report.files_written),
        changes=changes.format(count=report.changes_applied),
    )


def share_status(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        status = workspace.sharing.status()
    if args.json:
        cli.out_json(status.to_dict())
        return 0
    for line in _status_lines(status):
        cli.out(line)
    return 0


def _status_lines(status: ShareStatus) -> list[str]:
    from coursenplus_desk.services.sharing.service import LAPTOP_STATUS_LABELS

    lines = [
        _("Shared folder: {folder}").format(folder=status.folder),
        _("Last sync: {when}").format(when=status.last_sync_at or _("never")),
        ngettext("{count} change waiting to be sent", "{count} changes waiting to be sent",
                 status.pending_changes).format(count=status.pending_changes),
        ngettext("{count} item to review", "{count} items to review",
                 status.to_review).format(count=status.to_review),
        _("Laptops:"),
    ]  # fmt: skip
    for laptop in status.laptops:
        mark = "*" if laptop.is_this_laptop else " "
        seen = laptop.last_written_at or "-"
        state = _(LAPTOP_STATUS_LABELS[laptop.status])
        lines.append(f"{mark} {laptop.laptop_id}\t{laptop.label}\t{state}\t{seen}")
    if status.unconfirmed_erasures:
        lines.append(
            ngettext("{count} erasure not yet confirmed by every laptop",
                     "{count} erasures not yet confirmed by every laptop",
                     status.unconfirmed_erasures).format(count=status.unconfirmed_erasures)
        )  # fmt: skip
    lines += [notice.text() for notice in status.notices]
    return lines


def share_remove(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        laptop = workspace.sharing.remove(args.laptop)
    cli.out(
        _("Laptop {name} was removed; the register has a new key it cannot read.").format(
            name=laptop.label or laptop.laptop_id
        )
    )
    return 0


def share_review(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        if args.done:
            workspace.sharing.resolve(args.done, use_other=args.take_other)
        entries = workspace.sharing.review()
    if args.json:
        cli.out_json([entry.to_dict() for entry in entries])
        return 0
    if not entries:
        cli.out(_("Nothing to review."))
    for entry in entries:
        cli.out(f"{entry.id}\t{entry.message()}")
    return 0
