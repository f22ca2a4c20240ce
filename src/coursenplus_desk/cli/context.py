"""What every command needs: the environment, the streams, the vault folder, the passphrase."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from coursenplus_desk.domain.clock import Clock, FixedClock, SystemClock
from coursenplus_desk.domain.errors import UserError, ValidationError
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.services.locations import (
    APP_NAME,
    VAULT_VARIABLE,
    default_vault_folder,
    known_slots_file,
    vault_folder,
)

if TYPE_CHECKING:
    from coursenplus_desk.services.workspace import Workspace
    from coursenplus_desk.vault.kdf import KdfPolicy
    from coursenplus_desk.vault.keychain import Keychain
    from coursenplus_desk.vault.known_slots import KnownSlots

__all__ = ["APP_NAME", "VAULT_VARIABLE", "Cli", "default_vault_folder"]

PASSPHRASE_VARIABLE = "COURSENPLUS_PASSPHRASE"
NEW_PASSPHRASE_VARIABLE = "COURSENPLUS_NEW_PASSPHRASE"
TODAY_VARIABLE = "COURSENPLUS_TODAY"


class NoPassphraseError(UserError):
    """No passphrase was given and there is no terminal to ask for one."""


@dataclass
class Cli:
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    interactive: bool = field(default_factory=lambda: sys.stdin.isatty())
    # Parameters for new key slots; None: calibrated on this computer. Only code passes
    # another policy in (the tests do): the installed program has no switch for it.
    kdf: KdfPolicy | None = None
    # The system's keychain and this computer's record of key slots unless others are given;
    # made when a command first needs them (the vault's modules load with them).
    given_keychain: Keychain | None = None
    known: KnownSlots | None = None

    def keychain(self) -> Keychain:
        if self.given_keychain is None:
            from coursenplus_desk.vault.keychain import SystemKeychain

            self.given_keychain = SystemKeychain()
        return self.given_keychain

    def known_slots(self) -> KnownSlots:
        if self.known is None:
            from coursenplus_desk.vault.known_slots import KnownSlots

            self.known = KnownSlots(known_slots_file())
        return self.known

    @property
    def clock(self) -> Clock:
        """The system clock; COURSENPLUS_TODAY pins the date (demonstrations, tests)."""
        pinned = self.env.get(TODAY_VARIABLE)
        if pinned:
            try:
                return FixedClock.on(date.fromisoformat(pinned))
            except ValueError:
                raise ValidationError(
                    TODAY_VARIABLE, N_("“{value}” is not a valid date (YYYY-MM-DD)."), value=pinned
                ) from None
        return SystemClock()

    def vault_folder(self, args: argparse.Namespace) -> Path:
        return vault_folder(getattr(args, "vault", None), self.env)

    def passphrase(self, args: argparse.Namespace) -> str:
        from_env = self.env.get(PASSPHRASE_VARIABLE)
        if from_env:
            return from_env
        file = getattr(args, "passphrase_file", None)
        if file:
            return read_passphrase_file(Path(file))
        return self._prompt(_("Passphrase: "))

    def new_passphrase(self, args: argparse.Namespace, variable: str) -> str:
        """A new passphrase: from the variable (or file for init), else typed twice."""
        from_env = self.env.get(variable)
        if from_env:
            return from_env
        file = getattr(args, "passphrase_file", None)
        if file and variable == PASSPHRASE_VARIABLE:
            return read_passphrase_file(Path(file))
        first = self._prompt(_("New passphrase: "))
        if self._prompt(_("Repeat the new passphrase: ")) != first:
            raise ValidationError("passphrase", N_("The two passphrases differ."))
        return first

    def _prompt(self, text: str) -> str:
        if not self.interactive:
            raise NoPassphraseError(
                N_(
                    "No passphrase given: set COURSENPLUS_PASSPHRASE, use --passphrase-file, "
                    "or run the command in a terminal."
                )
            )
        import getpass  # only a terminal asks

        return getpass.getpass(text)

    @contextmanager
    def workspace(
        self, args: argparse.Namespace, *, allow_older: bool = False
    ) -> Iterator[Workspace]:
        from coursenplus_desk.services.workspace import open_workspace  # commands that open a vault

        folder = self.vault_folder(args)
        workspace = open_workspace(
            folder,
            self.passphrase(args),
            self.clock,
            kdf=self.kdf,
            keychain=self.keychain(),
            allow_older=allow_older,
            known=self.known_slots(),
        )
        if workspace.integrity.damaged:  # met while unlocking: damage is an answer (exit 4)
            error = workspace.integrity.read_only_error()
            workspace.vault.close()
            raise error
        with workspace:
            yield workspace
        if workspace.audit.unrecorded:
            print(
                "coursenplus-desk: "
                + _("The disk is full: this access could not be recorded in the audit trail."),
                file=self.stderr,
            )

    def out(self, text: str) -> None:
        print(text, file=self.stdout)

    def out_json(self, value: object) -> None:
        """Machine-readable output: indented, UTF-8 as written (Zoë, not Zo\\u00eb)."""
        self.out(json.dumps(value, ensure_ascii=False, indent=2))


def read_passphrase_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ValidationError(
            "passphrase_file", N_("The passphrase file {file} cannot be read."), file=str(path)
        ) from None
    return text.rstrip("\r\n")
