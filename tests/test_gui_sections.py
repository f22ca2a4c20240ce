"""The sidebar's registry: a later feature replaces a placeholder with one entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from coursenplus_desk.i18n import N_
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import sections
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.placeholder import Placeholder
from coursenplus_desk.ui.sections import Section
from tests.gui_support import (
    OFFSCREEN_NOISE,
    PASSPHRASE,
    demo_workspace,
    finish_unlock,
    gui_context,
    language,
    scripted_dialogs,
)

pytestmark = OFFSCREEN_NOISE


class RetentionView(QLabel):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(f"{len(workspace.people.ids(PeopleQuery()))} people")


@pytest.fixture
def registry() -> Iterator[list[Section]]:
    saved = list(sections.SECTIONS)
    try:
        yield sections.SECTIONS
    finally:
        sections.SECTIONS[:] = saved


def open_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    demo_workspace(tmp_path / "vault", people=10).close()
    window = MainWindow(gui_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.unlock_screen.passphrase.setText(PASSPHRASE)
    window.unlock_screen.unlock()
    finish_unlock(qtbot, window.unlock_screen)
    return window


def test_placeholders_say_what_will_be_there(
    qtbot: QtBot, tmp_path: Path, registry: list[Section]
) -> None:
    sections.register(
        Section(
            "later",
            N_("Later"),
            sections.Icon.SP_DriveFDIcon,
            sections.placeholder(N_("Later"), N_("Something else.")),
        )
    )
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        for key in ("later",):
            widget = window.section(key)
            assert isinstance(widget, Placeholder)
            texts = " ".join(label.text() for label in widget.findChildren(QLabel))
            assert "later version" in texts
        window.close()


def test_registering_a_section_replaces_its_placeholder(
    qtbot: QtBot, tmp_path: Path, registry: list[Section]
) -> None:
    before = [s.key for s in registry]
    sections.register(
        Section("retention", N_("Retention"), sections.Icon.SP_BrowserReload, RetentionView)
    )
    sections.register(
        Section("exports", N_("Exports"), sections.Icon.SP_DriveFDIcon, lambda _w: QWidget())
    )
    assert [s.key for s in registry] == [*before[:-1], "exports", "settings"]
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        widget = window.section("retention")
        assert isinstance(widget, RetentionView)
        assert widget.text().endswith("people")
        assert window.view is not None
        assert window.view.sidebar.item(len(before) - 1).text() == "Exports"
        window.close()
