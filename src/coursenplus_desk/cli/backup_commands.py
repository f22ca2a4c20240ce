"""`backup create|verify|restore|list|folder`, `audit verify|list|prune`, and `rekey`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from coursenplus_desk.cli.context import Cli, read_passphrase_file
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, positive_int
from coursenplus_desk.domain.erasure import RECORD_COUNTS
from coursenplus_desk.i18n import _, counted, ngettext
from coursenplus_desk.services.locations import rotation_folder

if TYPE_CHECKING:
    from coursenplus_desk.services.backup_scrub import ScrubReport
    from coursenplus_desk.services.restore import (
        RestoreReport,
    )

if TYPE_CHECKING:
    from coursenplus_desk.domain.audit import AuditEvent
    from coursenplus_desk.services.restore import RestoreReport


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    backup = add_group(commands, "backup", command_help("backup"))
    create = add_command(backup, "create", _("make a backup now"), common)
    create.add_argument("--out", metavar="FILE", help=_("write the backup to this new file"))
    create.set_defaults(handler=backup_create)
    verify = add_command(backup, "verify", _("open a backup and check every page"), common)
    verify.add_argument("file", metavar="FILE")
    verify.set_defaults(handler=backup_verify)
    restore = add_command(
        backup, "restore", _("restore a backup into a folder that holds no vault"), common
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument(
        "--to",
        metavar="DIR",
        help=_("a new or empty folder (default: the vault's usual folder, once no vault is there)"),
    )
    restore.add_argument(
        "--newer-passphrase-file",
        metavar="FILE",
        help=_("the passphrase of newer backups, when it has changed since this backup"),
    )
    restore.set_defaults(handler=backup_restore)
    add_command(backup, "list", _("list the backups of the rotation"), common).set_defaults(
        handler=backup_list
    )
    folder = add_command(backup, "folder", _("show or choose the backup folder"), common)
    folder.add_argument("folder", nargs="?", metavar="DIR")
    folder.set_defaults(handler=backup_folder)

    audit = add_group(commands, "audit", command_help("audit"))
    add_command(audit, "verify", _("check the audit trail's hash chain"), common).set_defaults(
        handler=audit_verify
    )
    listing = add_command(audit, "list", _("list audit events, newest first"), common)
    listing.add_argument("--person", type=int, metavar="ID")
    listing.add_argument("--limit", type=positive_int, metavar="N")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=audit_list)
    add_command(audit, "prune", _("remove expired audit events"), common).set_defaults(
        handler=audit_prune
    )

    add_command(commands, "rekey", command_help("rekey"), common).set_defaults(handler=rekey)


def backup_create(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        path = workspace.backups.create(Path(args.out) if args.out else None)
    cli.out(_("Backup written to {file}.").format(file=path))
    return 0


def backup_verify(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.restore import verify_backup

    report = verify_backup(Path(args.file), cli.passphrase(args))
    cli.out(
        _("The backup is intact: {people}, taken on {when}.").format(
            people=counted("{count} person", "{count} people", report.people),
            when=report.manifest.created_at,
        )
    )
    return 0


def backup_restore(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.restore import (
        check_restore_target,
        read_live_state,
        restore_backup,
    )

    usual = cli.vault_folder(args)
    target = Path(args.to) if args.to else usual
    check_restore_target(target.expanduser().absolute())
    passphrase = cli.passphrase(args)
    state = read_live_state(usual, passphrase)
    folders = [rotation_folder(None, usual)]
    if state is not None and state.backup_folder:
        folders.append(Path(state.backup_folder))
    newer_file = args.newer_passphrase_file
    newer = [read_passphrase_file(Path(newer_file))] if newer_file else []
    report = restore_backup(
        Path(args.file),
        target,
        passphrase,
        cli.clock,
        live=state,
        backup_folders=folders,
        newer_passphrases=newer,
    )
    if state is None:
        cli.out(
            _(
                "No vault in use could be opened: only the erasures recorded in the "
                "backup itself were applied again."
            )
        )
    for line in removal_lines(report):
        cli.out(line)
    cli.out(
        counted(
            "{count} erased record removed again.",
            "{count} erased records removed again.",
            report.erasures_removed,
        )
    )
    people = counted("{count} person", "{count} people", report.people)
    if report.folder == usual.expanduser().absolute():
        cli.out(
            _("Backup restored into {folder} ({people}), the vault's usual folder.").format(
                folder=report.folder, people=people
            )
        )
    else:
        cli.out(
            _("Backup restored into {folder} ({people}). Open it with --vault {folder}.").format(
                folder=report.folder, people=people
            )
        )
    return 0


def say_scrubbed(cli: Cli, report: ScrubReport) -> None:
    """After an erasure: which backups of the rotation folder no longer hold the erased."""
    if report.rewritten:
        cli.out(
            counted(
                "{count} backup of the rotation folder was rewritten without the erased records.",
                "{count} backups of the rotation folder were rewritten without the erased records.",
                report.rewritten,
            )
        )
    if report.left:
        cli.out(
            counted(
                "{count} older backup (another key or version) still holds them: a restore of it"
                " erases them again.",
                "{count} older backups (another key or version) still hold them: a restore of"
                " them erases them again.",
                report.left,
            )
        )


def removal_lines(report: RestoreReport) -> list[str]:
    """What the restore removed again, table by table, and whose erasure list named it."""
    why = {
        "backup": _("erased before the backup was made (on the backup's own erasure list)"),
        "live": _("erased since the backup was made (on the erasure list of the vault in use)"),
        "newer": _("erased since the backup was made (on the erasure list of a newer backup)"),
        "older": _("erased, on the erasure list of another backup"),
    }
    lines = []
    for removal in report.removed:
        singular, plural = RECORD_COUNTS.get(removal.table, ("{count}", "{count}"))
        lines.append(
            _("Removed again: {records}, {why}.").format(
                records=counted(singular, plural, removal.count),
                why=why.get(removal.source, removal.source),
            )
        )
    return lines


def backup_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        backups = workspace.backups.backups()
    for info in backups:
        when = info.taken_at.strftime("%Y-%m-%d %H:%M:%S")
        cli.out(f"{when}\t{info.size}\t{info.path}")
    return 0


def backup_folder(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        if args.folder:
            workspace.backups.set_folder(Path(args.folder))
        cli.out(str(workspace.backups.folder()))
    return 0


def audit_verify(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        count = workspace.audit_trail.verify()
        laptops = workspace.sharing.verify_chains()
    cli.out(
        ngettext(
            "The audit trail is intact ({count} event checked).",
            "The audit trail is intact ({count} events checked).",
            count,
        ).format(count=count)
    )
    for name, checked in laptops:
        cli.out(
            ngettext(
                "The audit trail of laptop {name} is intact ({count} event checked).",
                "The audit trail of laptop {name} is intact ({count} events checked).",
                checked,
            ).format(name=name, count=checked)
        )
    return 0


def audit_list(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        events = workspace.audit_trail.events(args.person, args.limit)
        labels = {slot.id: slot.label for slot in workspace.vault.slots}
    if args.json:
        cli.out_json([_event_record(e, labels) for e in events])
        return 0
    for event in events:
        person = "" if event.person_id is None else str(event.person_id)
        details = json.dumps(event.details, ensure_ascii=False, sort_keys=True)
        who = labels.get(event.actor, event.actor[:8])
        cli.out(f"{event.id}\t{event.at.isoformat()}\t{who}\t{event.action}\t{person}\t{details}")
    return 0


def _event_record(event: AuditEvent, labels: dict[str, str]) -> dict[str, object]:
    return {
        "id": event.id,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "actor_label": labels.get(event.actor),
        "action": event.action,
        "person_id": event.person_id,
        "details": event.details,
        "hash": event.hash,
    }


def audit_prune(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        result = workspace.audit_trail.prune()
    cli.out(
        _("{removed}, {redacted}.").format(
            removed=counted(
                "{count} expired event removed", "{count} expired events removed", result.removed
            ),
            redacted=counted(
                "{count} expired view redacted", "{count} expired views redacted", result.redacted
            ),
        )
    )
    return 0


def rekey(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.rekey import rekey_workspace

    with cli.workspace(args) as workspace:
        result = rekey_workspace(workspace)
    cli.out(_("The data key was replaced and the database rewritten under it."))
    cli.out(
        ngettext(
            "{count} other key was re-wrapped and keeps working.",
            "{count} other keys were re-wrapped and keep working.",
            result.rewrapped,
        ).format(count=result.rewrapped)
    )
    if result.dropped:
        cli.out(
            ngettext(
                "{count} key of an older format was removed: add it again.",
                "{count} keys of an older format were removed: add them again.",
                result.dropped,
            ).format(count=result.dropped)
        )
    cli.out(_("Older backups still open with the old keys: make a new backup now."))
    return 0
