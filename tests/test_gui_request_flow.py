"""Requests answered end to end in the windows, as an administrator does it: only widgets.

The test bodies click buttons, fill dialogs and read what the windows show; the
replies are real PDFs read back with pypdf.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui.request_dialogs import NewRequestDialog, VerifyIdentityDialog
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import badge, open_window, vault_with_a_past
from tests.request_gui_support import (
    Opened,
    accept,
    click_next,
    open_page_of,
    opened,
    pick_first_found,
    reply_in,
    requests_section,
    search,
    shown_row,
    take,
    text_of,
    verify_identity,
)

__all__ = ["opened"]

pytestmark = OFFSCREEN_NOISE


def test_an_access_request_from_the_letter_to_the_pdf_reply(
    qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    vault_with_a_past(tmp_path / "vault")
    reply = tmp_path / "reply.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        requests = requests_section(window)
        assert badge(window, "requests") == "Requests (2, 1 late)"

        # Registration: whose data, then the letter of the guardian.
        answered.expect(pick_first_found(qtbot, "zoe"))

        def letter(dialog: QDialog) -> bool:
            assert isinstance(dialog, NewRequestDialog)
            dialog.kind.setCurrentIndex(dialog.kind.findData("access"))
            dialog.channel.setCurrentIndex(dialog.channel.findData("letter"))
            dialog.requester.setCurrentIndex(1)  # her father
            dialog.received.setText("20/11/2026")
            return accept(dialog)

        answered.expect(letter)
        QTest.mouseClick(requests.new_button, Qt.MouseButton.LeftButton)
        row = shown_row(requests)
        assert row[1:] == ["Zoë Dąbrowski", "access to the data", "20/11/2026",
                           "20/12/2026", "received"]  # fmt: skip
        assert "Asked by Łukasz Dąbrowski." in requests.details.text()
        assert badge(window, "requests") == "Requests (3, 1 late)"

        answered.expect(verify_identity)
        click_next(qtbot, requests.file, "Record the identity check…")
        assert "Identity checked on 22/11/2026: letter signed, identity card seen" in (
            requests.details.text()
        )
        assert shown_row(requests)[5] == "in progress"

        answered.expect(reply_in("fr"))
        answered.paths.append(reply)
        answered.expect(take("print"))
        previews: list[str] = []

        def preview(dialog: QDialog) -> bool:
            previews.append(dialog.windowTitle())
            return False  # the preview is closed without printing

        answered.expect(preview)
        click_next(qtbot, requests.file, "Produce the access reply (PDF)…")
        assert previews == ["Print: reply"]  # the print preview of the saved reply
        assert opened == []  # printed by the program itself, not by another viewer
        text = text_of(reply)
        for expected in ("Zoë", "Dąbrowski", "Mathématiques", "Maths 6e", "2014"):
            assert expected in text
        assert "Document: reply.pdf (SHA-256" in requests.details.text()

        click_next(qtbot, requests.file, "Close the request")
        assert answered.messages[-1][0] == "confirm"
        assert requests.selected_request_id() is None  # the open requests no longer show it
        requests.show_filter.setCurrentIndex(requests.show_filter.findData("all"))
        requests.table.selectRow(requests.model.rowCount() - 1)
        assert shown_row(requests)[5] == "answered"
        assert requests.details.text().splitlines()[-1] == "Next step: Nothing left to do."
        assert not requests.file.next_button.isVisible()
        assert badge(window, "requests") == "Requests (2, 1 late)"
        assert [text for kind, text in answered.messages if kind == "warn"] == []
        window.close()


def test_an_erasure_request_from_the_person_page_leaves_nobody(
    qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    vault_with_a_past(tmp_path / "vault")
    certificate = tmp_path / "certificate.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        people = open_page_of(qtbot, window, "zoe")
        page = people.page
        assert page is not None
        page.tabs.setCurrentWidget(page.requests)

        def erasure(dialog: QDialog) -> bool:
            assert isinstance(dialog, NewRequestDialog)
            dialog.kind.setCurrentIndex(dialog.kind.findData("erasure"))
            dialog.requester.setCurrentIndex(1)
            return accept(dialog)

        answered.expect(erasure)
        QTest.mouseClick(page.requests.new_button, Qt.MouseButton.LeftButton)
        file = page.requests.file
        answered.expect(verify_identity)
        click_next(qtbot, file, "Record the identity check…")

        click_next(qtbot, file, "Erase the data…")
        preview = [text for kind, text in answered.messages if kind == "confirm"][-1]
        assert preview.splitlines() == [
            "Erase the data of Zoë Dąbrowski.",
            "Nothing has to be kept: everything is erased now, and only this request's file "
            "stays, as proof that it was answered. This cannot be undone.",
        ]
        assert answered.messages[-1] == (
            "inform", "Request 3 is carried out. Next: produce the reply."
        )  # fmt: skip
        assert people.page is None  # her page went with her
        people.list.status_filter.setCurrentIndex(people.list.status_filter.count() - 1)
        search(qtbot, people.list, "zoe")
        assert people.list.model.total() == 0

        requests = requests_section(window)
        requests.select_request(3)
        assert shown_row(requests)[1] == "—"
        answered.expect(reply_in("en"))
        answered.paths.append(certificate)
        answered.expect(take("folder"))
        click_next(qtbot, requests.file, "Produce the erasure certificate (PDF)…")
        assert opened == [("folder", tmp_path)]
        text = text_of(certificate)
        assert "Erasure certificate" in text and "Dear Łukasz Dąbrowski" in text
        assert "personal data of Zoë Dąbrowski" in text and "Nothing is kept." in text
        click_next(qtbot, requests.file, "Close the request")
        requests.show_filter.setCurrentIndex(requests.show_filter.findData("closed"))
        assert [r.request.id for r in requests.model.rows] == [3]
        window.close()


def test_a_step_refused_by_the_rules_says_why_and_changes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        requests = requests_section(window)
        requests.table.selectRow(0)
        before = requests.details.text()

        def too_early(dialog: QDialog) -> bool:
            assert isinstance(dialog, VerifyIdentityDialog)
            dialog.checked_on.setText("01/01/2020")
            return accept(dialog)

        answered.expect(too_early)
        click_next(qtbot, requests.file, "Record the identity check…")
        assert answered.messages == [("warn", "The identity cannot be checked before the request.")]
        assert requests.details.text() == before
        window.close()
