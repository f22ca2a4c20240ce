"""Laptops of one shared register in tests: real vaults, real files, a folder per laptop.

Each laptop has its own copy of the exchange folder, as with Syncthing or a
USB stick; `carry` copies files between copies (all, some, or in any order),
so tests decide what arrives where and when.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.services.sharing.joining import join_register
from coursenplus_desk.services.sharing.report import SyncReport
from coursenplus_desk.services.workspace import Workspace, create_workspace
from tests.conftest import PASSPHRASE
from tests.fast_kdf import FAST_KDF


class TickingClock:
    """A clock that moves one second each time it is read: laptops' edits get distinct times."""

    def __init__(self, start: datetime) -> None:
        self.moment = start

    def now(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment

    def today(self) -> date:
        return self.moment.date()


START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@dataclass
class Laptop:
    name: str
    workspace: Workspace
    folder: Path
    clock: TickingClock

    def sync(self) -> SyncReport:
        return self.workspace.sharing.sync()

    def add(self, given: str, family: str, **values: str) -> int:
        return self.workspace.people.add(
            PersonDraft(given_name=given, family_name=family, roles=("student",), **values)
        )

    def edit(self, person_id: int, **values: str) -> None:
        current = self.workspace.people.fields(person_id)
        draft = PersonDraft(
            given_name=current.given_name,
            family_name=current.family_name,
            roles=tuple(sorted(r.value for r in current.roles)),
            email=current.email,
            phone=current.phone,
            birth_date=current.birth_date,
            street=current.street,
            postal_code=current.postal_code,
            city=current.city,
            country=current.country,
            language=current.language,
            school=current.school,
            school_year=current.school_year,
            notes=current.notes,
        )
        self.workspace.people.update(person_id, _replace(draft, values))

    def person_id(self, uuid: str) -> int | None:
        value = self.workspace.db.scalar("SELECT id FROM person WHERE uuid = ?", (uuid,))
        return None if value is None else int(value)

    def uuid(self, person_id: int) -> str:
        return str(self.workspace.db.scalar("SELECT uuid FROM person WHERE id = ?", (person_id,)))

    def close(self) -> None:
        self.workspace.close()


def _replace(draft: PersonDraft, values: dict[str, str]) -> PersonDraft:
    return replace(draft, **values)  # type: ignore[arg-type]  # text fields only


def first_laptop(base: Path, name: str = "a", folder: Path | None = None) -> Laptop:
    clock = TickingClock(START)
    workspace = create_workspace(base / f"vault-{name}", PASSPHRASE, clock, FAST_KDF)
    if folder is None:
        folder = base / f"folder-{name}"
        folder.mkdir()
    workspace.sharing.init(folder, name)
    fast_invitations(workspace)
    return Laptop(name, workspace, folder, clock)


def fast_invitations(workspace: Workspace) -> None:
    """Invitation codes derived in microseconds (tests only; real ones take half a second)."""
    workspace.sharing.kdf = lambda: FAST_KDF.params


def join(inviter: Laptop, base: Path, name: str, folder: Path | None = None) -> Laptop:
    invitation = inviter.workspace.sharing.invite(base / f"invite-{name}.cpinvite", name)
    if folder is None:
        folder = base / f"folder-{name}"
        if not folder.exists():
            shutil.copytree(inviter.folder, folder)
    clock = TickingClock(inviter.clock.moment + timedelta(minutes=1))
    workspace = join_register(
        invitation.path, invitation.code, folder, base / f"vault-{name}", PASSPHRASE, clock,
        FAST_KDF, label=name,
    )  # fmt: skip
    fast_invitations(workspace)
    return Laptop(name, workspace, folder, clock)


def carry(source: Laptop, target: Laptop, every: int = 1) -> int:
    """Copy `source`'s folder files into `target`'s (like `cp -r`); every n-th only if asked."""
    copied = 0
    for position, path in enumerate(sorted(source.folder.rglob("*"))):
        if path.is_file() and position % every == 0:
            destination = target.folder / path.relative_to(source.folder)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            copied += 1
    return copied


def exchange(*laptops: Laptop, rounds: int = 2) -> None:
    """Everyone syncs and every folder copy reaches every other, until all have seen all."""
    for _ in range(rounds):
        for laptop in laptops:
            laptop.sync()
            for other in laptops:
                if other is not laptop:
                    carry(laptop, other)
