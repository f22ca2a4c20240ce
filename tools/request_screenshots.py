"""Write PNGs of answering a request in the program, drawn offscreen: `make screenshots`.

    python tools/request_screenshots.py [--lang fr|nl|en] [--out docs/screenshots]

The register with its deadlines, a request's file with its steps as buttons,
the identity check, the corrections, the erasure preview, and the saved reply
with Open / Print / Show in folder. The dialogs are answered by this script
(through the program's dialogs module) and drawn as they would appear.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.ui import background, dialogs, saved_document
from coursenplus_desk.ui.app import make_application
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.language import apply_language
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.members_view import MembersSection
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.ui.request_dialogs import RectifyDialog, ReplyDialog
from coursenplus_desk.ui.requests_view import RequestsView
from coursenplus_desk.ui.saved_document import SavedDocument
from coursenplus_desk.vault.kdf import KdfParams, KdfPolicy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import NoKeychain, save, settle, unlock

PASSPHRASE = "demonstration only"
TODAY = date(2026, 11, 22)
SIZE = (1280, 800)


DRAWING_KDF = KdfPolicy(KdfParams(memory_kib=64, iterations=1, lanes=1), 0, 0.0)


def make_vault(folder: Path) -> None:
    clock = FixedClock.on(TODAY)
    with create_workspace(folder, PASSPHRASE, clock, DRAWING_KDF) as workspace:
        organisation = replace(
            workspace.settings.organisation(),
            name="Cours en Plus ASBL",
            address="Rue de l'Exemple 1, 1000 Bruxelles",
            privacy_contact="vie-privee@example.org",
        )
        workspace.settings.save_organisation(organisation)
        fill_demo(workspace, 200)
        add_requests(workspace)


def add_requests(workspace: Workspace) -> None:
    """A family with a request of each stage: overdue, due this week, in progress, answered."""
    people = workspace.people
    guardian = people.add(
        PersonDraft("Łukasz", "Dąbrowski", roles=("guardian",), email="lukasz@example.org",
                    street="Chaussée de Bruxelles 118", postal_code="1310", city="La Hulpe")
    )  # fmt: skip
    student = people.add(
        PersonDraft("Zoë", "Dąbrowski", roles=("student",), birth_date="2014-03-02"), (guardian,)
    )
    people.link_guardian(guardian, student, "père", primary=True)
    requests = workspace.requests
    requests.add(guardian, "access", "2026-10-10", "letter")
    requests.add(student, "erasure", "2026-10-25", "email", guardian)
    rectification = requests.add(guardian, "rectification", "2026-11-18", "email")
    requests.verify_identity(rectification, "e-mail venant de l’adresse connue", "2026-11-19")
    done = requests.add(guardian, "portability", "2026-11-02", "email")
    requests.verify_identity(done, "carte d’identité présentée en personne", "2026-11-03")
    requests.reply(done)
    requests.close(done)


@dataclass
class Camera:
    """Answers the program's dialogs as a person would, drawing the ones asked for first."""

    app: QApplication
    out: Path
    saved: Path
    wanted: dict[str, str] = field(default_factory=dict)  # dialog class or "confirm" → PNG

    def _draw(self, widget: QWidget, kind: str) -> None:
        name = self.wanted.pop(kind, None)
        if name:
            widget.show()
            widget.resize(widget.size().expandedTo(widget.sizeHint()))
            save(self.app, widget, self.out / name)
        widget.hide()
        widget.deleteLater()

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self._draw(QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent), "inform")

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self._draw(QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent), "warn")

    def confirm(self, parent: QWidget | None, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        self._draw(box, "confirm")
        return True

    def run(self, dialog: QDialog) -> bool:
        if isinstance(dialog, RectifyDialog):
            dialog.new_value("email").setText("lukasz.dabrowski@example.org")
        if isinstance(dialog, ReplyDialog):
            dialog.language.setCurrentIndex(dialog.language.findData("fr"))
        self._draw(dialog, type(dialog).__name__)
        return not isinstance(dialog, SavedDocument)  # its Close: nothing opened

    def save_file(self, parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
        return str(self.saved / suggested)

    def choose_folder(self, parent: QWidget | None, title: str, start: str) -> str:
        return ""

    def open_file(self, parent: QWidget | None, title: str, start: str, filters: str) -> str:
        return ""


def requests_of(window: MainWindow) -> RequestsView:
    section = window.section("requests")
    assert isinstance(section, RequestsView)
    return section


def step(app: QApplication, requests: RequestsView, kind: str) -> None:
    """Select the first open request of this kind and take its next step."""
    requests.show_filter.setCurrentIndex(requests.show_filter.findData("open"))
    found = next(r.request.id for r in requests.model.rows if r.request.kind.value == kind)
    requests.select_request(found)
    requests.file.take_next_step()
    background.wait_for_all()
    settle(app)
    requests.select_request(found)


def person_tab(app: QApplication, window: MainWindow, out: Path) -> None:
    """The guardian's page, Requests tab: the corrected request's file and its next step."""
    people = window.section("people")
    assert isinstance(people, PeopleSection) and window.workspace is not None
    guardian = window.workspace.people.find("lukasz dabrowski")[0].id
    people.splitter.setSizes([520, 760])
    people.open_person(guardian)
    assert people.page is not None
    people.page.tabs.setCurrentWidget(people.page.requests)
    people.page.requests.view.selectRow(people.page.requests.model.rowCount() - 1)
    save(app, window, out / "request-person-tab.png")
    window.section("requests")


def take(app: QApplication, out: Path, folder: Path, camera: Camera) -> None:
    window = MainWindow(AppContext(folder, FixedClock.on(TODAY), NoKeychain(), DRAWING_KDF))
    window.resize(*SIZE)
    window.show()
    window.start()
    unlock(app, window)
    members = window.section("members")
    assert isinstance(members, MembersSection)
    save(app, window, out / "members.png")
    requests = requests_of(window)
    requests.table.selectRow(0)  # the overdue access request
    save(app, window, out / "requests.png")
    camera.wanted = {"VerifyIdentityDialog": "request-identity.png"}
    step(app, requests, "access")
    save(app, window, out / "request-steps.png")
    camera.wanted = {"ReplyDialog": "request-reply.png", "SavedDocument": "request-saved.png"}
    step(app, requests, "access")
    camera.wanted = {"RectifyDialog": "request-corrections.png"}
    step(app, requests, "rectification")
    person_tab(app, window, out)
    step(app, requests, "erasure")  # the identity check
    camera.wanted = {"confirm": "request-erasure-preview.png"}
    step(app, requests, "erasure")
    window.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=("fr", "nl", "en"), default="fr")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.gettempdir()) / "coursenplus-request-screenshots"
    shutil.rmtree(root, ignore_errors=True)
    try:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
        app = make_application([])
        apply_language(args.lang)
        make_vault(root / "vault")
        (root / "saved").mkdir()
        camera = Camera(app, args.out, root / "saved")
        saved_document.open_with_system = lambda _path: True
        saved_document.open_folder = lambda _path: True
        previous = dialogs.use(camera)
        try:
            take(app, args.out, root / "vault", camera)
        finally:
            dialogs.use(previous)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
