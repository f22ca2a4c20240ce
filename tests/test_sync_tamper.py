"""Exchange files that were altered, cut, copied from elsewhere or put back: never applied."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.services.sharing import notices
from coursenplus_desk.vault.exchange_file import FileHeader, read_header, seal
from tests.sync_support import Laptop, carry, first_laptop, join


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Laptop, Laptop]]:
    a = first_laptop(tmp_path, "a")
    b = join(a, tmp_path, "b")
    carry(b, a)
    a.sync()
    carry(a, b)
    b.sync()
    yield a, b
    a.close()
    b.close()


def newest_file(laptop: Laptop) -> Path:
    registration = laptop.workspace.sharing.s.state.registration()
    assert registration is not None
    folder = laptop.folder / registration.register_id / registration.laptop_id
    return max(folder.glob("*.cpx"))


def a_new_file_from(a: Laptop, b: Laptop, given: str) -> Path:
    """A adds someone and syncs; the file arrives in B's copy of the folder."""
    a.add(given, "Martin")
    a.sync()
    carry(a, b)
    source = newest_file(a)
    return b.folder / source.relative_to(a.folder)


def found(b: Laptop, given: str) -> bool:
    return bool(b.workspace.db.scalar("SELECT count(*) FROM person WHERE given_name = ?", (given,)))


def notice_ids(report: object) -> set[str]:
    return {n.message_id for n in report.notices}  # type: ignore[attr-defined]


def test_a_flipped_byte_is_set_aside(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    path = a_new_file_from(a, b, "Flip")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x40
    path.write_bytes(bytes(data))
    report = b.sync()
    assert notices.FILE_FORGED in notice_ids(report)
    assert not found(b, "Flip")
    carry(a, b)  # the genuine file arrives again: applied
    assert notices.FILE_FORGED not in notice_ids(b.sync())
    assert found(b, "Flip")


def test_a_truncated_file_is_set_aside(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    path = a_new_file_from(a, b, "Cut")
    path.write_bytes(path.read_bytes()[:40])
    report = b.sync()
    assert notice_ids(report) & {notices.FILE_DAMAGED, notices.FILE_FORGED}
    assert not found(b, "Cut")


def test_a_file_of_another_register_is_set_aside(
    pair: tuple[Laptop, Laptop], tmp_path: Path
) -> None:
    a, b = pair
    path = a_new_file_from(a, b, "Here")
    (tmp_path / "other").mkdir()
    other = first_laptop(tmp_path / "other", "x")
    other.add("Stranger", "Elsewhere")
    other.sync()
    shutil.copy(newest_file(other), path)  # same place, another register's file
    report = b.sync()
    assert notices.FILE_MISPLACED in notice_ids(report) or notices.FILE_FORGED in notice_ids(report)
    assert not found(b, "Stranger") and not found(b, "Here")
    other.close()


def test_a_replayed_older_file_is_set_aside(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    first = a_new_file_from(a, b, "One")
    b.sync()
    older = first.read_bytes()
    second = a_new_file_from(a, b, "Two")
    second.write_bytes(older)  # the older file put back under the newer number
    report = b.sync()
    assert notices.FILE_MISPLACED in notice_ids(report)
    assert not found(b, "Two")
    assert b.workspace.db.scalar("SELECT count(*) FROM person WHERE given_name = 'One'") == 1


def test_a_header_edited_to_look_newer_fails_authentication(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    path = a_new_file_from(a, b, "Edited")
    data = path.read_bytes()
    header = read_header(data)
    forged = FileHeader(header.register, header.laptop, header.number, header.key_id, header.schema)
    fake = seal(forged, {"hlc": "0" * 32, "rows": []}, bytes(32))  # a key the register never had
    path.write_bytes(fake)
    report = b.sync()
    assert notices.FILE_FORGED in notice_ids(report)


def test_a_newer_programs_file_waits_and_says_update(pair: tuple[Laptop, Laptop]) -> None:
    a, b = pair
    path = a_new_file_from(a, b, "Future")
    header = read_header(path.read_bytes())
    key = a.workspace.sharing.s.state.keys()[header.key_id]
    newer = FileHeader(
        header.register, header.laptop, header.number, header.key_id, header.schema + 1
    )
    path.write_bytes(seal(newer, {"hlc": "0" * 32}, key))
    b.add("Mine", "Local")
    report = b.sync()
    assert report.newer_program and notices.NEWER_PROGRAM in notice_ids(report)
    assert not found(b, "Future")
    assert found(b, "Mine") and report.files_written == 1  # B keeps working and publishing
