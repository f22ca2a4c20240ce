"""The acceptance flow with the command line: two vaults, one folder carried by `cp -r`."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CliRunner, cli_environment


def copy_folder(source: Path, target: Path) -> None:
    """`cp -r source/. target/`: files copied over, nothing deleted."""
    shutil.copytree(source, target, dirs_exist_ok=True)


def records(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as opened:
        document = json.loads(opened.read("export.json"))
    return document["tables"]  # type: ignore[no-any-return]


def test_two_laptops_by_copying_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder_a, folder_b = tmp_path / "exchange-a", tmp_path / "exchange-b"
    folder_a.mkdir()
    a = CliRunner(cli_environment(tmp_path / "vault-a"))
    b = CliRunner(cli_environment(tmp_path / "vault-b"))
    a.ok("init")
    parent = a.ok("person", "add", "--given-name", "Marc", "--family-name", "Lambert",
                  "--role", "guardian", "--email", "marc@example.org")  # fmt: skip
    child = a.ok("person", "add", "--given-name", "Léa", "--family-name", "Lambert",
                 "--role", "student", "--guardian", parent)  # fmt: skip
    third = a.ok("person", "add", "--given-name", "Tom", "--family-name", "Effacé",
                 "--role", "student")  # fmt: skip
    a.ok("share", "init", "--folder", str(folder_a), "--name", "secretary")
    invited = a.ok("share", "invite", "--out", str(tmp_path / "b.cpinvite"), "--name", "treasurer")
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", invited)
    assert code is not None, invited
    shutil.copytree(folder_a, folder_b)
    b.ok("share", "join", str(tmp_path / "b.cpinvite"), "--code", code.group(0).lower(),
         "--folder", str(folder_b))  # fmt: skip
    copy_folder(folder_b, folder_a)

    a.ok("person", "edit", parent, "--phone", "+32470112233")
    b.ok("person", "edit", parent, "--city", "Namur")
    a.ok("person", "edit", child, "--school", "Athénée royal")
    b.ok("person", "edit", child, "--school", "Collège Saint-Louis")
    request = a.ok("request", "add", "--person", third, "--kind", "erasure",
                   "--received", "2026-11-20")  # fmt: skip
    a.ok("request", "verify-identity", request, "--method", "identity card")
    a.ok("request", "execute", request)
    b.ok("person", "edit", third, "--notes", "rappeler la maman")

    for _ in range(2):
        a.ok("share", "sync")
        copy_folder(folder_a, folder_b)
        b.ok("share", "sync")
        copy_folder(folder_b, folder_a)

    a.ok("export", "all", "--out", str(tmp_path / "a.zip"))
    b.ok("export", "all", "--out", str(tmp_path / "b.zip"))
    exported_a, exported_b = records(tmp_path / "a.zip"), records(tmp_path / "b.zip")
    assert exported_a == exported_b
    people = {p["given_name"]: p for p in exported_a["people"]}
    assert set(people) == {"Marc", "Léa"}
    assert people["Marc"]["phone"] == "+32470112233" and people["Marc"]["city"] == "Namur"
    for runner in (a, b):
        assert runner.ok("person", "find", "Effacé") == ""
        review = json.loads(runner.ok("share", "review", "--json"))
        conflicts = [r for r in review if r["kind"] == "conflict"]
        assert len(conflicts) == 1 and conflicts[0]["field"] == "school"
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix in {".cpx", ".cpinvite", ".db", ".json", ".db-wal"}:
            assert "Effacé".encode() not in path.read_bytes(), path


def test_status_review_audit_and_remove_from_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exchange"
    folder.mkdir()
    a = CliRunner(cli_environment(tmp_path / "vault-a"))
    b = CliRunner(cli_environment(tmp_path / "vault-b"))
    a.ok("init")
    person = a.ok("person", "add", "--given-name", "Anna", "--family-name", "Statut",
                  "--role", "student")  # fmt: skip
    assert "share invite" in a.ok("share", "init", "--folder", str(folder), "--name", "a")
    invited = a.ok("share", "invite", "--out", str(tmp_path / "b.cpinvite"), "--name", "b")
    code = re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", invited)
    assert code is not None
    b.ok("share", "join", str(tmp_path / "b.cpinvite"), "--code", code.group(0), "--folder",
         str(folder))  # fmt: skip
    a.ok("person", "edit", person, "--city", "Namur")
    b.ok("person", "edit", person, "--city", "Gent")
    pending = json.loads(a.ok("share", "status", "--json"))
    assert pending["pending_changes"] == 1 and len(pending["laptops"]) == 2
    for _ in range(2):
        a.ok("share", "sync")
        b.ok("share", "sync")
    status = json.loads(a.ok("share", "status", "--json"))
    assert status["pending_changes"] == 0 and status["to_review"] == 1
    assert {laptop["name"] for laptop in status["laptops"]} == {"a", "b"}
    assert "1 item to review" in a.ok("share", "status")
    verified = a.ok("audit", "verify")
    assert "audit trail of laptop b is intact" in verified
    review = json.loads(a.ok("share", "review", "--json"))
    assert a.ok("share", "review", "--done", str(review[0]["id"]), "--take-other")
    assert "Nothing to review." in a.ok("share", "review")
    assert "was removed" in a.ok("share", "remove", "b")
    again = a("share", "remove", "b")
    assert again.code == 1 and "already removed" in again.err and "Traceback" not in again.err
    wrong = b("share", "join", str(tmp_path / "b.cpinvite"), "--code", "0000-0000-0000",
              "--folder", str(folder), COURSENPLUS_VAULT=str(tmp_path / "vault-c"))  # fmt: skip
    assert wrong.code != 0 and len(wrong.err.strip().splitlines()) == 1
    assert not (tmp_path / "vault-c").exists()
