"""Exchange files, invitations, laptop keys and the clock: the parts below the register."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.sync import codes
from coursenplus_desk.domain.sync.hlc import GENESIS, Hlc, receive, tick
from coursenplus_desk.vault import laptop_keys
from coursenplus_desk.vault.exchange_file import (
    ExchangeFileDamagedError,
    ExchangeFileForgedError,
    ExchangeFileTooNewError,
    FileHeader,
    open_body,
    read_header,
    seal,
)
from coursenplus_desk.vault.invitation_file import (
    InvitationReader,
    InvitationWriter,
    WrongCodeError,
    code_key,
    new_header,
    read_invitation_header,
)
from tests.fast_kdf import FAST_PARAMS

KEY = bytes(range(32))
HEADER = FileHeader(register="a" * 32, laptop="b" * 16, number=3, key_id=1, schema=40)
BODY = {"changes": [["person", "u1", {"given_name": "Zoë"}, {}]]}


def sealed() -> bytes:
    return seal(HEADER, BODY, KEY)


def test_a_file_opens_with_its_key_and_reads_its_header() -> None:
    data = sealed()
    assert read_header(data) == HEADER
    assert open_body(data, KEY) == BODY
    assert "Zoë".encode() not in data and b"given_name" not in data


def test_every_flipped_byte_is_detected() -> None:
    data = sealed()
    for position in range(len(data)):
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        with pytest.raises(
            (ExchangeFileDamagedError, ExchangeFileForgedError, ExchangeFileTooNewError)
        ):
            open_body(bytes(flipped), KEY)


def test_a_truncated_file_is_damaged_not_a_crash() -> None:
    data = sealed()
    for length in (0, 3, 6, 20, len(data) - 1):
        with pytest.raises((ExchangeFileDamagedError, ExchangeFileForgedError)):
            open_body(data[:length], KEY)


def test_another_registers_key_does_not_open_it() -> None:
    with pytest.raises(ExchangeFileForgedError):
        open_body(sealed(), os.urandom(32))


def test_a_newer_format_is_recognised_as_such() -> None:
    newer = FileHeader(register="a" * 32, laptop="b" * 16, number=1, key_id=1, schema=40, format=9)
    with pytest.raises(ExchangeFileTooNewError):
        read_header(seal(newer, BODY, KEY))


def write_invitation(path: Path, code: str, rows: int = 3) -> None:
    header = new_header("inv1", FAST_PARAMS)
    writer = InvitationWriter(path, header, code_key(header, code), {"register": "r"})
    for number in range(rows):
        writer.add(["rows", "person", ["id"], [[number]]])
    writer.finish()


def read_all(path: Path, code: str) -> tuple[dict[str, object], list[object]]:
    header = read_invitation_header(path.read_bytes())
    reader = InvitationReader(path, code_key(header, code))
    return reader.particulars, list(reader.items())


def test_an_invitation_opens_with_its_code_only(tmp_path: Path) -> None:
    code = codes.normalise_code(codes.new_code())
    assert code is not None
    path = tmp_path / "x.cpinvite"
    write_invitation(path, code)
    particulars, items = read_all(path, code)
    assert particulars == {"register": "r"}
    assert items == [["rows", "person", ["id"], [[n]]] for n in range(3)]
    wrong = "0" * 12 if code != "0" * 12 else "1" * 12
    with pytest.raises(WrongCodeError):
        read_all(path, wrong)
    assert not list(tmp_path.glob(".*.tmp"))


def test_an_altered_or_cut_invitation_is_never_read_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "x.cpinvite"
    write_invitation(path, "0" * 12, rows=2000)
    data = path.read_bytes()
    for position in (len(data) // 2, len(data) - 5):
        flipped = bytearray(data)
        flipped[position] ^= 0x01
        path.write_bytes(bytes(flipped))
        with pytest.raises((ExchangeFileForgedError, ExchangeFileDamagedError)):
            read_all(path, "0" * 12)
    path.write_bytes(data[: len(data) - 40])
    with pytest.raises((ExchangeFileForgedError, ExchangeFileDamagedError)):
        read_all(path, "0" * 12)


def test_codes_are_forgiving_of_how_they_are_typed() -> None:
    code = codes.new_code()
    assert len(code) == 14 and code.count("-") == 2
    raw = code.replace("-", "")
    assert codes.normalise_code(code.lower()) == raw
    assert codes.normalise_code(" ".join(raw)) == raw
    assert codes.normalise_code("OIL0-0000-0000") == "0110" + "0" * 8
    assert codes.normalise_code("too short") is None


def test_a_rotated_key_reaches_only_its_recipient() -> None:
    alice, mallory = laptop_keys.new_private_key(), laptop_keys.new_private_key()
    secret = os.urandom(32)
    blob = laptop_keys.wrap_for(laptop_keys.public_key(alice), secret, b"register:2")
    assert laptop_keys.unwrap(alice, blob, b"register:2") == secret
    assert laptop_keys.unwrap(mallory, blob, b"register:2") is None
    assert laptop_keys.unwrap(alice, blob, b"register:3") is None


def test_stamps_sort_as_text_like_they_compare() -> None:
    a = Hlc(1000, 2, "0" * 16)
    b = Hlc(1000, 2, "f" * 16)
    c = Hlc(1001, 0, "0" * 16)
    assert sorted([c, b, a]) == [a, b, c]
    assert sorted([c.encode(), b.encode(), a.encode(), GENESIS]) == [
        GENESIS, a.encode(), b.encode(), c.encode()
    ]  # fmt: skip
    assert Hlc.decode(a.encode()) == a


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10_000)), max_size=50))
def test_the_clock_never_goes_back(events: list[tuple[bool, int]]) -> None:
    laptop = "1" * 16
    last: Hlc | None = None
    for remote_event, wall in events:
        if remote_event:
            remote = Hlc(wall, 3, "2" * 16)
            now = receive(last, remote, 0, laptop)
            assert now > remote
        else:
            now = tick(last, wall, laptop)
        assert last is None or now > last
        last = now
