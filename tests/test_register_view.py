"""The Register section with real widgets (offscreen) over a real vault."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.retention import Category
from coursenplus_desk.i18n import set_language
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.ui.register_forms import qt_moment
from coursenplus_desk.ui.register_view import RegisterView
from tests.fast_kdf import FAST_KDF
from tests.test_register_documents import flat, html_text


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    set_language("en")
    clock = FixedClock.on(date(2026, 11, 22))
    with create_workspace(
        tmp_path / "vault", "correct horse battery", clock, kdf=FAST_KDF
    ) as opened:
        yield opened
    set_language("fr")


@pytest.fixture
def view(qtbot: QtBot, workspace: Workspace) -> RegisterView:
    widget = RegisterView(workspace)
    qtbot.addWidget(widget)
    widget.language.setCurrentIndex(widget.language.findData("en"))
    return widget


def test_the_preview_is_the_notice_and_follows_edits(view: RegisterView) -> None:
    assert "5 years after the last contact" in view.preview.toPlainText()
    editor = view.activities
    assert editor.list.count() == 6
    editor.list.setCurrentRow(2)
    name = editor.fields["name"]
    assert isinstance(name, QLineEdit) and name.text() == "Accounting"
    recipients = editor.fields["recipients"]
    assert isinstance(recipients, QPlainTextEdit)
    recipients.setPlainText("Fiduciaire <Dupont> & fils")
    assert editor.save()
    stored = view.workspace.register.activity(3)
    assert stored.recipients == "Fiduciaire <Dupont> & fils"
    assert stored.purpose == "Keeping the association's accounts: fees, payments and invoices."
    assert "Fiduciaire <Dupont> & fils" in view.preview.toPlainText()

    editor.retention.setCurrentIndex(editor.retention.findData(Category.PROSPECT.value))
    assert editor.save()
    assert view.workspace.register.activity(3).retention is Category.PROSPECT


def test_an_invalid_edit_shows_its_message_and_writes_nothing(view: RegisterView) -> None:
    editor = view.activities
    editor.list.setCurrentRow(0)
    name = editor.fields["name"]
    assert isinstance(name, QLineEdit)
    name.setText("Renamed")
    purpose = editor.fields["purpose"]
    assert isinstance(purpose, QPlainTextEdit)
    purpose.setPlainText("   ")
    assert not editor.save()
    assert editor.message.text() == "This field is required."
    assert view.workspace.register.activity(1).name.startswith("Organising courses")


def test_breaches_are_recorded_and_reminded(view: RegisterView) -> None:
    breaches = view.breaches
    breaches.discovered.setDateTime(qt_moment(datetime(2026, 11, 21, 9, 0, tzinfo=UTC)))
    breaches.fields["nature"].setText("Laptop stolen")
    breaches.fields["not_told_reason"].setText("Encrypted vault, key not compromised")
    breach_id = breaches.add()
    assert breach_id is not None
    assert breaches.table.rowCount() == 1
    assert "Laptop stolen" in breaches.reminder.text()
    assert "within 45 h" in breaches.reminder.text()

    breaches.table.selectRow(0)
    breaches.fields["notified_on"].setText("2026-11-22")
    assert breaches.update_selected()
    assert breaches.reminder.text() == ""
    assert view.workspace.breaches.breach(breach_id).notified_on == date(2026, 11, 22)

    breaches.fields["nature"].setText("")
    assert breaches.add() is None
    assert breaches.message.text() == "Describe the nature of the breach."


def test_settings_and_documents_are_saved_in_the_chosen_language(
    view: RegisterView, tmp_path: Path
) -> None:
    view.settings.fields["name"].setText("asbl Cours en Plus")
    view.settings.save_button.click()
    assert view.workspace.settings.organisation().name == "asbl Cours en Plus"
    assert "asbl Cours en Plus" in view.preview.toPlainText()

    view.language.setCurrentIndex(view.language.findData("fr"))
    assert "Politique de confidentialité" in view.preview.toPlainText()
    assert view.save_register(tmp_path / "registre.pdf")
    assert "Registre des activités de traitement" in flat(
        text_of((tmp_path / "registre.pdf").read_bytes())
    )
    assert view.save_notice(tmp_path / "notice.html")
    assert "Qui sommes-nous" in html_text((tmp_path / "notice.html").read_bytes())
    assert not view.save_notice(tmp_path / "notice.txt")
    assert ".html" in view.status.text()
    saved = [
        str(e.details["kind"])
        for e in view.workspace.audit.store.events()
        if e.action == "register.document"
    ]
    assert sorted(saved) == ["notice.html", "register"]
