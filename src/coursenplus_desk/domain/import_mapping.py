"""Which column holds which field: guessed from French, Dutch and English headers.

A field name is `given_name` for the person of the row and `guardian1.email`,
`guardian2.phone`... for a parent given on the same row. The guess can be
corrected and saved as a mapping `{header: field or null}`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.people import Role
from coursenplus_desk.domain.spreadsheet import CellValue, cell_text
from coursenplus_desk.domain.text import fold
from coursenplus_desk.i18n import N_

PERSON_FIELDS = (
    "given_name", "family_name", "email", "phone", "birth_date", "street", "postal_code",
    "city", "country", "language", "school", "school_year", "notes",
)  # fmt: skip
ROW_FIELDS = ("ref", "family", "roles", "status")
# Dates of the row's person's past interactions: each becomes a dated contact, which is
# what the retention clock runs from (not the day of the import).
DATE_FIELDS = ("last_contact", "registered_on")
GUARDIAN_FIELDS = ("given_name", "family_name", "email", "phone", "relationship")
GUARDIAN_SLOTS = ("guardian1", "guardian2")
ALL_FIELDS = (
    *ROW_FIELDS,
    *DATE_FIELDS,
    *PERSON_FIELDS,
    *(f"{slot}.{name}" for slot in GUARDIAN_SLOTS for name in GUARDIAN_FIELDS),
)

# Folded phrases of headers, per field. The longest phrase found in a header wins.
_PHRASES: dict[str, str] = {
    "given_name": "prenom|voornaam|roepnaam|first name|firstname|given name|forename",
    "family_name": (
        "nom|nom de famille|naam|achternaam|familienaam|last name|lastname|surname|family name"
    ),
    "email": (
        "email|e mail|mail|courriel|adresse email|adresse e mail|emailadres|e mailadres|mailadres"
    ),
    "phone": (
        "gsm|telephone|tel|phone|mobile|portable|telefoon|telefoonnummer|gsm nummer"
        "|numero de telephone|phone number|mobile phone|cell|cellphone|gsm nr|tel nr|telefoonnr"
        "|mobiel|mobiel nummer|gsmnummer"
    ),
    "birth_date": (
        "date de naissance|naissance|ne le|nee le|geboortedatum|geboren|geboren op"
        "|birth date|date of birth|birthdate|dob|birthday"
    ),
    "street": (
        "adresse|rue|adresse postale|straat|adres|street|address|straat en nummer"
        "|straat en huisnummer|straatnaam|postadres"
    ),
    "postal_code": "code postal|cp|postcode|postnummer|zip|zip code|postal code",
    "city": "localite|ville|commune|gemeente|woonplaats|plaats|stad|city|town",
    "country": "pays|land|country",
    "language": "langue|taal|language|langue parlee|thuistaal|moedertaal|contacttaal",
    "school": "ecole|etablissement|etablissement scolaire|school",
    "school_year": (
        "annee|classe|niveau|annee scolaire|leerjaar|klas|jaar|schooljaar|studiejaar|year|grade"
        "|school year"
    ),
    "notes": (
        "remarque|remarques|note|notes|commentaire|commentaires|opmerking|opmerkingen"
        "|comment|comments"
    ),
    "roles": "role|roles|type|categorie|rol|functie|hoedanigheid|category",
    "family": (
        "famille|family|gezin|familie|household|menage|code famille|family id|gezinscode"
        "|gezinsnummer"
    ),
    "ref": "id|ref|reference|numero|nr|number|identifiant|nummer|referentie|volgnummer",
    "status": "status|statuut",
    "last_contact": (
        "dernier contact|date du dernier contact|date dernier contact|last contact"
        "|date of last contact|last contacted|laatste contact|datum laatste contact"
    ),
    "registered_on": (
        "date d inscription|inscrit le|inscrite le|date inscription|registration date"
        "|date of registration|registered on|enrolled on|inschrijvingsdatum|ingeschreven op"
        "|datum inschrijving"
    ),
    "relationship": "lien|relation|relationship|relatie|verwantschap|lien de parente|qualite",
}
_PHRASE_FIELDS: list[tuple[tuple[str, ...], str]] = [
    (tuple(phrase.split()), field)
    for field, phrases in _PHRASES.items()
    for phrase in phrases.split("|")
]
# Words that put a column on a parent of the row's person, and which parent.
_GUARDIAN_WORDS = {
    "parent": 0, "parents": 0, "responsable": 0, "ouder": 0, "guardian": 0, "voogd": 0,
    "pere": 1, "papa": 1, "vader": 1, "father": 1,
    "mere": 2, "maman": 2, "moeder": 2, "mama": 2, "mother": 2,
}  # fmt: skip
_NON_WORD = re.compile(r"[^0-9a-z]+")


def header_words(header: str) -> list[str]:
    return _NON_WORD.sub(" ", fold(header)).split()


def guess_field(header: str) -> str | None:
    """The field a header most likely names, or None when unsure."""
    if header.strip() in ALL_FIELDS:
        return header.strip()
    words = header_words(header)
    slot = _guardian_slot(words)
    rest = [w for w in words if w not in _GUARDIAN_WORDS and not w.isdigit()]
    field = _best_phrase(rest)
    if slot is None:
        return field if field != "relationship" else None
    if field not in GUARDIAN_FIELDS:
        return None
    return f"guardian{slot or 1}.{field}"


def _guardian_slot(words: list[str]) -> int | None:
    found = [_GUARDIAN_WORDS[w] for w in words if w in _GUARDIAN_WORDS]
    if not found:
        return None
    numbers = [int(w) for w in words if w in ("1", "2")]
    return numbers[0] if numbers else max(found)


def _best_phrase(words: list[str]) -> str | None:
    best: tuple[int, set[str]] = (0, set())
    for phrase, field in _PHRASE_FIELDS:
        if _contains(words, phrase):
            if len(phrase) > best[0]:
                best = (len(phrase), {field})
            elif len(phrase) == best[0]:
                best[1].add(field)
    fields = best[1]
    return next(iter(fields)) if len(fields) == 1 else None


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class ColumnMapping:
    """The field of each column (None: ignored) and the role of people without a role column."""

    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    default_role: Role = Role.STUDENT

    def columns_of(self, field: str) -> list[int]:
        return self.field_columns.get(field, [])

    @cached_property
    def field_columns(self) -> dict[str, list[int]]:
        """The columns of each mapped field, in order."""
        columns: dict[str, list[int]] = {}
        for index, name in enumerate(self.fields):
            if name is not None:
                columns.setdefault(name, []).append(index)
        return columns

    def slot_fields(self, slot: str) -> frozenset[str]:
        """The mapped fields of one person on a row: "" the row's own, else a guardian's."""
        return self._slot_fields.get(slot, frozenset())

    @cached_property
    def _slot_fields(self) -> dict[str, frozenset[str]]:
        mapped = [name for name in self.fields if name]
        slots = {"": frozenset(name for name in mapped if "." not in name)}
        for name in mapped:
            slot = name.partition(".")[0]
            if "." in name:
                slots[slot] = frozenset(n for n in mapped if n.startswith(f"{slot}."))
        return slots

    def check(self) -> None:
        """A mapping must at least say where the names are."""
        if not (self.columns_of("given_name") and self.columns_of("family_name")):
            raise ValidationError(
                "mapping",
                N_("No column holds the given name and the family name: say which ones do."),
            )

    def to_json(self) -> dict[str, object]:
        return {
            "columns": dict(zip(self.headers, self.fields, strict=True)),
            "default_role": self.default_role.value,
        }


def guess_mapping(headers: Sequence[str], default_role: Role = Role.STUDENT) -> ColumnMapping:
    """Guess every column; a field guessed twice for a parent moves to the second parent."""
    fields: list[str | None] = []
    for header in headers:
        field = guess_field(header)
        if field and field.startswith("guardian1.") and field in fields:
            second = field.replace("guardian1.", "guardian2.")
            field = second if second not in fields else field
        fields.append(field)
    return ColumnMapping(tuple(headers), tuple(fields), default_role)


def mapping_from_json(headers: Sequence[str], saved: Mapping[str, object]) -> ColumnMapping:
    """Apply a saved mapping; headers it does not name are guessed."""
    columns = saved.get("columns", {})
    if not isinstance(columns, dict):
        raise ValidationError("mapping", N_("This column mapping is not valid."))
    for field in columns.values():
        if field is not None and field not in ALL_FIELDS:
            raise ValidationError("mapping", N_("“{value}” is not a known field."), value=field)
    role_text = saved.get("default_role", Role.STUDENT.value)
    try:
        role = Role(str(role_text))
    except ValueError:
        raise ValidationError(
            "mapping", N_("“{value}” is not an allowed value."), value=role_text
        ) from None
    guessed = guess_mapping(headers, role)
    fields = tuple(
        columns.get(header, guess) for header, guess in zip(headers, guessed.fields, strict=True)
    )
    return ColumnMapping(tuple(headers), fields, role)


def find_header_row(rows: Sequence[Sequence[CellValue]], look_at: int = 10) -> int:
    """Index of the header row: the first of the top rows naming the most known fields."""
    best_index, best_score = -1, 1
    first_filled = -1
    for index, row in enumerate(rows[:look_at]):
        texts = [cell_text(cell) or "" for cell in row]
        if first_filled < 0 and any(texts):
            first_filled = index
        score = len({guess_field(text) for text in texts if text} - {None})
        if score > best_score:
            best_index, best_score = index, score
    return best_index if best_index >= 0 else max(first_filled, 0)
