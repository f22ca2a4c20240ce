"""The import assistant, driven as a person would, against a real vault (Qt offscreen)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWizard
from pytestqt.qtbot import QtBot

from coursenplus_desk.i18n import set_language
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui.import_preview import ERROR_COLOUR
from coursenplus_desk.ui.import_wizard import ImportWizard
from tests.import_support import audit_count, new_workspace, snapshot

CSV = (
    "Nom;Prénom;Date de naissance;GSM;Nom parent 1;Prénom parent 1;Infos\n"
    "Dupont;Zoë;22/11/2015;0470 12 34 56;Dupont;Marie;x\n"
    "Martin;Tom;31/02/2014;abc;;;y\n"
    "Peeters;Anna;2016-01-02;;Peeters;Jan;z\n"
)


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    set_language("en")
    with new_workspace(tmp_path / "vault") as opened:
        yield opened


def open_wizard(qtbot: QtBot, workspace: Workspace, path: Path) -> ImportWizard:
    wizard = ImportWizard(workspace)
    qtbot.addWidget(wizard)
    wizard.file_page.path_edit.setText(str(path))
    return wizard


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def test_a_file_that_cannot_be_read_stays_on_the_first_page(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, workspace, tmp_path / "missing.csv")
    wizard.restart()
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "missing.csv" in wizard.file_page.error_label.text()


def test_choose_map_preview_and_import(qtbot: QtBot, workspace: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, workspace, path)
    wizard.restart()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    boxes = wizard.mapping_page.boxes
    assert [box.currentData() for box in boxes] == [
        "family_name", "given_name", "birth_date", "phone",
        "guardian1.family_name", "guardian1.given_name", None,
    ]  # fmt: skip
    boxes[6].setCurrentIndex(boxes[6].findData("notes"))  # the person corrects one column
    wizard.next()
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    table = preview.table
    assert table.rowCount() == 3
    assert cell(table, 1, 1).text() == "refused"
    date_cell, phone_cell = cell(table, 1, 5), cell(table, 1, 6)
    assert date_cell.background().color() == ERROR_COLOUR
    assert "31/02/2014" in date_cell.toolTip()
    assert "31/02/2014" in cell(table, 1, 2).text()  # the reason in sight, not only on hover
    assert phone_cell.background().color() == ERROR_COLOUR
    assert cell(table, 0, 5).background().color() != ERROR_COLOUR
    assert not preview.isComplete()  # refused rows: the person must choose to leave them out
    assert preview.refused_note.isVisibleTo(preview)  # and is told why "Next" waits
    rejected = tmp_path / "refused.csv"
    preview.save_rejected(rejected)
    assert "Martin" in rejected.read_text(encoding="utf-8-sig")
    preview.skip_box.setChecked(True)
    assert preview.isComplete()
    wizard.next()
    run = wizard.run_page
    assert wizard.currentPage() is run and not run.isComplete()
    run.start_button.click()
    assert run.isComplete()
    assert run.progress.value() == run.progress.maximum() > 0
    assert "4 people created" in run.status_label.text()
    assert workspace.db.scalar("SELECT count(*) FROM person") == 4
    assert workspace.db.scalar("SELECT notes FROM person WHERE given_name = 'Zoë'") == "x"
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_stopping_the_import_writes_nothing(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(CSV.replace("31/02/2014;abc", "01/02/2014;"), encoding="utf-8")
    wizard = open_wizard(qtbot, workspace, path)
    wizard.restart()
    wizard.next()
    wizard.next()
    assert wizard.preview_page.isComplete()
    wizard.next()
    run = wizard.run_page
    run_events, before = audit_count(workspace), snapshot(workspace)
    QTimer.singleShot(0, run.cancel_button.click)  # pressed while the import runs
    run.start_button.click()
    assert "cancelled" in run.status_label.text()
    assert not run.isComplete()
    assert snapshot(workspace) == before
    assert audit_count(workspace) == run_events
    assert run.start_button.isEnabled()


def test_a_mapping_without_names_is_refused_on_its_page(
    qtbot: QtBot, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8")
    wizard = open_wizard(qtbot, workspace, path)
    wizard.restart()
    wizard.next()
    wizard.mapping_page.boxes[1].setCurrentIndex(0)  # "(not imported)" for Prénom
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert "given name" in wizard.mapping_page.error_label.text()
