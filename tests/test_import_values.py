"""Pure rules of the import: dates as people write them, roles, header guessing, safe cells."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.import_mapping import (
    find_header_row,
    guess_field,
    guess_mapping,
    mapping_from_json,
)
from coursenplus_desk.domain.import_values import parse_roles, parse_written_date, parse_yes_no
from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.spreadsheet import CellValue, cell_text, safe_cell, unguard_cell


@pytest.mark.parametrize(
    "written",
    [
        "22/11/2026",
        "22-11-2026",
        "22.11.2026",
        "2026-11-22",
        "2026/11/22",
        " 22 / 11 / 2026 ",
        "2026-11-22 00:00:00",
        46348,
        46348.0,
        "46348",
        datetime(2026, 11, 22, 0, 0),
        date(2026, 11, 22),
    ],
)
def test_dates_in_every_usual_form(written: object) -> None:
    assert parse_written_date(written, "birth_date") == date(2026, 11, 22)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad", ["31/02/2026", "22/13/2026", "demain", "2026-11", "12", 46348.5, 10, "1/2/26"]
)
def test_bad_dates_are_refused_with_the_field(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_written_date(bad, "birth_date")  # type: ignore[arg-type]
    assert caught.value.field == "birth_date"
    assert str(bad) in caught.value.message()


def test_two_digit_years_are_refused_with_a_hint() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_written_date("22/11/26", "birth_date")
    assert "four digits" in caught.value.message_id


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_date_cells_are_none(empty: str | None) -> None:
    assert parse_written_date(empty, "birth_date") is None


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    forms: list[CellValue] = [
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}-{day.month}-{day.year:04d}",
        f"{day.year:04d}-{day.month:02d}-{day.day:02d}",
        serial,
        datetime(day.year, day.month, day.day),
    ]
    for form in forms:
        assert parse_written_date(form, "d") == day


def test_roles_in_three_languages() -> None:
    assert parse_roles("Élève") == (Role.STUDENT,)
    assert parse_roles("Parent; membre") == (Role.GUARDIAN, Role.MEMBER)
    assert parse_roles("leerling, ouder") == (Role.STUDENT, Role.GUARDIAN)
    assert parse_roles("student, guardian") == (Role.STUDENT, Role.GUARDIAN)
    assert parse_roles("Tuteurs") == (Role.TUTOR,)
    assert parse_roles("") == ()
    with pytest.raises(ValidationError, match="astronaut"):
        parse_roles("astronaut")


def test_yes_no() -> None:
    assert parse_yes_no("Oui", "f") is True
    assert parse_yes_no("nee", "f") is False
    assert parse_yes_no(None, "f") is None
    with pytest.raises(ValidationError):
        parse_yes_no("peut-être", "f")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Nom", "family_name"),
        ("Prénom", "given_name"),
        ("Naam", "family_name"),
        ("Voornaam", "given_name"),
        ("E-mail", "email"),
        ("Adresse e-mail", "email"),
        ("GSM", "phone"),
        ("Téléphone", "phone"),
        ("Date de naissance", "birth_date"),
        ("Geboortedatum", "birth_date"),
        ("Date of birth", "birth_date"),
        ("École", "school"),
        ("Année", "school_year"),
        ("Code postal", "postal_code"),
        ("Localité", "city"),
        ("Famille", "family"),
        ("Nom de famille", "family_name"),
        ("Rôle", "roles"),
        ("Nom du parent 1", "guardian1.family_name"),
        ("Prénom parent 2", "guardian2.given_name"),
        ("E-mail parent", "guardian1.email"),
        ("GSM mère", "guardian2.phone"),
        ("Lien de parenté parent 1", "guardian1.relationship"),
        ("given_name", "given_name"),
        ("id", "ref"),
        ("Nom et prénom", None),
        ("Couleur préférée", None),
        ("Lien", None),
    ],
)
def test_header_guesses(header: str, field: str | None) -> None:
    assert guess_field(header) == field


def test_a_parent_field_guessed_twice_moves_to_the_second_parent() -> None:
    mapping = guess_mapping(["Nom", "Nom parent", "GSM parent", "Nom parent", "GSM parent"])
    assert mapping.fields == (
        "family_name",
        "guardian1.family_name",
        "guardian1.phone",
        "guardian2.family_name",
        "guardian2.phone",
    )


def test_a_saved_mapping_wins_and_unknown_fields_are_refused() -> None:
    headers = ("Nom", "Prénom", "Divers")
    mapping = mapping_from_json(headers, {"columns": {"Divers": "notes", "Nom": None}})
    assert mapping.fields == (None, "given_name", "notes")
    assert mapping_from_json(headers, mapping.to_json()) == mapping
    with pytest.raises(ValidationError, match="colour"):
        mapping_from_json(headers, {"columns": {"Divers": "colour"}})
    with pytest.raises(ValidationError):
        mapping_from_json(headers, {"default_role": "king"})


def test_the_header_row_is_found_below_a_title() -> None:
    rows: list[list[object]] = [
        ["Liste des élèves 2026-2027", None, None],
        [None, None, None],
        ["Nom", "Prénom", "GSM"],
        ["Dupont", "Zoë", "0470123456"],
    ]
    assert find_header_row(rows) == 2  # type: ignore[arg-type]
    assert find_header_row([["a", "b"], ["c", "d"]]) == 0


@pytest.mark.parametrize("text", ["=1+1", "+32470123456", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_made_inert(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_plain_cells_are_left_alone() -> None:
    assert safe_cell("Zoë") == "Zoë"
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"


@given(st.text())
def test_safe_cells_come_back_exactly(text: str) -> None:
    guarded = safe_cell(text)
    assert not guarded.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert unguard_cell(guarded) == text


def test_cell_text() -> None:
    assert cell_text(470123456.0) == "470123456"
    assert cell_text("  x ") == "x"
    assert cell_text("   ") is None
    assert cell_text(datetime(2026, 11, 22)) == "2026-11-22"
    assert cell_text(True) == "1"
