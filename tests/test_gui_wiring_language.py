"""The wired sections and their dialogs: English shows no French, French and Dutch show theirs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from coursenplus_desk.ui.audit_view import AuditDialog
from coursenplus_desk.ui.documents import FormOptions, SheetOptions
from coursenplus_desk.ui.family_links import LinkDialog
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.members_view import ApplicationDialog, ConfirmDialog, DepartureDialog
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.person_requests import NewRequestDialog
from coursenplus_desk.ui.request_dialogs import (
    ExtendDialog,
    NoteDialog,
    RectifyDialog,
    RefuseDialog,
    ReplyDialog,
    VerifyIdentityDialog,
)
from coursenplus_desk.ui.requests_view import RequestsView
from coursenplus_desk.ui.saved_document import SavedDocument
from tests.gui_support import OFFSCREEN_NOISE, language, scripted_dialogs
from tests.gui_wiring_support import Vault, open_window, vault_with_a_past
from tests.language_support import foreign_leftovers
from tests.test_gui_language import french_strings, visible_texts

pytestmark = OFFSCREEN_NOISE


def wired_texts(window: MainWindow, vault: Vault) -> list[str]:
    workspace = window.workspace
    assert workspace is not None and window.view is not None
    QCoreApplication.processEvents()  # the sidebar's counts are refreshed after first paint
    texts = visible_texts(window.view.sidebar)
    for key in ("members", "requests", "retention", "register", "settings"):
        section = window.section(key)
        assert section is not None
        if isinstance(section, RequestsView):
            section.table.selectRow(0)  # its file and the buttons of its steps
        texts += visible_texts(section)
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.open_person(vault.student)
    assert people.page is not None
    texts += visible_texts(people.page)
    request = workspace.requests.of_person(vault.guardian)[0]
    dialogs: list[QWidget] = [
        NewRequestDialog(workspace, vault.student, window),
        VerifyIdentityDialog(workspace.clock.today(), window),
        ExtendDialog(request, workspace.clock.today(), window),
        RectifyDialog(workspace.people.fields(vault.guardian), window),
        NoteDialog(window),
        RefuseDialog(window),
        ReplyDialog(request, window),
        SavedDocument(Path("reply.pdf"), window),
        LinkDialog("Łukasz Dąbrowski", "Zoë Dąbrowski", None, True, window),
        ApplicationDialog(workspace, window),
        ConfirmDialog("Zoë Dąbrowski", workspace.clock.today(), window),
        DepartureDialog("Zoë Dąbrowski", workspace.clock.today(), window),
        FormOptions("fr", window),
        SheetOptions("Maths 6e", workspace, window),
        AuditDialog(workspace, window),
    ]
    for dialog in dialogs:
        texts += visible_texts(dialog)
        dialog.deleteLater()
    return texts


def test_english_leaves_no_french_in_the_wired_parts(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("en"):
        window = open_window(qtbot, tmp_path)
        texts = wired_texts(window, vault)
        exact, long_ones = french_strings()
        assert "Requests (2, 1 late)" in texts
        assert "New request…" in texts and "Back up now" in texts
        leftovers = [t for t in texts if t in exact or any(f in t for f in long_ones)]
        assert leftovers == []
        window.close()


def test_french_in_the_wired_parts(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("fr"):
        window = open_window(qtbot, tmp_path)
        texts = wired_texts(window, vault)
        for french in (
            "Demandes (2, dont 1 en retard)",
            "Conservation (2)",
            "Nouvelle demande…",
            "Imprimer un formulaire…",
            "Sauvegarder maintenant",
            "Vérifier le journal d’audit",
            "Demandée par",
            "Enregistrer la vérification d’identité…",
            "Nouvelle demande d’adhésion",
            "Afficher dans le dossier",
            "Lien familial",
            "Membres",
        ):
            assert french in texts
        window.close()


def test_dutch_in_the_wired_parts(qtbot: QtBot, tmp_path: Path) -> None:
    vault = vault_with_a_past(tmp_path / "vault")
    with scripted_dialogs(), language("nl"):
        window = open_window(qtbot, tmp_path)
        texts = wired_texts(window, vault)
        for dutch in (
            "Verzoeken (2, waarvan 1 te laat)",
            "Bewaring (2)",
            "Nieuw verzoek…",
            "Formulier afdrukken…",
            "Nu een back-up maken",
            "Auditlogboek controleren",
            "Gevraagd door",
        ):
            assert dutch in texts
        assert foreign_leftovers(texts, "nl") == []
        window.close()
