"""Field rules shared by every way data comes in."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.validation import (
    normalise_email,
    normalise_phone,
    parse_amount_cents,
    parse_iso_date,
    require_name,
)
from coursenplus_desk.i18n import set_language


@pytest.mark.parametrize(
    "written",
    ["0470 12 34 56", "0470/12.34.56", "+32 470 12 34 56", "0032470123456", "+32470123456"],
)
def test_belgian_mobile_numbers_in_every_usual_form(written: str) -> None:
    assert normalise_phone(written) == "+32470123456"


def test_landlines_and_foreign_numbers() -> None:
    assert normalise_phone("02 511 22 33") == "+3225112233"
    assert normalise_phone("+33 1 42 68 53 00") == "+33142685300"


@pytest.mark.parametrize("bad", ["12", "0470", "hello", "+32 999 99 99 99"])
def test_bad_phone_numbers(bad: str) -> None:
    with pytest.raises(ValidationError) as raised:
        normalise_phone(bad)
    assert raised.value.field == "phone"


def test_emails_are_checked_without_network() -> None:
    assert normalise_email(" Marie.Dupont@Example.BE ") == "Marie.Dupont@example.be"
    for bad in ["marie", "marie@", "@example.be", "marie@@example.be"]:
        with pytest.raises(ValidationError):
            normalise_email(bad)
    assert normalise_email("  ") is None


def test_dates_and_amounts() -> None:
    assert parse_iso_date("2024-02-29", "d") == date(2024, 2, 29)
    for bad in ["2023-02-29", "29/02/2024", "2024-2-9", "tomorrow"]:
        with pytest.raises(ValidationError):
            parse_iso_date(bad, "d")
    assert parse_amount_cents("12,50") == 1250
    assert parse_amount_cents("150 €") == 15000
    for bad in ["-3", "1,2,3", "abc"]:
        with pytest.raises(ValidationError):
            parse_amount_cents(bad)


def test_names() -> None:
    assert require_name("  Zoë  ", "given_name") == "Zoë"
    for bad in ["", "   ", "a\nb", "x" * 101, "bell\x07"]:
        with pytest.raises(ValidationError):
            require_name(bad, "given_name")


@given(st.text(max_size=60))
def test_any_text_gives_a_value_or_a_clear_error(text: str) -> None:
    for check in (normalise_email, normalise_phone):
        try:
            check(text)
        except ValidationError as error:
            assert error.message()


def test_messages_follow_the_language() -> None:
    error = ValidationError("email", "“{value}” is not a valid email address.", value="x@")
    set_language("fr")
    assert error.message() == "« x@ » n'est pas une adresse e-mail valide."
    set_language("en")
    assert error.message() == "“x@” is not a valid email address."
