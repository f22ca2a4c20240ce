"""Start-up of the desktop program: `coursenplus-desk` with no command, or `make run`.

What happens, in order:

1. `run(arguments)` reads the few options the program takes: `--vault DIR`
   (else the COURSENPLUS_VAULT variable, else the user data folder, see
   `services.locations`) and `--lang fr|nl|en`.
2. Logging goes to a file in the user's log folder. Logs name records by id
   only, never by personal values.
3. The `QApplication` is made: high-DPI scale factors passed through, the
   Fusion style on Windows (so that the system's dark mode applies there too);
   elsewhere the platform style follows the colour scheme by itself.
   Python's cycle collector then runs on the GUI thread only
   (`ui.gui_collector`): a Qt object collected in the worker thread crashes.
4. The language: `--lang`, else COURSENPLUS_LANG, else the language last used
   on this computer (window settings), else the system locale (the locale
   variables, then the system's preferred languages; French by default,
   `ui.language.start_language`). Our gettext catalogs
   and Qt's own `qtbase_<lang>.qm` (standard dialogs) are loaded together. Once
   the vault is open, the language stored in it wins.
5. One crash handler (`ui.crash`) takes exceptions of the GUI thread and of
   every worker thread: one dialog, a log entry without personal data.
6. One program per vault: when another running program has this vault, it is
   asked to come forward (`ui.single_instance`) and this start ends. The
   vault's lock file is the real guard: unlocking a vault in use elsewhere
   says so on the unlock screen.
7. `MainWindow.start()` unlocks silently when this computer remembers the
   vault, else shows the unlock screen, or the first-run assistant when there
   is no vault yet.
8. `app.exec()`; closing the window closes the workspace (locks the vault).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from coursenplus_desk import __version__
from coursenplus_desk.i18n import SUPPORTED_LANGUAGES, _
from coursenplus_desk.logs import configure_logging
from coursenplus_desk.paths import icons_dir
from coursenplus_desk.services.locations import vault_folder
from coursenplus_desk.ui import gui_collector
from coursenplus_desk.ui.context import AppContext
from coursenplus_desk.ui.crash import CrashHandler
from coursenplus_desk.ui.language import apply_language, start_language
from coursenplus_desk.ui.main_window import MainWindow
from coursenplus_desk.ui.qt_settings import APPLICATION, ORGANISATION
from coursenplus_desk.ui.single_instance import InstanceServer, ask_running_instance


def parse_arguments(arguments: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="coursenplus-desk", add_help=False)
    parser.add_argument("--vault", metavar="DIR")
    parser.add_argument("--lang", choices=SUPPORTED_LANGUAGES)
    known, _rest = parser.parse_known_args(arguments)
    return known


def make_application(arguments: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing  # tests and tools make theirs first
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(["coursenplus-desk", *arguments])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Cours en Plus Desk")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(application_icon())
    app.setDesktopFileName("coursenplus-desk")  # Wayland: the menu entry's name and icon
    if sys.platform == "win32":
        app.setStyle("Fusion")
    return app


def application_icon() -> QIcon:
    """The program's icon in every drawn size (resources/icons, packaging/make_icons.py)."""
    icon = QIcon()
    for path in sorted(icons_dir().glob("coursenplus-desk-*.png")):
        icon.addFile(str(path))
    return icon


def has_display(env: Mapping[str, str]) -> bool:
    """Linux and BSD need an X11 or Wayland session (or an explicit Qt platform)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def run(arguments: list[str]) -> int:
    options = parse_arguments(arguments)
    configure_logging()
    if not has_display(os.environ):
        print(
            "coursenplus-desk: "
            + _(
                "no screen to show the program on (no desktop session); "
                "the commands still work: coursenplus-desk --help"
            ),
            file=sys.stderr,
        )
        return 1
    app = make_application(arguments)
    with gui_collector.collecting_on_gui_thread():
        return _show_window(app, options)


def _show_window(app: QApplication, options: argparse.Namespace) -> int:
    apply_language(start_language(options.lang, os.environ))
    crash = CrashHandler()
    crash.install()
    folder = vault_folder(options.vault, os.environ)
    if ask_running_instance(folder):
        return 0
    window = MainWindow(AppContext(folder))
    server = InstanceServer(folder, window.bring_forward)
    window.show()
    window.start()
    try:
        return int(app.exec())
    finally:
        server.server.close()
