"""The menus' places for a mailing list (File) and the students coming of age (People)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.consent import Grant
from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.ui.coming_of_age import ComingOfAgeDialog
from coursenplus_desk.ui.mailing_list import MailingListDialog
from coursenplus_desk.ui.saved_document import SavedDocument
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    gui_context,
    language,
    scripted_dialogs,
)
from tests.gui_wiring_support import open_window, vault_with_a_past

pytestmark = OFFSCREEN_NOISE


def test_a_mailing_list_of_confirmed_consents_and_the_students_coming_of_age(
    qtbot: QtBot, tmp_path: Path
) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    context = gui_context(tmp_path)
    with open_workspace(context.folder, PASSPHRASE, context.clock) as workspace:
        workspace.people.update(
            vault.guardian,
            PersonDraft("Łukasz", "Dąbrowski", roles=("guardian",), email="lukasz@example.org"),
        )
        workspace.consent.grant(
            Grant(vault.guardian, "newsletter", "2026-11-01", "email", confirmed_on="2026-11-02")
        )
        almost = workspace.people.add(
            PersonDraft("Eva", "Majeure", roles=("student",), birth_date="2008-12-05"),
            (vault.guardian,),
        )
        workspace.consent.grant(Grant(almost, "photos", "2026-09-01", "form",
                                      given_by_id=vault.guardian))  # fmt: skip
    target = tmp_path / "newsletter"
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)

        def newsletter(dialog: QDialog) -> bool:
            assert isinstance(dialog, MailingListDialog)
            dialog.purpose.setCurrentIndex(dialog.purpose.findData("newsletter"))
            return True

        def close(dialog: QDialog) -> bool:
            assert isinstance(dialog, SavedDocument)
            assert not dialog.print_button.isVisibleTo(dialog)
            return False

        answered.expect(newsletter)
        answered.paths.append(target)
        answered.expect(close)
        window.more.mailing.trigger()
        saved = tmp_path / "newsletter.csv"
        assert answered.messages[-1] == ("inform", f"1 recipient written to {saved}.")
        lines = saved.read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) == 2 and lines[1].startswith("lukasz@example.org,")

        def coming(dialog: QDialog) -> bool:
            assert isinstance(dialog, ComingOfAgeDialog)
            model = dialog.model
            shown = [[model.index(0, c).data() for c in range(3)]]
            assert shown == [["Eva Majeure", "05/12/2026", "photos"]]
            return False

        answered.expect(coming)
        window.more.coming_of_age.trigger()
        assert answered.handlers == []
        window.close()
