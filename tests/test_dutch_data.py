"""Dutch in the data: spreadsheets with Dutch headers and dates, languages written out, and
Flemish families in the demo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.import_mapping import guess_field
from coursenplus_desk.domain.import_values import parse_written_date
from coursenplus_desk.domain.people import PersonDraft
from coursenplus_desk.i18n import document_language, format_day, language_code
from coursenplus_desk.services.demo import fill_demo
from tests.import_support import new_workspace

DUTCH_HEADERS = {
    "Nr": "ref", "Voornaam": "given_name", "Familienaam": "family_name",
    "Geboortedatum": "birth_date", "E-mailadres": "email", "GSM-nummer": "phone",
    "Straat en nummer": "street", "Postnummer": "postal_code", "Gemeente": "city",
    "Taal": "language", "School": "school", "Klas": "school_year", "Opmerkingen": "notes",
    "Rol": "roles", "Gezin": "family", "Voornaam ouder 1": "guardian1.given_name",
    "Naam ouder 1": "guardian1.family_name", "GSM moeder": "guardian2.phone",
    "Verwantschap ouder 1": "guardian1.relationship",
}  # fmt: skip


def test_dutch_headers_are_recognised() -> None:
    assert {header: guess_field(header) for header in DUTCH_HEADERS} == DUTCH_HEADERS


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("3 maart 2019", date(2019, 3, 3)),
        ("03-03-2019", date(2019, 3, 3)),
        ("3/3/2019", date(2019, 3, 3)),
        ("12 okt. 2020", date(2020, 10, 12)),
        ("1 februari 2000", date(2000, 2, 1)),
        ("31 December 1999", date(1999, 12, 31)),
        ("3 mars 2019", date(2019, 3, 3)),
        ("1er août 2021", date(2021, 8, 1)),
        ("3 March 2019", date(2019, 3, 3)),
    ],
)
def test_dates_written_in_words_or_day_first(written: str, day: date) -> None:
    assert parse_written_date(written, "birth_date") == day


@pytest.mark.parametrize("written", ["30 februari 2020", "3 maa 2019", "3 maart 19", "maart 2019"])
def test_impossible_or_incomplete_dates_are_refused(written: str) -> None:
    with pytest.raises(ValidationError):
        parse_written_date(written, "birth_date")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_written_out_in_dutch_or_french_reads_back(day: date) -> None:
    for language in ("nl", "fr", "en"):
        assert parse_written_date(format_day(day, language, long=True), "birth_date") == day


def test_a_dutch_spreadsheet_imports_with_its_dates_and_languages(tmp_path: Path) -> None:
    rows = [
        "Voornaam;Familienaam;Geboortedatum;Taal;Rol;Postnummer;Gemeente",
        "Fien;Vercammen;3 maart 2013;Nederlands;leerling;1700;Dilbeek",
        "Pieter;Vercammen;03-04-1981;NL;ouder of voogd;1700;Dilbeek",
        "Anne;Dupont;1er avril 1980;néerlandais;lesgever;1000;Brussel",
        "Sam;Smith;5 May 1990;Engels;lid;1000;Brussel",
    ]
    path = tmp_path / "leden.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with new_workspace(tmp_path / "vault") as workspace:
        source = workspace.importer.open(path)
        workspace.importer.commit(source, workspace.importer.plan(source))
        found = workspace.db.query(
            "SELECT given_name, birth_date, language, postal_code FROM person ORDER BY id"
        )
    assert [tuple(row) for row in found] == [
        ("Fien", "2013-03-03", "nl", "1700"),
        ("Pieter", "1981-04-03", "nl", "1700"),
        ("Anne", "1980-04-01", "nl", "1000"),
        ("Sam", "1990-05-05", "en", "1000"),
    ]


LANGUAGES_TYPED = [
    ("Nederlands", "nl"), ("néerlandais", "nl"), ("nl_BE", "nl"), ("Vlaams", "nl"),
    ("Français", "fr"), ("frans", "fr"), ("fr-BE", "fr"), ("English", "en"), ("engels", "en"),
    ("Deutsch", None), ("", None),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "code"), LANGUAGES_TYPED)
def test_a_language_written_out_is_recognised(typed: str, code: str | None) -> None:
    assert language_code(typed) == code


def test_a_document_is_in_its_reader_s_language_first() -> None:
    assert document_language("en", "nl") == "en"  # asked for
    assert document_language(None, None, "Nederlands", "fr") == "nl"  # the first reader known
    assert document_language(None, "Deutsch") in ("fr", "nl", "en")  # the interface's


def test_a_person_s_language_is_kept_as_its_code(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        known = workspace.people.add(
            PersonDraft(given_name="Jef", family_name="Maes", roles=("member",), language="Vlaams")
        )
        other = workspace.people.add(
            PersonDraft(given_name="Uwe", family_name="Klein", roles=("member",), language="Duits")
        )
        assert workspace.people.get(known).person.language == "nl"
        assert workspace.people.get(other).person.language == "Duits"


def test_the_demo_has_flemish_families(tmp_path: Path) -> None:
    with new_workspace(tmp_path / "vault") as workspace:
        fill_demo(workspace, 120)
        languages = dict(
            tuple(row)
            for row in workspace.db.query("SELECT language, count(*) FROM person GROUP BY language")
        )
        flemish = workspace.db.query(
            "SELECT p.city, g.relationship FROM person p JOIN guardianship g"
            " ON g.guardian_id = p.id WHERE p.language = 'nl'"
        )
    assert set(languages) == {"fr", "nl"}
    assert languages["nl"] >= 20 and languages["fr"] > languages["nl"]
    assert {relationship for _city, relationship in flemish} <= {"moeder", "vader"}
    assert {"Gent", "Antwerpen", "Leuven"} & {city for city, _ in flemish}
