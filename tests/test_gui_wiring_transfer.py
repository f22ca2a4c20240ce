"""File menu: the import assistant refreshes the people list; the export runs in the background."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui import background
from coursenplus_desk.ui.import_wizard import ImportWizard
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE

CSV = "Nom;Prénom;Date de naissance\nNguyen;Anh;03/09/2015\nPeeters;Élodie;12/01/2013\n"


def people_total(window: MainWindow) -> int:
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    return people.list.model.total()


def test_import_from_the_file_menu_refreshes_the_list(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    source = tmp_path / "people.csv"
    source.write_text(CSV, encoding="utf-8")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        before = people_total(window)
        assert window.import_action.isEnabled()

        def run_assistant(dialog: QDialog) -> bool:
            assert isinstance(dialog, ImportWizard)
            dialog.file_page.path_edit.setText(str(source))
            dialog.restart()
            dialog.next()
            dialog.next()
            dialog.next()
            assert dialog.currentPage() is dialog.run_page
            dialog.run_page.start_button.click()
            assert dialog.report is not None and dialog.report.created == 2
            return True

        answered.expect(run_assistant)
        window.import_action.trigger()
        assert not answered.handlers  # the assistant was shown
        assert people_total(window) == before + 2
        window.close()


def test_cancelled_import_changes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        before = people_total(window)
        answered.expect(lambda dialog: False)
        window.import_action.trigger()
        assert people_total(window) == before
        window.close()


def test_export_everything_in_the_background(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    out = tmp_path / "out" / "everything"
    out.parent.mkdir()
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        answered.paths.append(out)
        window.export_action.trigger()
        qtbot.waitUntil(lambda: not background.is_busy(), timeout=30_000)
        archive = out.with_name("everything.zip")
        assert archive.is_file()
        with zipfile.ZipFile(archive) as opened:
            people = opened.read("people.csv").decode("utf-8-sig")
            manifest = json.loads(opened.read("export.json"))
        assert "Łukasz" in people and "Zoë" in people
        assert len(manifest["tables"]["people"]) == 4
        assert answered.messages[-1] == (
            "inform",
            f"Exported 4 people and their records into {archive}.",
        )
        assert window.workspace is not None
        assert window.workspace.audit_trail.events(limit=5)[0].action in {"export.all"}
        window.close()


def test_export_cancelled_at_the_file_dialog_writes_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        window.export_action.trigger()
        assert not background.is_busy()
        assert answered.messages == [("save", "Export everything")]
        window.close()
