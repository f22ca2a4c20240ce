"""Where the program keeps its vault by default: shared by the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.i18n import N_

APP_NAME = "CoursEnPlusDesk"
VAULT_VARIABLE = "COURSENPLUS_VAULT"


BACKUP_FOLDER_SETTING = "backup.folder"  # the rotation folder chosen, in the vault's settings


def default_vault_folder() -> Path:
    import platformdirs  # its platform module costs a start-up that names no folder

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault"


def known_slots_file() -> Path:
    """What this computer last saw of the vaults' key slots (vault/known_slots.py)."""
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)) / "known-key-slots.json"


def rotation_folder(chosen: object, vault_folder: Path) -> Path:
    """The backups' rotation folder: the one chosen in the settings, else `backups` beside
    the vault."""
    if isinstance(chosen, str) and chosen:
        return Path(chosen)
    return vault_folder.parent / "backups"


def vault_folder(given: str | None, env: Mapping[str, str]) -> Path:
    """The folder given on the command line, else COURSENPLUS_VAULT, else the default."""
    chosen = given or env.get(VAULT_VARIABLE)
    return Path(chosen).expanduser() if chosen else default_vault_folder()


def inside_vault(path: Path, vault: Path) -> bool:
    """Whether `path` is the vault folder or lies within it (links resolved)."""
    target, folder = path.expanduser().resolve(), vault.expanduser().resolve()
    return target == folder or folder in target.parents


def check_outside_vault(path: Path, vault: Path) -> None:
    """Plaintext (documents, exports, mailing lists) never goes into the encrypted folder."""
    if inside_vault(path, vault):
        raise ValidationError(
            "out",
            N_(
                "Documents and exports are never written into the vault folder (where "
                "everything is encrypted): choose another place."
            ),
        )
