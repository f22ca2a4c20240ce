"""One log setup: the command line and the desktop program write each line once."""

from __future__ import annotations

import logging
from pathlib import Path

from coursenplus_desk import logs


def test_the_desktop_program_uses_the_one_log_setup() -> None:
    from coursenplus_desk.ui import app

    assert vars(app)["configure_logging"] is logs.configure_logging


def test_a_second_setup_adds_no_second_handler(tmp_path: Path) -> None:
    logger = logging.getLogger("coursenplus_desk")
    saved = logger.handlers[:]
    for handler in saved:
        logger.removeHandler(handler)
    try:
        logs.configure_logging(tmp_path)
        logs.configure_logging(tmp_path)  # the GUI starts through the CLI's main: twice
        logger.info("one line")
        for handler in logger.handlers:
            handler.flush()
        text = (tmp_path / "coursenplus-desk.log").read_text(encoding="utf-8")
        assert text.count("one line") == 1
        assert len(logger.handlers) == 1
    finally:
        for handler in logger.handlers[:]:
            handler.close()
            logger.removeHandler(handler)
        for handler in saved:
            logger.addHandler(handler)
