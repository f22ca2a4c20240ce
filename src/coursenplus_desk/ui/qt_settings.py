"""Window geometry, layout and last section (QSettings): never personal data.

Everything about the association lives in the encrypted vault instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANISATION = "CoursEnPlus"
APPLICATION = "CoursEnPlusDesk"


def window_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def load_bytes(key: str) -> QByteArray | None:
    value = window_settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def load_text(key: str, default: str = "") -> str:
    value = window_settings().value(key, default)
    return value if isinstance(value, str) else default


def save(key: str, value: QByteArray | str) -> None:
    settings = window_settings()
    settings.setValue(key, value)
    settings.sync()
    _private(Path(settings.fileName()))


def _private(path: Path) -> None:
    """Readable by this user only, as every file the program writes (Qt follows the umask)."""
    if os.name == "posix" and path.is_file():
        path.chmod(0o600)
