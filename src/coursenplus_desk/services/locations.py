"""Where the program keeps its vault by default: shared by the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

APP_NAME = "CoursEnPlusDesk"
VAULT_VARIABLE = "COURSENPLUS_VAULT"


def default_vault_folder() -> Path:
    import platformdirs  # its platform module costs a start-up that names no folder

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "vault"


def vault_folder(given: str | None, env: Mapping[str, str]) -> Path:
    """The folder given on the command line, else COURSENPLUS_VAULT, else the default."""
    chosen = given or env.get(VAULT_VARIABLE)
    return Path(chosen).expanduser() if chosen else default_vault_folder()
