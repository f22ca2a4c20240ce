"""The log file is made at its first record, in the folder given, and holds no message text."""

from __future__ import annotations

from pathlib import Path

from coursenplus_desk import logs


def test_a_bug_is_logged_to_a_file_made_at_its_first_record(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    handler = logs._FileAtFirstRecord(folder)
    saved = logs._logger.handlers[:]
    logs._logger.handlers = [handler]
    try:
        assert not folder.exists()  # a run that logs nothing writes nothing
        typed = "Zoë Wałęsa"
        try:
            raise ValueError(typed)
        except ValueError as error:
            logs.log_bug(error, where="command person")
        handler.flush()
        written = (folder / "coursenplus-desk.log").read_text(encoding="utf-8")
    finally:
        logs._logger.handlers = saved
        handler.close()
    assert "bug in command person: ValueError" in written
    assert "test_logs.py" in written  # the stack's files and lines
    assert "Zoë" not in written  # never the message, which may quote what a person typed
