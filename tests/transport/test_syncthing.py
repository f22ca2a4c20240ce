"""Two laptops, two real Syncthing instances on 127.0.0.1, one exchange folder between them.

Edits on both laptops and an erasure converge within a bounded time: the
program only reads and writes files; Syncthing carries them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync_checks import assert_nowhere, canonical_export
from tests.sync_support import Laptop, first_laptop, join
from tests.transport.syncthing import SyncthingPair

CONVERGE_WITHIN_S = 90


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[SyncthingPair]:
    started = SyncthingPair(tmp_path / "syncthing")
    try:
        started.start()
        yield started
    finally:
        started.stop()


def files_arrived(source: Path, target: Path) -> bool:
    wanted = {p.relative_to(source) for p in source.rglob("*.cpx")}
    return wanted <= {p.relative_to(target) for p in target.rglob("*.cpx")}


def converged(a: Laptop, b: Laptop, base: Path) -> bool:
    for laptop in (a, b):
        laptop.sync()
    if a.workspace.sharing.status().pending_changes or b.workspace.sharing.status().pending_changes:
        return False
    return canonical_export(a, base / "a.zip") == canonical_export(b, base / "b.zip")


def test_two_laptops_converge_through_syncthing(pair: SyncthingPair, tmp_path: Path) -> None:
    a = first_laptop(tmp_path, "a", folder=pair.a.folder)
    zoe = a.add("Zoë", "Dupont", email="zoe@example.org")
    gone = a.add("Gaston", "Effacé", email="gaston@example.org")
    a.sync()
    b = join(a, tmp_path, "b", folder=pair.b.folder)
    try:
        zoe_b, gone_b = b.person_id(a.uuid(zoe)), b.person_id(a.uuid(gone))
        assert zoe_b is not None and gone_b is not None
        a.edit(zoe, city="Namur")
        b.edit(zoe_b, phone="+32470112233")
        a.workspace.retention.erase_person(gone)
        b.edit(gone_b, notes="rappeler")  # B has not seen the erasure
        b.add("Léon", "Nouveau")
        deadline = time.monotonic() + CONVERGE_WITHIN_S
        while not converged(a, b, tmp_path):
            assert time.monotonic() < deadline, "no convergence within the bounded time"
            time.sleep(1)
        fields = a.workspace.people.fields(zoe)
        assert (fields.city, fields.phone) == ("Namur", "+32470112233")
        assert b.workspace.people.find("leon") and a.workspace.people.find("leon")
        pair.wait(lambda: files_arrived(pair.a.folder, pair.b.folder), 60, "files settle")
        assert_nowhere(["Effacé"], [a, b])
        assert not list(pair.a.folder.rglob("*sync-conflict*"))
        assert not list(pair.b.folder.rglob("*sync-conflict*"))
    finally:
        a.close()
        b.close()
