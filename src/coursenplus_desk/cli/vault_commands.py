"""init, passwd, demo, and `vault check|slots|remember|forget`."""

from __future__ import annotations

import argparse

from coursenplus_desk.cli.context import NEW_PASSPHRASE_VARIABLE, PASSPHRASE_VARIABLE, Cli
from coursenplus_desk.cli.parsing import add_command, add_group, positive_int
from coursenplus_desk.domain.errors import VaultUnavailableError
from coursenplus_desk.i18n import N_, _, ngettext
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import create_workspace
from coursenplus_desk.vault.keychain import SystemKeychain


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    add_command(commands, "init", _("create a new vault"), common).set_defaults(handler=init)
    add_command(commands, "passwd", _("change the passphrase"), common).set_defaults(handler=passwd)
    demo = add_command(commands, "demo", _("fill the vault with synthetic demo data"), common)
    demo.add_argument("--people", type=positive_int, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=2026, help=argparse.SUPPRESS)
    demo.set_defaults(handler=demo_fill)

    vault = add_group(commands, "vault", _("check and manage the vault"))
    add_command(vault, "check", _("check the vault's integrity"), common).set_defaults(
        handler=check
    )
    add_command(vault, "slots", _("list the administrator keys"), common).set_defaults(
        handler=slots
    )
    add_command(
        vault, "remember", _("remember the vault on this computer (keychain)"), common
    ).set_defaults(handler=remember)
    add_command(vault, "forget", _("stop remembering the vault here"), common).set_defaults(
        handler=forget
    )


def init(args: argparse.Namespace, cli: Cli) -> int:
    folder = cli.vault_folder(args)
    passphrase = cli.new_passphrase(args, PASSPHRASE_VARIABLE)
    with create_workspace(folder, passphrase, cli.clock):
        pass
    cli.out(_("Vault created in {folder}.").format(folder=folder))
    return 0


def passwd(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.change_passphrase(cli.new_passphrase(args, NEW_PASSPHRASE_VARIABLE))
    cli.out(_("Passphrase changed."))
    return 0


def demo_fill(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        added = fill_demo(workspace, args.people, seed=args.seed)
    cli.out(ngettext("{count} person added.", "{count} people added.", added).format(count=added))
    return 0


def check(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        problems = workspace.integrity_problems()
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
    return 0


def slots(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        for slot in workspace.vault.slots:
            mark = "*" if slot.id == workspace.vault.slot_id else " "
            cli.out(f"{mark} {slot.id}\t{slot.kind.value}\t{slot.label}\t{slot.created_at}")
    return 0


def remember(args: argparse.Namespace, cli: Cli) -> int:
    with cli.workspace(args) as workspace:
        workspace.vault.remember(SystemKeychain(), workspace.clock.now())
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
        workspace.vault.forget(SystemKeychain())
        workspace.audit.record("vault.forgotten")
    cli.out(_("This computer no longer remembers the vault."))
    return 0
