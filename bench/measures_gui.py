"""The desktop program on the 100,000-person vault (offscreen): People list and peak memory.

Runs in its own process (this file as a script), so the peak memory (the kernel's
high-water mark, VmHWM) is the program's own: the unlocked vault, the main window,
the People list and its searches, and nothing of the benchmark around it. The
window settings and the keychain are temporary ones.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dataset import CLOCK, PASSPHRASE
from harness import Bench, Figure, percentile

from coursenplus_desk.services.workspace import open_workspace
from coursenplus_desk.vault.vault import VaultPaths, read_header

GUI_SEARCHES = 200
UNLOCK_SCREEN_S = 1.0  # how long the unlock screen is shown before the vault opens


def gui_people_list(bench: Bench) -> list[Figure]:
    """Run the probe in a child process and turn its report into figures."""
    bench.workspace.close()  # the vault opens in one process at a time
    try:
        report = _run_probe(bench.folder)
    finally:
        bench.workspace = open_workspace(bench.folder, PASSPHRASE, CLOCK)
    first, search = report["first_rows_ms"], report["search_ms"]
    slot = read_header(VaultPaths(bench.folder)).slots[0]
    kdf_mib = slot.kdf.memory_kib // 1024 if slot.kdf else 0
    note = "no plain baseline: the program opens only vaults"
    return [
        Figure("GUI: People list first rows", first, "ms", 200,
               note=f"{report['rows']} rows listed; open of the vault view, KDF excluded"),
        Figure("GUI: search updates the list p50", percentile(search, 0.5), "ms", None,
               note="after the 250 ms typing pause (by design)"),
        Figure("GUI: search updates the list p95", percentile(search, 0.95), "ms", 15,
               note=f"{len(search)} prefixes; worst {max(search):.0f} ms"),
        Figure("GUI: peak memory (whole program)", report["peak_mb"], "MB", 300,
               note=f"includes the KDF's {kdf_mib} MiB during unlock; {note}"),
        Figure("GUI: peak memory after unlock", report["peak_after_unlock_mb"], "MB", 300,
               note=f"{report['after_unlock_mb']:.0f} MB right after unlock"),
    ]  # fmt: skip


def _run_probe(folder: Path) -> Any:
    with tempfile.TemporaryDirectory() as home:
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                       "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # fmt: skip
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            environment[variable] = str(Path(home) / variable.lower())
        done = subprocess.run(
            [sys.executable, __file__, str(folder), home],
            env=environment,
            capture_output=True,
            text=True,
        )
    if done.returncode:
        raise RuntimeError(f"the GUI probe failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class _MemoryKeychain:
    items: dict[str, object] = field(default_factory=dict)

    def save(self, vault_id: str, key: object) -> None:
        self.items[vault_id] = key

    def load(self, vault_id: str) -> object | None:
        return self.items.get(vault_id)

    def delete(self, vault_id: str) -> None:
        self.items.pop(vault_id, None)


def _probe(folder: Path, home: Path) -> dict[str, object]:
    from harness import prefixes
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from coursenplus_desk.ui.context import AppContext
    from coursenplus_desk.ui.main_window import MainWindow
    from coursenplus_desk.ui.people_view import PeopleSection

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qt"))
    app = QApplication.instance() or QApplication([])
    workspace = open_workspace(folder, PASSPHRASE, CLOCK)  # the KDF is timed elsewhere
    with_kdf = _status_mb("VmHWM")
    after_unlock = _reset_peak()
    context = AppContext(folder, clock=CLOCK, keychain=_MemoryKeychain())  # type: ignore[arg-type]
    window = MainWindow(context)
    window.resize(1280, 800)
    window.show()
    window.start()  # the unlock screen, which imports the sections while it waits
    _wait(UNLOCK_SCREEN_S)  # a person types the passphrase

    started = time.perf_counter()
    window.open_workspace(workspace)
    section = window.section("people")
    assert isinstance(section, PeopleSection)
    window.grab()  # paints the visible rows: their text is read now
    first_rows = (time.perf_counter() - started) * 1000
    people = section.list
    rows = people.model.rowCount()

    timings = []
    for prefix in prefixes(workspace.db, GUI_SEARCHES):
        people.search.setText(prefix)
        started = time.perf_counter()
        people.search.returnPressed.emit()  # what the typing pause's timer runs
        people.table.viewport().grab()
        timings.append((time.perf_counter() - started) * 1000)
    window.close()
    app.processEvents()
    # ru_maxrss is kept from the parent across fork and exec on Linux (it said 535 MB
    # here: the benchmark's own size); the kernel's high-water mark of this process's
    # memory (VmHWM) is the program's peak.
    after = _status_mb("VmHWM")
    return {
        "first_rows_ms": first_rows,
        "rows": rows,
        "search_ms": timings,
        "peak_mb": max(with_kdf, after),
        "after_unlock_mb": after_unlock,
        "peak_after_unlock_mb": after,
        "ru_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _wait(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()


def _reset_peak() -> float:
    """The resident size now, and start the high-water mark again from it (Linux).

    Unlocking runs Argon2id with its memory cost (256 MiB on this machine), freed at
    once; the peak after it is what the program itself holds while it works.
    """
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def _status_mb(field: str) -> float:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]), Path(sys.argv[2]))))
