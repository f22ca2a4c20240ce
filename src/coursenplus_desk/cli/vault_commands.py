"""init, passwd, demo, and `vault check|slots|remember|forget|accept-older`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from coursenplus_desk.cli.context import NEW_PASSPHRASE_VARIABLE, PASSPHRASE_VARIABLE, Cli
from coursenplus_desk.cli.parsing import add_command, add_group, command_help, positive_int
from coursenplus_desk.domain.errors import RefusedError, VaultUnavailableError
from coursenplus_desk.i18n import N_, _, ngettext

if TYPE_CHECKING:
    pass


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    add_command(commands, "init", command_help("init"), common).set_defaults(handler=init)
    passwd_command = add_command(commands, "passwd", command_help("passwd"), common)
    passwd_command.add_argument(
        "--revoke-old-keys",
        action="store_true",
        help=_("also replace the data key, so that old copies of the key file stop working"),
    )
    passwd_command.set_defaults(handler=passwd)
    demo = add_command(commands, "demo", command_help("demo"), common)
    demo.add_argument("--people", type=positive_int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)
    demo.set_defaults(handler=demo_fill)

    vault = add_group(commands, "vault", command_help("vault"))
    add_command(vault, "check", _("check the vault's integrity"), common).set_defaults(
        handler=check
    )
    slots_command = add_command(vault, "slots", _("list, add or remove administrator keys"), common)
    slots_command.set_defaults(handler=slots)
    actions = slots_command.add_subparsers(dest="slot_action", metavar=_("ACTION"))
    add = add_command(actions, "add", _("add an administrator (asks for their passphrase)"), common)
    add.add_argument("--label", required=True, metavar="NAME", help=_("the administrator's name"))
    add.set_defaults(handler=slot_add)
    remove = add_command(
        actions, "remove", _("remove an administrator's key (replaces the data key)"), common
    )
    remove.add_argument("slot", metavar="ID", help=_("the key's id, as `vault slots` lists it"))
    remove.set_defaults(handler=slot_remove)
    add_command(
        vault, "remember", _("remember the vault on this computer (keychain)"), common
    ).set_defaults(handler=remember)
    add_command(vault, "forget", _("stop remembering the vault here"), common).set_defaults(
        handler=forget
    )
    add_command(
        vault, "accept-older", _("accept this older copy of the vault as the current one"), common
    ).set_defaults(handler=accept_older)
    witness = add_command(
        vault,
        "witness",
        _("keep the vault's latest state in this computer's keychain (detects an older copy)"),
        common,
    )
    witness.add_argument("state", choices=("on", "off"))
    witness.set_defaults(handler=keychain_witness)


def init(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.workspace import create_workspace

    folder = cli.vault_folder(args)
    passphrase = cli.new_passphrase(args, PASSPHRASE_VARIABLE)
    with create_workspace(folder, passphrase, cli.clock, cli.kdf, known=cli.known_slots()):
        pass
    cli.out(_("Vault created in {folder}.").format(folder=folder))
    return 0


def passwd(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.rekey import change_passphrase

    with cli.workspace(args) as workspace:
        new = cli.new_passphrase(args, NEW_PASSPHRASE_VARIABLE)
        change_passphrase(workspace, new, revoke=args.revoke_old_keys)
    if args.revoke_old_keys:
        cli.out(
            _(
                "Passphrase changed and old keys revoked: the data key was replaced, so old "
                "copies of the key file no longer open the vault. Make a new backup now."
            )
        )
    else:
        cli.out(
            _(
                "Passphrase changed. Copies of the old key file (in older backups, for "
                "instance) still open the vault with the old passphrase: "
                "`passwd --revoke-old-keys` or `rekey` stops them."
            )
        )
    return 0


def demo_fill(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.demo import fill_demo

    with cli.workspace(args) as workspace:
        added = fill_demo(workspace, args.people, seed=args.seed)
    cli.out(ngettext("{count} person added.", "{count} people added.", added).format(count=added))
    return 0


def check(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.rekey import weak_slots

    with cli.workspace(args) as workspace:
        problems = workspace.integrity_problems()
        weak = weak_slots(workspace)
        floor = workspace.kdf.describe_floor()
    if problems:
        raise VaultUnavailableError(
            N_(
                "The vault is damaged (problems found: {count}; the first: {first})."
                " Restore a backup."
            ),
            count=len(problems),
            first=problems[0],
        )
    cli.out(_("The vault is intact: every page passed its integrity check."))
    if weak:
        raise RefusedError(
            N_(
                "{count} key slots derive their key below the floor of {floor} ({labels}): "
                "change those passphrases."
            ),
            count=len(weak),
            floor=floor,
            labels=", ".join(info.label for info in weak),
        )
    return 0


def slots(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.rekey import list_slots

    with cli.workspace(args) as workspace:
        for info in list_slots(workspace):
            mark = "*" if info.current else " "
            cli.out(
                f"{mark} {info.id}\t{info.kind.value}\t{info.label}\t{info.created_at}\t{info.kdf}"
            )
    return 0


def slot_add(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.rekey import add_administrator

    with cli.workspace(args) as workspace:
        passphrase = cli.new_passphrase(args, NEW_PASSPHRASE_VARIABLE)
        slot_id = add_administrator(workspace, args.label, passphrase)
    cli.out(_("Administrator key added: {id}.").format(id=slot_id))
    return 0


def slot_remove(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.rekey import remove_administrator

    with cli.workspace(args) as workspace:
        result = remove_administrator(workspace, args.slot)
    cli.out(
        _(
            "The key was removed and the data key replaced; the other keys were re-wrapped "
            "({count}). Backups made before still open with the removed key: replace them."
        ).format(count=result.rewrapped)
    )
    return 0


def remember(args: argparse.Namespace, cli: Cli) -> int:

    with cli.workspace(args) as workspace:
        workspace.vault.remember(cli.keychain(), workspace.clock.now())
        workspace.audit.record("vault.remembered")
    cli.out(
        _(
            "This computer now remembers the vault. Any program of your user account "
            "can read the keychain: use it only on your own, locked computer."
        )
    )
    return 0


def forget(args: argparse.Namespace, cli: Cli) -> int:

    with cli.workspace(args) as workspace:
        workspace.vault.forget(cli.keychain())
        workspace.audit.record("vault.forgotten")
    cli.out(_("This computer no longer remembers the vault."))
    return 0


def accept_older(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.workspace import reseat_witnesses

    with cli.workspace(args, allow_older=True) as workspace:
        if workspace.rollback is None:
            cli.out(_("This vault is the newest copy known: nothing to accept."))
            return 0
        workspace.audit.record("vault.older_accepted", event=workspace.rollback.witness.head_id)
        reseat_witnesses(workspace)
    cli.out(_("This copy of the vault is now the current one."))
    return 0


def keychain_witness(args: argparse.Namespace, cli: Cli) -> int:
    from coursenplus_desk.services.witness import KEYCHAIN_SETTING

    with cli.workspace(args) as workspace:
        workspace.settings.set(KEYCHAIN_SETTING, args.state == "on")
    if args.state == "on":
        cli.out(
            _(
                "This computer's keychain now keeps the vault's latest state: an older copy "
                "put back will be reported."
            )
        )
    else:
        cli.out(_("This computer's keychain no longer keeps the vault's latest state."))
    return 0
