"""A plainly written phone number, read without the full parser, gives exactly what the
parser gives: the same E.164 number, and nothing for a number the parser refuses."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from coursenplus_desk.domain.validation import _parsed_phone, _phone, _plain_phone

REGIONS = ("BE", "FR", "NL", "LU", "DE", "GB", "CH", "US")

separators = st.sampled_from(["", " ", ".", "/", "-", "  "])
digit_runs = st.lists(st.text("0123456789", min_size=1, max_size=4), min_size=1, max_size=5)
prefixes = st.sampled_from(["0", "00", "+32", "+33", "+31", "+352", "+49", "+44", "+1", "+320", ""])


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    prefix = draw(prefixes)
    runs = draw(digit_runs)
    parts = [prefix, *runs]
    return "".join(part + draw(separators) for part in parts).strip()


@settings(max_examples=3000, deadline=None)
@given(written_numbers(), st.sampled_from(REGIONS))
def test_the_shortcut_agrees_with_the_parser(text: str, region: str) -> None:
    quick = _plain_phone(text, region)
    if quick is not None:
        assert quick == _parsed_phone(text, region)
    assert _phone.__wrapped__(text, region) == _parsed_phone(text, region)


def test_the_usual_belgian_forms_take_the_shortcut() -> None:
    for text in ("0470 12 34 56", "0471 123456", "+32 470/12.34.56", "02 513 45 67"):
        assert _plain_phone(text, "BE") == _parsed_phone(text, "BE") is not None


def test_what_the_shortcut_cannot_read_goes_to_the_parser() -> None:
    assert _plain_phone("(02) 513 45 67", "BE") is None
    assert _phone("(02) 513 45 67", "BE") == "+3225134567"
    assert _plain_phone("0470 12 34", "BE") is None  # too short: the parser refuses it too
    assert _phone("0470 12 34", "BE") is None
