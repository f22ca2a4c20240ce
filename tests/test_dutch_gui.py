"""The windows of a French-speaking administrator for a Flemish family: what they type as a
language is kept as its code, and the form they print is Dutch by default."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui import documents
from coursenplus_desk.ui.people_view import PeopleSection
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def test_a_flemish_parent_gets_a_dutch_form(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    target = tmp_path / "formulier.pdf"
    with scripted_dialogs() as answered, language("fr"):
        window = open_window(qtbot, tmp_path)
        people = window.section("people")
        assert isinstance(people, PeopleSection)
        people.open_person(vault.guardian)
        assert people.page is not None
        identity = people.page.identity
        identity.form.edits["language"].setText("Nederlands")
        identity.save()
        assert identity.form.edits["language"].text() == "nl"  # shown as stored

        people.open_person(vault.student)  # a minor with no language of her own
        chosen: list[str] = []

        def choose(dialog: QDialog) -> bool:
            assert isinstance(dialog, documents.FormOptions)
            chosen.append(str(dialog.language.currentData()))
            dialog.kind.setCurrentIndex(dialog.kind.findData("enrollment"))
            dialog.save_button.click()  # "Save as PDF…"
            return dialog.result() == QDialog.DialogCode.Accepted

        answered.expect(choose)
        answered.paths.append(target)
        assert people.page is not None
        people.page.print_button.click()
        assert chosen == ["nl"]
        text = " ".join(page.extract_text() for page in PdfReader(target).pages)
        assert "Inschrijvingsformulier" in text and "Gegevensbeschermingsautoriteit" in text
        window.close()
