"""Errors a person can cause, each with a message they understand in their language.

Messages are English gettext ids formatted with named parameters and translated
only when shown, so the GUI and the CLI show them in the current language.
Anything that is not a `UserError` is a bug.
"""

from __future__ import annotations

from coursenplus_desk.i18n import Translate, _


class UserError(Exception):
    """A refused or invalid operation; the CLI exits with `exit_code`."""

    exit_code = 1

    def __init__(self, message_id: str, /, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    def message(self, translate: Translate | None = None) -> str:
        text = (translate or _)(self.message_id)
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        return self.message()


class ValidationError(UserError):
    """A value that does not fit its field; `errors` lists every bad field of the input."""

    def __init__(self, field: str, message_id: str, /, **params: object) -> None:
        super().__init__(message_id, **params)
        self.field = field
        self.errors: tuple[ValidationError, ...] = (self,)


class NotFoundError(UserError):
    """A record that does not exist (or no longer exists)."""


class RefusedError(UserError):
    """An operation the rules forbid, such as linking a person to themselves."""


class WrongPassphraseError(UserError):
    exit_code = 3


class VaultUnavailableError(UserError):
    """Missing, damaged, tampered with, or not a vault at all."""

    exit_code = 4


class VaultInUseError(UserError):
    """Another program has this vault open."""


class VaultTooNewError(UserError):
    """The vault was written by a newer version of the program."""


class KeychainUnavailableError(UserError):
    """No usable keychain on this computer; the passphrase still works."""


class VaultDamagedError(VaultUnavailableError):
    """A page failed its check while reading: the vault is read-only until restored."""


class DiskFullError(UserError):
    """The disk (or the vault's folder) has no room left; nothing was half-written."""
