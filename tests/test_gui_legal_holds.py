"""Legal holds from the windows: placed and lifted on the person's page, listed in Retention."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui.legal_holds import HoldDialog, HoldsDialog
from coursenplus_desk.ui.retention_view import RetentionView
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import badge, open_window, vault_with_a_past
from tests.request_gui_support import accept, open_page_of

pytestmark = OFFSCREEN_NOISE


def test_a_hold_keeps_an_overdue_person_until_it_is_lifted(qtbot: QtBot, tmp_path: Path) -> None:
    vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs() as answered, language("en"):
        window = open_window(qtbot, tmp_path)
        assert badge(window, "retention") == "Retention (2)"
        people = open_page_of(qtbot, window, "ada old")
        assert people.page is not None
        box = people.page.identity.retention
        assert box.hold_button.isVisibleTo(box) and not box.lift_button.isVisibleTo(box)

        def hold(dialog: QDialog) -> bool:
            assert isinstance(dialog, HoldDialog)
            dialog.reason.setPlainText("Claim before the labour court, case 26/1234")
            return accept(dialog)

        answered.expect(hold)
        box.hold_button.click()
        assert box.label.text().splitlines()[0] == (
            "Under a legal hold since 22/11/2026: Claim before the labour court, case 26/1234. "
            "Nothing is erased."
        )
        assert box.lift_button.isVisibleTo(box) and not box.hold_button.isVisibleTo(box)
        assert badge(window, "retention") == "Retention (1)"

        retention = window.section("retention")
        assert isinstance(retention, RetentionView)

        def lift(dialog: QDialog) -> bool:
            assert isinstance(dialog, HoldsDialog)
            assert dialog.model.index(0, 0).data() == "Ada Old"
            dialog.view.selectRow(0)
            dialog.lift_button.click()
            assert dialog.model.rowCount() == 0
            return True

        answered.expect(lift)
        retention.holds_button.click()
        assert answered.messages[-1] == (
            "confirm", "Lift the legal hold on Ada Old? Their retention dates run again."
        )  # fmt: skip
        assert badge(window, "retention") == "Retention (2)"
        window.close()
