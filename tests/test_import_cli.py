"""The `import` and `export all` commands, run as a person would, against a real vault."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.workspace import open_workspace
from tests.fast_kdf import FAST_KDF
from tests.import_support import PASSPHRASE, TODAY, cli_env, new_workspace

GOOD = "Nom;Prénom;GSM\nDupont;Zoë;0470 12 34 56\nMartin;Tom;0471 22 33 44\n"
WITH_ERRORS = "Nom;Prénom;GSM;E-mail\nDupont;Zoë;0470 12 34 56;\nMartin;Tom;123;tom@\n"


def run(folder: Path, *argv: str) -> tuple[int, str, str]:
    cli = Cli(
        kdf=FAST_KDF,
        env=cli_env(folder),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        interactive=False,
    )
    code = main(list(argv), cli)
    assert isinstance(cli.stdout, io.StringIO) and isinstance(cli.stderr, io.StringIO)
    return code, cli.stdout.getvalue(), cli.stderr.getvalue()


def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    new_workspace(folder).close()
    return folder


def count_people(folder: Path) -> int:
    with open_workspace(folder, PASSPHRASE, FixedClock.on(TODAY)) as workspace:
        return int(workspace.db.scalar("SELECT count(*) FROM person"))


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    folder = vault(tmp_path)
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    code, out, err = run(folder, "import", str(path), "--dry-run")
    assert (code, err) == (0, "")
    assert "row 2: create Zoë Dupont (student)" in out
    assert "row 3: create Tom Martin (student)" in out
    assert "Dry run: nothing was imported." in out
    assert count_people(folder) == 0
    code, out, err = run(folder, "import", str(path))
    assert code == 0 and "2 people created" in out
    assert count_people(folder) == 2
    code, out, err = run(folder, "import", str(path), "--dry-run")
    assert "row 2: person 1 Zoë Dupont unchanged" in out


def test_rows_with_errors_exit_1_unless_skipped(tmp_path: Path) -> None:
    folder = vault(tmp_path)
    path = tmp_path / "people.csv"
    path.write_text(WITH_ERRORS, encoding="utf-8")
    code, out, err = run(folder, "import", str(path))
    assert code == 1
    assert err == "coursenplus-desk: Rows with errors: 1. Nothing was imported.\n"
    assert "row 3: rejected" in out
    assert "column “GSM”: “123” is not a valid phone number." in out
    assert "column “E-mail”: “tom@” is not a valid email address." in out
    assert count_people(folder) == 0
    assert run(folder, "import", str(path), "--dry-run")[0] == 1
    rejected = tmp_path / "rejected.csv"
    code, out, _err = run(
        folder, "import", str(path), "--skip-invalid", "--rejected-out", str(rejected)
    )
    assert code == 0 and "1 person created" in out
    assert count_people(folder) == 1
    rows = list(csv.reader(io.StringIO(rejected.read_text(encoding="utf-8-sig"), newline="")))
    assert rows[0] == ["row", "Nom", "Prénom", "GSM", "E-mail", "errors"]
    assert rows[1][:5] == ["3", "Martin", "Tom", "123", "tom@"]
    assert "GSM" in rows[1][5] and "E-mail" in rows[1][5]


def test_json_plan_and_mapping_file(tmp_path: Path) -> None:
    folder = vault(tmp_path)
    path = tmp_path / "people.csv"
    path.write_text("A;B;C\nDupont;Zoë;parent\n", encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    code, out, err = run(folder, "import", str(path), "--dry-run", "--write-mapping", str(mapping))
    assert (code, out) == (1, "")  # nothing recognised: the names are missing
    assert err.startswith("coursenplus-desk: --mapping: No column holds the given name")
    document = json.loads(mapping.read_text(encoding="utf-8"))
    assert document["columns"] == {"A": None, "B": None, "C": None}
    document["columns"] = {"A": "family_name", "B": "given_name", "C": "roles"}
    mapping.write_text(json.dumps(document), encoding="utf-8")
    code, out, _err = run(folder, "import", str(path), "--mapping", str(mapping), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["delimiter"] == ";" and result["encoding"] == "utf-8"
    assert result["summary"]["create"] == 1
    person = result["rows"][0]["people"][0]
    assert (person["action"], person["name"]) == ("create", "Zoë Dupont")
    assert result["imported"]["created"] == 1


def test_a_bad_mapping_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    folder = vault(tmp_path)
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"columns": {"Nom": "shoe_size"}}', encoding="utf-8")
    code, out, err = run(folder, "import", str(path), "--mapping", str(mapping))
    assert code == 1 and out == ""
    assert err == "coursenplus-desk: --mapping: “shoe_size” is not a known field.\n"
    code, _out, err = run(folder, "import", str(tmp_path / "missing.csv"))
    assert code == 1 and err.count("\n") == 1
    code, _out, err = run(folder, "import", str(path), "--rejected-out", str(tmp_path / "no/x.csv"))
    assert code == 1 and err.startswith("coursenplus-desk: --rejected-out: ")


def test_export_all_and_import_the_archive_elsewhere(tmp_path: Path) -> None:
    folder = vault(tmp_path)
    path = tmp_path / "people.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert run(folder, "import", str(path))[0] == 0
    archive = tmp_path / "all.zip"
    code, out, err = run(folder, "export", "all", "--out", str(archive), "--include-restricted")
    assert (code, err) == (0, "")
    assert f"Exported 2 people and 0 other records to {archive}." in out
    other = tmp_path / "other"
    new_workspace(other).close()
    code, out, err = run(other, "import", str(archive))
    assert (code, err) == (0, "")
    assert "2 people created" in out
    with pytest.raises(SystemExit) as usage:
        run(folder, "export", "all")
    assert usage.value.code == 2
