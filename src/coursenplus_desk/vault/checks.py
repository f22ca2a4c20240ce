"""New passphrases and parameters, and the key file as read from disk: the checks and the
messages shared by creating, unlocking and changing keys."""

from __future__ import annotations

from coursenplus_desk.domain.errors import (
    RefusedError,
    ValidationError,
    VaultUnavailableError,
)
from coursenplus_desk.domain.passphrase import MIN_LENGTH, assess
from coursenplus_desk.i18n import N_, _
from coursenplus_desk.vault import keyslots
from coursenplus_desk.vault.kdf import KdfParams, KdfPolicy
from coursenplus_desk.vault.keyslots import Header, HeaderDamagedError
from coursenplus_desk.vault.paths import VaultPaths

MIN_PASSPHRASE_LENGTH = MIN_LENGTH


def check_new_passphrase(passphrase: str, related: tuple[str, ...] = ()) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            "passphrase",
            N_("The passphrase must have at least {count} characters."),
            count=MIN_PASSPHRASE_LENGTH,
        )
    strength = assess(passphrase, related)
    if not strength.acceptable:
        raise ValidationError(
            "passphrase",
            N_("This passphrase is too easy to guess: {reason} Choose several uncommon words."),
            reason=_(strength.reason),
        )


def check_new_params(policy: KdfPolicy) -> KdfParams:
    """The policy's parameters for a new slot, refused below its floor."""
    if policy.is_below_floor(policy.params):
        raise RefusedError(
            N_(
                "The key derivation parameters ({params}) are below the floor of {floor}: "
                "no key slot is written with them."
            ),
            params=policy.params.describe(),
            floor=policy.describe_floor(),
        )
    return policy.params


def damaged_header(paths: VaultPaths) -> VaultUnavailableError:
    return VaultUnavailableError(
        N_("The key file of the vault is damaged or was altered: {file}."),
        file=str(paths.header),
    )


def foreign_header(paths: VaultPaths) -> VaultUnavailableError:
    return VaultUnavailableError(
        N_("The key file is damaged or is not this vault's: {file}."), file=str(paths.header)
    )


def read_header(paths: VaultPaths) -> Header:
    if not paths.folder.is_dir():
        raise VaultUnavailableError(N_("There is no vault in {folder}."), folder=str(paths.folder))
    if not paths.header.is_file():
        if paths.database.exists():
            raise VaultUnavailableError(
                N_("The key file of the vault in {folder} is missing."), folder=str(paths.folder)
            )
        raise VaultUnavailableError(N_("There is no vault in {folder}."), folder=str(paths.folder))
    try:
        return keyslots.decode_header(paths.header.read_bytes())
    except (HeaderDamagedError, OSError):
        raise damaged_header(paths) from None
