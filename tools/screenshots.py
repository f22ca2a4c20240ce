"""PNGs of the main screens and the print preview, offscreen, of synthetic people.

`make screenshots` runs it:

    python tools/screenshots.py [--lang fr|nl|en] [--out docs/screenshots]

Nothing of the person running it is used: the vault, the window settings and
the keychain are temporary ones.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.domain.people import Role
from coursenplus_desk.i18n import SUPPORTED_LANGUAGES
from coursenplus_desk.services.demo import fill_demo
from coursenplus_desk.services.workspace import Workspace, create_workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import dialogs, printing
from coursenplus_desk.ui.app import make_application
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.courses_view import CoursesSection
from coursenplus_desk.ui.language import apply_language
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.people_view import PeopleSection
from coursenplus_desk.vault.kdf import KdfParams, KdfPolicy
from coursenplus_desk.vault.keychain import RememberedKey

PASSPHRASE = "demonstration only"
# Pictures of a throw-away vault: key derivation in microseconds, no floor.
DRAWING_KDF = KdfPolicy(KdfParams(memory_kib=64, iterations=1, lanes=1), 0, 0.0)
TODAY = date(2026, 11, 22)
SIZE = (1280, 800)
PREVIEW_SIZE = (820, 800)


@dataclass
class NoKeychain:
    """Never remembers anything: the screenshots must not touch the real keychain."""

    def save(self, vault_id: str, key: RememberedKey) -> None:
        return None

    def load(self, vault_id: str) -> RememberedKey | None:
        return None

    def delete(self, vault_id: str) -> None:
        return None


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
        fill_demo(workspace, 400)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def unlock(app: QApplication, window: MainWindow) -> None:
    """Type the passphrase and wait for the unlock, which runs in the background."""
    screen = window.unlock_screen
    screen.passphrase.setText(PASSPHRASE)
    screen.unlock()
    while screen.task is not None and not screen.task.done:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    settle(app)


def save(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(path)


def take(app: QApplication, out: Path, folder: Path) -> None:
    window = MainWindow(AppContext(folder, FixedClock.on(TODAY), NoKeychain(), DRAWING_KDF))
    window.resize(*SIZE)
    window.show()
    window.start()
    save(app, window, out / "unlock.png")
    unlock(app, window)
    workspace = window.workspace
    assert workspace is not None
    people = window.section("people")
    assert isinstance(people, PeopleSection)
    people.splitter.setSizes([520, 760])
    save(app, window, out / "people.png")
    students = workspace.people.ids(PeopleQuery(roles=frozenset({Role.STUDENT})))
    people.open_person(students[len(students) // 3])
    assert people.page is not None
    people.page.tabs.setCurrentWidget(people.page.family)
    save(app, window, out / "person.png")
    preview(app, window, workspace, students[len(students) // 3], out / "print-preview.png")
    courses = window.section("courses")
    assert isinstance(courses, CoursesSection)
    courses.select_course(0)
    courses.select_group(0)
    save(app, window, out / "courses.png")
    window.close()


class PictureOfDialogs(dialogs.QtDialogs):
    """Shows each dialog long enough to take its picture, then closes it unanswered."""

    def __init__(self, app: QApplication, path: Path) -> None:
        self.app, self.path = app, path

    def run(self, dialog: QDialog) -> bool:
        dialog.resize(*PREVIEW_SIZE)
        dialog.show()
        save(self.app, dialog, self.path)
        dialog.reject()
        return False


def preview(
    app: QApplication, window: QWidget, workspace: Workspace, person_id: int, path: Path
) -> None:
    """The print preview of a person's membership form, as "Print…" opens it."""
    pdf = workspace.forms.form("membership", person_id)
    previous = dialogs.use(PictureOfDialogs(app, path))
    try:
        printing.print_document(window, pdf, "membership form")
    finally:
        dialogs.use(previous)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES, default="fr")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    # a fixed temporary folder: the unlock screen shows it, and the PNGs stay the same
    root = Path(tempfile.gettempdir()) / "coursenplus-screenshots"
    shutil.rmtree(root, ignore_errors=True)
    try:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root))
        app = make_application([])
        apply_language(args.lang)
        make_vault(root / "vault")
        take(app, args.out, root / "vault")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
