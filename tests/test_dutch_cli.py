"""`--lang nl` on the command line: help, errors and the documents it writes are Dutch."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from coursenplus_desk.cli import main
from coursenplus_desk.cli.context import Cli
from coursenplus_desk.cli.parsing import requested_language
from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import create_workspace
from tests.dutch_support import GBA
from tests.fast_kdf import FAST_KDF
from tests.language_support import flat, foreign_leftovers
from tests.requests_fixtures import PASSPHRASE, TODAY, Family, build_family


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[tuple[Path, Family]]:
    folder = tmp_path / "vault"
    with create_workspace(folder, PASSPHRASE, FixedClock.on(TODAY), FAST_KDF) as ws:
        ws.settings.set_organisation_value("name", "vzw Cours en Plus")
        ws.settings.set_organisation_value("privacy_contact", "privacy@coursenplus.be")
        family = build_family(ws)  # a French-speaking family
    yield folder, family


def run(folder: Path, *argv: str) -> tuple[int, str, str]:
    """The CLI of a French-speaking administrator, who asks for Dutch with --lang."""
    cli = Cli(
        kdf=FAST_KDF,
        env={
            "COURSENPLUS_PASSPHRASE": PASSPHRASE,
            "COURSENPLUS_VAULT": str(folder),
            "COURSENPLUS_LANG": "fr",
            "COURSENPLUS_TODAY": TODAY.isoformat(),
        },
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        interactive=False,
    )
    code = main(list(argv), cli)
    return code, cli.stdout.getvalue(), cli.stderr.getvalue()  # type: ignore[attr-defined]


def test_help_is_dutch(vault: tuple[Path, Family], capsys: pytest.CaptureFixture[str]) -> None:
    folder, _family = vault
    for argv in (("--lang", "nl", "--help"), ("request", "--help", "--lang=nl")):
        with pytest.raises(SystemExit) as exit_:
            run(folder, *argv)
        assert exit_.value.code == 0
        shown = capsys.readouterr().out
        assert foreign_leftovers(shown.splitlines(), "nl") == []
    assert "verzoeken van personen over hun gegevens (AVG)" in flat(shown)
    assert "het antwoord opmaken (PDF, of ZIP voor overdraagbaarheid)" in flat(shown)


def test_errors_are_one_dutch_line(vault: tuple[Path, Family]) -> None:
    folder, _family = vault
    assert run(folder, "request", "show", "999", "--lang", "nl") == (
        1, "", "coursenplus-desk: Er is geen verzoek met nummer 999.\n"
    )  # fmt: skip
    code, out, err = run(
        folder, "--lang", "nl", "request", "add", "--person", "1", "--kind", "access",
        "--received", "22/11/2026",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == "coursenplus-desk: --received: “22/11/2026” is geen geldige datum (JJJJ-MM-DD).\n"


def test_request_reply_in_dutch_names_the_gba(vault: tuple[Path, Family], tmp_path: Path) -> None:
    folder, family = vault
    _code, out, _ = run(
        folder, "request", "add", "--person", str(family.student), "--kind", "access",
        "--received", "2026-11-10", "--requester", str(family.guardian),
    )  # fmt: skip
    request = out.strip()
    code, out, err = run(
        folder, "request", "verify-identity", request, "--method", "eID", "--on", "2026-11-12",
        "--lang", "nl",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        f"Verzoek {request}: identiteit gecontroleerd op 12/11/2026 (eID). "
        "Volgende stap: het antwoord opmaken (request reply).\n"
    )
    reply = tmp_path / "antwoord.pdf"
    written = f"Verzoek {request}: het antwoord op het verzoek om inzage geschreven naar {reply}.\n"
    assert run(folder, "request", "reply", request, "--out", str(reply), "--lang", "nl") == (
        0, written, ""
    )  # fmt: skip
    text = flat(text_of(reply.read_bytes()))
    assert foreign_leftovers([text], "nl") == []
    assert "Antwoord op een verzoek om inzage in persoonsgegevens" in text
    assert "Beste Łukasz Dąbrowski-Çağla," in text
    assert "toezichthoudende autoriteit: " + GBA in text


def test_the_language_asked_is_found_before_the_parser_is_built() -> None:
    assert requested_language(["--lang", "nl", "--help"]) == "nl"
    assert requested_language(["request", "--lang=en"]) == "en"
    assert requested_language(["--lang", "de"]) is None
    assert requested_language(["person", "add", "--", "--lang", "nl"]) is None
