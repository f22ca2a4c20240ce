"""Files a person asks the program to write (replies, lists, registers): whole or not at all.

These are the only deliberate plaintext the program writes, where the person chose.
"""

from __future__ import annotations

from pathlib import Path

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.i18n import N_
from coursenplus_desk.vault.atomic import write_atomically


def check_folder(path: Path) -> Path:
    """Checked before anything is recorded, so a recorded document is one that was written."""
    if not path.parent.is_dir():
        raise ValidationError(
            "out", N_("The folder {folder} does not exist."), folder=str(path.parent)
        )
    return path


def write_export(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (a crash leaves the old file or the new one)."""
    check_folder(path)
    try:
        write_atomically(path, data)
    except OSError as error:
        raise ValidationError(
            "out", N_("The file {file} cannot be written ({reason})."), file=str(path),
            reason=error.strerror or "",
        ) from None  # fmt: skip
    return path
