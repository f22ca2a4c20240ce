"""The program's log: a file in the user's log folder, ids only, never personal values.

A bug is logged with its type and stack (file, line, function) but without the
exception's message, which could quote a value a person typed.
"""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "CoursEnPlusDesk"
_logger = logging.getLogger("coursenplus_desk")


def log_folder() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def configure_logging(folder: Path | None = None) -> None:
    """Log to a rotating file; nothing ever goes to the terminal."""
    if _logger.handlers:
        return
    _logger.setLevel(logging.INFO)
    _logger.propagate = False
    try:
        target = folder or log_folder()
        target.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = PrivateFileHandler(
            target / "coursenplus-desk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    except OSError:
        handler = logging.NullHandler()
    _logger.addHandler(handler)


class PrivateFileHandler(RotatingFileHandler):
    """The log file, and each rotated one, readable by the user only (mode 0600)."""

    def __init__(self, filename: Path, **options: Any) -> None:
        super().__init__(filename, **options)
        self._private()

    def doRollover(self) -> None:
        super().doRollover()
        self._private()

    def _private(self) -> None:
        if os.name == "posix" and Path(self.baseFilename).exists():
            Path(self.baseFilename).chmod(0o600)


def log_bug(error: BaseException, where: str) -> None:
    frames = "".join(traceback.format_tb(error.__traceback__))
    _logger.error("bug in %s: %s\n%s", where, type(error).__name__, frames)
