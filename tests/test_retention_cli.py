"""The retention commands as the acceptance checks run them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path

import pytest

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.services.workspace import open_workspace
from tests.fast_kdf import FAST_KDF
from tests.retention_support import (
    PASSPHRASE,
    MovingClock,
    add_person,
    data_key,
    files_containing,
    new_workspace,
    plaintext_of_vault,
)

NAME, FAMILY, EMAIL, PHONE = "Zoë", "Wałęsa", "zoe.walesa@example.org", "+32470123456"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """Zoë (last contact 2021-11-22) and Tom (a recent payer), in a vault of 2026-11-22."""
    folder = tmp_path / "vault"
    clock = MovingClock(date(2021, 11, 22))
    with new_workspace(folder, clock) as workspace:
        add_person(workspace, NAME, FAMILY, email=EMAIL, phone=PHONE)
        clock.move_to(date(2025, 6, 1))
        tom = add_person(workspace, "Tom", "Janssens", "member")
        workspace.records.add_payment(tom, "30", "2025-06-01")
    return folder


def run(vault: Path, *argv: str, today: str = "2026-11-22") -> Run:
    env = {
        "COURSENPLUS_PASSPHRASE": PASSPHRASE,
        "COURSENPLUS_VAULT": str(vault),
        "COURSENPLUS_LANG": "en",
        "COURSENPLUS_TODAY": today,
    }
    cli = Cli(kdf=FAST_KDF, env=env, stdout=StringIO(), stderr=StringIO(), interactive=False)
    code = main(list(argv), cli)
    assert isinstance(cli.stdout, StringIO) and isinstance(cli.stderr, StringIO)
    return Run(code, cli.stdout.getvalue(), cli.stderr.getvalue())


def report(vault: Path, *more: str) -> list[dict[str, object]]:
    result = run(vault, "retention", "report", "--json", *more)
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert isinstance(rows, list)
    return rows


def test_report_json_lists_overdue_from_the_exact_day(vault: Path) -> None:
    assert report(vault, "--as-of", "2026-11-22") == [
        {"person_id": 1, "category": "identification", "due_on": "2026-11-22", "status": "overdue"}
    ]
    assert report(vault, "--as-of", "2026-11-21") == [
        {"person_id": 1, "category": "identification", "due_on": "2026-11-22", "status": "due_soon"}
    ]
    assert report(vault, "--as-of", "2026-11-21", "--window-days", "0") == []
    text = run(vault, "retention", "report")
    assert text.code == 0
    assert (
        "Zoë Wałęsa" in text.out
        and "past its retention period: identity and course data" in text.out
    )


def test_apply_erase_leaves_no_value_in_the_vault_files_and_audits_without_them(
    vault: Path,
) -> None:
    refused = run(
        vault, "retention", "apply", "--as-of", "2026-11-22", "--action", "erase", "--person", "1"
    )
    assert refused.code == 1
    assert "--yes" in refused.err and refused.err.count("\n") == 1

    done = run(
        vault,
        *("retention", "apply", "--as-of", "2026-11-22", "--action", "erase"),
        *("--person", "1", "--yes"),
    )
    assert done.code == 0, done.err
    assert done.out.startswith("1\tperson erased (identity and course data)")
    assert report(vault, "--as-of", "2026-11-22") == []

    with open_workspace(vault, PASSPHRASE, MovingClock(date(2026, 11, 22))) as workspace:
        [event] = [e for e in workspace.audit.store.events(1) if e.action == "retention.erase"]
        audit = workspace.db.query("SELECT * FROM audit_event")
        key = data_key(workspace)
    assert event.details["erased"] == {"person": 1, "person_role": 1, "student_profile": 1}
    dumped = repr([tuple(row) for row in audit])
    files = plaintext_of_vault(vault, key)
    for value in (NAME, FAMILY, EMAIL, PHONE, PHONE[3:]):
        assert value not in dumped
        assert files_containing(files, value) == [], value
    assert files_containing(files, "Janssens") == ["records.db (decrypted)"]  # Tom is still there


def test_apply_refuses_someone_not_overdue_and_the_future(vault: Path) -> None:
    base = ("retention", "apply", "--action", "erase", "--yes")
    not_due = run(vault, *base, "--as-of", "2026-11-22", "--person", "2")
    assert (not_due.code, not_due.err.strip()) == (
        1,
        "coursenplus-desk: Nothing of person 2 is overdue on 2026-11-22.",
    )
    future = run(vault, *base, "--as-of", "2030-01-01", "--all-overdue")
    assert future.code == 1 and "after today" in future.err
    with pytest.raises(SystemExit) as usage:  # neither --person nor --all-overdue
        run(vault, *base, "--as-of", "2026-11-22")
    assert usage.value.code == 2


def test_all_overdue_and_holds(vault: Path) -> None:
    assert run(vault, "hold", "add", "1", "--reason", "Litige en cours").code == 0
    assert [r["status"] for r in report(vault)] == ["held"]
    assert "Litige en cours" in run(vault, "hold", "list").out
    base = ("retention", "apply", "--as-of", "2026-11-22", "--action", "anonymise")
    nothing = run(vault, *base, "--all-overdue", "--yes")
    assert (nothing.code, nothing.out.strip()) == (0, "0 people handled.")
    assert run(vault, "hold", "lift", "1").code == 0
    assert run(vault, "hold", "lift", "1").code == 1
    done = run(vault, *base, "--all-overdue", "--yes")
    assert done.code == 0 and done.out.splitlines()[-1] == "1 person handled."
    assert run(vault, "person", "find", "walesa").out == ""


def test_policies_list_and_set(vault: Path) -> None:
    listed = json.loads(run(vault, "policy", "list", "--json").out)
    assert listed == [
        {"category": "identification", "years": 5},
        {"category": "prospect", "years": 2},
        {"category": "financial", "years": 10},
        {"category": "consent", "years": 5},
        {"category": "request", "years": 5},
    ]
    assert run(vault, "policy", "set", "identification", "--years", "6").code == 0
    assert report(vault, "--as-of", "2026-11-22", "--window-days", "0") == []
    too_short = run(vault, "policy", "set", "financial", "--years", "5")
    assert too_short.code == 1 and "7 years" in too_short.err
    with pytest.raises(SystemExit) as usage:
        run(vault, "policy", "set", "photos", "--years", "5")
    assert usage.value.code == 2
    assert "identification\t6 years after the last contact" in run(vault, "policy", "list").out
    assert run(vault, "retention", "policy", "list").code == 0


def test_messages_and_dates_are_french_by_default(vault: Path) -> None:
    env_lang = run(vault, "--lang", "fr", "retention", "report", "--as-of", "2026-11-22")
    assert env_lang.code == 0
    assert "durée de conservation dépassée : identité et données de cours" in env_lang.out
    assert "échéance le 22/11/2026 (depuis le 22/11/2021)" in env_lang.out
    refused = run(
        vault,
        *("--lang", "fr", "retention", "apply", "--as-of", "2026-11-22"),
        *("--action", "erase", "--person", "2", "--yes"),
    )
    assert "Rien n’est échu pour la personne 2 au 22/11/2026." in refused.err
