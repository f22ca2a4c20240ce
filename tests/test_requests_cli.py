"""The `request` commands, exactly as the acceptance checks call them."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.reports.base import sha256, text_of
from coursenplus_desk.services.workspace import create_workspace, open_workspace
from tests.controller import name_the_association
from tests.fast_kdf import FAST_KDF
from tests.requests_fixtures import PASSPHRASE, TODAY, Family, build_family, english_messages

__all__ = ["english_messages"]


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[tuple[Path, Family]]:
    folder = tmp_path / "vault"
    with create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF) as ws:
        name_the_association(ws)
        family = build_family(ws)
    yield folder, family


def run(folder: Path, *argv: str) -> tuple[int, str, str]:
    cli = Cli(
        kdf=FAST_KDF,
        env={
            "COURSENPLUS_PASSPHRASE": PASSPHRASE,
            "COURSENPLUS_VAULT": str(folder),
            "COURSENPLUS_LANG": "en",
            "COURSENPLUS_TODAY": TODAY.isoformat(),
        },
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        interactive=False,
    )
    code = main(list(argv), cli)
    return code, cli.stdout.getvalue(), cli.stderr.getvalue()  # type: ignore[attr-defined]


def test_add_verify_extend_list_reply_and_close(vault: tuple[Path, Family], tmp_path: Path) -> None:
    folder, family = vault
    code, out, err = run(
        folder, "request", "add", "--person", str(family.student), "--kind", "access",
        "--received", "2026-10-31", "--channel", "letter", "--requester", str(family.guardian),
    )  # fmt: skip
    assert (code, err) == (0, "")
    request = int(out.strip())
    assert out == f"{request}\n"

    assert run(folder, "request", "verify-identity", str(request), "--method", "eID")[0] == 0
    code, listed, _ = run(folder, "request", "list", "--json", "--as-of", "2026-12-01")
    record = next(r for r in json.loads(listed) if r["id"] == request)
    assert record == record | {
        "person_id": family.student, "kind": "access", "received_on": "2026-10-31",
        "due_on": "2026-11-30", "status": "in_progress", "overdue": True,
    }  # fmt: skip
    assert run(folder, "request", "extend", str(request), "--months", "1", "--reason", "volume")[
        1
    ] == ("2026-12-31\n")
    _, listed, _ = run(folder, "request", "list", "--json", "--as-of", "2026-12-01")
    record = next(r for r in json.loads(listed) if r["id"] == request)
    assert (record["due_on"], record["overdue"]) == ("2026-12-31", False)

    out_file = tmp_path / "reply.pdf"
    code, _, err = run(
        folder, "request", "reply", str(request), "--out", str(out_file), "--lang", "en",
        "--password", "pw-Łukasz",
    )  # fmt: skip
    assert (code, err) == (0, "")
    pdf = out_file.read_bytes()
    assert "Athénée Royal de Rixensart" in text_of(pdf, "pw-Łukasz")
    assert run(folder, "request", "close", str(request))[0] == 0
    _, shown, _ = run(folder, "request", "show", str(request), "--json")
    file = json.loads(shown)
    assert file["status"] == "answered"
    assert file["documents"][0]["sha256"] == sha256(pdf)
    assert file["documents"][0]["file_name"] == "reply.pdf"


def test_portability_reply_is_a_zip(vault: tuple[Path, Family], tmp_path: Path) -> None:
    folder, family = vault
    request = run(
        folder, "request", "add", "--person", str(family.guardian), "--kind", "portability",
        "--received", "2026-11-20",
    )[1].strip()  # fmt: skip
    run(folder, "request", "verify-identity", request, "--method", "e-mail", "--on", "2026-11-21")
    out_file = tmp_path / "data.zip"
    assert run(folder, "request", "reply", request, "--out", str(out_file))[0] == 0
    archive = zipfile.ZipFile(out_file)
    data = json.loads(archive.read("data.json"))
    assert data["categories"]["identity"][0]["email"] == "lukasz.parent@example.org"


def test_a_request_from_someone_who_is_not_the_guardian_is_refused_in_one_line(
    vault: tuple[Path, Family],
) -> None:
    folder, family = vault
    code, out, err = run(
        folder, "request", "add", "--person", str(family.student), "--kind", "erasure",
        "--received", "2026-11-20", "--requester", str(family.other_adult),
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert "is not a recorded parent or guardian" in err


def test_refuse_writes_the_letter_and_execute_restricts(
    vault: tuple[Path, Family], tmp_path: Path
) -> None:
    folder, family = vault
    refused = run(
        folder, "request", "add", "--person", str(family.guardian), "--kind", "erasure",
        "--received", "2026-11-20",
    )[1].strip()  # fmt: skip
    letter = tmp_path / "refusal.pdf"
    code, _, err = run(
        folder, "request", "refuse", refused, "--reason", "Tenth request this week.",
        "--out", str(letter), "--lang", "en",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Tenth request this week." in text_of(letter.read_bytes())

    restriction = run(
        folder, "request", "add", "--person", str(family.guardian), "--kind", "restriction",
        "--received", "2026-11-20",
    )[1].strip()  # fmt: skip
    assert run(folder, "request", "execute", restriction)[0] == 1  # identity first
    run(folder, "request", "verify-identity", restriction, "--method", "in person")
    code, out, _ = run(folder, "request", "execute", restriction)
    assert code == 0
    assert f"Request {restriction}: carried out on 22/11/2026. Next: produce the reply" in out
    assert run(folder, "request", "close", restriction)[0] == 0
    with open_workspace(folder, PASSPHRASE, FixedClock.on(TODAY)) as ws:
        assert ws.people.get(family.guardian).person.status.value == "restricted"


def test_rectify_from_the_command_line(vault: tuple[Path, Family]) -> None:
    folder, family = vault
    request = run(
        folder, "request", "add", "--person", str(family.guardian), "--kind", "rectification",
        "--received", "2026-11-20",
    )[1].strip()  # fmt: skip
    run(folder, "request", "verify-identity", request, "--method", "in person")
    code, out, err = run(folder, "request", "rectify", request, "--set", "city=Wavre")
    assert (code, out, err) == (0, "city\n", "")
    code, _, err = run(folder, "request", "rectify", request, "--set", "city")
    assert code == 1 and "FIELD=VALUE" in err
