"""The File menu's import and export: the import assistant, and the archive of everything.

The export runs in the background worker (it reads every table); the list of
people is read again once the assistant is closed, whatever it imported.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from coursenplus_desk.i18n import _, ngettext
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.ui import background, dialogs
from coursenplus_desk.ui.import_wizard import ImportWizard


def import_people(parent: QWidget, workspace: Workspace, refresh: Callable[[], None]) -> None:
    wizard = ImportWizard(workspace, parent)
    try:
        dialogs.run(wizard)
    finally:
        refresh()  # an import is committed on its last page, before Finish or Cancel


def export_all(parent: QWidget, workspace: Workspace) -> None:
    suggested = f"coursenplus-export-{workspace.clock.today().isoformat()}.zip"
    path = dialogs.save_file(parent, _("Export everything"), suggested, _("ZIP archive (*.zip)"))
    if path is None:
        return
    if path.suffix.lower() != ".zip":
        path = path.with_name(path.name + ".zip")
    background.run_in_background(
        parent,
        _("Exporting…"),
        lambda _progress: workspace.exporter.export_all(path),
        lambda counts: _exported(parent, path, counts),
    )


def _exported(parent: QWidget, path: Path, counts: dict[str, int]) -> None:
    people = counts.get("people", 0)
    dialogs.inform(
        parent,
        ngettext(
            "Exported {count} person and their records into {file}.",
            "Exported {count} people and their records into {file}.",
            people,
        ).format(count=people, file=str(path)),
    )
