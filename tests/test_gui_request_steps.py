"""Each step of a request from its buttons: corrections, extension, notes, refusal, the other
kinds carried out after their preview, a portability archive, and what a legal hold stops."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.requests import RequestStep
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.request_dialogs import (
    ExtendDialog,
    NewRequestDialog,
    NoteDialog,
    RectifyDialog,
    RefuseDialog,
)
from coursenplus_desk.ui.request_file import RequestFile
from coursenplus_desk.ui.saved_document import SavedDocument
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    ScriptedDialogs,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import open_window, vault_with_a_past
from tests.request_gui_support import (
    Opened,
    accept,
    click_next,
    open_page_of,
    opened,
    reply_in,
    requests_section,
    shown_row,
    take,
    text_of,
    verify_identity,
)

__all__ = ["opened"]

pytestmark = OFFSCREEN_NOISE


def confirmations(answered: ScriptedDialogs) -> list[str]:
    return [text for kind, text in answered.messages if kind == "confirm"]


def informed(answered: ScriptedDialogs) -> list[str]:
    return [text for kind, text in answered.messages if kind == "inform"]


def visible_steps(file: RequestFile) -> list[str]:
    return [b.text() for b in [file.next_button, *file.buttons.values()] if b.isVisible()]


def new_request_on_page(window: MainWindow, qtbot: QtBot, answered: ScriptedDialogs,
                        name: str, kind: str) -> RequestFile:  # fmt: skip
    people = open_page_of(qtbot, window, name)
    assert people.page is not None
    people.page.tabs.setCurrentWidget(people.page.requests)

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, NewRequestDialog)
        dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
        return accept(dialog)

    answered.expect(fill)
    people.page.requests.new_button.click()
    answered.expect(verify_identity)
    click_next(qtbot, people.page.requests.file, "Record the identity check…")
    return people.page.requests.file


def test_corrections_show_the_old_and_the_new_values(
    qtbot: QtBot, tmp_path: Path, opened: Opened
) -> None:
    vault_with_a_past(tmp_path / "vault")
    letter = tmp_path / "corrected.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        requests = requests_section(window)
        requests.table.selectRow(1)  # the guardian's rectification, received on 20/11
        assert shown_row(requests)[2] == "rectification of the data"
        answered.expect(verify_identity)
        click_next(qtbot, requests.file, "Record the identity check…")

        def correct(dialog: QDialog) -> bool:
            assert isinstance(dialog, RectifyDialog)
            assert dialog.new_value("family_name").text() == "Dąbrowski"
            dialog.new_value("family_name").setText("Dąbrowski-Nowak")
            dialog.new_value("email").setText("lukasz@example.org")
            return accept(dialog)

        answered.expect(correct)
        click_next(qtbot, requests.file, "Apply the corrections…")
        assert confirmations(answered)[-1].splitlines() == [
            f"Correct these values of request {requests.selected_request_id()}?",
            "Family name: “Dąbrowski” → “Dąbrowski-Nowak”",
            "E-mail: “—” → “lukasz@example.org”",
        ]
        lines = requests.details.text().splitlines()
        assert "Corrected: Family name, “Dąbrowski” → “Dąbrowski-Nowak”" in lines
        assert "Corrected: E-mail, “—” → “lukasz@example.org”" in lines
        assert shown_row(requests)[1] == "Łukasz Dąbrowski-Nowak"

        answered.expect(reply_in("en"))
        answered.paths.append(letter)
        answered.expect(take("print"))
        previews: list[str] = []

        def preview(dialog: QDialog) -> bool:
            previews.append(dialog.windowTitle())
            return False  # closed without printing

        answered.expect(preview)
        click_next(qtbot, requests.file, "Produce the confirmation letter (PDF)…")
        assert "lukasz@example.org" in text_of(letter)
        assert previews == ["Print: corrected"]  # the program's own print preview
        assert opened == []
        window.close()


def test_an_extension_a_note_and_a_refusal(qtbot: QtBot, tmp_path: Path, opened: Opened) -> None:
    vault_with_a_past(tmp_path / "vault")
    refusal = tmp_path / "refusal.pdf"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        requests = requests_section(window)
        requests.table.selectRow(0)  # received on 01/10: too late to extend
        assert "Extend the deadline…" not in visible_steps(requests.file)
        requests.table.selectRow(1)
        assert visible_steps(requests.file) == [
            "Record the identity check…", "Ask for proof of identity", "Extend the deadline…",
            "Refuse…", "Add a note…",
        ]  # fmt: skip

        def two_months(dialog: QDialog) -> bool:
            assert isinstance(dialog, ExtendDialog)
            assert dialog.months.count() == 2
            dialog.months.setCurrentIndex(1)
            dialog.reason.setPlainText("Many requests at once after the newsletter.")
            return accept(dialog)

        answered.expect(two_months)
        requests.file.take(step_named(requests.file, "Extend the deadline…"))
        assert informed(answered)[-1] == "The reply is now due on 20/02/2027."
        assert shown_row(requests)[4] == "20/02/2027"
        assert "Extend the deadline…" not in visible_steps(requests.file)

        def note(dialog: QDialog) -> bool:
            assert isinstance(dialog, NoteDialog)
            dialog.note_text.setPlainText("Phoned him: he will send the corrections in writing.")
            return accept(dialog)

        answered.expect(note)
        requests.file.take(step_named(requests.file, "Add a note…"))
        assert "Note: Phoned him: he will send the corrections in writing." in (
            requests.details.text().splitlines()
        )

        def refuse(dialog: QDialog) -> bool:
            assert isinstance(dialog, RefuseDialog)
            dialog.reason.setPlainText("The fourth identical request this month.")
            return accept(dialog)

        answered.expect(refuse)
        answered.paths.append(refusal)
        answered.expect(take("folder"))
        requests.file.take(step_named(requests.file, "Refuse…"))
        qtbot.waitUntil(lambda: opened != [], timeout=30_000)
        assert "The fourth identical request this month." in text_of(refusal)
        assert requests.selected_request_id() is None  # refused: no longer open
        requests.show_filter.setCurrentIndex(requests.show_filter.findData("closed"))
        assert [row.request.status.value for row in requests.model.rows] == ["refused"]
        window.close()


def step_named(file: RequestFile, text: str) -> RequestStep:
    return next(step for step, made in file.buttons.items() if made.text() == text)


def test_restriction_objection_and_withdrawal_say_what_they_do(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        for kind, button, preview in (  # restricted last: she then leaves the People list
            ("objection", "Record the objection…", "Record the objection of Zoë Dąbrowski:"),
            ("withdraw-consent", "Withdraw the consents…",
             "Zoë Dąbrowski has no consent still given"),
            ("restriction", "Restrict the data…", "Restrict the data of Zoë Dąbrowski: it is kept"),
        ):  # fmt: skip
            file = new_request_on_page(window, qtbot, answered, "zoe", kind)
            click_next(qtbot, file, button)
            assert confirmations(answered)[-1].startswith(preview)
            assert informed(answered)[-1].endswith("is carried out. Next: produce the reply.")
            assert file.next_button.text() == "Produce the confirmation letter (PDF)…"
        people = window.section("people")
        assert isinstance(people, PeopleSection) and people.page is not None
        assert "restricted" in people.page.title.text()
        window.close()


def test_portability_gives_an_archive_to_open(qtbot: QtBot, tmp_path: Path, opened: Opened) -> None:
    vault_with_a_past(tmp_path / "vault")
    archive = tmp_path / "data"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        file = new_request_on_page(window, qtbot, answered, "zoe", "portability")

        def open_it(dialog: QDialog) -> bool:
            assert isinstance(dialog, SavedDocument)
            assert not dialog.print_button.isVisibleTo(dialog)  # a ZIP is not printed
            dialog.open_button.click()
            return True

        answered.expect(reply_in("en"))
        answered.paths.append(archive)
        answered.expect(open_it)
        click_next(qtbot, file, "Produce the data archive (ZIP)…")
        saved = tmp_path / "data.zip"
        assert opened == [("viewer", saved)]
        with zipfile.ZipFile(saved) as opened_zip:
            names = opened_zip.namelist()
            document = json.loads(opened_zip.read(next(n for n in names if n.endswith(".json"))))
        assert "Zoë" in json.dumps(document, ensure_ascii=False)
        window.close()


def test_an_erasure_preview_lists_what_the_law_keeps_and_a_hold_stops_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    context = gui_context(tmp_path)
    with open_workspace(context.folder, PASSPHRASE, context.clock) as workspace:
        workspace.records.add_payment(vault.student, "45", "2026-09-15", purpose="first term")
        workspace.retention.place_hold(vault.old_ones[0], "a claim before the court")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        file = new_request_on_page(window, qtbot, answered, "zoe", "erasure")
        answered.answers.append(False)  # read the preview, then step back
        click_next(qtbot, file, "Erase the data…")
        assert confirmations(answered)[-1].splitlines() == [
            "Erase the data of Zoë Dąbrowski.",
            "Kept, restricted, because the law requires it:",
            "financial records (payments): 1 record until 31/12/2036 "
            "(accounting and tax obligation)",
            "Everything else is erased now. This cannot be undone.",
        ]
        assert file.next_button.text() == "Erase the data…"  # nothing was done

        held = new_request_on_page(window, qtbot, answered, "ada old", "erasure")
        click_next(qtbot, held, "Erase the data…")
        assert answered.messages[-1] == (
            "warn",
            "Ada Old is under a legal hold: nothing is erased until the hold is lifted "
            "(person's page, Identity tab).",
        )
        assert held.next_button.text() == "Erase the data…"
        window.close()
