"""Entry point of the bundled program: PyInstaller runs this file as `__main__`.

It behaves exactly like the `coursenplus-desk` command. When the variable
COURSENPLUS_BUNDLE_INFO is set, it prints instead what the bundle carries
(resources, catalogs, keyring backends, Qt translations) as JSON, so that
`make package-test` can check the frozen program from outside.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import os
import sys
from pathlib import Path
from typing import Any


def bundle_info() -> dict[str, Any]:
    from datetime import date

    import keyring
    import keyring.backend
    from babel.dates import format_date
    from PySide6.QtCore import QLibraryInfo

    from coursenplus_desk import __version__
    from coursenplus_desk.paths import locale_dir, resources_dir

    qt_translations = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    backend = keyring.get_keyring()
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "bundle_dir": getattr(sys, "_MEIPASS", None),
        "resources_dir": str(resources_dir()),
        "catalogs": sorted(
            p.relative_to(locale_dir()).as_posix() for p in locale_dir().rglob("*.mo")
        ),
        "keyring_backend": f"{type(backend).__module__}.{type(backend).__name__}",
        "keyring_entry_points": sorted(
            entry.name for entry in importlib.metadata.entry_points(group="keyring.backends")
        ),
        "keyring_viable_backends": sorted(
            f"{type(item).__module__}.{type(item).__name__}"
            for item in keyring.backend.get_all_keyring()
        ),
        # keyring's backends import these inside try/except: a missing one goes unnoticed.
        "keyring_support_modules": sorted(
            name
            for name in ("secretstorage", "jeepney", "win32ctypes")
            if importlib.util.find_spec(name) is not None
        ),
        "babel_dates": [
            format_date(date(2026, 11, 22), "long", locale=name)
            for name in ("fr_BE", "nl_BE", "en_GB")
        ],
        "qt_translations": sorted(p.name for p in qt_translations.glob("qtbase_*.qm")),
    }


def main() -> int:
    if os.environ.get("COURSENPLUS_BUNDLE_INFO"):
        print(json.dumps(bundle_info(), indent=2))
        return 0
    from coursenplus_desk.cli import main as command

    return command()


if __name__ == "__main__":
    sys.exit(main())
