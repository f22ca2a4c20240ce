"""One owner for the vault's connection: a background job and the GUI never interleave.

The job runs in the GUI's real worker thread (ui/background.py) and writes in
one long transaction that it finally rolls back; meanwhile the GUI thread reads
and writes through the same workspace. Interleaved, a GUI statement would run
inside the job's transaction: its own BEGIN fails, or its writes vanish with the
job's rollback, or the job's half-done rows show in the GUI's reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from coursenplus_desk.domain.errors import UserError
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.i18n import N_
from coursenplus_desk.services.workspace import Workspace
from coursenplus_desk.store.people import PeopleQuery
from coursenplus_desk.ui import background
from tests.backup_support import new_workspace

JOB_PEOPLE = 150


class _GiveUpError(UserError):
    """The job undoes everything it wrote, as a cancelled import does."""


def _job(workspace: Workspace, started: threading.Event) -> Callable[[background.Progress], None]:
    def work(progress: background.Progress) -> None:
        with workspace.db.transaction():
            for number in range(JOB_PEOPLE):
                workspace.people.add(PersonDraft(given_name="Job", family_name=f"J{number}",
                                                 roles=("student",)))  # fmt: skip
                started.set()
                time.sleep(0.002)  # lets the GUI thread run between two statements
            raise _GiveUpError(N_("The demo fill was cancelled; nothing was added."))

    return work


def test_a_background_job_and_gui_reads_never_interleave(qtbot: QtBot, tmp_path: Path) -> None:
    errors: list[BaseException] = []
    with new_workspace(tmp_path / "vault") as workspace:
        started = threading.Event()
        task = background.run_in_background(
            None, "Working…", _job(workspace, started), lambda _r: None, errors.append
        )
        assert started.wait(10)
        gui_added: list[int] = []
        seen: set[int] = set()
        while not task.done:
            gui_added.append(
                workspace.people.add(
                    PersonDraft(given_name="Gui", family_name=f"G{len(gui_added)}",
                                roles=("student",))
                )
            )  # fmt: skip
            seen.add(len(workspace.people.ids(PeopleQuery())))
            qtbot.wait(1)
        assert [type(error) for error in errors] == [_GiveUpError]
        names = set(workspace.db.column("SELECT given_name FROM person"))
        assert names == {"Gui"}  # the job's rows went with its rollback, the GUI's stayed
        assert len(workspace.people.ids(PeopleQuery())) == len(gui_added)
        # Every count the GUI read was of committed people only: its own, one by one.
        assert seen <= set(range(1, len(gui_added) + 1))


def test_a_backup_copy_and_another_threads_statement_never_overlap(tmp_path: Path) -> None:
    """The copy's ATTACH/DETACH fail ("database is locked") beside any unfinished statement.

    The GUI thread reads while a backup runs in the worker: the moment the copy
    starts, another thread tries to open a statement and keep it open. It must
    wait for the copy to end, not run inside it.
    """
    with new_workspace(tmp_path / "vault") as workspace:
        for number in range(3):
            workspace.people.add(
                PersonDraft(given_name="Open", family_name=f"O{number}", roles=("student",))
            )
        copying, statement_open, release = threading.Event(), threading.Event(), threading.Event()

        def hold_a_statement() -> None:
            copying.wait(10)
            with workspace.db.owned():
                cursor = workspace.db.connection.execute("SELECT id FROM person")
                cursor.fetchone()  # the statement stays open until the cursor is closed
                statement_open.set()
                release.wait(10)
                cursor.close()

        vault = workspace.vault
        export = vault.export_database

        def export_beside_a_reader(target: Path) -> None:
            copying.set()
            statement_open.wait(1)  # set only if the reader got in beside the copy
            export(target)
            release.set()

        vault.export_database = export_beside_a_reader  # type: ignore[method-assign]
        holder = threading.Thread(target=hold_a_statement)
        holder.start()
        try:
            made = workspace.backups.create()
        finally:
            release.set()
            holder.join(10)
            del vault.export_database
    assert made.exists()
