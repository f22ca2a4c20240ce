"""Field validation shared by every way data comes in (GUI, CLI, import).

Each function returns the normalised value or raises `ValidationError` naming
the field. `Checker` gathers every bad field of one input so a form can show
each message beside its field, and nothing is written unless all are good.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.remembered import remembered
from coursenplus_desk.i18n import N_

T = TypeVar("T")

DEFAULT_PHONE_REGION = "BE"
MAX_NAME_LENGTH = 100
MAX_TEXT_LENGTH = 4000


# The control characters (Unicode category Cc, a fixed set) but for line feed and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str | None, field: str, *, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    """Strip spaces; empty becomes None; refuse control characters and over-long text."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        return None
    if _CONTROL.search(text):
        raise ValidationError(field, N_("This field contains invisible control characters."))
    if len(text) > max_length:
        raise ValidationError(
            field, N_("This field is too long (at most {limit} characters)."), limit=max_length
        )
    return text


def require_name(value: str | None, field: str) -> str:
    text = clean_text(value, field, max_length=MAX_NAME_LENGTH)
    if text is None:
        raise ValidationError(field, N_("This name is required."))
    if "\n" in text or "\t" in text:
        raise ValidationError(field, N_("A name must fit on one line."))
    return text


def normalise_email(value: str | None, field: str = "email") -> str | None:
    text = clean_text(value, field, max_length=254)
    if text is None:
        return None
    normalised = _email(text)
    if normalised is None:
        raise ValidationError(field, N_("“{value}” is not a valid email address."), value=text)
    return normalised


# Parsing an address or a number is slow and an import meets the same ones on many
# rows (a family's address, a parent's number): each distinct text is checked once.
# Their libraries load on first use: they cost a start-up that validates nothing.
@remembered
def _email(text: str) -> str | None:
    """The normalised address, or None when it is not valid."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return str(validate_email(text, check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


@remembered
def _phone(text: str, region: str) -> str | None:
    """The number in E.164 form, or None when it is not valid."""
    return _plain_phone(text, region) or _parsed_phone(text, region)


def _parsed_phone(text: str, region: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


# Digits and the usual separators only: the national form ('0470 12 34 56') or the
# international one of the region's own country code ('+32 470/12.34.56').
_PLAIN_DIGITS = re.compile(r"[1-9][0-9]*")
_SEPARATORS = str.maketrans("", "", " ./-")


def _plain_phone(text: str, region: str) -> str | None:
    """`_phone` of a plainly written valid number without the full parser (most of an
    import's numbers; parsing is its slowest check); None for anything else, which the
    parser then reads. Only where the national prefix is a plain '0': a valid number
    after it is the one the parser keeps."""
    import phonenumbers
    from phonenumbers.phonemetadata import PhoneMetadata

    metadata = PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.country_code is None or metadata.national_prefix != "0":
        return None
    if metadata.national_prefix_for_parsing not in (None, "0"):
        return None
    if metadata.national_prefix_transform_rule is not None:
        return None
    written = text.translate(_SEPARATORS)
    international = f"+{metadata.country_code}"
    for prefix in ("0", international):
        digits = written[len(prefix) :]
        if written.startswith(prefix) and _PLAIN_DIGITS.fullmatch(digits):
            number = phonenumbers.PhoneNumber(
                country_code=metadata.country_code, national_number=int(digits)
            )
            if phonenumbers.is_valid_number_for_region(number, region):
                return f"{international}{digits}"
    return None


def phone_region(country: str | None) -> str:
    """The region numbers without a country code belong to: the association's country."""
    import phonenumbers

    code = (country or "").strip().upper()
    return code if code in phonenumbers.SUPPORTED_REGIONS else DEFAULT_PHONE_REGION


def display_phone(value: str | None, region: str = DEFAULT_PHONE_REGION) -> str:
    """A stored E.164 number as people of `region` write it: '+32476554433' is
    '0476 55 44 33' for a Belgian association, '+32 476 55 44 33' for a French one."""
    if not value:
        return ""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value
    national = phonenumbers.region_code_for_number(number) == region.upper()
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, style))


def normalise_phone(
    value: str | None, field: str = "phone", region: str = DEFAULT_PHONE_REGION
) -> str | None:
    """Any usual written form ('0470 12 34 56', '+32 470/12.34.56') to E.164."""
    text = clean_text(value, field, max_length=40)
    if text is None:
        return None
    normalised = _phone(text, region)
    if normalised is None:
        raise ValidationError(field, N_("“{value}” is not a valid phone number."), value=text)
    return normalised


def parse_iso_date(value: str | date | None, field: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_date(text, field)
    except ValueError:
        return _bad_date(text, field)


def _bad_date(text: str, field: str) -> date:
    raise ValidationError(field, N_("“{value}” is not a valid date (YYYY-MM-DD)."), value=text)


def require_date(value: str | date | None, field: str) -> date:
    parsed = parse_iso_date(value, field)
    if parsed is None:
        raise ValidationError(field, N_("A date is required."))
    return parsed


def check_birth_date(value: date | None, today: date, field: str = "birth_date") -> date | None:
    if value is None:
        return None
    if value > today:
        raise ValidationError(field, N_("A birth date cannot be in the future."))
    if value.year < today.year - 130:
        raise ValidationError(field, N_("This birth date is too far in the past."))
    return value


MAX_AMOUNT = Decimal(10) ** 10  # ten billion euros


def parse_amount_cents(value: str | int | None, field: str = "amount") -> int:
    """'12,50' or '12.50' euros to 1250 cents; refuse negative and malformed amounts."""
    if isinstance(value, int):
        cents = value
    else:
        text = (value or "").strip().replace(",", ".").replace("€", "").strip()
        try:
            amount = Decimal(text)
            if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
                raise ValueError(text)  # inf, NaN, 1e309: not an amount anyone pays
            cents = int((amount * 100).to_integral_exact())
        except (InvalidOperation, ValueError):
            raise ValidationError(
                field, N_("“{value}” is not a valid amount."), value=value or ""
            ) from None
    if cents < 0:
        raise ValidationError(field, N_("An amount cannot be negative."))
    return cents


def choice(value: str | None, field: str, allowed: Callable[[str], T]) -> T:
    """Turn text into one of an enum's values, with a message listing what is allowed."""
    try:
        return allowed((value or "").strip().lower())
    except ValueError:
        raise ValidationError(
            field, N_("“{value}” is not an allowed value."), value=value
        ) from None


class Checker:
    """Run field checks, keep every error, and raise them together at the end."""

    def __init__(self) -> None:
        self._errors: list[ValidationError] = []

    def check(self, function: Callable[[], T]) -> T | None:
        try:
            return function()
        except ValidationError as error:
            self._errors.append(error)
            return None

    def add(self, error: ValidationError) -> None:
        self._errors.append(error)

    def raise_if_any(self) -> None:
        if self._errors:
            first = self._errors[0]
            first.errors = tuple(self._errors)
            raise first
