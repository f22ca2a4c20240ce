"""The shared register at 100,000 people: joining from an invitation, applying a sync round
of 1,000 changes, and the exchange folder's size once every laptop has synced (compaction).

Laptop A is a copy of the benchmark vault, so the cached vault stays as built; laptop B
joins it from an invitation into a new vault. Both live in a temporary folder removed
afterwards.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path

from dataset import CLOCK, PASSPHRASE
from harness import Bench, Figure

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.sharing.joining import join_register
from coursenplus_desk.services.workspace import Workspace, open_workspace
from coursenplus_desk.vault.vault import DATABASE_NAME, HEADER_NAME

EDITS, CONTACTS, NEWCOMERS = 600, 300, 100  # one round: 1,000 changes


def shared_register(bench: Bench) -> list[Figure]:
    base = Path(tempfile.mkdtemp(prefix="sync-", dir=bench.folder.parent))
    bench.workspace.close()
    try:
        return _measure(bench, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
        bench.workspace = open_workspace(bench.folder, PASSPHRASE, CLOCK)


def _measure(bench: Bench, base: Path) -> list[Figure]:
    (base / "a").mkdir()
    for name in (DATABASE_NAME, HEADER_NAME):
        shutil.copy2(bench.folder / name, base / "a" / name)
    exchange = base / "exchange"
    exchange.mkdir()
    a = open_workspace(base / "a", PASSPHRASE, CLOCK)
    a.sharing.init(exchange, "a")
    started = time.perf_counter()
    invitation = a.sharing.invite(base / "b.cpinvite", "b", a.kdf.params)
    invite_s = time.perf_counter() - started
    invitation_mb = invitation.path.stat().st_size / 1e6
    started = time.perf_counter()
    b = join_register(invitation.path, invitation.code, exchange, base / "b", PASSPHRASE, CLOCK,
                      a.kdf, label="b")  # fmt: skip
    join_s = time.perf_counter() - started
    a.sharing.sync()  # B's first file: it has joined
    _thousand_changes(a)
    a.sharing.sync()
    started = time.perf_counter()
    report = b.sharing.sync()
    apply_s = time.perf_counter() - started
    before_mb = _size(exchange) / 1e6
    for laptop in (a, b, a, b):  # acknowledgements go round; files everyone has are emptied
        laptop.sharing.sync()
    folder_mb = _size(exchange) / 1e6
    vault_mb = (base / "a" / DATABASE_NAME).stat().st_size / 1e6
    people = int(b.db.scalar("SELECT count(*) FROM person"))
    a.close()
    b.close()
    return [
        Figure("shared register: invite (write the invitation)", invite_s, "s",
               note=f"{invitation_mb:.0f} MB invitation file"),
        Figure("shared register: join from the invitation", join_s, "s", 60,
               note=f"{people:,} people in the new vault"),
        Figure("shared register: apply a round of 1,000 changes", apply_s, "s", 1,
               note=f"{report.changes_applied} changes applied at {people:,} people"),
        Figure("shared register: exchange folder after compaction", folder_mb, "MB",
               2 * vault_mb, note=f"{before_mb:.1f} MB before; vault {vault_mb:.0f} MB, "
               "target 2x the vault"),
    ]  # fmt: skip


def _thousand_changes(workspace: Workspace) -> None:
    rng = random.Random(7)
    ids = [int(v) for v in workspace.db.column(
        "SELECT id FROM person WHERE status = 'active' ORDER BY id")]  # fmt: skip
    for person_id in rng.sample(ids, EDITS):
        workspace.db.execute(
            "UPDATE person SET city = ? WHERE id = ?", (f"Ville {rng.randint(1, 500)}", person_id)
        )
    for person_id in rng.sample(ids, CONTACTS):
        workspace.records.add_contact(person_id, "2026-11-20", "phone", "appel de suivi")
    for number in range(NEWCOMERS):
        workspace.people.add(
            PersonDraft(given_name=f"Nouveau{number}", family_name="Synchro", roles=("prospect",))
        )


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
