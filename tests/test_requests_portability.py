"""The portability archive (Art. 20): JSON and CSV that parse, hold every value, documented."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.subject_data import FIELDS, PORTABLE
from coursenplus_desk.services.workspace import Workspace
from tests.requests_fixtures import build_family, english_messages, workspace

__all__ = ["english_messages", "workspace"]

# What the person (or their parent) provided, processed on consent or for a contract.
EXPECTED: dict[str, dict[str, object]] = {
    "identity": {
        "given_name": "Zoë", "family_name": "Dąbrowski-Çağla", "birth_date": "2012-05-14",
        "email": "zoe.eleve@example.be", "phone": "+32471987654",
        "street": "Avenue des Tilleuls 7", "postal_code": "1332", "city": "Genval",
        "country": "Belgique", "language": "fr",
    },
    "family": {"link": "guardian", "full_name": "Łukasz Dąbrowski-Çağla", "relationship": "mère",
               "primary_contact": True},
    "school": {"school": "Athénée Royal de Rixensart", "school_year": "6e primaire"},
    "courses": {
        "participation": "student", "course": "Mathématiques", "level": "6P", "kind": "group",
        "group": "Maths du mercredi", "starts_on": "2026-09-02", "ends_on": "2027-06-30",
        "status": "active",
    },
    "memberships": {"starts_on": "2026-09-01", "ends_on": "2027-08-31", "fee": "25.00",
                    "paid_on": "2026-09-10", "method": "espèces", "status": "confirmed"},
}  # fmt: skip
# Written by the association, kept by law, or request files: in the access reply instead.
NOT_PORTABLE = ("contacts", "payments", "consents", "requests", "history")
NOT_PORTABLE_VALUES = ("Allergique aux arachides", "Question sur l'horaire", "COTIS-2026-017",
                       "Formulaire papier n° 42", "5e primaire", "person.create")  # fmt: skip


def portability_archive(ws: Workspace) -> tuple[zipfile.ZipFile, int]:
    family = build_family(ws)
    request = ws.requests.add(family.student, "portability", "2026-11-10", "email", family.guardian)
    ws.requests.verify_identity(request, "carte d'identité")
    document = ws.requests.reply(request, language="en")
    assert document.file_name.endswith(".zip")
    return zipfile.ZipFile(io.BytesIO(document.data)), family.student


def test_the_json_document_holds_what_the_person_provided(workspace: Workspace) -> None:
    archive, _student = portability_archive(workspace)
    text = archive.read("data.json").decode("utf-8")
    document = json.loads(text)

    categories = document["categories"]
    assert set(categories) == set(PORTABLE)
    for key, values in EXPECTED.items():
        first = categories[key][0]
        assert first == values, key
        assert list(first) == list(PORTABLE[key])
    for key in NOT_PORTABLE:
        assert key not in categories
    for value in NOT_PORTABLE_VALUES:
        assert value not in text
    # JSON holds the values as they are: no apostrophe made for spreadsheets.
    assert "'+32" not in text and '"+32471987654"' in text


def test_each_category_is_a_csv_file_with_a_header_that_holds_the_same_values(
    workspace: Workspace,
) -> None:
    archive, _student = portability_archive(workspace)

    for key, values in EXPECTED.items():
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{key}.csv").decode("utf-8"))))
        assert rows, key
        first = rows[0]
        assert list(first) == list(PORTABLE[key])
        for field, value in values.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            # In CSV only, a phone number starting with "+" is made text for spreadsheets.
            assert first[field] in (text, "'" + text), (key, field)
    names = set(archive.namelist())
    for key in NOT_PORTABLE:
        assert f"{key}.csv" not in names


def test_the_readme_documents_every_field(workspace: Workspace) -> None:
    archive, _student = portability_archive(workspace)
    readme = archive.read("README.txt").decode("utf-8")

    assert "Zoë Dąbrowski-Çağla" in readme
    for key, fields in FIELDS.items():
        if key not in PORTABLE:
            assert f"{key}.csv" not in readme
            continue
        assert f"{key}.csv" in readme
        for field, label in fields:
            if field in PORTABLE[key]:
                assert f"  {field}: {label}" in readme


def test_a_zip_cannot_be_protected_by_a_pdf_password(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(family.student, "portability", "2026-11-10")
    workspace.requests.verify_identity(request, "e-mail")
    with pytest.raises(ValidationError):
        workspace.requests.reply(request, password="x")
