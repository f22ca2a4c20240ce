"""The portability archive (Art. 20): JSON and CSV that parse, hold every value, documented."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from coursenplus_desk.domain.errors import ValidationError
from coursenplus_desk.domain.subject_data import FIELDS
from coursenplus_desk.services.workspace import Workspace
from tests.requests_fixtures import build_family, english_messages, workspace

__all__ = ["english_messages", "workspace"]

EXPECTED = {
    "identity": {
        "given_name": "Zoë", "family_name": "Dąbrowski-Çağla", "birth_date": "2012-05-14",
        "email": "zoe.eleve@example.be", "phone": "+32471987654",
        "street": "Avenue des Tilleuls 7", "postal_code": "1332", "city": "Genval",
        "country": "Belgique", "language": "fr", "notes": "Allergique aux arachides",
        "roles": "student", "status": "active", "last_contact_on": "2026-11-22",
    },
    "family": {"link": "guardian", "full_name": "Łukasz Dąbrowski-Çağla", "relationship": "mère"},
    "school": {"school": "Athénée Royal de Rixensart", "school_year": "6e primaire"},
    "courses": {
        "participation": "student", "course": "Mathématiques", "level": "6P", "kind": "group",
        "group": "Maths du mercredi", "tutor": "Đorđe Vandermeulen", "schedule": "mercredi 14:00",
        "place": "Salle Bruegel", "starts_on": "2026-09-02", "ends_on": "2027-06-30",
        "status": "active",
    },
    "contacts": {"occurred_on": "2026-10-05", "channel": "phone",
                 "summary": "Question sur l'horaire"},
    "payments": {"paid_on": "2026-09-10", "amount": "125.50", "reference": "COTIS-2026-017",
                 "purpose": "Cours de maths 1er trimestre", "method": "virement"},
    "memberships": {"starts_on": "2026-09-01", "ends_on": "2027-08-31", "fee": "25.00",
                    "paid_on": "2026-09-10", "method": "espèces", "status": "confirmed"},
    "consents": {"purpose": "Photos sur le site web", "given_on": "2026-09-02", "method": "form",
                 "evidence": "Formulaire papier n° 42", "given_by": "Łukasz Dąbrowski-Çağla",
                 "notice_version": "v3"},
    "requests": {"kind": "rectification", "received_on": "2026-03-03", "channel": "letter",
                 "requester": "Łukasz Dąbrowski-Çağla", "status": "answered",
                 "changes": "school_year: 5e primaire → 6e primaire"},
}  # fmt: skip


def portability_archive(ws: Workspace) -> tuple[zipfile.ZipFile, int]:
    family = build_family(ws)
    request = ws.requests.add(family.student, "portability", "2026-11-10", "email", family.guardian)
    ws.requests.verify_identity(request, "carte d'identité")
    document = ws.requests.reply(request, language="en")
    assert document.file_name.endswith(".zip")
    return zipfile.ZipFile(io.BytesIO(document.data)), family.student


def test_the_json_document_holds_every_stored_value(workspace: Workspace) -> None:
    archive, student = portability_archive(workspace)
    document = json.loads(archive.read("data.json").decode("utf-8"))

    assert document["person_id"] == student
    categories = document["categories"]
    assert set(categories) == set(FIELDS)
    for key, values in EXPECTED.items():
        first = categories[key][0]
        assert {field: first[field] for field in values} == values, key
        assert list(first) == [field for field, _label in FIELDS[key]]
    assert categories["identity"][0]["person_id"] == student
    assert len(categories["history"]) > 0


def test_each_category_is_a_csv_file_with_a_header_that_holds_the_same_values(
    workspace: Workspace,
) -> None:
    archive, _student = portability_archive(workspace)

    for key, values in EXPECTED.items():
        rows = list(csv.DictReader(io.StringIO(archive.read(f"{key}.csv").decode("utf-8"))))
        assert rows, key
        first = rows[0]
        assert list(first) == [field for field, _label in FIELDS[key]]
        for field, value in values.items():
            # A phone number starting with "+" is made text for spreadsheets.
            assert first[field] in (value, "'" + value), (key, field)


def test_the_readme_documents_every_field(workspace: Workspace) -> None:
    archive, _student = portability_archive(workspace)
    readme = archive.read("README.txt").decode("utf-8")

    assert "Zoë Dąbrowski-Çağla" in readme
    for key, fields in FIELDS.items():
        assert f"{key}.csv" in readme
        for field, label in fields:
            assert f"  {field}: {label}" in readme


def test_a_zip_cannot_be_protected_by_a_pdf_password(workspace: Workspace) -> None:
    family = build_family(workspace)
    request = workspace.requests.add(family.student, "portability", "2026-11-10")
    workspace.requests.verify_identity(request, "e-mail")
    with pytest.raises(ValidationError):
        workspace.requests.reply(request, password="x")
