"""The program's log: a file in the user's log folder, ids only, never personal values.

A bug is logged with its type and stack (file, line, function) but without the
exception's message, which could quote a value a person typed.
"""

from __future__ import annotations

import logging
from pathlib import Path

APP_NAME = "CoursEnPlusDesk"
_logger = logging.getLogger("coursenplus_desk")


def log_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def configure_logging(folder: Path | None = None) -> None:
    """Log to a rotating file; nothing ever goes to the terminal."""
    if _logger.handlers:
        return
    _logger.setLevel(logging.INFO)
    _logger.propagate = False
    _logger.addHandler(_FileAtFirstRecord(folder))


class _FileAtFirstRecord(logging.Handler):
    """The rotating log file, made at the first record: most runs log nothing, and
    finding the folder and loading `logging.handlers` cost every start-up a few ms."""

    def __init__(self, folder: Path | None) -> None:
        super().__init__()
        self._folder = folder
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            self._file = _rotating_file(self._folder or log_folder())
        self._file.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _rotating_file(folder: Path) -> logging.Handler:
    from logging.handlers import RotatingFileHandler

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            folder / "coursenplus-desk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    return handler


def log_bug(error: BaseException, where: str) -> None:
    import traceback

    frames = "".join(traceback.format_tb(error.__traceback__))
    _logger.error("bug in %s: %s\n%s", where, type(error).__name__, frames)
