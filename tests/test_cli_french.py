"""The command line in French: argparse's own words, request kinds and statuses, what was done."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.services.workspace import create_workspace
from tests.conftest import CliRunner
from tests.fast_kdf import FAST_KDF
from tests.requests_fixtures import PASSPHRASE, TODAY, Family, build_family


@pytest.fixture
def family(vault_dir: Path) -> Family:
    with create_workspace(vault_dir, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF) as ws:
        return build_family(ws)


def printed(capsys: pytest.CaptureFixture[str], cli: CliRunner, *argv: str, lang: str) -> str:
    """What argparse writes itself (help on stdout, usage errors on stderr)."""
    cli(*argv, COURSENPLUS_LANG=lang)
    captured = capsys.readouterr()
    return captured.out + captured.err


def french(cli: CliRunner, *argv: str) -> tuple[int, str, str]:
    result = cli(*argv, COURSENPLUS_LANG="fr")
    return result.code, result.out, result.err


def test_help_in_french_uses_french_argparse_words(
    cli: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    out = printed(capsys, cli, "--help", lang="fr")
    assert out.startswith("utilisation : coursenplus-desk")
    assert "afficher cette aide et quitter" in out
    assert "usage:" not in out and "show this help message" not in out
    sub = printed(capsys, cli, "request", "reply", "--help", lang="fr")
    assert "utilisation :" in sub and "arguments" in sub and "options" in sub


def test_lang_before_the_command_translates_the_top_level_help(
    cli: CliRunner, capsys: pytest.CaptureFixture[str]
) -> None:
    out = printed(capsys, cli, "--lang", "en", "--help", lang="fr")
    assert out.startswith("usage: coursenplus-desk")
    assert "show this help message and exit" in out
    assert "the association's encrypted records" in out
    back = printed(capsys, cli, "--help", "--lang", "fr", lang="en")
    assert back.startswith("utilisation :")


def test_usage_errors_in_french(cli: CliRunner, capsys: pytest.CaptureFixture[str]) -> None:
    err = printed(capsys, cli, "request", "add", "--kind", "nothing", lang="fr")
    assert "choix non valable" in err and "invalid choice" not in err
    err = printed(capsys, cli, "request", "verify-identity", lang="fr")
    assert "ces arguments sont obligatoires" in err


def test_request_list_names_kinds_and_statuses_in_french(
    cli: CliRunner, family: Family, tmp_path: Path
) -> None:
    code, out, err = french(
        cli, "request", "add", "--person", str(family.student), "--kind", "access",
        "--received", "2026-11-20", "--requester", str(family.guardian),
    )  # fmt: skip
    assert code == 0, err
    request = out.strip()
    _code, listed, _err = french(cli, "request", "list")
    line = next(row for row in listed.splitlines() if row.startswith(f"{request}\t"))
    assert "accès aux données" in line and "reçue" in line
    assert "access" not in line and "received" not in line
    _code, data, _err = french(cli, "request", "list", "--json")
    assert '"kind": "access"' in data  # scripts keep the stable values

    code, out, err = french(
        cli, "request", "verify-identity", request, "--method", "carte d'identité",
        "--on", "2026-11-21",
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == (
        f"Demande {request} : identité vérifiée le 21/11/2026 (carte d'identité). "
        "Étape suivante : produire la réponse (request reply)."
    )
    target = tmp_path / "reponse.pdf"
    code, out, err = french(cli, "request", "reply", request, "--out", str(target))
    assert code == 0, err
    assert out.strip() == f"Demande {request} : la réponse d'accès enregistrée dans {target}."
    assert target.read_bytes().startswith(b"%PDF")
    code, out, err = french(cli, "request", "close", request)
    assert (code, out.strip()) == (0, f"Demande {request} : clôturée.")
