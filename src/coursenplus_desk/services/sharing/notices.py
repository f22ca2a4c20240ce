"""What a sync tells the person: errors that stop it, notices about files it set aside."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coursenplus_desk.domain.errors import RefusedError, UserError, VaultUnavailableError
from coursenplus_desk.i18n import N_, Translate, _


class NotSharedError(RefusedError):
    """The vault is not part of a shared register."""


class AlreadySharedError(RefusedError):
    """The vault is already part of a shared register."""


class ShareFolderError(VaultUnavailableError):
    """The exchange folder is missing or cannot be written."""


class InvitationError(VaultUnavailableError):
    """An invitation file that is damaged, not an invitation, or not for this program."""


class WrongInvitationCodeError(RefusedError):
    """The code does not open this invitation."""


class UpdateTheProgramError(RefusedError):
    """Data written by a newer version of the program."""


class LaptopRemovedError(RefusedError):
    """This laptop was removed from the register: it no longer takes part."""


NOT_SHARED = N_("This vault is not shared with other laptops.")


def not_shared() -> NotSharedError:
    return NotSharedError(NOT_SHARED)


@dataclass(frozen=True)
class Notice:
    """A message id and its parameters, translated where it is shown."""

    message_id: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, translate: Translate | None = None) -> str:
        message = (translate or _)(self.message_id)
        return message.format(**self.params) if self.params else message

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message_id, "params": self.params}

    @classmethod
    def from_dict(cls, data: object) -> Notice | None:
        if not isinstance(data, dict) or not isinstance(data.get("message"), str):
            return None
        params = data.get("params")
        return cls(data["message"], params if isinstance(params, dict) else {})

    @classmethod
    def of(cls, error: UserError) -> Notice:
        return cls(error.message_id, dict(error.params))


FILE_DAMAGED = N_(
    "File {file} in the shared folder is damaged or cut short: it was set aside, not applied."
)
FILE_FORGED = N_(
    "File {file} in the shared folder does not authenticate (altered, or from another "
    "register): it was set aside, not applied."
)
FILE_MISPLACED = N_(
    "File {file} in the shared folder does not belong where it is (copied from another "
    "laptop, another register, or an older file put back): it was set aside, not applied."
)
NEWER_PROGRAM = N_(
    "A laptop of the register uses a newer version of the program: update the program to "
    "receive its changes. This laptop keeps its own work meanwhile."
)
FOLDER_MISSING = N_(
    "The shared folder {folder} cannot be reached: this laptop's changes wait until it is back."
)
THIS_LAPTOP_REMOVED = N_(
    "This laptop was removed from the shared register: it no longer receives or sends changes."
)
