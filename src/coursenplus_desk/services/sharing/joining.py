"""Joining a register: a new vault, with its own passphrase, from an invitation and its code.

Everything is checked before the new vault is made (the code, the file, the
program's version, that the invitation was not used already); if anything
fails afterwards the new vault's files are removed again, so a failed join
leaves nothing behind.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from coursenplus_desk.domain.clock import Clock
from coursenplus_desk.domain.errors import RefusedError
from coursenplus_desk.domain.sync import codes
from coursenplus_desk.domain.sync.hlc import is_laptop_id
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.sharing.invitations import SNAPSHOT_FORMAT
from coursenplus_desk.services.sharing.notices import (
    InvitationError,
    ShareFolderError,
    UpdateTheProgramError,
    WrongInvitationCodeError,
)
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.store.migrations import LATEST_VERSION
from coursenplus_desk.vault.exchange_file import ExchangeFileError, ExchangeFileTooNewError
from coursenplus_desk.vault.exchange_folder import ExchangeFolder, is_register_id
from coursenplus_desk.vault.invitation_file import (
    InvitationReader,
    WrongCodeError,
    code_key,
    read_invitation_header,
)
from coursenplus_desk.vault.kdf import KdfPolicy
from coursenplus_desk.vault.vault import DATABASE_NAME, HEADER_NAME, LOCK_NAME

UPDATE_THE_PROGRAM = N_(
    "This invitation was made by a newer version of the program: update the program first."
)
_MADE_BY_A_VAULT = (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", HEADER_NAME,
                    LOCK_NAME)  # fmt: skip


def open_invitation_file(path: Path, code: str) -> InvitationReader:
    """The invitation, its particulars read; a clear error for a wrong code or another file."""
    raw = codes.normalise_code(code)
    if raw is None:
        raise WrongInvitationCodeError(
            N_("A code has 12 letters and digits, such as K7Q2-M9XA-3PTD.")
        )
    try:
        header = read_invitation_header(path.read_bytes()[:4096])
        reader = InvitationReader(path, code_key(header, raw))
    except OSError:
        raise InvitationError(N_("The invitation {file} cannot be read."), file=str(path)) from None
    except ExchangeFileTooNewError:
        raise UpdateTheProgramError(UPDATE_THE_PROGRAM) from None
    except WrongCodeError:
        raise WrongInvitationCodeError(
            N_("This code does not open this invitation. Check it on the inviting laptop.")
        ) from None
    except ExchangeFileError:
        raise InvitationError(
            N_("{file} is not an invitation of this program, or it is damaged."), file=str(path)
        ) from None
    _check(reader.particulars)
    return reader


def _check(body: dict[str, Any]) -> None:
    if not isinstance(body.get("schema"), int) or not isinstance(body.get("format"), int):
        raise InvitationError(N_("The invitation is damaged."))
    if body["schema"] > LATEST_VERSION or body["format"] > SNAPSHOT_FORMAT:
        raise UpdateTheProgramError(UPDATE_THE_PROGRAM)
    needed = ("register", "laptop", "keys", "laptops", "frontier", "acks", "key_id", "clock",
              "inviter", "private_key")  # fmt: skip
    if any(name not in body for name in needed):
        raise InvitationError(N_("The invitation is damaged."))
    if not is_register_id(body["register"]) or not is_laptop_id(body["laptop"]):
        raise InvitationError(N_("The invitation is damaged."))


def join_register(
    invitation: Path,
    code: str,
    folder: Path,
    vault_folder: Path,
    passphrase: str,
    clock: Clock,
    kdf: KdfPolicy | None = None,
    *,
    label: str = "",
) -> Workspace:
    """A new vault in `vault_folder` holding the register; its first sync already done."""
    reader = open_invitation_file(invitation, code)
    body = reader.particulars
    if not folder.exists() and folder.parent.is_dir():
        folder.mkdir()  # a folder the sync tool will fill (its files may come later)
    if not folder.is_dir():
        raise ShareFolderError(
            N_("The shared folder {folder} does not exist or cannot be written to."),
            folder=str(folder),
        )
    if ExchangeFolder(folder, str(body["register"])).numbers(str(body["laptop"])):
        raise RefusedError(
            N_("This invitation was already used by another laptop. Ask for a new invitation.")
        )
    workspace = create_workspace(vault_folder, passphrase, clock, kdf)
    try:
        workspace.sharing.load_invitation(body, reader.items(), folder, label)
        workspace.sharing.sync()
    except ExchangeFileError:
        workspace.close()
        _remove_new_vault(vault_folder)
        raise InvitationError(N_("The invitation is damaged.")) from None
    except BaseException:
        workspace.close()
        _remove_new_vault(vault_folder)
        raise
    return workspace


def _remove_new_vault(folder: Path) -> None:
    """Only the files a new vault makes: the folder may hold other things of the person's."""
    for name in _MADE_BY_A_VAULT:
        with contextlib.suppress(OSError):
            (folder / name).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()
