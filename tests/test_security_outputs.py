"""Plaintext (exports, documents, mailing lists) is never written inside the vault folder,
in the CLI and in the GUI; backups there were already refused."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from coursenplus_desk.ui import background
from tests.conftest import CliRunner
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import open_window, vault_with_a_past


def test_no_plaintext_output_inside_the_vault_folder(
    initialised_cli: CliRunner, vault_dir: Path
) -> None:
    for argv in (
        ("export", "all", "--out", str(vault_dir / "everything.zip")),
        ("export", "mailing-list", "--purpose", "newsletter", "--out", str(vault_dir / "m.csv")),
        ("backup", "create", "--out", str(vault_dir / "copy.cpbackup")),
        ("export", "all", "--out", str(vault_dir / "sub" / ".." / "x.zip")),
    ):
        result = initialised_cli(*argv)
        assert result.code == 1 and "vault folder" in result.err, argv
        assert result.err.count("\n") == 1
    assert sorted(p.name for p in vault_dir.iterdir()) == [
        "keyslots.json",
        "records.db",
        "vault.lock",
    ]


@OFFSCREEN_NOISE
def test_the_gui_refuses_to_save_an_export_inside_the_vault(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    outside = tmp_path / "out.zip"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        answered.paths.extend([tmp_path / "vault" / "inside.zip", outside])
        window.export_action.trigger()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        assert any("vault folder" in text for kind, text in answered.messages if kind == "warn")
        assert outside.is_file() and not (tmp_path / "vault" / "inside.zip").exists()
        window.close()
