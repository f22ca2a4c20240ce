"""The register commands as the acceptance checks run them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coursenplus_desk.domain.clock import FixedClock
from coursenplus_desk.reports.base import text_of
from coursenplus_desk.services.workspace import open_workspace
from tests.test_register_consistency import PASSPHRASE, new_workspace, run
from tests.test_register_documents import flat, html_text


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    new_workspace(folder).close()
    return folder


def test_breach_add_prints_the_id_and_list_shows_the_deadline(vault: Path) -> None:
    first = run(vault, "breach", "add", "--discovered", "2026-11-20", "--nature", "Lost USB key")
    assert first.code == 0 and first.err == ""
    assert first.out.strip().isdigit()
    second = run(vault, "breach", "add", "--discovered", "2026-11-21", "--nature",
                 "Email to the wrong parent", "--notified-on", "2026-11-22",
                 "--people", "one family", "--people-told-on", "2026-11-22")  # fmt: skip
    assert second.code == 0 and int(second.out) == int(first.out) + 1

    listed = run(vault, "breach", "list", "--json")
    assert listed.code == 0
    records = {r["id"]: r for r in json.loads(listed.out)}
    lost, email = records[int(first.out)], records[int(second.out)]
    assert lost["nature"] == "Lost USB key" and lost["open"] is True
    assert lost["deadline"].startswith("2026-11-23")
    assert email["notified_on"] == "2026-11-22" and email["open"] is False
    assert email["people_concerned"] == "one family"
    assert email["people_told_on"] == "2026-11-22"

    text = run(vault, "breach", "list")
    assert "Lost USB key" in text.out and "Notify the authority within" in text.out
    assert "Authority notified on 22/11/2026." in text.out

    explained = run(vault, "breach", "update", first.out.strip(), "--not-notified-reason",
                    "The key was encrypted")  # fmt: skip
    assert explained.code == 0
    assert "Notify the authority" not in run(vault, "breach", "list").out


def test_breach_errors_are_one_line_with_exit_codes(vault: Path) -> None:
    bad_date = run(vault, "breach", "add", "--discovered", "someday", "--nature", "x")
    assert bad_date.code == 1 and bad_date.err.count("\n") == 1
    assert "--discovered" in bad_date.err and "Traceback" not in bad_date.err
    with pytest.raises(SystemExit) as missing:  # usage errors: argparse exits with 2
        run(vault, "breach", "add", "--discovered", "2026-11-20")
    assert missing.value.code == 2
    unknown = run(vault, "breach", "update", "42", "--measures", "none")
    assert unknown.code == 1 and "42" in unknown.err


def test_register_pdf_and_notice_in_both_languages(vault: Path, tmp_path: Path) -> None:
    assert run(vault, "settings", "set", "name", "asbl Cours en Plus").code == 0
    register = tmp_path / "register.pdf"
    assert run(vault, "register", "pdf", "--out", str(register), "--lang", "fr").code == 0
    assert "Registre des activités de traitement" in flat(text_of(register.read_bytes()))
    english = tmp_path / "register-en.pdf"
    assert run(vault, "--lang", "en", "register", "pdf", "--out", str(english)).code == 0
    assert "Register of processing activities" in flat(text_of(english.read_bytes()))

    page = tmp_path / "notice.html"
    assert run(vault, "notice", "--out", str(page), "--lang", "fr").code == 0
    assert page.read_bytes().startswith(b"<!DOCTYPE html>")
    assert "Politique de confidentialité" in html_text(page.read_bytes())
    pdf = tmp_path / "notice.pdf"
    assert run(vault, "notice", "--out", str(pdf)).code == 0
    assert "Privacy policy" in flat(text_of(pdf.read_bytes()))

    wrong = run(vault, "notice", "--out", str(tmp_path / "notice.docx"))
    assert wrong.code == 1 and ".html" in wrong.err
    nowhere = run(vault, "notice", "--out", str(tmp_path / "missing" / "notice.pdf"))
    assert nowhere.code == 1 and "cannot be written" in nowhere.err

    with open_workspace(vault, PASSPHRASE, FixedClock.on(date(2026, 11, 22))) as workspace:
        kinds = [
            str(e.details["kind"])
            for e in workspace.audit.store.events()
            if e.action == "register.document"
        ]
    assert sorted(kinds) == ["notice.html", "notice.pdf", "register", "register"]


def test_settings_set_and_show(vault: Path) -> None:
    assert run(vault, "settings", "set", "privacy_contact", "privacy@coursenplus.be").code == 0
    assert run(vault, "settings", "set", "country", "FR").code == 0
    shown = json.loads(run(vault, "settings", "show", "--json").out)
    assert shown["privacy_contact"] == "privacy@coursenplus.be"
    assert shown["authority_name"].endswith("(CNIL)")
    assert "privacy_contact\tprivacy@coursenplus.be" in run(vault, "settings", "show").out
    bad = run(vault, "settings", "set", "colour", "blue")
    assert bad.code == 1 and "colour" in bad.err
    bad_date = run(vault, "settings", "set", "notice_date", "1st of May")
    assert bad_date.code == 1 and "--notice-date" in bad_date.err
    assert run(vault, "settings", "set", "notice_date", "2026-05-01").code == 0
    page = run(vault, "settings", "show", "--json")
    assert json.loads(page.out)["notice_date"] == "2026-05-01"


def test_activities_can_be_listed_shown_edited_added_and_removed(vault: Path) -> None:
    listed = json.loads(run(vault, "activity", "list", "--json").out)
    assert [a["retention"] for a in listed] == [
        "identification", "prospect", "financial", "identification", "consent", "request",
        "identification", "identification", "health",
    ]  # fmt: skip
    assert all(a["transfers"] == "" for a in listed)
    assert run(vault, "activity", "set", "3", "recipients", "Fiduciaire Dupont").code == 0
    assert json.loads(run(vault, "activity", "show", "3", "--json").out)["recipients"] == (
        "Fiduciaire Dupont"
    )
    shown = run(vault, "activity", "show", "3").out
    assert "10 years after the end of the accounting year of the payment" in shown
    bad = run(vault, "activity", "set", "3", "legal_basis", "whim")
    assert bad.code == 1 and "legal basis" in bad.err

    added = run(vault, "activity", "add", "--name", "Photos on the website", "--purpose",
                "Showing our courses", "--legal-basis", "consent", "--people", "Students",
                "--data", "Photos", "--security", "Published only with consent",
                "--retention", "consent")  # fmt: skip
    assert added.code == 0
    new_id = added.out.strip()
    assert json.loads(run(vault, "activity", "show", new_id, "--json").out)["legal_basis"] == (
        "consent"
    )
    assert run(vault, "activity", "remove", new_id).code == 0
    assert run(vault, "activity", "show", new_id).code == 1
